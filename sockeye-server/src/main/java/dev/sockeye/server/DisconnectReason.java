package dev.sockeye.server;

/**
 * The reasons a socket disconnects with, spelled as the Node.js server spells them; the
 * {@link Socket#onDisconnect} and {@link Socket#onDisconnecting} handlers receive one of these.
 * A connection that joins no namespace within {@code connectTimeout} is closed too, but has no
 * socket to receive a reason.
 */
public final class DisconnectReason {
    /**
     * The server disconnected the socket: {@link Socket#disconnect()}, {@link RemoteSocket#disconnect()},
     * {@link BroadcastOperator#disconnectSockets()} (on this server or, through the adapter, on another
     * one), and also {@link Socket#disconnect(boolean) disconnect(true)}: as in Node, every socket of
     * the connection leaves with this reason before the connection closes.
     */
    public static final String SERVER_NAMESPACE_DISCONNECT = "server namespace disconnect";
    /** The client left the namespace: it sent a DISCONNECT packet ({@code socket.disconnect()} on the client). */
    public static final String CLIENT_NAMESPACE_DISCONNECT = "client namespace disconnect";
    /** The server is closing: {@link SocketIoServer#close()}, or the Engine.IO server under it closed. */
    public static final String SERVER_SHUTTING_DOWN = "server shutting down";
    /** The client did not answer a ping within {@code pingTimeout}. */
    public static final String PING_TIMEOUT = "ping timeout";
    /**
     * The connection closed from the client's side: it sent an Engine.IO close packet, or its WebSocket
     * closed (a closed tab, a page reload).
     */
    public static final String TRANSPORT_CLOSE = "transport close";
    /**
     * The transport failed: an I/O error on the WebSocket, a poll request closed before its answer,
     * two polls at once, or a ping sent by the client (only the server pings).
     */
    public static final String TRANSPORT_ERROR = "transport error";
    /** The client sent an Engine.IO packet that could not be decoded (empty, of an unknown type, bad base64). */
    public static final String PARSE_ERROR = "parse error";
    /**
     * The Engine.IO connection was closed on the server's side: the client sent a Socket.IO packet the
     * parser refuses (invalid, or of a type only servers send such as CONNECT_ERROR), as in Node, or
     * the application closed {@link Socket#conn()} itself.
     */
    public static final String FORCED_CLOSE = "forced close";
    /**
     * The server closed the whole connection because the client broke the protocol state: it sent a
     * packet for a namespace it has not joined. Not the reason of
     * {@link Socket#disconnect(boolean) disconnect(true)}: see {@link #SERVER_NAMESPACE_DISCONNECT}.
     */
    public static final String FORCED_SERVER_CLOSE = "forced server close";

    private DisconnectReason() {
    }
}
