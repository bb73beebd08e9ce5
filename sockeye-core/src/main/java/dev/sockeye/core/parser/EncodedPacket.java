package dev.sockeye.core.parser;

import java.util.List;
import java.util.Objects;
import java.util.function.Function;

/**
 * A packet ready for the engine: the Engine.IO messages to send, in order, each {@link Text} or {@link Binary}.
 * The JSON parser gives one text message, followed by the attachments for a binary packet; {@link MsgpackParser}
 * gives one binary message. Immutable: a broadcast encodes once and sends the same object to everyone.
 *
 * @param messages the messages
 */
public record EncodedPacket(List<Message> messages) {

    public EncodedPacket {
        messages = List.copyOf(messages);
    }

    /** A packet that is a single text message. */
    public static EncodedPacket ofText(String text) {
        return new EncodedPacket(List.of(new Text(text)));
    }

    /** A packet that is a single binary message (the array is not copied). */
    public static EncodedPacket ofBinary(byte[] data) {
        return new EncodedPacket(List.of(new Binary(data)));
    }

    /**
     * The packet's one binary message, for formats that send one per packet.
     *
     * @return the bytes (not a copy)
     * @throws IllegalStateException if the packet is not exactly one binary message
     */
    public byte[] binary() {
        if (messages.size() != 1 || !(messages.get(0) instanceof Binary binary)) {
            throw new IllegalStateException("not a single binary message");
        }
        return binary.bytes();
    }

    /** One Engine.IO message of a packet: text or binary. */
    public sealed interface Message permits Text, Binary {
        /**
         * The result of the function that fits this message.
         *
         * @param ifText   applied to a text message's text
         * @param ifBinary applied to a binary message's bytes
         * @param <R>      the result type
         * @return what the function returned
         */
        <R> R map(Function<String, R> ifText, Function<byte[], R> ifBinary);
    }

    /**
     * A text message.
     *
     * @param text the text
     */
    public record Text(String text) implements Message {
        public Text {
            Objects.requireNonNull(text, "text");
        }

        @Override
        public <R> R map(Function<String, R> ifText, Function<byte[], R> ifBinary) {
            return ifText.apply(text);
        }
    }

    /**
     * A binary message; the array is not copied and must not change afterwards.
     *
     * @param bytes the bytes
     */
    public record Binary(byte[] bytes) implements Message {
        public Binary {
            Objects.requireNonNull(bytes, "bytes");
        }

        @Override
        public <R> R map(Function<String, R> ifText, Function<byte[], R> ifBinary) {
            return ifBinary.apply(bytes);
        }
    }
}
