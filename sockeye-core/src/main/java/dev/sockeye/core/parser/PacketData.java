package dev.sockeye.core.parser;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.Objects;
import java.util.Set;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.BinaryNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.POJONode;

/**
 * Helpers to build and inspect the data of EVENT and ACK packets, a Jackson tree whose binary
 * parts are {@link BinaryNode}s.
 *
 * <pre>{@code
 * ArrayNode data = PacketData.eventData(mapper, "chat", new ChatMessage("hi"), new byte[] {1, 2});
 * encoder.encode(Packet.event("/", data));   // 451-["chat",{"text":"hi"},{"_placeholder":true,"num":0}] + 01 02
 * }</pre>
 */
public final class PacketData {

    /**
     * Event names a client may not send and an application may not emit: they have a meaning to
     * Socket.IO or to Node's event emitter. {@code "error"} is not among them (CVE-2024-38355):
     * it is an ordinary event.
     */
    public static final Set<String> RESERVED_EVENTS =
            Set.of("connect", "connect_error", "disconnect", "disconnecting", "newListener", "removeListener");

    private PacketData() {}

    /**
     * The data of an EVENT packet: {@code [event, ...args]}, each argument converted by
     * {@link #toNode(ObjectMapper, Object)}.
     *
     * @param mapper converts arguments that are not already trees, bytes or simple values
     * @param event  the event name
     * @param args   the arguments; {@code null} means none
     * @return a new array node
     */
    public static ArrayNode eventData(ObjectMapper mapper, String event, Object... args) {
        Objects.requireNonNull(event, "event");
        int n = args == null ? 0 : args.length;
        ArrayNode array = mapper.getNodeFactory().arrayNode(n + 1);
        array.add(event);
        for (int i = 0; i < n; i++) {
            array.add(toNode(mapper, args[i]));
        }
        return array;
    }

    /**
     * The data of an ACK packet: {@code [...args]}, each argument converted by
     * {@link #toNode(ObjectMapper, Object)}.
     *
     * @param mapper converts arguments that are not already trees, bytes or simple values
     * @param args   the arguments; {@code null} means none
     * @return a new array node
     */
    public static ArrayNode ackData(ObjectMapper mapper, Object... args) {
        int n = args == null ? 0 : args.length;
        ArrayNode array = mapper.getNodeFactory().arrayNode(n);
        for (int i = 0; i < n; i++) {
            array.add(toNode(mapper, args[i]));
        }
        return array;
    }

    /**
     * Converts one Java value to a tree node. {@code null} becomes a null node, a {@link JsonNode}
     * is used as is, {@code byte[]} becomes a {@link BinaryNode} (not copied: do not change the
     * array afterwards), a {@link ByteBuffer} a {@link BinaryNode} of a copy of its remaining
     * bytes (its position is left alone). Strings, booleans and numbers are converted directly;
     * anything else goes through {@code mapper.valueToTree}, which also turns {@code byte[]} and
     * {@code ByteBuffer} fields of records and beans into binary nodes.
     *
     * @param mapper the mapper for values of other types
     * @param value  the value
     * @return the node
     */
    public static JsonNode toNode(ObjectMapper mapper, Object value) {
        JsonNodeFactory f = mapper.getNodeFactory();
        if (value == null) {
            return f.nullNode();
        } else if (value instanceof JsonNode node) {
            return node;
        } else if (value instanceof String s) {
            return f.stringNode(s);
        } else if (value instanceof byte[] bytes) {
            return f.binaryNode(bytes);
        } else if (value instanceof ByteBuffer buf) {
            return f.binaryNode(bytes(buf));
        } else if (value instanceof Boolean b) {
            return f.booleanNode(b);
        } else if (value instanceof Integer i) {
            return f.numberNode(i.intValue());
        } else if (value instanceof Long l) {
            return f.numberNode(l.longValue());
        } else if (value instanceof Double d) {
            return f.numberNode(d.doubleValue());
        } else if (value instanceof BigInteger b) {
            return f.numberNode(b);
        } else if (value instanceof BigDecimal b) {
            return f.numberNode(b);
        }
        JsonNode node = mapper.valueToTree(value);
        return node == null ? f.nullNode() : node;
    }

    /**
     * Whether a tree holds binary data anywhere: a {@link BinaryNode}, or a {@link POJONode}
     * wrapping a {@code byte[]} or {@code ByteBuffer}. Such EVENT and ACK packets go out as
     * BINARY_EVENT / BINARY_ACK. Iterative, so deep trees cannot overflow the stack.
     *
     * @param node the tree, may be {@code null}
     * @return whether it holds binary data
     */
    public static boolean hasBinary(JsonNode node) {
        if (node == null) {
            return false;
        }
        ArrayDeque<JsonNode> todo = new ArrayDeque<>();
        todo.push(node);
        while (!todo.isEmpty()) {
            JsonNode n = todo.pop();
            if (n.isBinary()) {
                return true;
            }
            if (n.isContainer()) {
                for (JsonNode child : n.values()) {
                    todo.push(child);
                }
            } else if (n instanceof POJONode pojo
                    && (pojo.getPojo() instanceof byte[] || pojo.getPojo() instanceof ByteBuffer)) {
                return true;
            }
        }
        return false;
    }

    /**
     * A copy of the remaining bytes of a buffer, leaving its position unchanged.
     *
     * @param buf the buffer
     * @return a new array
     */
    public static byte[] bytes(ByteBuffer buf) {
        byte[] out = new byte[buf.remaining()];
        buf.duplicate().get(out);
        return out;
    }
}
