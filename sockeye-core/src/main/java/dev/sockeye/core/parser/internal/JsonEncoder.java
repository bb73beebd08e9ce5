package dev.sockeye.core.parser.internal;

import dev.sockeye.core.Packet;
import dev.sockeye.core.PacketType;
import dev.sockeye.core.parser.EncodedPacket;
import dev.sockeye.core.parser.Encoder;
import dev.sockeye.core.parser.PacketData;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonGenerator;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.ObjectWriter;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.node.POJONode;

/**
 * The Socket.IO v5 text encoder: {@code <type>[<attachments>-][<nsp>,][<id>][<json>]}.
 *
 * <p>One pass: the header is written into a {@link StringBuilder}, then the tree is walked once and
 * written by a Jackson generator into the same builder. Binary nodes met on the way become
 * {@code {"_placeholder":true,"num":N}} and are collected as attachments; only then is the header
 * patched to BINARY_EVENT / BINARY_ACK with its {@code N-} count. A packet without binary is
 * therefore never walked twice.
 *
 * <p>The walk writes properties in insertion order (JavaScript's order), whatever the mapper's
 * sorting settings, and writes non-finite doubles as {@code null} as {@code JSON.stringify} does.
 * Binary hidden inside a {@link POJONode} (other than a bare {@code byte[]} or
 * {@code ByteBuffer}) is not detected:
 * build trees with {@link dev.sockeye.core.parser.PacketData}, which converts values first.
 */
public final class JsonEncoder implements Encoder {

    private final ObjectWriter writer;

    /**
     * An encoder writing with {@code mapper}'s generator settings (indentation always off).
     *
     * @param mapper the mapper; only used to create generators and to write {@link POJONode}s
     */
    public JsonEncoder(ObjectMapper mapper) {
        this.writer = mapper.writer().without(SerializationFeature.INDENT_OUTPUT);
    }

    /**
     * Encodes a packet. EVENT/ACK (and BINARY_EVENT/BINARY_ACK, treated alike) become binary
     * packets exactly when their data holds binary nodes.
     *
     * @throws IllegalArgumentException if the namespace does not start with {@code /} or holds a
     *                                  comma, the ack id is negative or above 2<sup>53</sup>−1, or
     *                                  the data cannot be written as JSON
     */
    @Override
    public EncodedPacket encode(Packet packet) {
        PacketType type = packet.type();
        boolean binaryCapable = false;
        if (type == PacketType.EVENT || type == PacketType.BINARY_EVENT) {
            type = PacketType.EVENT;
            binaryCapable = true;
        } else if (type == PacketType.ACK || type == PacketType.BINARY_ACK) {
            type = PacketType.ACK;
            binaryCapable = true;
        }
        String nsp = packet.nsp() == null ? "/" : packet.nsp();
        checkNamespace(nsp);
        JsonNode data = packet.data();
        boolean hasData = data != null && !data.isNull() && !data.isMissingNode();

        // Most packets are short; the builder doubles when a payload is larger.
        StringBuilder sb = new StringBuilder(64 + nsp.length());
        sb.append(type.code());
        if (!"/".equals(nsp)) {
            sb.append(nsp).append(',');
        }
        if (packet.id() != null) {
            long id = packet.id();
            if (id < 0 || id > JsonDecoder.MAX_ACK_ID) {
                throw new IllegalArgumentException("invalid ack id: " + id);
            }
            sb.append(id);
        }
        if (!hasData) {
            return EncodedPacket.ofText(sb.toString());
        }
        List<byte[]> attachments = binaryCapable ? new ArrayList<>(0) : null;
        try (JsonGenerator gen = writer.createGenerator(new StringBuilderWriter(sb))) {
            write(gen, data, attachments);
        } catch (JacksonException e) {
            throw new IllegalArgumentException("cannot encode packet data: " + e.getOriginalMessage(), e);
        }
        if (attachments == null || attachments.isEmpty()) {
            return EncodedPacket.ofText(sb.toString());
        }
        // The header starts with the type digit; the count goes right after it.
        sb.setCharAt(0, (type == PacketType.EVENT ? PacketType.BINARY_EVENT : PacketType.BINARY_ACK).code());
        sb.insert(1, attachments.size() + "-");
        List<EncodedPacket.Message> messages = new ArrayList<>(attachments.size() + 1);
        messages.add(new EncodedPacket.Text(sb.toString()));
        for (byte[] attachment : attachments) {
            messages.add(new EncodedPacket.Binary(attachment));
        }
        return new EncodedPacket(messages);
    }

    private static void checkNamespace(String nsp) {
        if (nsp.isEmpty() || nsp.charAt(0) != '/') {
            throw new IllegalArgumentException("invalid namespace: must start with '/'");
        }
        if (nsp.indexOf(',') >= 0) {
            throw new IllegalArgumentException("invalid namespace: must not contain a comma");
        }
    }

    /**
     * Writes one node. {@code attachments} is {@code null} when binary must stay inline (base64,
     * as Jackson writes it) because the packet type carries no attachments.
     */
    private static void write(JsonGenerator gen, JsonNode node, List<byte[]> attachments) {
        switch (node.getNodeType()) {
            case OBJECT -> {
                gen.writeStartObject();
                for (Map.Entry<String, JsonNode> e : node.properties()) {
                    gen.writeName(e.getKey());
                    write(gen, e.getValue(), attachments);
                }
                gen.writeEndObject();
            }
            case ARRAY -> {
                int n = node.size();
                gen.writeStartArray(node, n);
                for (int i = 0; i < n; i++) {
                    write(gen, node.get(i), attachments);
                }
                gen.writeEndArray();
            }
            case STRING -> gen.writeString(node.stringValue());
            case NUMBER -> writeNumber(gen, node);
            case BOOLEAN -> gen.writeBoolean(node.booleanValue());
            case NULL, MISSING -> gen.writeNull();
            case BINARY -> writeBinary(gen, node.binaryValue(), attachments);
            case POJO -> {
                Object pojo = ((POJONode) node).getPojo();
                if (pojo instanceof byte[] bytes) {
                    writeBinary(gen, bytes, attachments);
                } else if (pojo instanceof ByteBuffer buf) {
                    writeBinary(gen, PacketData.bytes(buf), attachments);
                } else {
                    gen.writePOJO(pojo);
                }
            }
        }
    }

    private static void writeBinary(JsonGenerator gen, byte[] bytes, List<byte[]> attachments) {
        if (attachments == null) {
            gen.writeBinary(bytes);
            return;
        }
        // Key order "_placeholder" then "num" is what the Node parser writes and tests compare.
        gen.writeStartObject();
        gen.writeName("_placeholder");
        gen.writeBoolean(true);
        gen.writeName("num");
        gen.writeNumber(attachments.size());
        gen.writeEndObject();
        attachments.add(bytes);
    }

    private static void writeNumber(JsonGenerator gen, JsonNode node) {
        if (node.isInt() || node.isShort()) {
            gen.writeNumber(node.intValue());
        } else if (node.isLong()) {
            gen.writeNumber(node.longValue());
        } else if (node.isBigInteger()) {
            gen.writeNumber(node.bigIntegerValue());
        } else if (node.isBigDecimal()) {
            gen.writeNumber(node.decimalValue());
        } else if (node.isFloat()) {
            float f = node.floatValue();
            if (Float.isFinite(f)) {
                gen.writeNumber(f);
            } else {
                gen.writeNull();
            }
        } else {
            double d = node.doubleValue();
            if (Double.isFinite(d)) {
                gen.writeNumber(d);
            } else {
                gen.writeNull();
            }
        }
    }
}
