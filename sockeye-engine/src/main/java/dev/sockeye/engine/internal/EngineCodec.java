package dev.sockeye.engine.internal;

import dev.sockeye.engine.EngineMessage;
import dev.sockeye.engine.EnginePacket;
import dev.sockeye.engine.spi.OutboundFrame;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;

/**
 * The Engine.IO wire format of one protocol revision: packets as WebSocket frames, and payloads (the
 * packets of one polling request or response). Pure functions, no I/O, as engine.io-parser's
 * {@code encodePacket}, {@code decodePacket}, {@code encodePayload} and {@code decodePayload}.
 *
 * <p>Protocol 4 ({@link CodecV4}) joins packets with a record separator and writes binary as base64;
 * protocol 3 ({@link CodecV3}) prefixes each packet with its length and, for clients that take it, writes
 * binary natively (in WebSocket frames and in binary polling payloads).
 */
sealed interface EngineCodec permits CodecV4, CodecV3 {

    /** The codec of this protocol revision (3 or 4); {@code supportsBinary} is false when the client asked for base64 ({@code b64}). */
    static EngineCodec of(int protocol, boolean supportsBinary) {
        if (protocol == 4) {
            return CodecV4.INSTANCE;
        }
        return supportsBinary ? CodecV3.BINARY : CodecV3.BASE64;
    }

    /** The protocol revision: 3 or 4. */
    int protocol();

    /** This message's WebSocket frame, text or binary; shared by every session it is sent to where the format allows. */
    OutboundFrame encodeFrame(EngineMessage message);

    /** A control packet's WebSocket text frame. */
    default OutboundFrame encodeFrame(Packet.Control packet) {
        return OutboundFrame.text(packet.text().getBytes(StandardCharsets.UTF_8));
    }

    /** One packet from a WebSocket text frame. */
    EnginePacket decodeFrame(String text) throws MalformedPacketException;

    /** One packet from a WebSocket binary frame; the array may be kept. */
    EnginePacket decodeFrame(byte[] binary) throws MalformedPacketException;

    /** The body of a poll response carrying these packets, in order. */
    Payload encodePayload(List<Packet> packets);

    /** The packets of a text polling request body. */
    DecodedPayload decodePayload(String body);

    /** The packets of a binary polling request body ({@code application/octet-stream}). */
    DecodedPayload decodePayload(byte[] body);

    /** A poll response body: text ({@code text/plain; charset=UTF-8}) or binary ({@code application/octet-stream}). */
    sealed interface Payload {
        /** A text payload. */
        record Text(String text) implements Payload {}

        /** A binary payload; protocol 3 only. */
        record Binary(byte[] bytes) implements Payload {}
    }

    /**
     * The packets of a request body, in order, up to the first malformed one.
     *
     * @param error why decoding stopped early (the session then closes with a parse error), or {@code null}
     */
    record DecodedPayload(List<EnginePacket> packets, String error) {
        static DecodedPayload failed(String error) {
            return new DecodedPayload(List.of(), error);
        }
    }

    /** A packet that cannot be decoded: the session closes with a parse error. */
    final class MalformedPacketException extends Exception {
        private static final long serialVersionUID = 1L;

        MalformedPacketException(String reason) {
            super(reason, null, false, false); // thrown per bad packet from a peer: no stack trace
        }
    }

    /**
     * A text packet: a type digit and its data, or {@code b} and base64 of a binary message
     * ({@code base64Type} says whether a type digit follows the {@code b}, as in protocol 3).
     */
    static EnginePacket decodeText(String packet, boolean base64Type) throws MalformedPacketException {
        if (packet.isEmpty()) {
            throw new MalformedPacketException("empty packet");
        }
        char c = packet.charAt(0);
        if (c == 'b') {
            int start = 1;
            if (base64Type) {
                if (packet.length() < 2 || packet.charAt(1) != EnginePacket.Type.MESSAGE.code()) {
                    throw new MalformedPacketException("unknown packet type");
                }
                start = 2;
            }
            try {
                return new EnginePacket(
                        EnginePacket.Type.MESSAGE, null, Base64.getDecoder().decode(withoutWhitespace(packet, start)));
            } catch (IllegalArgumentException e) {
                throw new MalformedPacketException("invalid base64");
            }
        }
        EnginePacket.Type type = EnginePacket.Type.fromCode(c);
        if (type == null) {
            throw new MalformedPacketException("unknown packet type");
        }
        return new EnginePacket(type, packet.length() > 1 ? packet.substring(1) : null, null);
    }

    /**
     * The base64 of {@code text} from {@code start}, without line breaks: the Java client (Android-style
     * encoder) ends its base64 with a newline and wraps long ones every 76 characters; Node's decoder
     * skips them, so do we.
     */
    private static String withoutWhitespace(String text, int start) {
        int i = start;
        int n = text.length();
        while (i < n && !Character.isWhitespace(text.charAt(i))) {
            i++;
        }
        if (i == n) {
            return text.substring(start);
        }
        StringBuilder b = new StringBuilder(n - start).append(text, start, i);
        for (; i < n; i++) {
            char c = text.charAt(i);
            if (!Character.isWhitespace(c)) {
                b.append(c);
            }
        }
        return b.toString();
    }
}
