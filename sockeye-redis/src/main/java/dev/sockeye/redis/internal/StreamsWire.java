package dev.sockeye.redis.internal;

import dev.sockeye.core.adapter.BroadcastOptions;
import dev.sockeye.core.adapter.SessionToPersist;
import dev.sockeye.core.adapter.cluster.ClusterMessage;
import dev.sockeye.core.adapter.cluster.ClusterMessageCodec;
import dev.sockeye.core.adapter.cluster.MessageType;
import dev.sockeye.core.adapter.cluster.TypedClusterMessage;
import dev.sockeye.core.adapter.internal.ClusterWire;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.NullNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The Redis Streams adapter's formats, as {@code @socket.io/redis-streams-adapter} 0.3.1 writes
 * them. Pure functions, thread-safe.
 *
 * <ul>
 *   <li>A stream entry has the fields {@code uid}, {@code nsp}, {@code type} (the number as
 *       text) and, when the message has data, {@code data}: {@code JSON.stringify(data)}, or
 *       {@code base64(msgpack(data))} when a message of a type that may carry client data holds
 *       binary. A reader tells them apart by the first character, <code>'{'</code> meaning JSON.</li>
 *   <li>What goes through pub/sub instead of the stream (requests that want answers, and the
 *       answers) is {@code msgpack(message)}, the whole message.</li>
 *   <li>A session is {@code base64(msgpack({sid, pid, rooms, data}))}.</li>
 *   <li>Offsets are stream entry ids, {@code <ms>-<seq>}.</li>
 * </ul>
 */
public final class StreamsWire {

    private static final Pattern OFFSET = Pattern.compile("[0-9]+-[0-9]+");
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private StreamsWire() {}

    /**
     * A typed message as the fields of a stream entry, in Node's order.
     *
     * @param message       the message
     * @param onlyPlaintext whether to skip the binary check (always JSON)
     * @return field name → UTF-8 value
     */
    public static Map<String, byte[]> encode(TypedClusterMessage message, boolean onlyPlaintext) {
        return encode(ClusterMessageCodec.toClusterMessage(message), onlyPlaintext);
    }

    /**
     * Reads the fields of a stream entry into a typed message.
     *
     * @param fields the entry's fields
     * @return the message, or {@code null} when its type is unknown
     * @throws IllegalArgumentException when the entry is no valid message
     */
    public static TypedClusterMessage decodeTyped(Map<String, byte[]> fields) {
        // the stream is shared by every namespace: an entry without one is for none
        return ClusterMessageCodec.toTyped(decode(fields), null);
    }

    /**
     * A message that goes through pub/sub: {@code msgpack(message)}.
     *
     * @param message the message
     * @return the payload
     */
    public static byte[] encodeEphemeral(TypedClusterMessage message) {
        return ClusterMessageCodec.toMsgpack(ClusterMessageCodec.toClusterMessage(message));
    }

    /**
     * Reads a message that came through pub/sub.
     *
     * @param payload    the payload
     * @param channelNsp the namespace of the channel, for messages that name none
     * @return the message, or {@code null} when its type is unknown
     * @throws IllegalArgumentException when the payload is no valid message
     */
    public static TypedClusterMessage decodeEphemeral(byte[] payload, String channelNsp) {
        return ClusterMessageCodec.toTyped(ClusterMessageCodec.fromMsgpack(payload), channelNsp);
    }

    /**
     * A message in tree form as the fields of a stream entry, in Node's order.
     *
     * @param message       the message
     * @param onlyPlaintext whether to skip the binary check (always JSON)
     * @return field name → UTF-8 value
     */
    public static Map<String, byte[]> encode(ClusterMessage message, boolean onlyPlaintext) {
        Map<String, byte[]> fields = new LinkedHashMap<>();
        fields.put("uid", utf8(message.uid()));
        fields.put("nsp", utf8(message.nsp()));
        fields.put("type", utf8(Integer.toString(message.type())));
        JsonNode data = message.data();
        if (data != null) {
            boolean binary = !onlyPlaintext
                    && ClusterMessageCodec.mayCarryBinary(message.type())
                    && ClusterMessageCodec.hasBinary(data);
            fields.put(
                    "data",
                    utf8(
                            binary
                                    ? Base64.getEncoder().encodeToString(ClusterMessageCodec.treeToMsgpack(data))
                                    : ClusterMessageCodec.treeToJson(data)));
        }
        return fields;
    }

    /**
     * Reads the fields of a stream entry written by {@link #encode}, a Node adapter or an
     * emitter.
     *
     * @param fields the entry's fields
     * @return the message
     * @throws IllegalArgumentException when the entry is no valid message
     */
    public static ClusterMessage decode(Map<String, byte[]> fields) {
        String type = text(fields.get("type"));
        if (type == null || !type.matches("[0-9]{1,9}")) {
            throw new IllegalArgumentException("stream entry without a numeric type: " + type);
        }
        String data = text(fields.get("data"));
        JsonNode tree = null;
        if (data != null && !data.isEmpty()) {
            tree = data.startsWith("{")
                    ? ClusterMessageCodec.jsonToTree(data)
                    : ClusterMessageCodec.msgpackToTree(base64(data));
        }
        return new ClusterMessage(text(fields.get("uid")), text(fields.get("nsp")), Integer.parseInt(type), tree);
    }

    /**
     * The namespace of a stream entry, read without decoding the rest (the stream is shared by
     * every namespace).
     *
     * @param fields the entry's fields
     * @return the namespace, or {@code null} when the entry names none
     */
    public static String nspOf(Map<String, byte[]> fields) {
        return text(fields.get("nsp"));
    }

    /**
     * Whether a stream entry is a BROADCAST, read without decoding its data.
     *
     * @param fields the entry's fields
     * @return true for type 3
     */
    public static boolean isBroadcast(Map<String, byte[]> fields) {
        return Integer.toString(MessageType.BROADCAST.code()).equals(text(fields.get("type")));
    }

    /**
     * A session as Node stores it: {@code base64(msgpack({sid, pid, rooms, data}))}.
     *
     * @param session the session
     * @return the value of its key
     */
    public static String encodeSession(SessionToPersist session) {
        ObjectNode tree = NODES.objectNode();
        tree.put("sid", session.sid());
        tree.put("pid", session.pid());
        session.rooms().forEach(tree.putArray("rooms")::add);
        tree.set("data", session.data() == null ? NullNode.getInstance() : session.data());
        return Base64.getEncoder().encodeToString(ClusterMessageCodec.treeToMsgpack(tree));
    }

    /**
     * Reads a session written by {@link #encodeSession} or a Node adapter.
     *
     * @param value the value of its key
     * @return the session
     * @throws IllegalArgumentException when the value is no valid session
     */
    public static SessionToPersist decodeSession(String value) {
        JsonNode tree = ClusterMessageCodec.msgpackToTree(base64(value));
        JsonNode sid = ClusterWire.field(tree, "sid");
        JsonNode pid = ClusterWire.field(tree, "pid");
        if (!sid.isString() || !pid.isString()) {
            throw new IllegalArgumentException("session without sid or pid");
        }
        Set<String> rooms = ClusterWire.stringSet(tree.get("rooms"), "rooms");
        JsonNode data = tree.get("data");
        return new SessionToPersist(
                sid.stringValue(), pid.stringValue(), rooms, data == null ? NullNode.getInstance() : data);
    }

    /**
     * Whether a client's offset looks like a stream entry id (Node's {@code /^[0-9]+-[0-9]+$/}).
     *
     * @param offset the offset
     * @return true for {@code <digits>-<digits>}
     */
    public static boolean isOffset(String offset) {
        return offset != null && OFFSET.matcher(offset).matches();
    }

    /**
     * Compares two stream ids ({@code <ms>-<seq>}) in the order Redis gives them.
     *
     * @param a a valid offset
     * @param b a valid offset
     * @return negative, zero or positive as {@code a} comes before, is, or comes after {@code b}
     */
    public static int compareOffsets(String a, String b) {
        int dashA = a.indexOf('-');
        int dashB = b.indexOf('-');
        int ms = Long.compareUnsigned(
                Long.parseUnsignedLong(a.substring(0, dashA)), Long.parseUnsignedLong(b.substring(0, dashB)));
        return ms != 0
                ? ms
                : Long.compareUnsigned(
                        Long.parseUnsignedLong(a.substring(dashA + 1)), Long.parseUnsignedLong(b.substring(dashB + 1)));
    }

    /**
     * The smallest id after an offset, {@code <ms>-<seq + 1>} (Node's {@code nextOffset}, since
     * exclusive ranges need Redis 6.2).
     *
     * @param offset a valid offset
     * @return the next id
     */
    public static String nextOffset(String offset) {
        int dash = offset.indexOf('-');
        return offset.substring(0, dash + 1) + (Long.parseUnsignedLong(offset.substring(dash + 1)) + 1);
    }

    /**
     * Whether a missed broadcast is for a session's socket (Node's {@code shouldIncludePacket}):
     * it targets everyone or one of the session's rooms, and excludes none of them.
     *
     * @param sessionRooms the session's rooms
     * @param opts         the broadcast's options
     * @return true when the socket would have received it
     */
    public static boolean isFor(Set<String> sessionRooms, BroadcastOptions opts) {
        boolean included = opts.rooms().isEmpty() || sessionRooms.stream().anyMatch(opts.rooms()::contains);
        boolean excluded = sessionRooms.stream().anyMatch(opts.except()::contains);
        return included && !excluded;
    }

    private static byte[] utf8(String value) {
        return value == null ? new byte[0] : value.getBytes(StandardCharsets.UTF_8);
    }

    private static String text(byte[] value) {
        return value == null ? null : new String(value, StandardCharsets.UTF_8);
    }

    private static byte[] base64(String value) {
        try {
            return Base64.getDecoder().decode(value);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("neither JSON nor base64: " + e.getMessage(), e);
        }
    }
}
