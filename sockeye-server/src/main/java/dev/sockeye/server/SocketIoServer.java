package dev.sockeye.server;

import dev.sockeye.core.adapter.AdapterFactory;
import dev.sockeye.core.parser.Parser;
import dev.sockeye.engine.CorsOptions;
import dev.sockeye.engine.EngineOptions;
import dev.sockeye.engine.EngineServer;
import dev.sockeye.engine.EngineSocket;
import dev.sockeye.server.internal.DefaultSocketIoServer;
import java.time.Duration;
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
    SocketIoServer use(ConnectMiddleware middleware);

    /** Adds a connection handler to the main namespace. */
    SocketIoServer onConnection(ConnectionHandler handler);

    /** Called for every namespace created after this call (dynamic children included, {@code "/"} excluded). */
    SocketIoServer onNewNamespace(NamespaceHandler handler);

    /**
     * Handles server-side events of the main namespace (see {@link Namespace#on}).
     *
     * @throws IllegalArgumentException for a reserved name: {@code io.on("connection", …)} names
     *                                  {@link #onConnection} instead
     */
    SocketIoServer on(String event, EventHandlers.Raw handler);

    /** {@link Namespace#serverSideEmit(String, Object...)} on the main namespace. */
    void serverSideEmit(String event, Object... args);

    /** {@link Namespace#serverSideEmit(String, BroadcastAckCallback, Object...)} on the main namespace. */
    void serverSideEmit(String event, BroadcastAckCallback ack, Object... args);

    /** {@link Namespace#serverSideEmitWithAck(String, Class, Object...)} on the main namespace. */
    <T> CompletableFuture<List<T>> serverSideEmitWithAck(String event, Class<T> responseType, Object... args);

    /** {@link Namespace#serverSideEmitWithAck(String, Duration, Class, Object...)} on the main namespace. */
    <T> CompletableFuture<List<T>> serverSideEmitWithAck(String event, Duration timeout, Class<T> responseType,
                                                         Object... args);

    /**
     * Disconnects every socket (reason {@code server shutting down}), closes the adapters and the
     * engine. Idempotent.
     */
    @Override
    void close();

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
        boolean cleanupEmptyChildNamespaces;
        int maxChildNamespaces = 10_000;
        boolean serveClient = true;
        AdapterFactory adapter;

        Builder() {
        }

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
         * parameter types. Defaults to a plain {@code JsonMapper}.
         */
        public Builder jsonMapper(ObjectMapper value) {
            this.jsonMapper = Objects.requireNonNull(value, "jsonMapper");
            return this;
        }

        /**
         * Where handlers, middlewares and ack callbacks run; each socket's tasks still run one at a
         * time in order on top of it. Use {@code Executors.newVirtualThreadPerTaskExecutor()} on JDK 21+
         * for blocking handlers. Defaults to a shared pool of {@code max(4, 2 × CPUs)} daemon threads.
         */
        public Builder handlerExecutor(Executor value) {
            this.handlerExecutor = Objects.requireNonNull(value, "handlerExecutor");
            return this;
        }

        /** Whether a dynamic child namespace is removed when its last socket leaves. Defaults to false. */
        public Builder cleanupEmptyChildNamespaces(boolean value) {
            this.cleanupEmptyChildNamespaces = value;
            return this;
        }

        /**
         * The most dynamic namespaces that clients may create by connecting to names a parent
         * namespace ({@link SocketIoServer#of(Pattern)}, {@link SocketIoServer#of(NamespaceMatcher)})
         * accepts; past it such a CONNECT gets {@code Invalid namespace}. Namespaces the application
         * creates with {@code of(name)} do not count, and children removed by
         * {@link #cleanupEmptyChildNamespaces} free their place. Node has no such cap. Defaults to 10 000.
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
         * {@code InMemoryAdapter.factory()}: this server only.
         */
        public Builder adapter(AdapterFactory value) {
            this.adapter = Objects.requireNonNull(value, "adapter");
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
