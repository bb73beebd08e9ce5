package dev.sockeye.engine.internal;

import dev.sockeye.engine.EngineMessage;
import dev.sockeye.engine.EnginePacket;
import dev.sockeye.engine.spi.OutboundFrame;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;

/**
 * Engine.IO protocol 3 (engine.io-parser 2.2, Node's {@code parser-v3}). A text payload is
 * {@code <length>:<packet>} per packet, the length counted in UTF-16 code units as a JavaScript string's
 * {@code length}; a binary message in it is {@code b4<base64>}. A client that did not ask for base64
 * ({@code b64} absent) gets binary messages natively: a binary WebSocket frame holds the type byte
 * {@code 4} then the data, and a poll response holding a binary message is a binary payload, each
 * packet framed as {@code <0 for text | 1 for binary><length as digit bytes 0-9><255><packet>}, text
 * packets as UTF-8 (their length in bytes).
 */
final class CodecV3 implements EngineCodec {
    /** For clients that take binary data. */
    static final CodecV3 BINARY = new CodecV3(true);
    /** For clients that asked for base64 ({@code b64=1}), and for JSONP. */
    static final CodecV3 BASE64 = new CodecV3(false);

    private static final byte MESSAGE_TYPE = 4;
    private static final int BINARY_SEPARATOR = 255;
    /** More length digits than a body within any buffer size limit can need. */
    private static final int MAX_LENGTH_DIGITS = 9;

    private final boolean supportsBinary;

    private CodecV3(boolean supportsBinary) {
        this.supportsBinary = supportsBinary;
    }

    @Override
    public int protocol() {
        return 3;
    }

    /** Whether this codec writes binary natively (else as base64). */
    boolean supportsBinary() {
        return supportsBinary;
    }

    @Override
    public OutboundFrame encodeFrame(EngineMessage message) {
        if (!message.isBinary()) {
            return message.webSocketFrame(); // the same text frame as protocol 4
        }
        if (supportsBinary) {
            return OutboundFrame.binary(typed(message.binary()));
        }
        return OutboundFrame.text(base64Packet(message).getBytes(StandardCharsets.US_ASCII));
    }

    @Override
    public EnginePacket decodeFrame(String text) throws MalformedPacketException {
        return EngineCodec.decodeText(text, true);
    }

    @Override
    public EnginePacket decodeFrame(byte[] binary) throws MalformedPacketException {
        if (binary.length == 0 || binary[0] != MESSAGE_TYPE) {
            throw new MalformedPacketException("unknown packet type");
        }
        return new EnginePacket(EnginePacket.Type.MESSAGE, null, Arrays.copyOfRange(binary, 1, binary.length));
    }

    @Override
    public Payload encodePayload(List<Packet> packets) {
        if (supportsBinary && hasBinary(packets)) {
            return new Payload.Binary(binaryPayload(packets));
        }
        if (packets.isEmpty()) {
            return new Payload.Text("0:");
        }
        StringBuilder b = new StringBuilder();
        for (Packet packet : packets) {
            String text = text(packet);
            b.append(text.length()).append(':').append(text);
        }
        return new Payload.Text(b.toString());
    }

    /** A text payload ({@code 6:4hello6:2probe}), decoded up to its first framing or packet error. */
    @Override
    public DecodedPayload decodePayload(String payload) {
        if (payload.isEmpty()) {
            return DecodedPayload.failed("empty payload");
        }
        List<EnginePacket> packets = new ArrayList<>(4);
        int i = 0;
        int n = payload.length();
        while (i < n) {
            int colon = payload.indexOf(':', i);
            int length = colon < 0 ? -1 : digits(payload, i, colon);
            if (length < 0 || length > n - colon - 1) {
                return new DecodedPayload(packets, "invalid payload length");
            }
            int start = colon + 1;
            if (length > 0) {
                try {
                    packets.add(EngineCodec.decodeText(payload.substring(start, start + length), true));
                } catch (MalformedPacketException e) {
                    return new DecodedPayload(packets, e.getMessage());
                }
            }
            i = start + length;
        }
        return new DecodedPayload(packets, null);
    }

    /** The number written in {@code s} from {@code start} to {@code end}, or -1 unless it is 1 to 9 decimal digits. */
    private static int digits(String s, int start, int end) {
        if (end == start || end - start > MAX_LENGTH_DIGITS) {
            return -1;
        }
        int value = 0;
        for (int i = start; i < end; i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            value = value * 10 + (c - '0');
        }
        return value;
    }

    /** A binary payload (an XHR2 client's POST of packets among which a binary message). */
    @Override
    public DecodedPayload decodePayload(byte[] body) {
        List<EnginePacket> packets = new ArrayList<>(4);
        int i = 0;
        int n = body.length;
        while (i < n) {
            boolean text = body[i++] == 0;
            int length = 0;
            int digits = 0;
            while (true) {
                if (i >= n || digits > MAX_LENGTH_DIGITS) {
                    return new DecodedPayload(packets, "invalid payload length");
                }
                int b = body[i++] & 0xff;
                if (b == BINARY_SEPARATOR) {
                    break;
                }
                if (b > 9) {
                    return new DecodedPayload(packets, "invalid payload length");
                }
                length = length * 10 + b;
                digits++;
            }
            if (digits == 0 || length > n - i) {
                return new DecodedPayload(packets, "invalid payload length");
            }
            try {
                if (text) {
                    packets.add(EngineCodec.decodeText(strictUtf8(body, i, length), true));
                } else {
                    packets.add(BINARY.decodeFrame(Arrays.copyOfRange(body, i, i + length)));
                }
            } catch (MalformedPacketException e) {
                return new DecodedPayload(packets, e.getMessage());
            }
            i += length;
        }
        return new DecodedPayload(packets, null);
    }

    private static String strictUtf8(byte[] bytes, int offset, int length) throws MalformedPacketException {
        try {
            return StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes, offset, length))
                    .toString();
        } catch (CharacterCodingException e) {
            throw new MalformedPacketException("invalid utf-8");
        }
    }

    private static boolean hasBinary(List<Packet> packets) {
        for (Packet packet : packets) {
            if (packet instanceof Packet.Message message && message.message().isBinary()) {
                return true;
            }
        }
        return false;
    }

    private static byte[] binaryPayload(List<Packet> packets) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (Packet packet : packets) {
            byte[] bytes;
            if (packet instanceof Packet.Message message && message.message().isBinary()) {
                out.write(1);
                bytes = typed(message.message().binary());
            } else {
                out.write(0);
                bytes = text(packet).getBytes(StandardCharsets.UTF_8);
            }
            String length = Integer.toString(bytes.length);
            for (int i = 0; i < length.length(); i++) {
                out.write(length.charAt(i) - '0');
            }
            out.write(BINARY_SEPARATOR);
            out.write(bytes, 0, bytes.length);
        }
        return out.toByteArray();
    }

    /** A packet as text, binary data as base64. */
    private static String text(Packet packet) {
        if (packet instanceof Packet.Message message) {
            EngineMessage m = message.message();
            return m.isBinary() ? base64Packet(m) : m.pollingPacket();
        }
        return ((Packet.Control) packet).text();
    }

    /** {@code b4<base64>}. */
    private static String base64Packet(EngineMessage message) {
        return "b4" + Base64.getEncoder().encodeToString(message.binary());
    }

    /** The type byte of a message, then the data. */
    private static byte[] typed(byte[] data) {
        byte[] frame = new byte[data.length + 1];
        frame[0] = MESSAGE_TYPE;
        System.arraycopy(data, 0, frame, 1, data.length);
        return frame;
    }
}
