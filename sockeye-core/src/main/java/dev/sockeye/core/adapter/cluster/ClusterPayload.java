package dev.sockeye.core.adapter.cluster;

import dev.sockeye.core.Packet;
import dev.sockeye.core.adapter.BroadcastOptions;
import dev.sockeye.core.adapter.SocketDetails;
import java.util.List;
import java.util.Objects;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;

/**
 * What one cluster message says, one record per {@link MessageType}: the typed form of the
 * {@code data} of a {@link ClusterMessage}, carried by a {@link TypedClusterMessage}. The adapter
 * builds and reads these; the wire shapes (key order included) are the business of each wire
 * format's codec, so a record never sees a field name.
 *
 * <p>A {@code requestId} that may be absent is {@code null} then: the message asks for no answer.
 */
public sealed interface ClusterPayload {

    /**
     * The wire type of this payload.
     *
     * @return the type
     */
    MessageType type();

    /** A node starts: the others answer with a HEARTBEAT so that it counts them at once. No data. */
    record InitialHeartbeat() implements ClusterPayload {
        @Override
        public MessageType type() {
            return MessageType.INITIAL_HEARTBEAT;
        }
    }

    /** A node is alive. No data. */
    record Heartbeat() implements ClusterPayload {
        @Override
        public MessageType type() {
            return MessageType.HEARTBEAT;
        }
    }

    /** A node closes its adapter for this namespace. No data. */
    record AdapterClose() implements ClusterPayload {
        @Override
        public MessageType type() {
            return MessageType.ADAPTER_CLOSE;
        }
    }

    /**
     * A packet for the sockets the options select.
     *
     * @param packet    the EVENT packet
     * @param opts      the options
     * @param requestId the request id of a broadcast with ack, else {@code null}
     */
    record Broadcast(Packet packet, BroadcastOptions opts, String requestId) implements ClusterPayload {
        public Broadcast {
            Objects.requireNonNull(packet, "packet");
            Objects.requireNonNull(opts, "opts");
        }

        @Override
        public MessageType type() {
            return MessageType.BROADCAST;
        }
    }

    /**
     * The sockets the options select join rooms.
     *
     * @param opts  the options
     * @param rooms the rooms
     */
    record SocketsJoin(BroadcastOptions opts, List<String> rooms) implements ClusterPayload {
        public SocketsJoin {
            Objects.requireNonNull(opts, "opts");
            rooms = List.copyOf(rooms);
        }

        @Override
        public MessageType type() {
            return MessageType.SOCKETS_JOIN;
        }
    }

    /**
     * The sockets the options select leave rooms.
     *
     * @param opts  the options
     * @param rooms the rooms
     */
    record SocketsLeave(BroadcastOptions opts, List<String> rooms) implements ClusterPayload {
        public SocketsLeave {
            Objects.requireNonNull(opts, "opts");
            rooms = List.copyOf(rooms);
        }

        @Override
        public MessageType type() {
            return MessageType.SOCKETS_LEAVE;
        }
    }

    /**
     * The sockets the options select are disconnected.
     *
     * @param opts  the options
     * @param close whether their underlying connections close too
     */
    record DisconnectSockets(BroadcastOptions opts, boolean close) implements ClusterPayload {
        public DisconnectSockets {
            Objects.requireNonNull(opts, "opts");
        }

        @Override
        public MessageType type() {
            return MessageType.DISCONNECT_SOCKETS;
        }
    }

    /**
     * A request for the details of the sockets the options select.
     *
     * @param opts      the options
     * @param requestId the request id
     */
    record FetchSockets(BroadcastOptions opts, String requestId) implements ClusterPayload {
        public FetchSockets {
            Objects.requireNonNull(opts, "opts");
            Objects.requireNonNull(requestId, "requestId");
        }

        @Override
        public MessageType type() {
            return MessageType.FETCH_SOCKETS;
        }
    }

    /**
     * One node's answer to a {@link FetchSockets}.
     *
     * @param requestId the request id
     * @param sockets   the details of its matching sockets
     */
    record FetchSocketsResponse(String requestId, List<SocketDetails> sockets) implements ClusterPayload {
        public FetchSocketsResponse {
            Objects.requireNonNull(requestId, "requestId");
            sockets = List.copyOf(sockets);
        }

        @Override
        public MessageType type() {
            return MessageType.FETCH_SOCKETS_RESPONSE;
        }
    }

    /**
     * An event for the other nodes' {@code serverSideEmit} listeners.
     *
     * @param requestId the request id when answers are wanted, else {@code null}
     * @param packet    {@code ["event", ...args]}, never empty
     */
    record ServerSideEmit(String requestId, ArrayNode packet) implements ClusterPayload {
        public ServerSideEmit {
            if (packet == null || packet.isEmpty()) {
                throw new IllegalArgumentException("serverSideEmit packet is not a non-empty array");
            }
        }

        @Override
        public MessageType type() {
            return MessageType.SERVER_SIDE_EMIT;
        }
    }

    /**
     * One node's answer to a {@link ServerSideEmit} with ack.
     *
     * @param requestId the request id
     * @param answer    the first ack argument (a JSON null when there was none)
     */
    record ServerSideEmitResponse(String requestId, JsonNode answer) implements ClusterPayload {
        public ServerSideEmitResponse {
            Objects.requireNonNull(requestId, "requestId");
        }

        @Override
        public MessageType type() {
            return MessageType.SERVER_SIDE_EMIT_RESPONSE;
        }
    }

    /**
     * How many clients one node sent a {@link Broadcast} with ack to.
     *
     * @param requestId   the request id
     * @param clientCount the count
     */
    record BroadcastClientCount(String requestId, int clientCount) implements ClusterPayload {
        public BroadcastClientCount {
            Objects.requireNonNull(requestId, "requestId");
        }

        @Override
        public MessageType type() {
            return MessageType.BROADCAST_CLIENT_COUNT;
        }
    }

    /**
     * One client's acknowledgement of a {@link Broadcast} with ack.
     *
     * @param requestId the request id
     * @param answer    the first ack argument (a JSON null when there was none)
     */
    record BroadcastAck(String requestId, JsonNode answer) implements ClusterPayload {
        public BroadcastAck {
            Objects.requireNonNull(requestId, "requestId");
        }

        @Override
        public MessageType type() {
            return MessageType.BROADCAST_ACK;
        }
    }
}
