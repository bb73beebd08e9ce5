package dev.sockeye.core.parser.internal;

import dev.sockeye.core.Packet;
import dev.sockeye.core.PacketType;
import dev.sockeye.core.parser.EncodedPacket;
import dev.sockeye.core.parser.Encoder;
import dev.sockeye.core.parser.PacketData;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.util.Map;
import java.util.Objects;
import org.msgpack.core.MessageBufferPacker;
import org.msgpack.core.MessagePack;
import org.msgpack.core.MessagePacker;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.node.POJONode;

/**
 * The encoder of socket.io-msgpack-parser 3.0.2: each packet is one binary message, the map
 * {@code {type, data, nsp, id}} written the way notepack.io 2.2 writes a JavaScript object, so a
 * packet comes out byte for byte as a Node.js server sends it.
 *
 * <p>Keys come in the order the Node server sets them: {@code type, data, [id,] nsp} for EVENT,
 * {@code id, type, data, nsp} for ACK, {@code type, data, nsp} for CONNECT and CONNECT_ERROR,
 * {@code type, nsp} for DISCONNECT; a packet without data has no {@code data} key.
 *
 * <p>Values as notepack writes them: an integral number as the smallest msgpack integer that holds
 * it (whatever its Java type; {@code -0.0} is {@code 0}), any other number as float 64, a string as
 * the smallest str format for its UTF-8 length, binary ({@code byte[]}, {@code ByteBuffer}, binary
 * nodes) as bin 8/16/32, which the clients decode as {@code Buffer} (Node) or {@code ArrayBuffer}
 * (browser). Where notepack itself writes a wrong number (integral values beyond 64 bits, which it
 * wraps), this encoder writes float 64. Other objects in {@link POJONode}s are converted by the
 * mapper first.
 */
public final class MsgpackEncoder implements Encoder {

    /** Deepest nesting written, as Jackson's default for JSON output. */
    public static final int MAX_DEPTH = 1000;

    private static final double TWO_POW_63 = 0x1p63;
    private static final double TWO_POW_64 = 0x1p64;

    private final ObjectMapper mapper;

    /**
     * An encoder.
     *
     * @param mapper converts objects held in {@link POJONode}s
     */
    public MsgpackEncoder(ObjectMapper mapper) {
        this.mapper = Objects.requireNonNull(mapper, "mapper");
    }

    /**
     * Encodes a packet as one binary message. BINARY_EVENT and BINARY_ACK are written as EVENT and
     * ACK: this format carries binary inline.
     *
     * @throws IllegalArgumentException if the ack id is negative or above 2<sup>53</sup>−1, or the
     *                                  data is nested deeper than {@link #MAX_DEPTH}
     */
    @Override
    public EncodedPacket encode(Packet packet) {
        PacketType type = switch (packet.type()) {
            case BINARY_EVENT -> PacketType.EVENT;
            case BINARY_ACK -> PacketType.ACK;
            default -> packet.type();
        };
        String nsp = packet.nsp() == null ? "/" : packet.nsp();
        JsonNode data =
                packet.data() == null || packet.data().isNull() || packet.data().isMissingNode() ? null : packet.data();
        Long id = packet.id();
        if (id != null && (id < 0 || id > JsonDecoder.MAX_ACK_ID)) {
            throw new IllegalArgumentException("invalid ack id: " + id);
        }
        try (MessageBufferPacker packer = MessagePack.newDefaultBufferPacker()) {
            packer.packMapHeader(2 + (data != null ? 1 : 0) + (id != null ? 1 : 0));
            if (type == PacketType.ACK) {
                writeId(packer, id);
            }
            packer.packString("type").packInt(type.ordinal());
            if (data != null) {
                packer.packString("data");
                write(packer, data, 0);
            }
            if (type != PacketType.ACK) {
                writeId(packer, id);
            }
            packer.packString("nsp").packString(nsp);
            return EncodedPacket.ofBinary(packer.toByteArray());
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a buffer packer does no I/O
        }
    }

    private static void writeId(MessagePacker packer, Long id) throws IOException {
        if (id != null) {
            packer.packString("id").packLong(id);
        }
    }

    private void write(MessagePacker packer, JsonNode node, int depth) throws IOException {
        if (depth > MAX_DEPTH) {
            throw new IllegalArgumentException("packet data nested deeper than " + MAX_DEPTH);
        }
        switch (node.getNodeType()) {
            case OBJECT -> {
                packer.packMapHeader(node.size());
                for (Map.Entry<String, JsonNode> e : node.properties()) {
                    packer.packString(e.getKey());
                    write(packer, e.getValue(), depth + 1);
                }
            }
            case ARRAY -> {
                packer.packArrayHeader(node.size());
                for (JsonNode element : node) {
                    write(packer, element, depth + 1);
                }
            }
            case STRING -> packer.packString(node.stringValue());
            case NUMBER -> writeNumber(packer, node);
            case BOOLEAN -> packer.packBoolean(node.booleanValue());
            case NULL, MISSING -> packer.packNil();
            case BINARY -> writeBinary(packer, node.binaryValue());
            case POJO -> {
                Object pojo = ((POJONode) node).getPojo();
                if (pojo instanceof byte[] bytes) {
                    writeBinary(packer, bytes);
                } else if (pojo instanceof ByteBuffer buf) {
                    writeBinary(packer, PacketData.bytes(buf));
                } else {
                    write(packer, PacketData.toNode(mapper, pojo), depth + 1);
                }
            }
        }
    }

    private static void writeBinary(MessagePacker packer, byte[] bytes) throws IOException {
        packer.packBinaryHeader(bytes.length);
        packer.writePayload(bytes);
    }

    /** A number as JavaScript holds it (a double) and notepack writes it, without notepack's wrap beyond 64 bits. */
    private static void writeNumber(MessagePacker packer, JsonNode node) throws IOException {
        if (node.isIntegralNumber() && node.canConvertToLong()) {
            packer.packLong(node.longValue());
            return;
        }
        double d = node.doubleValue();
        if (Double.isFinite(d) && d == Math.floor(d) && d >= -TWO_POW_63 && d < TWO_POW_64) {
            if (d < TWO_POW_63) {
                packer.packLong((long) d); // -0.0 becomes 0, as notepack writes it
            } else {
                packer.packBigInteger(
                        BigInteger.valueOf((long) (d / 2)).shiftLeft(1)); // uint 64; such doubles are even
            }
        } else {
            packer.packDouble(d);
        }
    }
}
