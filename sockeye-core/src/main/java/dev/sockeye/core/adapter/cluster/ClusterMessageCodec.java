package dev.sockeye.core.adapter.cluster;

import dev.sockeye.core.adapter.internal.ClusterWire;
import dev.sockeye.core.adapter.internal.MsgpackTree;
import java.nio.charset.StandardCharsets;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Puts {@link ClusterMessage}s on the wire exactly as the Node adapters do, for every
 * bus-specific adapter to reuse: JSON ({@code JSON.stringify}, keys in Node's order
 * {@code type, data, uid, nsp}) or MessagePack of the whole message (binary values as
 * {@code bin}). {@link #encode} applies the sharded Redis adapter's rule: JSON unless the
 * message carries binary in a type that may carry it, then MessagePack. {@link #decode} tells
 * them apart by the first byte, <code>'{'</code> meaning JSON.
 *
 * <p>Decoding failures throw {@link IllegalArgumentException}; callers on a subscriber path
 * catch it, log at debug level and drop the message. Stateless and thread-safe.
 */
public final class ClusterMessageCodec {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private ClusterMessageCodec() {}

    /**
     * Encodes a message as JSON when it has no binary value, else as MessagePack (the sharded
     * Redis adapter's choice).
     *
     * @param message the message
     * @return UTF-8 JSON bytes or MessagePack bytes
     */
    public static byte[] encode(ClusterMessage message) {
        if (mayCarryBinary(message.type()) && hasBinary(message.data())) {
            return toMsgpack(message);
        }
        return toJson(message).getBytes(StandardCharsets.UTF_8);
    }

    /**
     * Encodes a typed message like {@link #encode(ClusterMessage)}: JSON when it has no binary
     * value, else MessagePack.
     *
     * @param message the message
     * @return UTF-8 JSON bytes or MessagePack bytes
     */
    public static byte[] encode(TypedClusterMessage message) {
        return encode(toClusterMessage(message));
    }

    /**
     * Decodes what {@link #encode}, a Node adapter or an emitter produced into a typed message.
     *
     * @param bytes      the payload
     * @param channelNsp the namespace the bus delivered it for, used when the message names none
     *                   (emitters may leave it out)
     * @return the message, or {@code null} when its type is unknown (a newer peer's: ignored)
     * @throws IllegalArgumentException when the payload is not a valid message
     */
    public static TypedClusterMessage decode(byte[] bytes, String channelNsp) {
        return toTyped(decode(bytes), channelNsp);
    }

    /**
     * The tree form of a typed message: its payload as Node's {@code data} shape.
     *
     * @param message the message
     * @return the tree form
     */
    public static ClusterMessage toClusterMessage(TypedClusterMessage message) {
        return new ClusterMessage(
                message.uid(), message.nsp(), message.type().code(), ClusterWire.toData(message.payload()));
    }

    /**
     * Reads the {@code data} of a message in tree form into its {@link ClusterPayload} record.
     *
     * @param message    the tree form
     * @param channelNsp the namespace to use when the message names none
     * @return the typed message, or {@code null} when its type is unknown
     * @throws IllegalArgumentException when the data is malformed for the type, or no namespace is known
     */
    public static TypedClusterMessage toTyped(ClusterMessage message, String channelNsp) {
        MessageType type = message.messageType();
        if (type == null) {
            return null;
        }
        String nsp = message.nsp() != null ? message.nsp() : channelNsp;
        if (nsp == null) {
            throw new IllegalArgumentException("cluster message without namespace");
        }
        return new TypedClusterMessage(message.uid(), nsp, ClusterWire.fromData(type, message.data(), nsp));
    }

    /**
     * Decodes what {@link #encode}, a Node adapter or an emitter produced: JSON when the first
     * byte is <code>'{'</code>, MessagePack otherwise.
     *
     * @param bytes the payload
     * @return the message
     * @throws IllegalArgumentException when the payload is not a valid message
     */
    public static ClusterMessage decode(byte[] bytes) {
        if (bytes.length > 0 && bytes[0] == '{') {
            return fromTree(jsonToTree(new String(bytes, StandardCharsets.UTF_8)));
        }
        return fromMsgpack(bytes);
    }

    /**
     * Whether messages of a type may carry client data, hence binary: BROADCAST,
     * FETCH_SOCKETS_RESPONSE, SERVER_SIDE_EMIT, SERVER_SIDE_EMIT_RESPONSE and BROADCAST_ACK.
     *
     * @param type the wire type number
     * @return whether binary is possible
     */
    public static boolean mayCarryBinary(int type) {
        return type == 3 || type == 8 || type == 9 || type == 10 || type == 12;
    }

    /**
     * Whether a tree holds a binary value anywhere.
     *
     * @param node the tree, may be {@code null}
     * @return true when some node is binary
     */
    public static boolean hasBinary(JsonNode node) {
        if (node == null) {
            return false;
        }
        if (node.isBinary()) {
            return true;
        }
        if (node.isContainer()) {
            for (JsonNode child : node) {
                if (hasBinary(child)) {
                    return true;
                }
            }
        }
        return false;
    }

    /**
     * The message as a JSON string. Binary values, if any, would become base64 strings, which
     * Node peers do not understand: use {@link #encode} or {@link #toMsgpack} for those.
     *
     * @param message the message
     * @return the JSON text
     */
    public static String toJson(ClusterMessage message) {
        return treeToJson(toTree(message));
    }

    /**
     * The message as MessagePack (Node: {@code notepack.encode(message)} /
     * {@code @msgpack/msgpack encode(message)}).
     *
     * @param message the message
     * @return the bytes
     */
    public static byte[] toMsgpack(ClusterMessage message) {
        return MsgpackTree.write(toTree(message));
    }

    /**
     * Parses a JSON message.
     *
     * @param json the text
     * @return the message
     * @throws IllegalArgumentException when it is not a valid message
     */
    public static ClusterMessage fromJson(String json) {
        return fromTree(jsonToTree(json));
    }

    /**
     * Parses a MessagePack message.
     *
     * @param bytes the bytes
     * @return the message
     * @throws IllegalArgumentException when it is not a valid message
     */
    public static ClusterMessage fromMsgpack(byte[] bytes) {
        return fromTree(MsgpackTree.read(bytes));
    }

    /**
     * The message as a tree: {@code {type, data?, uid?, nsp?}}, absent fields left out.
     *
     * @param message the message
     * @return a new tree
     */
    public static ObjectNode toTree(ClusterMessage message) {
        ObjectNode tree = NODES.objectNode();
        tree.put("type", message.type());
        if (message.data() != null) {
            tree.set("data", message.data());
        }
        if (message.uid() != null) {
            tree.put("uid", message.uid());
        }
        if (message.nsp() != null) {
            tree.put("nsp", message.nsp());
        }
        return tree;
    }

    /**
     * Reads a message from a tree. Unknown fields are ignored; {@code uid} and {@code nsp}
     * may be absent.
     *
     * @param tree the tree
     * @return the message
     * @throws IllegalArgumentException when it is no object or has no integral {@code type}
     */
    public static ClusterMessage fromTree(JsonNode tree) {
        if (tree == null || !tree.isObject()) {
            throw new IllegalArgumentException("cluster message is not an object");
        }
        JsonNode type = tree.get("type");
        if (type == null || !type.isIntegralNumber() || !type.canConvertToInt()) {
            throw new IllegalArgumentException("cluster message without a numeric type");
        }
        JsonNode data = tree.get("data");
        return new ClusterMessage(
                text(tree.get("uid")),
                text(tree.get("nsp")),
                type.intValue(),
                data == null || data.isNull() ? null : data);
    }

    private static String text(JsonNode node) {
        return node != null && node.isString() ? node.stringValue() : null;
    }

    /**
     * Any tree as JSON text ({@code JSON.stringify}), e.g. the {@code data} field of a
     * Redis-streams entry.
     *
     * @param tree the tree
     * @return the text
     */
    public static String treeToJson(JsonNode tree) {
        return JSON.writeValueAsString(tree);
    }

    /**
     * Parses JSON text into a tree.
     *
     * @param json the text
     * @return the tree
     * @throws IllegalArgumentException when the text is not valid JSON
     */
    public static JsonNode jsonToTree(String json) {
        try {
            return JSON.readTree(json);
        } catch (JacksonException e) {
            throw new IllegalArgumentException("malformed JSON: " + e.getOriginalMessage(), e);
        }
    }

    /**
     * Any tree as MessagePack, e.g. the base64 {@code data} field of a Redis-streams entry.
     *
     * @param tree the tree
     * @return the bytes
     */
    public static byte[] treeToMsgpack(JsonNode tree) {
        return MsgpackTree.write(tree);
    }

    /**
     * Parses MessagePack into a tree.
     *
     * @param bytes the bytes
     * @return the tree
     * @throws IllegalArgumentException when the bytes are not valid MessagePack
     */
    public static JsonNode msgpackToTree(byte[] bytes) {
        return MsgpackTree.read(bytes);
    }
}
