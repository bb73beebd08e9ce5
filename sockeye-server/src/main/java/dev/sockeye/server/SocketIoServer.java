package dev.sockeye.server;

import dev.sockeye.core.adapter.AdapterFactory;
import dev.sockeye.core.adapter.ConnectionStateRecovery;
import dev.sockeye.core.parser.Parser;
import dev.sockeye.engine.CorsOptions;
import dev.sockeye.engine.EngineOptions;
import dev.sockeye.engine.EngineServer;
import dev.sockeye.engine.EngineSocket;
import dev.sockeye.engine.spi.HandOffBatch;
import dev.sockeye.server.internal.DefaultSocketIoServer;
import java.time.Duration;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import tools.jackson.databind.ObjectMapper;

/**
 * The Socket.IO server (Node's {@code Server}). As a {@link BroadcastOperator} it targets every
 * socket of the main namespace {@code "/"}. An HTTP front (e.g. the Netty one) feeds its
 * {@link #engine()} with requests.
 *
 * <pre>{@code
 * SocketIoServer io = SocketIoServer.builder()
 *         .pingInterval(Duration.ofSeconds(25))
 *         .build();
 * io.use((socket, next) -> {
 *     if (!valid(socket.handshake().auth())) { next.fail(new ConnectError("not authorized", Map.of("code", 401))); return; }
 *     next.proceed();
 * });
 * io.onConnection(socket -> socket.on("chat", ChatMessage.class, msg -> io.emit("chat", msg)));
 * }</pre>
 */
public interface SocketIoServer extends BroadcastOperator, AutoCloseable {

    /** A builder with every default. */
    static Builder builder() {
        return new Builder();
    }

    /** A server with every default. */
    static SocketIoServer create() {
        return builder().build();
    }

    /** The options this server was built with. */
    SocketIoOptions options();

    /**
     * The Engine.IO server this server listens to: the one given to {@link #bind}, else one created
     * on first use from {@link SocketIoOptions#engineOptions()}.
     */
    EngineServer engine();

    /** Listens to the connections of {@code engine} (Node's {@code bind}); {@link #engine()} returns it from now on. */
    SocketIoServer bind(EngineServer engine);

    /**
     * Serves one Engine.IO connection (Node's {@code onconnection}): what {@link #bind} does for each
     * new session. Useful to feed a connection from a custom engine or a test double.
     */
    void accept(EngineSocket conn);

    /** The main namespace {@code "/"}. */
    Namespace sockets();

    /**
     * The namespaces that exist now (Node's {@code io._nsps}): {@code "/"}, those made with
     * {@link #of(String)} and the children that clients created under a parent namespace; not the
     * parents themselves. A snapshot: later namespaces are told by {@link #onNewNamespace}.
     */
    Collection<Namespace> namespaces();

    /** The namespace with this name, created when it does not exist ({@code "chat"} means {@code "/chat"}). */
    Namespace of(String name);

    /**
     * A parent namespace: a client connecting to a namespace whose whole name matches {@code regex}
     * creates it as a child that gets the parent's middlewares and connection handlers. Emitting on
     * the parent reaches every child.
     */
    Namespace of(Pattern regex);

    /** A parent namespace whose children are created when {@code matcher} agrees. */
    Namespace of(NamespaceMatcher matcher);

    /** Adds a connect middleware to the main namespace. */
    default SocketIoServer use(ConnectMiddleware middleware) {
        sockets().use(middleware);
        return this;
    }

    /** Adds a connection handler to the main namespace. */
    default SocketIoServer onConnection(ConnectionHandler handler) {
        sockets().onConnection(handler);
        return this;
    }

    /** Called for every namespace created after this call (dynamic children included, {@code "/"} excluded). */
    SocketIoServer onNewNamespace(NamespaceHandler handler);

    /**
     * Handles server-side events of the main namespace (see {@link Namespace#on}).
     *
     * @throws IllegalArgumentException for a reserved name: {@code io.on("connection", …)} names
     *                                  {@link #onConnection} instead
     */
    default SocketIoServer on(String event, EventHandlers.Raw handler) {
        sockets().on(event, handler);
        return this;
    }

    /** {@link Namespace#serverSideEmit(String, Object...)} on the main namespace. */
    default void serverSideEmit(String event, Object... args) {
        sockets().serverSideEmit(event, args);
    }

    /** {@link Namespace#serverSideEmit(String, BroadcastAckCallback, Object...)} on the main namespace. */
    default void serverSideEmit(String event, BroadcastAckCallback ack, Object... args) {
        sockets().serverSideEmit(event, ack, args);
    }

    /** {@link Namespace#serverSideEmitWithAck(String, Class, Object...)} on the main namespace. */
    default <T> CompletableFuture<List<T>> serverSideEmitWithAck(String event, Class<T> responseType, Object... args) {
        return sockets().serverSideEmitWithAck(event, responseType, args);
    }

    /** {@link Namespace#serverSideEmitWithAck(String, Duration, Class, Object...)} on the main namespace. */
    default <T> CompletableFuture<List<T>> serverSideEmitWithAck(
            String event, Duration timeout, Class<T> responseType, Object... args) {
        return sockets().serverSideEmitWithAck(event, timeout, responseType, args);
    }

    /**
     * Runs {@code emits} on this thread and hands everything it sends to the I/O threads once it returns: one hand-off
     * to each I/O thread, and one write to each connection, for all of its packets, instead of one per packet. For
     * code that emits many packets in a row from a thread of its own (a timer, a queue consumer); event handlers run
     * in such a batch already. The packets leave only when {@code emits} returns, so it should be quick and must not
     * block. Packets still count against each connection's {@code maxOutboundBufferSize} as they are emitted.
     *
     * <pre>{@code
     * io.batch(() -> prices.forEach(p -> io.to(p.symbol()).emit("price", p)));
     * }</pre>
     *
     * @param emits the emits
     */
    default void batch(Runnable emits) {
        HandOffBatch.run(emits);
    }

    /**
     * Installs an observer of this server (metrics, an admin view); its methods are called from now
     * on, for every namespace, including the adapters' reports. While none is installed the server
     * measures nothing. Observers are called in the order added.
     *
     * @param observer the observer
     * @return this server
     */
    SocketIoServer addObserver(SocketIoObserver observer);

    /**
     * Uninstalls an observer added with {@link #addObserver}; nothing when it is not installed.
     *
     * @param observer the observer
     * @return this server
     */
    SocketIoServer removeObserver(SocketIoObserver observer);

    /**
     * Closes this server too when this Socket.IO server closes, after the engine, and lets
     * {@link #closeAsync()} complete only once it is closed: Node's {@code io.attach(httpServer)},
     * whose {@code io.close()} closes the HTTP server. The standalone Netty server attaches itself.
     *
     * @param server the HTTP server (or any front) that serves {@link #engine()}
     * @return this server
     */
    SocketIoServer attach(AttachedServer server);

    /**
     * Node's {@code io.close(callback)}: disconnects every socket (reason {@code server shutting down}),
     * closes the adapters and the engine, then every {@linkplain #attach attached} server. Completes
     * when that is all done: every connection is closed and the attached servers' ports are free, so a
     * new server may bind them at once. Idempotent: every call returns the same future.
     *
     * <pre>{@code
     * io.closeAsync().thenRun(() -> log.info("closed, port free"));
     * }</pre>
     *
     * @return a future completed once everything is closed; never completed exceptionally
     */
    CompletableFuture<Void> closeAsync();

    /**
     * {@link #closeAsync()}, waiting until it has completed. Idempotent. Do not call it on a thread the
     * closing needs (a Netty event loop): use {@link #closeAsync()} there.
     */
    @Override
    void close();

    /** A server that serves this Socket.IO server's engine and closes with it (see {@link #attach}). */
    @FunctionalInterface
    interface AttachedServer {
        /**
         * Starts closing: stop accepting, close every connection, free the port.
         *
         * @return a future completed once closed
         */
        CompletableFuture<Void> close();
    }

    /**
     * Builds a {@link SocketIoServer}. Every setter says its default.
     */
    final class Builder {
        String path = "/socket.io";
        Duration connectTimeout = Duration.ofSeconds(45);
        EngineOptions.Builder engine = EngineOptions.builder();
        /** The engine options set through the shortcuts below, by name: re-applied over {@link #engineOptions}. */
        private final Map<String, Consumer<EngineOptions.Builder>> engineShortcuts = new LinkedHashMap<>();

        Parser parser;
        ObjectMapper jsonMapper;
        Executor handlerExecutor;
        Duration slowHandlerThreshold = Duration.ofSeconds(1);
        boolean cleanupEmptyChildNamespaces;
        int maxChildNamespaces = 10_000;
        boolean serveClient = true;
        AdapterFactory adapter;
        ConnectionStateRecovery connectionStateRecovery;

        Builder() {}

        /** The path clients connect to; must match the client's {@code path}. Defaults to {@code /socket.io}. */
        public Builder path(String value) {
            String p = Objects.requireNonNull(value, "path");
            while (p.length() > 1 && p.endsWith("/")) {
                p = p.substring(0, p.length() - 1);
            }
            this.path = p.startsWith("/") ? p : "/" + p;
            return this;
        }

        /** How long a new connection may stay without joining a namespace before it is closed. Defaults to 45 seconds. */
        public Builder connectTimeout(Duration value) {
            Objects.requireNonNull(value, "connectTimeout");
            if (value.isNegative() || value.isZero()) {
                throw new IllegalArgumentException("connectTimeout must be positive");
            }
            this.connectTimeout = value;
            return this;
        }

        /**
         * The Engine.IO options (heartbeat, transports, CORS, …). Their path is replaced by
         * {@link #path}. Replaces the value of an earlier call; the shortcuts {@link #pingInterval},
         * {@link #pingTimeout}, {@link #maxHttpBufferSize} and {@link #cors} apply on top of it
         * whatever the order of the calls, so setting one never resets another. Defaults to
         * {@link EngineOptions}' defaults.
         */
        public Builder engineOptions(EngineOptions value) {
            this.engine = Objects.requireNonNull(value, "engineOptions").toBuilder();
            engineShortcuts.values().forEach(shortcut -> shortcut.accept(engine));
            return this;
        }

        /** Sets an engine option now (so it is checked now) and again over any later {@link #engineOptions}. */
        private Builder engineShortcut(String name, Consumer<EngineOptions.Builder> shortcut) {
            shortcut.accept(engine);
            engineShortcuts.put(name, shortcut);
            return this;
        }

        /** How often the server pings each client. Defaults to 25 seconds. */
        public Builder pingInterval(Duration value) {
            return engineShortcut("pingInterval", e -> e.pingInterval(value));
        }

        /** How long the server waits for a pong before closing with {@code ping timeout}. Defaults to 20 seconds. */
        public Builder pingTimeout(Duration value) {
            return engineShortcut("pingTimeout", e -> e.pingTimeout(value));
        }

        /**
         * Whether Socket.IO v2 clients (Socket.IO protocol 4 over Engine.IO 3: {@code socket.io-client} 2.x,
         * {@code io.socket:socket.io-client} 1.x) may connect, as Node's option of that name: the engine accepts
         * Engine.IO 3 ({@link EngineOptions.Builder#allowEIO3}) and the server speaks their protocol to them (they are
         * in {@code "/"} as soon as they connect, their socket ids are made of the engine id, a middleware's refusal
         * reaches their {@code error} handler with the refusal's data, or its message when it has none). When off, they
         * get an {@code Unsupported protocol version} error. Defaults to false.
         */
        public Builder allowEIO3(boolean value) {
            return engineShortcut("allowEIO3", e -> e.allowEIO3(value));
        }

        /** The largest message accepted, in bytes. Defaults to 1 000 000. */
        public Builder maxHttpBufferSize(long bytes) {
            return engineShortcut("maxHttpBufferSize", e -> e.maxHttpBufferSize(bytes));
        }

        /**
         * The outbound budget of one client, in bytes: past it, the client is disconnected with reason
         * {@code "transport error"}; see {@link EngineOptions.Builder#maxOutboundBufferSize}. Defaults to 8 MiB.
         */
        public Builder maxOutboundBufferSize(long bytes) {
            return engineShortcut("maxOutboundBufferSize", e -> e.maxOutboundBufferSize(bytes));
        }

        /**
         * The CORS rules of the HTTP front ({@code CorsOptions.origins(List.of("https://example.com"))});
         * {@code null} turns CORS off. Defaults to off: no CORS header is sent.
         */
        public Builder cors(CorsOptions value) {
            return engineShortcut("cors", e -> e.cors(value));
        }

        /** The wire format. Defaults to the JSON parser ({@code dev.sockeye.core.parser.JsonParser}). */
        public Builder parser(Parser value) {
            this.parser = Objects.requireNonNull(value, "parser");
            return this;
        }

        /**
         * The mapper that turns emitted values into JSON and binds received arguments to handler
         * parameter types. Defaults to {@code JsonParser.defaultMapper()}. The wire format's own parsing and
         * writing use the parser's mapper ({@link #parser}); a parser built on a mapper of yours is fastest with
         * {@code PerThreadRecyclerPool.instance()} as its factory's buffer pool.
         */
        public Builder jsonMapper(ObjectMapper value) {
            this.jsonMapper = Objects.requireNonNull(value, "jsonMapper");
            return this;
        }

        /**
         * Where handlers, middlewares and ack callbacks run, never on the I/O threads; each socket's tasks
         * still run one at a time in arrival order on top of it. Defaults, on JDK 21 and later, to a virtual
         * thread per batch of a socket's tasks (named {@code sockeye-handler-N}), so that a handler blocking on
         * I/O (a JDBC call) holds no platform thread and starves no other socket; on JDK 17 to a shared pool of
         * {@code max(4, 2 × CPUs)} daemon threads, where a blocking handler holds one of them: give such
         * handlers an executor of their own here.
         */
        public Builder handlerExecutor(Executor value) {
            this.handlerExecutor = Objects.requireNonNull(value, "handlerExecutor");
            return this;
        }

        /**
         * How long one handler, middleware or ack callback may run before a warning is logged with its event
         * name, its socket and the thread's stack (once per run): on any executor it holds up the other tasks
         * of its socket, and on a thread pool a whole thread. {@link Duration#ZERO} turns the watch off.
         * Defaults to 1 second.
         */
        public Builder slowHandlerThreshold(Duration value) {
            Objects.requireNonNull(value, "slowHandlerThreshold");
            if (value.isNegative()) {
                throw new IllegalArgumentException("slowHandlerThreshold must not be negative: " + value);
            }
            this.slowHandlerThreshold = value;
            return this;
        }

        /**
         * Whether a dynamic child namespace is removed when its last socket leaves (Node's
         * {@code cleanupEmptyChildNamespaces}). Either way an empty child holds no place under
         * {@link #maxChildNamespaces}: at the cap, the oldest empty one is removed to make room.
         * Defaults to false.
         */
        public Builder cleanupEmptyChildNamespaces(boolean value) {
            this.cleanupEmptyChildNamespaces = value;
            return this;
        }

        /**
         * The most dynamic namespaces that clients may create by connecting to names a parent
         * namespace ({@link SocketIoServer#of(Pattern)}, {@link SocketIoServer#of(NamespaceMatcher)})
         * accepts; past it such a CONNECT gets {@code Invalid namespace}. Namespaces the application
         * creates with {@code of(name)} do not count, and only children with sockets (or a CONNECT
         * being answered) hold a place: at the cap, the oldest empty child is removed for the new one,
         * so one client looping over names cannot lock the others out. Node has no such cap.
         * Defaults to 10 000.
         */
        public Builder maxChildNamespaces(int value) {
            if (value < 0) {
                throw new IllegalArgumentException("maxChildNamespaces must be >= 0");
            }
            this.maxChildNamespaces = value;
            return this;
        }

        /** Whether the HTTP front serves the client bundle under {@code <path>/socket.io.js}. Defaults to true. */
        public Builder serveClient(boolean value) {
            this.serveClient = value;
            return this;
        }

        /**
         * Creates each namespace's adapter (rooms, broadcasts, cluster). Defaults to
         * {@code InMemoryAdapter.factory()}: this server only; with {@link #connectionStateRecovery}
         * on, to a {@code SessionAwareAdapter} over an {@code InMemorySessionStore} of this server.
         * Recovery needs an adapter that keeps sessions: the in-memory ones of this server, or a
         * cluster adapter that implements {@code persistSession}/{@code restoreSession}; with any
         * other, clients always get a new session.
         */
        public Builder adapter(AdapterFactory value) {
            this.adapter = Objects.requireNonNull(value, "adapter");
            return this;
        }

        /**
         * Turns connection state recovery on (Node's {@code connectionStateRecovery}): a client whose
         * connection dropped (transport closed or failed, ping timeout, server shutdown) and that
         * comes back within {@code maxDisconnectionDuration} gets its socket id, rooms and
         * {@code data} back, receives the packets broadcast to it meanwhile before its
         * {@code connect} event, and sees {@code socket.recovered === true}; so does
         * {@link Socket#recovered()}. The CONNECT reply then carries a private session id
         * ({@code pid}, a credential never logged) and recoverable packets an offset as their last
         * argument. A session is restored at most once; an unknown, expired or spent one gives a new
         * session, never an error. Clients of Engine.IO protocol 3 get neither. {@code null} turns
         * it off. Defaults to off; {@link ConnectionStateRecovery#defaults()} has Node's defaults
         * (2 minutes, middlewares skipped) and bounds the in-memory store to 64 MiB.
         */
        public Builder connectionStateRecovery(ConnectionStateRecovery value) {
            this.connectionStateRecovery = value;
            return this;
        }

        /** The options alone, without a server. */
        public SocketIoOptions buildOptions() {
            return new SocketIoOptions(this);
        }

        /** The server. */
        public SocketIoServer build() {
            return new DefaultSocketIoServer(buildOptions());
        }
    }
}
