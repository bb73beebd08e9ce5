package dev.sockeye.core.adapter.internal;

import dev.sockeye.core.Packet;
import dev.sockeye.core.PacketType;
import dev.sockeye.core.adapter.BroadcastOptions;
import dev.sockeye.core.adapter.SocketDetails;
import dev.sockeye.core.adapter.cluster.ClusterPayload;
import dev.sockeye.core.adapter.cluster.MessageType;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.NullNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The codec between {@link ClusterPayload} records and the {@code data} shapes of cluster
 * messages, as the Node {@code ClusterAdapter} builds and reads them (key order included, so
 * that JSON output is byte-identical), and the ids. The envelope and its bytes (JSON or
 * MessagePack) are {@code ClusterMessageCodec}'s. Readers throw {@link IllegalArgumentException}
 * on a malformed shape.
 */
public final class ClusterWire {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final SecureRandom RANDOM = new SecureRandom();

    private ClusterWire() {}

    /**
     * A random id of 16 hex characters (Node: {@code randomBytes(8).toString("hex")}), for node
     * uids and request ids.
     *
     * @return the id
     */
    public static String randomId() {
        byte[] bytes = new byte[8];
        RANDOM.nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }

    // ---- the records ----

    /**
     * The {@code data} of a payload.
     *
     * @param payload the payload
     * @return the data, {@code null} for the types without data (heartbeats, ADAPTER_CLOSE)
     */
    public static JsonNode toData(ClusterPayload payload) {
        if (payload instanceof ClusterPayload.Broadcast b) {
            return broadcast(b.packet(), b.opts(), b.requestId());
        } else if (payload instanceof ClusterPayload.SocketsJoin j) {
            return socketsRooms(j.opts(), j.rooms());
        } else if (payload instanceof ClusterPayload.SocketsLeave l) {
            return socketsRooms(l.opts(), l.rooms());
        } else if (payload instanceof ClusterPayload.DisconnectSockets d) {
            return disconnectSockets(d.opts(), d.close());
        } else if (payload instanceof ClusterPayload.FetchSockets f) {
            return fetchSockets(f.opts(), f.requestId());
        } else if (payload instanceof ClusterPayload.FetchSocketsResponse r) {
            return fetchSocketsResponse(r.requestId(), r.sockets());
        } else if (payload instanceof ClusterPayload.ServerSideEmit e) {
            return serverSideEmit(e.packet(), e.requestId());
        } else if (payload instanceof ClusterPayload.ServerSideEmitResponse r) {
            return answer(r.requestId(), r.answer());
        } else if (payload instanceof ClusterPayload.BroadcastClientCount c) {
            return clientCount(c.requestId(), c.clientCount());
        } else if (payload instanceof ClusterPayload.BroadcastAck a) {
            return answer(a.requestId(), a.answer());
        }
        return null; // InitialHeartbeat, Heartbeat, AdapterClose carry no data
    }

    /**
     * Reads the {@code data} of a message of a known type. Optional request ids may be any
     * scalar (read as text); required ones must be strings.
     *
     * @param type the type
     * @param data the data, {@code null} when absent
     * @param nsp  the namespace to give packets
     * @return the payload
     * @throws IllegalArgumentException when the data is malformed for the type
     */
    public static ClusterPayload fromData(MessageType type, JsonNode data, String nsp) {
        return switch (type) {
            case INITIAL_HEARTBEAT -> new ClusterPayload.InitialHeartbeat();
            case HEARTBEAT -> new ClusterPayload.Heartbeat();
            case ADAPTER_CLOSE -> new ClusterPayload.AdapterClose();
            case BROADCAST ->
                new ClusterPayload.Broadcast(
                        packetFromTree(field(data, "packet"), nsp),
                        optsFromTree(field(data, "opts")),
                        optionalId(data == null ? null : data.get("requestId")));
            case SOCKETS_JOIN ->
                new ClusterPayload.SocketsJoin(
                        optsFromTree(field(data, "opts")), List.copyOf(stringSet(field(data, "rooms"), "rooms")));
            case SOCKETS_LEAVE ->
                new ClusterPayload.SocketsLeave(
                        optsFromTree(field(data, "opts")), List.copyOf(stringSet(field(data, "rooms"), "rooms")));
            case DISCONNECT_SOCKETS ->
                new ClusterPayload.DisconnectSockets(
                        optsFromTree(field(data, "opts")), data.path("close").asBoolean(false));
            case FETCH_SOCKETS ->
                new ClusterPayload.FetchSockets(optsFromTree(field(data, "opts")), stringField(data, "requestId"));
            case FETCH_SOCKETS_RESPONSE ->
                new ClusterPayload.FetchSocketsResponse(
                        stringField(data, "requestId"), detailsList(data.get("sockets")));
            case SERVER_SIDE_EMIT ->
                new ClusterPayload.ServerSideEmit(
                        optionalId(data == null ? null : data.get("requestId")), eventArray(field(data, "packet")));
            case SERVER_SIDE_EMIT_RESPONSE ->
                new ClusterPayload.ServerSideEmitResponse(stringField(data, "requestId"), field(data, "packet"));
            case BROADCAST_CLIENT_COUNT ->
                new ClusterPayload.BroadcastClientCount(
                        stringField(data, "requestId"), clientCount(field(data, "clientCount")));
            case BROADCAST_ACK ->
                new ClusterPayload.BroadcastAck(stringField(data, "requestId"), field(data, "packet"));
        };
    }

    /**
     * Reads the {@code requestId} of a message that may ask for answers: any scalar, read as text.
     *
     * @param requestId the value, {@code null} when absent
     * @return the id, {@code null} when the message asks for none
     */
    public static String optionalId(JsonNode requestId) {
        if (requestId == null || requestId.isNull()) {
            return null;
        }
        if (!requestId.isValueNode()) { // asString() would throw Jackson's exception for a container
            throw new IllegalArgumentException("requestId is not a scalar");
        }
        return requestId.asString();
    }

    /**
     * Reads a client count.
     *
     * @param count the value
     * @return the count
     */
    public static int clientCount(JsonNode count) {
        if (!count.isNumber() || !count.canConvertToInt()) {
            throw new IllegalArgumentException("clientCount is not a number");
        }
        return count.asInt();
    }

    /**
     * Reads the {@code ["event", ...args]} of a serverSideEmit.
     *
     * @param packet the value
     * @return the array
     */
    public static ArrayNode eventArray(JsonNode packet) {
        if (!packet.isArray() || packet.isEmpty()) {
            throw new IllegalArgumentException("serverSideEmit packet is not a non-empty array");
        }
        return (ArrayNode) packet;
    }

    // ---- building ----

    /**
     * BROADCAST data: {@code {packet, opts}} or, with ack, {@code {packet, requestId, opts}}.
     *
     * @param packet    the packet
     * @param opts      the options
     * @param requestId the request id of a broadcast with ack, else {@code null}
     * @return the data
     */
    public static ObjectNode broadcast(Packet packet, BroadcastOptions opts, String requestId) {
        ObjectNode data = NODES.objectNode();
        data.set("packet", packetToTree(packet));
        if (requestId != null) {
            data.put("requestId", requestId);
        }
        data.set("opts", optsToTree(opts));
        return data;
    }

    /**
     * SOCKETS_JOIN / SOCKETS_LEAVE data: {@code {opts, rooms}}.
     *
     * @param opts  the options
     * @param rooms the rooms
     * @return the data
     */
    public static ObjectNode socketsRooms(BroadcastOptions opts, Collection<String> rooms) {
        ObjectNode data = NODES.objectNode();
        data.set("opts", optsToTree(opts));
        data.set("rooms", strings(rooms));
        return data;
    }

    /**
     * DISCONNECT_SOCKETS data: {@code {opts, close}}.
     *
     * @param opts  the options
     * @param close the close flag
     * @return the data
     */
    public static ObjectNode disconnectSockets(BroadcastOptions opts, boolean close) {
        ObjectNode data = NODES.objectNode();
        data.set("opts", optsToTree(opts));
        data.put("close", close);
        return data;
    }

    /**
     * FETCH_SOCKETS data: {@code {opts, requestId}}.
     *
     * @param opts      the options
     * @param requestId the request id
     * @return the data
     */
    public static ObjectNode fetchSockets(BroadcastOptions opts, String requestId) {
        ObjectNode data = NODES.objectNode();
        data.set("opts", optsToTree(opts));
        data.put("requestId", requestId);
        return data;
    }

    /**
     * FETCH_SOCKETS_RESPONSE data: {@code {requestId, sockets}}.
     *
     * @param requestId the request id
     * @param sockets   the sockets
     * @return the data
     */
    public static ObjectNode fetchSocketsResponse(String requestId, List<SocketDetails> sockets) {
        ObjectNode data = NODES.objectNode();
        data.put("requestId", requestId);
        ArrayNode array = data.putArray("sockets");
        for (SocketDetails socket : sockets) {
            array.add(detailsToTree(socket));
        }
        return data;
    }

    /**
     * SERVER_SIDE_EMIT data: {@code {packet}} or, with ack, {@code {requestId, packet}}.
     *
     * @param packet    {@code ["event", ...args]}
     * @param requestId the request id when an answer is wanted, else {@code null}
     * @return the data
     */
    public static ObjectNode serverSideEmit(ArrayNode packet, String requestId) {
        ObjectNode data = NODES.objectNode();
        if (requestId != null) {
            data.put("requestId", requestId);
        }
        data.set("packet", packet);
        return data;
    }

    /**
     * SERVER_SIDE_EMIT_RESPONSE and BROADCAST_ACK data: {@code {requestId, packet}}.
     *
     * @param requestId the request id
     * @param answer    the first ack argument
     * @return the data
     */
    public static ObjectNode answer(String requestId, JsonNode answer) {
        ObjectNode data = NODES.objectNode();
        data.put("requestId", requestId);
        data.set("packet", answer == null ? NullNode.getInstance() : answer);
        return data;
    }

    /**
     * BROADCAST_CLIENT_COUNT data: {@code {requestId, clientCount}}.
     *
     * @param requestId   the request id
     * @param clientCount the count
     * @return the data
     */
    public static ObjectNode clientCount(String requestId, int clientCount) {
        ObjectNode data = NODES.objectNode();
        data.put("requestId", requestId);
        data.put("clientCount", clientCount);
        return data;
    }

    /**
     * A packet object as carried in cluster messages: {@code {type: 2, data: [...]}} (never the
     * namespace, which is the envelope's; never an ack id).
     *
     * @param packet the packet
     * @return the tree
     */
    public static ObjectNode packetToTree(Packet packet) {
        ObjectNode tree = NODES.objectNode();
        tree.put("type", PacketType.EVENT.ordinal());
        tree.set("data", packet.data());
        return tree;
    }

    /**
     * Broadcast options as carried in cluster messages: {@code {rooms, except, flags}}, with only
     * the flags that differ from the defaults ({@code compress} only when false, {@code timeout}
     * in ms).
     *
     * @param opts the options
     * @return the tree
     */
    public static ObjectNode optsToTree(BroadcastOptions opts) {
        ObjectNode tree = NODES.objectNode();
        tree.set("rooms", strings(opts.rooms()));
        tree.set("except", strings(opts.except()));
        ObjectNode flags = tree.putObject("flags");
        if (opts.isVolatile()) {
            flags.put("volatile", true);
        }
        if (!opts.compress()) {
            flags.put("compress", false);
        }
        if (opts.local()) {
            flags.put("local", true);
        }
        if (opts.broadcast()) {
            flags.put("broadcast", true);
        }
        if (opts.timeout() != null) {
            flags.put("timeout", opts.timeout().toMillis());
        }
        if (opts.expectSingleResponse()) {
            flags.put("expectSingleResponse", true);
        }
        return tree;
    }

    /**
     * Socket details as carried in FETCH_SOCKETS_RESPONSE: {@code {id, handshake, rooms, data}}.
     *
     * @param details the details
     * @return the tree
     */
    public static ObjectNode detailsToTree(SocketDetails details) {
        ObjectNode tree = NODES.objectNode();
        tree.put("id", details.id());
        tree.set("handshake", details.handshake() == null ? NullNode.getInstance() : details.handshake());
        tree.set("rooms", strings(details.rooms()));
        tree.set("data", details.data() == null ? NullNode.getInstance() : details.data());
        return tree;
    }

    /**
     * Strings as a JSON array, in their order.
     *
     * @param values the strings
     * @return a new array
     */
    public static ArrayNode strings(Collection<String> values) {
        ArrayNode array = NODES.arrayNode();
        values.forEach(array::add);
        return array;
    }

    // ---- reading ----

    /**
     * Reads a packet object; tolerates {@code nsp} and {@code id}, which are ignored (the
     * namespace comes from the envelope, ack ids are per node).
     *
     * @param tree the packet object
     * @param nsp  the namespace to give the packet
     * @return an EVENT packet
     */
    public static Packet packetFromTree(JsonNode tree, String nsp) {
        JsonNode type = field(tree, "type");
        int t = type.asInt(-1);
        if (t != PacketType.EVENT.ordinal() && t != PacketType.BINARY_EVENT.ordinal()) {
            throw new IllegalArgumentException("packet type " + type + " is not an event");
        }
        JsonNode data = field(tree, "data");
        if (!data.isArray() || data.isEmpty()) {
            throw new IllegalArgumentException("packet data is not a non-empty array");
        }
        return Packet.event(nsp, data);
    }

    /**
     * Reads broadcast options; absent {@code rooms}, {@code except} or {@code flags} mean none,
     * unknown flags are ignored, numeric room names are read as text, a {@code timeout} that is
     * not a number of milliseconds from 0 to {@code Long.MAX_VALUE} means none.
     *
     * @param tree the options object
     * @return the options
     */
    public static BroadcastOptions optsFromTree(JsonNode tree) {
        if (tree == null || !tree.isObject()) {
            throw new IllegalArgumentException("options are not an object");
        }
        BroadcastOptions opts = BroadcastOptions.all()
                .to(stringSet(tree.get("rooms"), "rooms"))
                .except(stringSet(tree.get("except"), "except"));
        JsonNode flags = tree.get("flags");
        if (flags != null && flags.isObject()) {
            opts = opts.withVolatile(flags.path("volatile").asBoolean(false))
                    .withCompress(flags.path("compress").asBoolean(true))
                    .withLocal(flags.path("local").asBoolean(false))
                    .withBroadcast(flags.path("broadcast").asBoolean(false))
                    .withExpectSingleResponse(flags.path("expectSingleResponse").asBoolean(false));
            JsonNode timeout = flags.get("timeout");
            // asLong(-1): a number beyond a long (or NaN) means no timeout, like a negative one; asLong() would throw
            long millis = timeout != null && timeout.isNumber() ? timeout.asLong(-1) : -1;
            if (millis >= 0) {
                opts = opts.withTimeout(Duration.ofMillis(millis));
            }
        }
        return opts;
    }

    /**
     * Reads socket details.
     *
     * @param tree the details object
     * @return the details
     */
    public static SocketDetails detailsFromTree(JsonNode tree) {
        JsonNode id = field(tree, "id");
        if (!id.isString()) {
            throw new IllegalArgumentException("socket id is not a string");
        }
        return new SocketDetails(
                id.stringValue(),
                tree.path("handshake").isMissingNode() ? NullNode.getInstance() : tree.get("handshake"),
                stringSet(tree.get("rooms"), "rooms"),
                tree.path("data").isMissingNode() ? NullNode.getInstance() : tree.get("data"));
    }

    /**
     * Reads a list of strings (room names).
     *
     * @param node the array, or {@code null}
     * @param name the field name, for the error message
     * @return the strings, in order
     */
    public static Set<String> stringSet(JsonNode node, String name) {
        if (node == null || node.isNull()) {
            return Set.of();
        }
        if (!node.isArray()) {
            throw new IllegalArgumentException(name + " is not an array");
        }
        Set<String> result = new LinkedHashSet<>();
        for (JsonNode element : node) {
            if (!element.isString() && !element.isNumber()) {
                throw new IllegalArgumentException(name + " holds a " + element.getNodeType());
            }
            result.add(element.asString());
        }
        return result;
    }

    /**
     * Reads the {@code sockets} array of a FETCH_SOCKETS_RESPONSE; one malformed entry makes the
     * whole response malformed.
     *
     * @param node the array
     * @return the details
     */
    public static List<SocketDetails> detailsList(JsonNode node) {
        if (node == null || !node.isArray()) {
            throw new IllegalArgumentException("sockets is not an array");
        }
        List<SocketDetails> result = new ArrayList<>(node.size());
        for (JsonNode element : node) {
            result.add(detailsFromTree(element));
        }
        return result;
    }

    /**
     * A required field of an object.
     *
     * @param tree the object
     * @param name the field
     * @return the value, never {@code null}
     */
    public static JsonNode field(JsonNode tree, String name) {
        if (tree == null || !tree.isObject()) {
            throw new IllegalArgumentException("expected an object holding " + name);
        }
        JsonNode value = tree.get(name);
        if (value == null) {
            throw new IllegalArgumentException("missing field " + name);
        }
        return value;
    }

    /**
     * A required string field of an object.
     *
     * @param tree the object
     * @param name the field
     * @return the string
     */
    public static String stringField(JsonNode tree, String name) {
        JsonNode value = field(tree, name);
        if (!value.isString()) {
            throw new IllegalArgumentException(name + " is not a string");
        }
        return value.stringValue();
    }
}
