package dev.sockeye.redis.internal;

import dev.sockeye.core.Packet;
import dev.sockeye.core.adapter.BroadcastOptions;
import dev.sockeye.core.adapter.cluster.ClusterMessage;
import dev.sockeye.core.adapter.cluster.ClusterMessageCodec;
import dev.sockeye.core.adapter.cluster.ClusterPayload;
import dev.sockeye.core.adapter.cluster.TypedClusterMessage;
import dev.sockeye.core.adapter.internal.ClusterWire;
import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.NullNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The wire format of the classic {@code @socket.io/redis-adapter} ({@code createAdapter}): the
 * codec between the {@link TypedClusterMessage}s of the cluster base and the classic bytes. The
 * cluster base keeps all request bookkeeping. The readers also give the tree form
 * ({@link ClusterMessage}) that the golden tests compare.
 *
 * <table>
 *   <caption>Cluster message type → classic wire</caption>
 *   <tr><th>cluster</th><th>classic</th><th>encoding</th></tr>
 *   <tr><td>3 BROADCAST</td><td>{@code [uid, packet, opts]} on the broadcast channel</td><td>msgpack</td></tr>
 *   <tr><td>3 BROADCAST + requestId</td><td>request 7 {@code {uid, requestId, type, packet, opts}}</td><td>msgpack</td></tr>
 *   <tr><td>4 / 5 SOCKETS_JOIN / LEAVE</td><td>request 2 / 3 {@code {uid, type, opts, rooms}}</td><td>JSON</td></tr>
 *   <tr><td>6 DISCONNECT_SOCKETS</td><td>request 4 {@code {uid, type, opts, close}}</td><td>JSON</td></tr>
 *   <tr><td>7 FETCH_SOCKETS</td><td>request 5 {@code {uid, requestId, type, opts}}</td><td>JSON</td></tr>
 *   <tr><td>8 FETCH_SOCKETS_RESPONSE</td><td>{@code {requestId, sockets}}</td><td>JSON</td></tr>
 *   <tr><td>9 SERVER_SIDE_EMIT</td><td>request 6 {@code {uid, requestId?, type, data}}</td><td>JSON</td></tr>
 *   <tr><td>10 SERVER_SIDE_EMIT_RESPONSE</td><td>{@code {type: 6, requestId, data}}</td><td>JSON</td></tr>
 *   <tr><td>11 BROADCAST_CLIENT_COUNT</td><td>{@code {type: 8, requestId, clientCount}}</td><td>JSON</td></tr>
 *   <tr><td>12 BROADCAST_ACK</td><td>{@code {type: 9, requestId, packet}}</td><td>msgpack</td></tr>
 * </table>
 *
 * <p>Request {@code opts} carry only {@code rooms} and {@code except} (no flags), except for the
 * broadcasts; packets carry {@code nsp}. Key order follows the Node code, so that the output is
 * byte-identical to Node's. Readers throw {@link IllegalArgumentException} on malformed input.
 */
public final class ClassicWire {

    /** Classic request type: ids of the sockets in rooms ({@code adapter.sockets()}). */
    public static final int SOCKETS = 0;
    /** Classic request type: every room ({@code adapter.allRooms()}). */
    public static final int ALL_ROOMS = 1;
    /** Classic request type: {@code socketsJoin}. */
    public static final int REMOTE_JOIN = 2;
    /** Classic request type: {@code socketsLeave}. */
    public static final int REMOTE_LEAVE = 3;
    /** Classic request type: {@code disconnectSockets}. */
    public static final int REMOTE_DISCONNECT = 4;
    /** Classic request type: {@code fetchSockets}. */
    public static final int REMOTE_FETCH = 5;
    /** Classic request type: {@code serverSideEmit} (also the type of its responses). */
    public static final int SERVER_SIDE_EMIT = 6;
    /** Classic request type: broadcast with acknowledgements. */
    public static final int BROADCAST = 7;
    /** Classic response type: client count of a broadcast with acknowledgements. */
    public static final int BROADCAST_CLIENT_COUNT = 8;
    /** Classic response type: one client acknowledgement. */
    public static final int BROADCAST_ACK = 9;

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private ClassicWire() {}

    // ---- writing ----

    /**
     * A plain broadcast: {@code msgpack([uid, packet, opts])}, the packet with its namespace.
     *
     * @param uid       the sender
     * @param nsp       the namespace
     * @param broadcast a broadcast without requestId
     * @return the payload
     */
    public static byte[] broadcast(String uid, String nsp, ClusterPayload.Broadcast broadcast) {
        ArrayNode array = NODES.arrayNode();
        array.add(uid);
        array.add(packetWithNsp(broadcast.packet(), nsp));
        array.add(ClusterWire.optsToTree(broadcast.opts()));
        return ClusterMessageCodec.treeToMsgpack(array);
    }

    /**
     * {@link #broadcast(String, String, ClusterPayload.Broadcast)} of a message in tree form.
     *
     * @param message a BROADCAST message without requestId
     * @return the payload
     */
    public static byte[] broadcast(ClusterMessage message) {
        return broadcast(message.uid(), message.nsp(), (ClusterPayload.Broadcast) typed(message));
    }

    /**
     * The room a plain broadcast is published for: its only target room, else {@code null}
     * (Node publishes to {@code <key>#<nsp>#<room>#} when exactly one room is targeted).
     *
     * @param broadcast the broadcast
     * @return the room or {@code null}
     */
    public static String broadcastRoom(ClusterPayload.Broadcast broadcast) {
        Set<String> rooms = broadcast.opts().rooms();
        return rooms.size() == 1 ? rooms.iterator().next() : null;
    }

    /**
     * {@link #broadcastRoom(ClusterPayload.Broadcast)} of a message in tree form.
     *
     * @param message a BROADCAST message
     * @return the room or {@code null}
     */
    public static String broadcastRoom(ClusterMessage message) {
        return broadcastRoom((ClusterPayload.Broadcast) typed(message));
    }

    /**
     * A request (every message type but a plain broadcast and the responses).
     *
     * @param message the message
     * @return the payload, or {@code null} when the classic protocol has no such request
     *         (heartbeats, ADAPTER_CLOSE, responses)
     */
    public static byte[] request(TypedClusterMessage message) {
        String uid = message.uid();
        ClusterPayload payload = message.payload();
        ObjectNode out;
        if (payload instanceof ClusterPayload.Broadcast b) {
            out = request(uid, b.requestId(), BROADCAST);
            out.set("packet", packetWithNsp(b.packet(), message.nsp()));
            out.set("opts", ClusterWire.optsToTree(b.opts()));
            return ClusterMessageCodec.treeToMsgpack(out);
        } else if (payload instanceof ClusterPayload.SocketsJoin join) {
            out = request(uid, null, REMOTE_JOIN);
            out.set("opts", targets(join.opts()));
            out.set("rooms", ClusterWire.strings(join.rooms()));
        } else if (payload instanceof ClusterPayload.SocketsLeave leave) {
            out = request(uid, null, REMOTE_LEAVE);
            out.set("opts", targets(leave.opts()));
            out.set("rooms", ClusterWire.strings(leave.rooms()));
        } else if (payload instanceof ClusterPayload.DisconnectSockets disconnect) {
            out = request(uid, null, REMOTE_DISCONNECT);
            out.set("opts", targets(disconnect.opts()));
            out.put("close", disconnect.close());
        } else if (payload instanceof ClusterPayload.FetchSockets fetch) {
            out = request(uid, fetch.requestId(), REMOTE_FETCH);
            out.set("opts", targets(fetch.opts()));
        } else if (payload instanceof ClusterPayload.ServerSideEmit emit) {
            out = request(uid, emit.requestId(), SERVER_SIDE_EMIT);
            out.set("data", emit.packet());
        } else {
            return null;
        }
        return json(out);
    }

    /**
     * {@link #request(TypedClusterMessage)} of a message in tree form.
     *
     * @param message the cluster message
     * @return the payload, or {@code null} when the classic protocol has no such request
     */
    public static byte[] request(ClusterMessage message) {
        TypedClusterMessage typed = typedMessage(message);
        return typed == null ? null : request(typed);
    }

    /**
     * A response to another node's request.
     *
     * @param response the response (types 8, 10, 11, 12)
     * @return the payload, or {@code null} for other types
     */
    public static byte[] response(TypedClusterMessage response) {
        ClusterPayload payload = response.payload();
        ObjectNode out;
        if (payload instanceof ClusterPayload.FetchSocketsResponse fetched) {
            // {requestId, sockets}: the cluster shape, without type
            return json(ClusterWire.toData(fetched));
        } else if (payload instanceof ClusterPayload.ServerSideEmitResponse answer) {
            out = response(SERVER_SIDE_EMIT, answer.requestId());
            out.set("data", orNull(answer.answer()));
        } else if (payload instanceof ClusterPayload.BroadcastClientCount count) {
            out = response(BROADCAST_CLIENT_COUNT, count.requestId());
            out.put("clientCount", count.clientCount());
        } else if (payload instanceof ClusterPayload.BroadcastAck ack) {
            out = response(BROADCAST_ACK, ack.requestId());
            out.set("packet", orNull(ack.answer()));
            return ClusterMessageCodec.treeToMsgpack(out);
        } else {
            return null;
        }
        return json(out);
    }

    /**
     * {@link #response(TypedClusterMessage)} of a message in tree form.
     *
     * @param response the cluster response (types 8, 10, 11, 12)
     * @return the payload, or {@code null} for other types
     */
    public static byte[] response(ClusterMessage response) {
        TypedClusterMessage typed = typedMessage(response);
        return typed == null ? null : response(typed);
    }

    /**
     * The response to a legacy {@link #SOCKETS} request: {@code {requestId, sockets: [ids]}}.
     *
     * @param requestId the request id
     * @param ids       the socket ids
     * @return the payload
     */
    public static byte[] socketsResponse(JsonNode requestId, Collection<String> ids) {
        return legacyResponse(requestId, "sockets", ids);
    }

    /**
     * The response to an {@link #ALL_ROOMS} request: {@code {requestId, rooms: [..]}}.
     *
     * @param requestId the request id
     * @param rooms     the rooms of this node
     * @return the payload
     */
    public static byte[] allRoomsResponse(JsonNode requestId, Collection<String> rooms) {
        return legacyResponse(requestId, "rooms", rooms);
    }

    /**
     * The response to a legacy single-socket join/leave/disconnect request: {@code {requestId}}.
     *
     * @param requestId the request id
     * @return the payload
     */
    public static byte[] emptyResponse(JsonNode requestId) {
        return legacyResponse(requestId, null, null);
    }

    /** {@code {requestId, <name>: [values]}}, or {@code {requestId}} without a name. */
    private static byte[] legacyResponse(JsonNode requestId, String name, Collection<String> values) {
        ObjectNode out = NODES.objectNode();
        out.set("requestId", requestId);
        if (name != null) {
            out.set(name, ClusterWire.strings(values));
        }
        return json(out);
    }

    /** The head of a request: {@code {uid, requestId?, type}}, in Node's key order. */
    private static ObjectNode request(String uid, String requestId, int type) {
        ObjectNode out = NODES.objectNode();
        out.put("uid", uid);
        if (requestId != null) {
            out.put("requestId", requestId);
        }
        out.put("type", type);
        return out;
    }

    /** The head of a typed response: {@code {type, requestId}}. */
    private static ObjectNode response(int type, String requestId) {
        ObjectNode out = NODES.objectNode();
        out.put("type", type);
        out.put("requestId", requestId);
        return out;
    }

    private static ObjectNode packetWithNsp(Packet packet, String nsp) {
        ObjectNode tree = ClusterWire.packetToTree(packet);
        tree.put("nsp", nsp);
        return tree;
    }

    /** Request options without flags: {@code {rooms, except}}. */
    private static ObjectNode targets(BroadcastOptions opts) {
        ObjectNode tree = ClusterWire.optsToTree(opts);
        tree.remove("flags");
        return tree;
    }

    private static JsonNode orNull(JsonNode value) {
        return value == null ? NullNode.getInstance() : value;
    }

    /** The payload of a message in tree form; throws when malformed. */
    private static ClusterPayload typed(ClusterMessage message) {
        return typedMessage(message).payload();
    }

    private static TypedClusterMessage typedMessage(ClusterMessage message) {
        return ClusterMessageCodec.toTyped(message, message.nsp());
    }

    private static byte[] json(JsonNode tree) {
        return ClusterMessageCodec.treeToJson(tree).getBytes(StandardCharsets.UTF_8);
    }

    // ---- reading ----

    /**
     * Parses a request or response: JSON when the first byte is <code>'{'</code>, msgpack otherwise
     * (the Node rule).
     *
     * @param payload the payload
     * @return the tree, an object
     * @throws IllegalArgumentException when malformed or not an object
     */
    public static JsonNode decodeObject(byte[] payload) {
        JsonNode tree = payload.length > 0 && payload[0] == '{'
                ? ClusterMessageCodec.jsonToTree(new String(payload, StandardCharsets.UTF_8))
                : ClusterMessageCodec.msgpackToTree(payload);
        if (!tree.isObject()) {
            throw new IllegalArgumentException("classic request/response is not an object");
        }
        return tree;
    }

    /**
     * Reads a plain broadcast {@code [uid, packet, opts]}.
     *
     * @param payload the msgpack payload
     * @param nsp     this adapter's namespace
     * @return the message, or {@code null} when the packet belongs to another namespace (or names none
     *         that could be one: an array, an object)
     * @throws IllegalArgumentException when malformed
     */
    public static TypedClusterMessage readBroadcast(byte[] payload, String nsp) {
        JsonNode tree = ClusterMessageCodec.msgpackToTree(payload);
        if (!tree.isArray() || tree.size() < 3) {
            throw new IllegalArgumentException("broadcast is not [uid, packet, opts]");
        }
        JsonNode packet = tree.get(1);
        if (!packet.isObject()) {
            throw new IllegalArgumentException("broadcast packet is not an object");
        }
        JsonNode packetNsp = packet.get("nsp");
        // Node defaults a missing namespace to the main one; one that is no string (asString(null) gives null for
        // an array or object, where asString() would throw) names no namespace of ours
        String target = packetNsp == null || packetNsp.isNull() ? "/" : packetNsp.asString(null);
        if (!nsp.equals(target)) {
            return null;
        }
        JsonNode uid = tree.get(0);
        return new TypedClusterMessage(
                uid.isString() ? uid.stringValue() : null,
                nsp,
                new ClusterPayload.Broadcast(
                        ClusterWire.packetFromTree(packet, nsp), ClusterWire.optsFromTree(tree.get(2)), null));
    }

    /**
     * {@link #readBroadcast} in tree form.
     *
     * @param payload the msgpack payload
     * @param nsp     this adapter's namespace
     * @return the message, or {@code null} when the packet belongs to another namespace
     * @throws IllegalArgumentException when malformed
     */
    public static ClusterMessage fromBroadcast(byte[] payload, String nsp) {
        return treeOrNull(readBroadcast(payload, nsp));
    }

    /**
     * Reads a response: a fetchSockets response (no {@code type}, a {@code sockets} array), or a
     * serverSideEmit answer, client count or acknowledgement. The others (allRooms, legacy) are not
     * for the cluster base.
     *
     * @param response the decoded response
     * @param nsp      this adapter's namespace
     * @return the response, or {@code null} when not for the cluster base
     * @throws IllegalArgumentException when malformed
     */
    public static TypedClusterMessage readResponse(JsonNode response, String nsp) {
        JsonNode type = response.get("type");
        ClusterPayload payload;
        if (type == null) {
            if (!response.path("sockets").isArray()) {
                return null;
            }
            payload = new ClusterPayload.FetchSocketsResponse(
                    requestId(response), ClusterWire.detailsList(response.get("sockets")));
        } else {
            payload = switch (type.asInt(-1)) {
                case SERVER_SIDE_EMIT ->
                    // an answer without argument has no data (JSON.stringify drops undefined): a null answer
                    new ClusterPayload.ServerSideEmitResponse(requestId(response), orNull(response.get("data")));
                case BROADCAST_CLIENT_COUNT ->
                    new ClusterPayload.BroadcastClientCount(
                            requestId(response), ClusterWire.clientCount(ClusterWire.field(response, "clientCount")));
                case BROADCAST_ACK ->
                    new ClusterPayload.BroadcastAck(requestId(response), orNull(response.get("packet")));
                default -> null;
            };
        }
        // classic responses do not say who answered
        return payload == null ? null : new TypedClusterMessage(null, nsp, payload);
    }

    /**
     * {@link #readResponse} in tree form.
     *
     * @param response the decoded response
     * @param nsp      this adapter's namespace
     * @return the response, or {@code null} when not for the cluster base
     * @throws IllegalArgumentException when malformed
     */
    public static ClusterMessage fromResponse(JsonNode response, String nsp) {
        return treeOrNull(readResponse(response, nsp));
    }

    /**
     * The requests of the types 2–7 in tree form ({@link #readRequest}); legacy single-socket
     * forms (no {@code opts}) and types 0, 1 are not for the cluster base.
     *
     * @param request the decoded request
     * @param nsp     this adapter's namespace (classic requests carry it in the channel only)
     * @return the message, or {@code null} when not for the cluster base
     * @throws IllegalArgumentException when malformed
     */
    public static ClusterMessage fromRequest(JsonNode request, String nsp) {
        return readRequest(request, nsp) instanceof ClusterRequest cluster
                ? ClusterMessageCodec.toClusterMessage(cluster.message())
                : null;
    }

    private static ClusterMessage treeOrNull(TypedClusterMessage message) {
        return message == null ? null : ClusterMessageCodec.toClusterMessage(message);
    }

    private static String requestId(JsonNode message) {
        return ClusterWire.stringField(message, "requestId");
    }

    /** What arrives on the request channel, read by {@link #readRequest}. */
    public sealed interface Request {}

    /**
     * A request of the types 2–7 that the cluster base handles.
     *
     * @param message the request in cluster form
     */
    public record ClusterRequest(TypedClusterMessage message) implements Request {}

    /**
     * Type {@link #SOCKETS}: the ids of this node's sockets in rooms.
     *
     * @param uid       the requester, {@code null} when unknown
     * @param requestId the request id, echoed as it came
     * @param rooms     the rooms, none meaning every socket
     */
    public record SocketIdsRequest(String uid, JsonNode requestId, Set<String> rooms) implements Request {}

    /**
     * Type {@link #ALL_ROOMS}: every room of this node.
     *
     * @param uid       the requester, {@code null} when unknown
     * @param requestId the request id, echoed as it came
     */
    public record AllRoomsRequest(String uid, JsonNode requestId) implements Request {}

    /**
     * A single-socket join ({@link #REMOTE_JOIN}), leave ({@link #REMOTE_LEAVE}) or disconnect
     * ({@link #REMOTE_DISCONNECT}) of redis-adapter before 7: {@code {uid, requestId, type, sid, room | close}}.
     *
     * @param uid       the requester, {@code null} when unknown
     * @param requestId the request id, echoed as it came
     * @param type      the classic type
     * @param sid       the socket
     * @param room      the room to join or leave
     * @param close     whether a disconnect closes the connection
     */
    public record SingleSocketRequest(String uid, JsonNode requestId, int type, String sid, String room, boolean close)
            implements Request {}

    /**
     * A request this node does not handle.
     *
     * @param type the classic type, -1 when absent
     */
    public record UnknownRequest(int type) implements Request {}

    /**
     * The uid of a request's sender: a node ignores its own requests.
     *
     * @param request the decoded request
     * @return the uid, {@code null} when absent or no string
     */
    public static String requesterUid(JsonNode request) {
        JsonNode uid = request.get("uid");
        return uid != null && uid.isString() ? uid.stringValue() : null;
    }

    /**
     * Reads a request: the types 2–7 into cluster form ({@link #fromRequest}), the legacy ones
     * (0, 1, single-socket) into their own records.
     *
     * @param request the decoded request
     * @param nsp     this adapter's namespace
     * @return the request
     * @throws IllegalArgumentException when malformed
     */
    public static Request readRequest(JsonNode request, String nsp) {
        String uid = requesterUid(request);
        int type = request.path("type").asInt(-1);
        JsonNode requestId = request.get("requestId");
        if (type == SOCKETS) {
            return new SocketIdsRequest(uid, requestId, ClusterWire.stringSet(request.get("rooms"), "rooms"));
        }
        if (type == ALL_ROOMS) {
            return new AllRoomsRequest(uid, requestId);
        }
        ClusterPayload payload = clusterPayload(type, request, nsp);
        if (payload != null) {
            return new ClusterRequest(new TypedClusterMessage(uid, nsp, payload));
        }
        JsonNode sid = request.get("sid");
        if (sid != null && sid.isString() && type >= REMOTE_JOIN && type <= REMOTE_DISCONNECT) {
            return new SingleSocketRequest(
                    uid,
                    requestId,
                    type,
                    sid.stringValue(),
                    request.path("room").asString(""),
                    request.path("close").asBoolean(false));
        }
        return new UnknownRequest(type);
    }

    /** The cluster form of a request of the types 2–7, {@code null} for the others and the legacy forms. */
    private static ClusterPayload clusterPayload(int type, JsonNode request, String nsp) {
        JsonNode opts = request.get("opts");
        boolean hasOpts = opts != null && opts.isObject(); // legacy single-socket requests have none
        return switch (type) {
            case REMOTE_JOIN ->
                hasOpts ? new ClusterPayload.SocketsJoin(ClusterWire.optsFromTree(opts), rooms(request)) : null;
            case REMOTE_LEAVE ->
                hasOpts ? new ClusterPayload.SocketsLeave(ClusterWire.optsFromTree(opts), rooms(request)) : null;
            case REMOTE_DISCONNECT ->
                hasOpts
                        ? new ClusterPayload.DisconnectSockets(
                                ClusterWire.optsFromTree(opts),
                                request.path("close").asBoolean(false))
                        : null;
            case REMOTE_FETCH -> new ClusterPayload.FetchSockets(ClusterWire.optsFromTree(opts), requestId(request));
            case SERVER_SIDE_EMIT ->
                new ClusterPayload.ServerSideEmit(
                        ClusterWire.optionalId(request.get("requestId")),
                        ClusterWire.eventArray(ClusterWire.field(request, "data")));
            case BROADCAST ->
                new ClusterPayload.Broadcast(
                        ClusterWire.packetFromTree(ClusterWire.field(request, "packet"), nsp),
                        ClusterWire.optsFromTree(opts),
                        ClusterWire.optionalId(request.get("requestId")));
            default -> null;
        };
    }

    /** The rooms of a join or leave; none when absent. */
    private static List<String> rooms(JsonNode request) {
        JsonNode rooms = request.get("rooms");
        return rooms != null && rooms.isArray() ? List.copyOf(ClusterWire.stringSet(rooms, "rooms")) : List.of();
    }
}
