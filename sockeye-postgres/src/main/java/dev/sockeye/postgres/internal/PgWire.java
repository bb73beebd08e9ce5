package dev.sockeye.postgres.internal;

import dev.sockeye.core.adapter.cluster.ClusterMessage;
import dev.sockeye.core.adapter.cluster.ClusterMessageCodec;
import dev.sockeye.core.adapter.cluster.TypedClusterMessage;
import java.sql.SQLException;
import java.util.function.Predicate;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * What goes into PostgreSQL, as {@code @socket.io/postgres-adapter} 0.5 writes it: the channel
 * {@code <prefix>#<nsp>}, the JSON message as notification payload, or the header
 * {@code {"uid","type","attachmentId"}} pointing at a MessagePack row of the table.
 */
public final class PgWire {

    private PgWire() {}

    /**
     * The notification channel of a namespace (no trailing {@code #}, unlike Redis).
     *
     * @param prefix the channel prefix
     * @param nsp    the namespace
     * @return the channel
     */
    public static String channel(String prefix, String nsp) {
        return prefix + "#" + nsp;
    }

    /**
     * The namespace of a channel, for messages that do not carry it (the Postgres emitter's).
     *
     * @param prefix  the channel prefix
     * @param channel the channel
     * @return the namespace, or {@code null} when the channel is not one of the prefix
     */
    public static String nspOf(String prefix, String channel) {
        String start = prefix + "#";
        return channel != null && channel.startsWith(start) ? channel.substring(start.length()) : null;
    }

    /**
     * A channel as a quoted SQL identifier, for {@code LISTEN}/{@code UNLISTEN}.
     *
     * @param channel the channel
     * @return the quoted identifier
     */
    public static String quoteIdentifier(String channel) {
        return '"' + channel.replace("\"", "\"\"") + '"';
    }

    /** What one message becomes: a notification carrying it, or a row of the table and a header. */
    public sealed interface Notification {}

    /**
     * The JSON message as the notification payload.
     *
     * @param payload the JSON text
     */
    public record Inline(String payload) implements Notification {}

    /**
     * A MessagePack row of the table, announced by a {@link #header} notification.
     *
     * @param row  the row's bytes
     * @param uid  the sender, for the header
     * @param type the message type, for the header
     */
    public record Attachment(byte[] row, String uid, int type) implements Notification {
        /**
         * The notification payload pointing at the row once inserted.
         *
         * @param attachmentId the row id
         * @return the JSON header
         */
        public String header(long attachmentId) {
            return PgWire.header(uid, type, attachmentId);
        }
    }

    /**
     * Encodes a message as Node does: JSON in the notification, unless it holds binary or its JSON
     * form reaches the threshold, then MessagePack in a row of the table.
     *
     * @param message   the message
     * @param threshold the payload threshold in bytes
     * @return the notification
     */
    public static Notification encode(TypedClusterMessage message, int threshold) {
        ClusterMessage tree = ClusterMessageCodec.toClusterMessage(message);
        String json = hasBinary(tree) ? null : ClusterMessageCodec.toJson(tree);
        if (!needsAttachment(tree, json, threshold)) {
            return new Inline(json);
        }
        return new Attachment(ClusterMessageCodec.toMsgpack(tree), tree.uid(), tree.type());
    }

    /**
     * Whether a message goes through the table: binary data in a type that may carry it, or a
     * JSON form of {@code threshold} bytes or more.
     *
     * @param message   the message
     * @param json      its JSON form, or {@code null} when not computed (binary)
     * @param threshold the payload threshold
     * @return true for the table
     */
    public static boolean needsAttachment(ClusterMessage message, String json, int threshold) {
        if (json == null) {
            return true;
        }
        return utf8Length(json, threshold) >= threshold;
    }

    /**
     * Whether the message holds binary data, which JSON cannot carry. Node's adapter checks only types 3, 9, 10
     * and 12 and JSON-encodes a FETCH_SOCKETS_RESPONSE (8) whose socket data holds a Buffer, which its receivers
     * then get as {@code {"type":"Buffer",…}}; Sockeye sends such a response as an attachment too, which every
     * receiver (Node included: it decodes any attachment as MessagePack) gets back as bytes.
     *
     * @param message the message
     * @return true when it must go as MessagePack
     */
    public static boolean hasBinary(ClusterMessage message) {
        return ClusterMessageCodec.mayCarryBinary(message.type()) && ClusterMessageCodec.hasBinary(message.data());
    }

    /**
     * The notification payload pointing at a row of the table. The id is written as a string,
     * as node-postgres returns {@code bigserial} values.
     *
     * @param uid          the sender, or {@code null}
     * @param type         the message type
     * @param attachmentId the row id
     * @return the JSON header
     */
    public static String header(String uid, int type, long attachmentId) {
        ObjectNode header = JsonNodeFactory.instance.objectNode();
        if (uid != null) {
            header.put("uid", uid);
        }
        header.put("type", type);
        header.put("attachmentId", Long.toString(attachmentId));
        return ClusterMessageCodec.treeToJson(header);
    }

    /**
     * The row id of a header: a string of digits (node-postgres) or an integral number.
     *
     * @param node the {@code attachmentId} value
     * @return the id
     * @throws IllegalArgumentException when it is neither
     */
    public static long attachmentId(JsonNode node) {
        if (node.isIntegralNumber() && node.canConvertToLong()) {
            return node.longValue();
        }
        if (node.isString()) {
            try {
                return Long.parseLong(node.stringValue());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("attachmentId is not a number: " + node.stringValue(), e);
            }
        }
        throw new IllegalArgumentException("attachmentId is not a number");
    }

    /** Reads the MessagePack row an attachment header points at. */
    @FunctionalInterface
    public interface AttachmentRows {
        /**
         * Reads a row.
         *
         * @param id the row id
         * @return the row's bytes, or {@code null} when the row is gone (deleted after its time to live)
         * @throws SQLException when the query fails
         */
        byte[] read(long id) throws SQLException;
    }

    /**
     * Decodes a notification: the JSON message itself, or a header {@code {"uid","type","attachmentId"}} whose
     * MessagePack row is read through {@code rows}. A message without namespace (the Postgres emitter's) gets the
     * channel's.
     *
     * @param prefix   the channel prefix
     * @param channel  the channel the notification came on
     * @param payload  the notification payload
     * @param isOwnUid whether a uid is this node's: a header from this node is ignored without reading its row
     * @param rows     reads attachment rows
     * @return the message, or {@code null} for this node's own attachment or one whose row is gone
     * @throws IllegalArgumentException when the payload or the row is malformed
     * @throws SQLException             when reading the row fails
     */
    public static ClusterMessage decode(
            String prefix, String channel, String payload, Predicate<String> isOwnUid, AttachmentRows rows)
            throws SQLException {
        JsonNode tree = ClusterMessageCodec.jsonToTree(payload);
        if (!tree.isObject()) {
            throw new IllegalArgumentException("notification payload is not a JSON object");
        }
        ClusterMessage message;
        JsonNode attachment = tree.get("attachmentId");
        if (attachment != null && !attachment.isNull()) {
            JsonNode uid = tree.get("uid");
            if (uid != null && uid.isString() && isOwnUid.test(uid.stringValue())) {
                return null;
            }
            byte[] bytes = rows.read(attachmentId(attachment));
            if (bytes == null) {
                return null;
            }
            message = ClusterMessageCodec.fromMsgpack(bytes);
        } else {
            message = ClusterMessageCodec.fromTree(tree);
        }
        if (message.nsp() == null) {
            message = message.withNsp(nspOf(prefix, channel));
        }
        return message;
    }

    /**
     * {@link #decode} into a typed message.
     *
     * @param prefix   the channel prefix
     * @param channel  the channel the notification came on
     * @param payload  the notification payload
     * @param isOwnUid whether a uid is this node's
     * @param rows     reads attachment rows
     * @return the message, or {@code null} for this node's own attachment, one whose row is gone, or an unknown type
     * @throws IllegalArgumentException when the payload or the row is malformed
     * @throws SQLException             when reading the row fails
     */
    public static TypedClusterMessage decodeTyped(
            String prefix, String channel, String payload, Predicate<String> isOwnUid, AttachmentRows rows)
            throws SQLException {
        ClusterMessage message = decode(prefix, channel, payload, isOwnUid, rows);
        return message == null ? null : ClusterMessageCodec.toTyped(message, message.nsp());
    }

    /** The UTF-8 length of a string, counting no further than {@code limit}. */
    static int utf8Length(String s, int limit) {
        int bytes = 0;
        for (int i = 0, n = s.length(); i < n && bytes < limit; i++) {
            char c = s.charAt(i);
            if (c < 0x80) {
                bytes += 1;
            } else if (c < 0x800) {
                bytes += 2;
            } else if (Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(s.charAt(i + 1))) {
                bytes += 4;
                i++;
            } else {
                bytes += 3;
            }
        }
        return bytes;
    }
}
