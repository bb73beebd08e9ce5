package dev.sockeye.core.parser;

import java.util.List;

/**
 * A packet ready for the engine: the Engine.IO messages to send, in order. Each element is a
 * {@link String} (text message) or a {@code byte[]} (binary message). The JSON parser gives one
 * text message, followed by the attachments for a binary packet; {@link MsgpackParser} gives one
 * binary message. Immutable: a broadcast encodes once and sends the same object to everyone.
 *
 * @param messages the messages, each a {@code String} or a {@code byte[]}
 */
public record EncodedPacket(List<Object> messages) {

    public EncodedPacket {
        messages = List.copyOf(messages);
        for (Object m : messages) {
            if (!(m instanceof String) && !(m instanceof byte[])) {
                throw new IllegalArgumentException("message must be a String or byte[]: " + m);
            }
        }
    }

    /** A packet that is a single text message. */
    public static EncodedPacket ofText(String text) {
        return new EncodedPacket(List.of(text));
    }

    /** A packet that is a single binary message (the array is not copied). */
    public static EncodedPacket ofBinary(byte[] data) {
        return new EncodedPacket(List.of(data));
    }

    /**
     * The packet's one binary message, for formats that send one per packet.
     *
     * @return the bytes (not a copy)
     * @throws IllegalStateException if the packet is not exactly one binary message
     */
    public byte[] binary() {
        if (messages.size() != 1 || !(messages.get(0) instanceof byte[] bytes)) {
            throw new IllegalStateException("not a single binary message");
        }
        return bytes;
    }
}
