package dev.sockeye.server;

import dev.sockeye.core.adapter.Adapter;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * A communication channel over the shared connection (Node's {@code Namespace}); {@code "/"} is the
 * main one. As a {@link BroadcastOperator} it targets every socket of the namespace.
 *
 * <pre>{@code
 * Namespace admin = io.of("/admin");
 * admin.use((socket, next) -> { if (isAdmin(socket)) next.proceed(); else next.fail(new ConnectError("forbidden")); });
 * admin.onConnection(socket -> socket.emit("welcome"));
 * admin.to("ops").emit("alert", "disk full");
 * }</pre>
 */
public interface Namespace extends BroadcastOperator {

    /** The name, e.g. {@code "/"} or {@code "/admin"}; a parent namespace is named {@code "/_<n>"}. */
    String name();

    /** The server this namespace belongs to. */
    SocketIoServer server();

    /**
     * The adapter: this node's rooms ({@code adapter().rooms()}, {@code adapter().sids()}, read-only
     * views) and room events ({@code adapter().addListener(…)}).
     */
    Adapter adapter();

    /** This server's connected sockets of the namespace, by id (read-only view). */
    Map<String, Socket> sockets();

    /**
     * Adds a connect middleware, run for every CONNECT to this namespace in order of addition. A
     * socket refused by a middleware never connects and no handler of it runs.
     */
    Namespace use(ConnectMiddleware middleware);

    /** Adds a handler called for each socket that connected to this namespace. */
    Namespace onConnection(ConnectionHandler handler);

    /**
     * Handles an event sent by another server of the cluster with {@link #serverSideEmit}; the ack
     * answers that server when it asked for one.
     *
     * @throws IllegalArgumentException for a reserved name, naming the method to use instead:
     *                                  {@code connection} and {@code connect} ({@link #onConnection}),
     *                                  {@code new_namespace} ({@link SocketIoServer#onNewNamespace}),
     *                                  and the socket reserved names such as {@code disconnect}
     *                                  ({@link Socket#onDisconnect}); see {@link Socket}'s reserved-name rule
     */
    Namespace on(String event, EventHandlers.Raw handler);

    /**
     * Sends an event to the other servers of the cluster (nothing happens with a single server). A
     * {@link BroadcastAckCallback} as the last argument is the ack, as in Node: this is then
     * {@link #serverSideEmit(String, BroadcastAckCallback, Object...)}.
     *
     * @throws IllegalArgumentException for a reserved name ({@code connect}, {@code connection},
     *                                  {@code new_namespace}, and the socket reserved names)
     */
    void serverSideEmit(String event, Object... args);

    /**
     * Sends an event to the other servers and collects one response per server (see
     * {@link BroadcastOperator#emit(String, BroadcastAckCallback, Object...)}).
     */
    void serverSideEmit(String event, BroadcastAckCallback ack, Object... args);

    /**
     * Sends an event to the other servers; completes with one response per server, bound to
     * {@code responseType}. Fails with {@link AckTimeoutException} when some server does not answer
     * within the adapter's default (5 seconds for the cluster adapters), and with the mapper's
     * exception when a response does not bind.
     */
    <T> CompletableFuture<List<T>> serverSideEmitWithAck(String event, Class<T> responseType, Object... args);

    /**
     * Like {@link #serverSideEmitWithAck(String, Class, Object...)}, failing with
     * {@link AckTimeoutException} (its {@code responses} the answers so far) when some server does
     * not answer within {@code timeout}.
     *
     * @throws IllegalArgumentException for a timeout that is not positive
     */
    <T> CompletableFuture<List<T>> serverSideEmitWithAck(
            String event, Duration timeout, Class<T> responseType, Object... args);
}
