package dev.sockeye.core.adapter.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import org.msgpack.core.ExtensionTypeHeader;
import org.msgpack.core.MessageBufferPacker;
import org.msgpack.core.MessageFormat;
import org.msgpack.core.MessagePack;
import org.msgpack.core.MessagePacker;
import org.msgpack.core.MessageUnpacker;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;
import tools.jackson.databind.node.POJONode;

/**
 * Converts Jackson trees to and from MessagePack the way the Node adapters' msgpack libraries
 * (notepack.io 3, @msgpack/msgpack 2) do: binary nodes are {@code bin}, integers take the
 * smallest encoding, other numbers are float64, an integral double within ±2^53 is an integer
 * (JavaScript has one number type), an {@link Instant} (in a {@link POJONode}) is the
 * timestamp extension −1. Decoding turns timestamps into ISO-8601 strings (what
 * {@code JSON.stringify} makes of a {@code Date}) and tolerates notepack 2's legacy extension 0
 * forms. Nesting is bounded, and so is every allocation: a {@code bin} or {@code ext} length is checked against the
 * bytes that remain before anything is allocated for it (msgpack-core would allocate up to 64 MB for a five-byte
 * {@code bin32} header announcing that much).
 */
public final class MsgpackTree {

    /** Deepest nesting accepted, in both directions. */
    public static final int MAX_DEPTH = 256;

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final double MAX_SAFE_INTEGER = 9007199254740991d;

    private MsgpackTree() {}

    /**
     * Encodes a tree.
     *
     * @param node the tree
     * @return the MessagePack bytes
     */
    public static byte[] write(JsonNode node) {
        try (MessageBufferPacker packer = MessagePack.newDefaultBufferPacker()) {
            write(packer, node, 0);
            return packer.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void write(MessagePacker packer, JsonNode node, int depth) throws IOException {
        if (depth > MAX_DEPTH) {
            throw new IllegalArgumentException("tree nested deeper than " + MAX_DEPTH);
        }
        if (node == null || node.isNull() || node.isMissingNode()) {
            packer.packNil();
        } else if (node.isObject()) {
            packer.packMapHeader(node.size());
            for (Map.Entry<String, JsonNode> e : node.properties()) {
                packer.packString(e.getKey());
                write(packer, e.getValue(), depth + 1);
            }
        } else if (node.isArray()) {
            packer.packArrayHeader(node.size());
            for (JsonNode element : node) {
                write(packer, element, depth + 1);
            }
        } else if (node.isString()) {
            packer.packString(node.stringValue());
        } else if (node.isBinary()) {
            byte[] bytes = node.binaryValue();
            packer.packBinaryHeader(bytes.length);
            packer.writePayload(bytes);
        } else if (node.isBoolean()) {
            packer.packBoolean(node.booleanValue());
        } else if (node.isIntegralNumber()) {
            if (node.canConvertToLong()) {
                packer.packLong(node.longValue());
            } else {
                packer.packBigInteger(node.bigIntegerValue());
            }
        } else if (node.isNumber()) {
            double d = node.doubleValue();
            if (d == Math.rint(d) && Math.abs(d) <= MAX_SAFE_INTEGER && !(d == 0 && 1 / d < 0)) {
                packer.packLong((long) d);
            } else {
                packer.packDouble(d);
            }
        } else if (node instanceof POJONode pojo && pojo.getPojo() instanceof Instant instant) {
            packer.packTimestamp(instant);
        } else {
            throw new IllegalArgumentException("cannot encode " + node.getNodeType() + " in msgpack");
        }
    }

    /**
     * Decodes one value.
     *
     * @param bytes MessagePack bytes
     * @return the tree
     * @throws IllegalArgumentException when the bytes are not a valid value
     */
    public static JsonNode read(byte[] bytes) {
        try (MessageUnpacker unpacker = MessagePack.newDefaultUnpacker(bytes)) {
            return read(unpacker, bytes.length);
        } catch (IOException | RuntimeException e) {
            throw new IllegalArgumentException("malformed msgpack: " + e.getMessage(), e);
        }
    }

    /**
     * Decodes the next value of an unpacker.
     *
     * @param in        the unpacker, positioned at the value
     * @param inputSize how many bytes the unpacker reads in all: a binary or extension value may
     *                  not announce more than are left (its buffer is allocated before it is read)
     * @return the tree
     * @throws IOException              when the input ends early or is not MessagePack
     * @throws IllegalArgumentException when a value is too deep, announces more bytes than are
     *                                  left, or is an unsupported extension
     */
    public static JsonNode read(MessageUnpacker in, long inputSize) throws IOException {
        return read(in, inputSize, 0);
    }

    private static JsonNode read(MessageUnpacker in, long inputSize, int depth) throws IOException {
        if (depth > MAX_DEPTH) {
            throw new IllegalArgumentException("msgpack nested deeper than " + MAX_DEPTH);
        }
        MessageFormat format = in.getNextFormat();
        switch (format.getValueType()) {
            case NIL:
                in.unpackNil();
                return NODES.nullNode();
            case BOOLEAN:
                return NODES.booleanNode(in.unpackBoolean());
            case INTEGER:
                if (format == MessageFormat.UINT64) {
                    BigInteger big = in.unpackBigInteger();
                    return big.bitLength() < 64 ? NODES.numberNode(big.longValue()) : NODES.numberNode(big);
                }
                long value = in.unpackLong();
                return value == (int) value ? NODES.numberNode((int) value) : NODES.numberNode(value);
            case FLOAT:
                return NODES.numberNode(in.unpackDouble());
            case STRING:
                return NODES.stringNode(in.unpackString());
            case BINARY:
                return NODES.binaryNode(in.readPayload(checkLength(in, inputSize, in.unpackBinaryHeader())));
            case ARRAY: {
                int size = in.unpackArrayHeader();
                ArrayNode array = NODES.arrayNode();
                for (int i = 0; i < size; i++) {
                    array.add(read(in, inputSize, depth + 1));
                }
                return array;
            }
            case MAP: {
                int size = in.unpackMapHeader();
                ObjectNode object = NODES.objectNode();
                for (int i = 0; i < size; i++) {
                    JsonNode key = read(in, inputSize, depth + 1);
                    object.set(key.isString() ? key.stringValue() : key.asString(), read(in, inputSize, depth + 1));
                }
                return object;
            }
            case EXTENSION:
                return readExtension(in, inputSize, format, in.unpackExtensionTypeHeader());
            default:
                throw new IllegalArgumentException("unexpected msgpack format " + format);
        }
    }

    private static JsonNode readExtension(
            MessageUnpacker in, long inputSize, MessageFormat format, ExtensionTypeHeader header) throws IOException {
        if (header.isTimestampType()) {
            return isoString(in.unpackTimestamp(header));
        }
        byte[] payload = in.readPayload(checkLength(in, inputSize, header.getLength()));
        if (header.getType() == 0) {
            // notepack 2 (the msgpack client parser): fixext1 d4 00 00 is undefined, fixext8 d7 00
            // a Date in epoch ms; ArrayBuffers always use ext8/16/32 (c7/c8/c9 .. 00)
            if (format == MessageFormat.FIXEXT1 && payload[0] == 0) {
                return NODES.nullNode();
            }
            if (format == MessageFormat.FIXEXT8) {
                long millis = 0;
                for (byte b : payload) {
                    millis = (millis << 8) | (b & 0xff);
                }
                return isoString(Instant.ofEpochMilli(millis));
            }
            return NODES.binaryNode(payload);
        }
        throw new IllegalArgumentException("unsupported msgpack extension type " + header.getType());
    }

    /** A payload length, checked against what is left of the input before a buffer of that size is made. */
    private static int checkLength(MessageUnpacker in, long inputSize, int length) {
        long remaining = inputSize - in.getTotalReadBytes();
        if (length > remaining) {
            throw new IllegalArgumentException(
                    "a value of " + length + " bytes in what is left of the input (only " + remaining + " bytes)");
        }
        return length;
    }

    private static JsonNode isoString(Instant instant) {
        // JSON.stringify(date) uses toISOString(): always milliseconds, always UTC "Z"
        return NODES.stringNode(DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'")
                .withZone(java.time.ZoneOffset.UTC)
                .format(instant.truncatedTo(ChronoUnit.MILLIS)));
    }
}
