package dev.sockeye.core.adapter.cluster;

/** The types of cluster messages, with their wire numbers (Node's {@code MessageType}). */
public enum MessageType {
    /** A node announces itself; every other node answers with {@link #HEARTBEAT}. No data. */
    INITIAL_HEARTBEAT(1),
    /** A node is alive. No data. */
    HEARTBEAT(2),
    /** {@code {packet, opts, requestId?}}; a {@code requestId} asks for acknowledgements. */
    BROADCAST(3),
    /** {@code {opts, rooms}}: the matching sockets join the rooms. */
    SOCKETS_JOIN(4),
    /** {@code {opts, rooms}}: the matching sockets leave the rooms. */
    SOCKETS_LEAVE(5),
    /** {@code {opts, close?}}: the matching sockets disconnect. */
    DISCONNECT_SOCKETS(6),
    /** {@code {opts, requestId}}: asks for the matching sockets. */
    FETCH_SOCKETS(7),
    /** {@code {requestId, sockets}}: the answer to {@link #FETCH_SOCKETS}. */
    FETCH_SOCKETS_RESPONSE(8),
    /** {@code {packet: [event, ...args], requestId?}}; a {@code requestId} asks for an answer. */
    SERVER_SIDE_EMIT(9),
    /** {@code {requestId, packet}}: the answer to {@link #SERVER_SIDE_EMIT}. */
    SERVER_SIDE_EMIT_RESPONSE(10),
    /** {@code {requestId, clientCount}}: how many sockets a node sent a broadcast with ack to. */
    BROADCAST_CLIENT_COUNT(11),
    /** {@code {requestId, packet}}: one client's acknowledgement (its first argument). */
    BROADCAST_ACK(12),
    /** A node's adapter closes. No data. */
    ADAPTER_CLOSE(13);

    private static final MessageType[] BY_CODE = values();

    private final int code;

    MessageType(int code) {
        this.code = code;
    }

    /**
     * The wire number.
     *
     * @return 1 to 13
     */
    public int code() {
        return code;
    }

    /**
     * The type of a wire number.
     *
     * @param code the number
     * @return the type, or {@code null} when unknown
     */
    public static MessageType fromCode(int code) {
        return code >= 1 && code <= BY_CODE.length ? BY_CODE[code - 1] : null;
    }

    /**
     * Whether messages of this type answer a request (they go through
     * {@code ClusterAdapter.onResponse}).
     *
     * @return true for types 8, 10, 11 and 12
     */
    public boolean isResponse() {
        return this == FETCH_SOCKETS_RESPONSE
                || this == SERVER_SIDE_EMIT_RESPONSE
                || this == BROADCAST_CLIENT_COUNT
                || this == BROADCAST_ACK;
    }
}
