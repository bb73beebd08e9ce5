package dev.sockeye.server;

/**
 * The reasons a socket disconnects with, spelled as the Node.js server spells them; the
 * {@link Socket#onDisconnect} and {@link Socket#onDisconnecting} handlers receive one of these.
 */
public final class DisconnectReason {
    /** The server called {@link Socket#disconnect()}. */
    public static final String SERVER_NAMESPACE_DISCONNECT = "server namespace disconnect";
    /** The client left the namespace ({@code socket.disconnect()} on the client). */
    public static final String CLIENT_NAMESPACE_DISCONNECT = "client namespace disconnect";
    /** The server is closing ({@link SocketIoServer#close()}). */
    public static final String SERVER_SHUTTING_DOWN = "server shutting down";
    /** The client did not answer a ping in time. */
    public static final String PING_TIMEOUT = "ping timeout";
    /** The client's transport closed (the user closed the tab, the network dropped cleanly). */
    public static final String TRANSPORT_CLOSE = "transport close";
    /** The transport failed. */
    public static final String TRANSPORT_ERROR = "transport error";
    /** The client sent an Engine.IO packet that could not be decoded. */
    public static final String PARSE_ERROR = "parse error";
    /** The Engine.IO connection was closed by the server, for example after an invalid Socket.IO packet. */
    public static final String FORCED_CLOSE = "forced close";
    /**
     * The server closed the whole connection: {@link Socket#disconnect(boolean) disconnect(true)}, a
     * packet for a namespace the client has not joined, no CONNECT within {@code connectTimeout}.
     */
    public static final String FORCED_SERVER_CLOSE = "forced server close";

    private DisconnectReason() {
    }
}
