package dev.sockeye.server;

/**
 * The reasons a socket disconnects with, spelled as the Node.js server spells them; the
 * {@link Socket#onDisconnect} and {@link Socket#onDisconnecting} handlers receive one of these.
 * A connection that joins no namespace within {@code connectTimeout} is closed too, but has no
 * socket to receive a reason. {@link #wire()} (and {@link #toString()}) is Node's string, the one
 * metrics tags and the Admin UI show.
 *
 * <pre>{@code
 * socket.onDisconnect(reason -> {
 *     if (reason == DisconnectReason.PING_TIMEOUT) {
 *         log.info("{} went quiet", socket.id());
 *     }
 * });
 * }</pre>
 */
public enum DisconnectReason {
    /**
     * The server disconnected the socket: {@link Socket#disconnect()}, {@link RemoteSocket#disconnect()},
     * {@link BroadcastOperator#disconnectSockets()} (on this server or, through the adapter, on another
     * one), and also {@link Socket#disconnect(boolean) disconnect(true)}: as in Node, every socket of
     * the connection leaves with this reason before the connection closes.
     */
    SERVER_NAMESPACE_DISCONNECT("server namespace disconnect"),
    /** The client left the namespace: it sent a DISCONNECT packet ({@code socket.disconnect()} on the client). */
    CLIENT_NAMESPACE_DISCONNECT("client namespace disconnect"),
    /** The server is closing: {@link SocketIoServer#close()}, or the Engine.IO server under it closed. */
    SERVER_SHUTTING_DOWN("server shutting down"),
    /** The client did not answer a ping within {@code pingTimeout}. */
    PING_TIMEOUT("ping timeout"),
    /**
     * The connection closed from the client's side: it sent an Engine.IO close packet, or its WebSocket
     * closed (a closed tab, a page reload).
     */
    TRANSPORT_CLOSE("transport close"),
    /**
     * The transport failed: an I/O error on the WebSocket, a poll request closed before its answer,
     * two polls at once, or a ping sent by the client (only the server pings).
     */
    TRANSPORT_ERROR("transport error"),
    /** The client sent an Engine.IO packet that could not be decoded (empty, of an unknown type, bad base64). */
    PARSE_ERROR("parse error"),
    /**
     * The Engine.IO connection was closed on the server's side: the client sent a Socket.IO packet the
     * parser refuses (invalid, or of a type only servers send such as CONNECT_ERROR), as in Node, or
     * the application closed {@link Socket#conn()} itself.
     */
    FORCED_CLOSE("forced close"),
    /**
     * The server closed the whole connection because the client broke the protocol state: it sent a
     * packet for a namespace it has not joined. Not the reason of
     * {@link Socket#disconnect(boolean) disconnect(true)}: see {@link #SERVER_NAMESPACE_DISCONNECT}.
     */
    FORCED_SERVER_CLOSE("forced server close");

    private final String wire;

    DisconnectReason(String wire) {
        this.wire = wire;
    }

    /**
     * Node's spelling of the reason, as its {@code disconnect} handlers receive it.
     *
     * @return the reason's string, e.g. {@code "ping timeout"}
     */
    public String wire() {
        return wire;
    }

    /**
     * The reason of a given spelling.
     *
     * @param wire Node's spelling, e.g. {@code "transport close"}
     * @return the reason
     * @throws IllegalArgumentException when no reason is spelled so
     */
    public static DisconnectReason fromWire(String wire) {
        for (DisconnectReason reason : values()) {
            if (reason.wire.equals(wire)) {
                return reason;
            }
        }
        throw new IllegalArgumentException("not a disconnect reason: " + wire);
    }

    /** {@link #wire()}, so that logs and string concatenation read as in Node. */
    @Override
    public String toString() {
        return wire;
    }
}
