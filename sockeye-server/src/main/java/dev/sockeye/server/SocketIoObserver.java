package dev.sockeye.server;

import dev.sockeye.core.adapter.AdapterObserver;

/**
 * Watches what a {@link SocketIoServer} does, for metrics, an admin view or tracing; installed
 * with {@link SocketIoServer#addObserver}. {@code sockeye-micrometer}'s {@code SockeyeMetrics} is
 * one. It also receives what the namespaces' adapters report ({@link AdapterObserver}).
 *
 * <p>Every method has an empty default, so an implementation overrides what it needs. Methods are
 * called on the thread where the thing happens (Engine.IO I/O threads, handler threads, timers,
 * the cluster bus thread): they must be fast, must not block and should not throw (what they throw
 * is logged by some callers, lost by others). While no observer is installed the server measures
 * nothing: it does not read the clock and calls nothing per packet.
 *
 * <p>Engine.IO-level figures (connections by transport, packets and bytes, handshake errors) come
 * from the engine's own listeners: {@link dev.sockeye.engine.EngineServer#onConnection},
 * {@link dev.sockeye.engine.EngineServer#onConnectionError},
 * {@link dev.sockeye.engine.EngineSocket#onPacket}, {@link dev.sockeye.engine.EngineSocket#onPacketCreate}.
 *
 * <pre>{@code
 * io.addObserver(new SocketIoObserver() {
 *     public void onConnectRefused(String namespace, ConnectRefusal refusal) {
 *         log.info("refused on {}: {}", namespace, refusal);
 *     }
 * });
 * }</pre>
 */
public interface SocketIoObserver extends AdapterObserver {

    /** Why a namespace CONNECT did not succeed. */
    enum ConnectRefusal {
        /** A connect middleware refused with a {@link ConnectError} (the client gets its message). */
        MIDDLEWARE,
        /** A connect middleware failed with another exception (the client gets {@code server error}). */
        SERVER_ERROR,
        /** No such namespace, and no parent namespace created it ({@code Invalid namespace}). */
        INVALID_NAMESPACE
    }

    /**
     * A socket connected to a namespace (its CONNECT answer is on its way), before the connection
     * handlers run.
     *
     * @param socket the socket
     */
    default void onSocketConnect(Socket socket) {}

    /**
     * A namespace CONNECT was refused.
     *
     * @param namespace the namespace name the client asked for
     * @param refusal   why
     */
    default void onConnectRefused(String namespace, ConnectRefusal refusal) {}

    /**
     * A connected socket disconnected, before its {@code disconnecting} handlers run.
     *
     * @param socket the socket
     * @param reason why the socket disconnected
     */
    default void onSocketDisconnect(Socket socket, DisconnectReason reason) {}

    /**
     * A socket received an event from its client (before middlewares and handlers).
     *
     * @param socket the socket
     * @param event  the event name, as the client sent it
     */
    default void onEventReceived(Socket socket, String event) {}

    /**
     * An event was emitted to one socket ({@code socket.emit}).
     *
     * @param socket the socket
     * @param event  the event name
     */
    default void onEventSent(Socket socket, String event) {}

    /**
     * A broadcast started on this node ({@code io.emit}, {@code io.to(room).emit}, {@code socket.broadcast.emit}…);
     * the adapter then reports its local deliveries with {@link #onBroadcastDelivered}.
     *
     * @param namespace the namespace name
     * @param event     the event name
     */
    default void onBroadcast(String namespace, String event) {}

    /**
     * A client acknowledged an emit that asked for it (direct or broadcast).
     *
     * @param namespace    the namespace name
     * @param elapsedNanos from the emit to the acknowledgement's arrival
     */
    default void onAck(String namespace, long elapsedNanos) {}

    /**
     * An emit with a {@code timeout} got no acknowledgement in time.
     *
     * @param namespace the namespace name
     */
    default void onAckTimeout(String namespace) {}

    /**
     * A task (a handler, a middleware, an ack callback) was queued for a socket, connection or
     * namespace; it runs after that queue's earlier tasks, on the handler executor.
     */
    default void onTaskQueued() {}

    /**
     * A queued task ran.
     *
     * @param waitNanos from queueing to start
     * @param runNanos  how long it ran
     */
    default void onTaskRun(long waitNanos, long runNanos) {}

    /**
     * A queued task will never run: the handler executor refused to run its queue.
     */
    default void onTaskDropped() {}
}
