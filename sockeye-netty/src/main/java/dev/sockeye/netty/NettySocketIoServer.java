package dev.sockeye.netty;

import dev.sockeye.netty.internal.HealthHandler;
import dev.sockeye.server.SocketIoServer;
import io.netty.channel.ChannelHandler;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

/**
 * A standalone Socket.IO server on Netty: one port for the Socket.IO path (polling, WebSocket, and
 * the official client files when {@link dev.sockeye.server.SocketIoOptions#serveClient()}) and the
 * application's own HTTP {@linkplain Builder#handler handlers} for everything else ({@code 404}
 * when none answers). It is {@linkplain SocketIoServer#attach attached} to the Socket.IO server:
 * closing either closes both (every socket gets {@code server shutting down}, then the port is
 * freed), and {@code io.closeAsync()} completes once the port is free, as Node's {@code io.close(callback)}.
 *
 * <pre>{@code
 * SocketIoServer io = SocketIoServer.create();
 * io.onConnection(socket -> socket.emit("hello", "world"));
 * try (NettySocketIoServer server = NettySocketIoServer.builder(io).port(3000).build().start()) {
 *     server.awaitTermination();
 * }
 * }</pre>
 *
 * <p>With {@link Builder#healthPath}, it answers load balancers' health probes: liveness and
 * readiness, the latter turning {@code 503} when {@link #close()} begins, a {@linkplain Builder#drainDelay
 * drain delay} before any socket is disconnected.
 *
 * <p>To serve Socket.IO from a pipeline of your own, use {@link NettySocketIoHandler}.
 */
public final class NettySocketIoServer implements AutoCloseable {
    private final SocketIoServer io;
    private final NettyServer http;
    private final Duration drainDelay;
    /** Set by the first {@link #closeAsync()}: every later call returns it. */
    private final AtomicReference<CompletableFuture<Void>> closing = new AtomicReference<>();
    /** False once {@link #closeAsync()} began: the readiness probe answers 503 from then on. */
    private volatile boolean ready = true;

    private NettySocketIoServer(SocketIoServer io, NettyServer.Builder http, Builder config) {
        this.io = io;
        this.drainDelay = config.drainDelay;
        if (config.healthPath != null) {
            HealthHandler health = new HealthHandler(config.healthPath, this::isReady);
            http.handler(() -> health);
        }
        config.handlers.forEach(http::handler);
        this.http = http.build();
        io.attach(this.http::closeAsync); // io.closeAsync() closes the port too, as Node's io.close()
    }

    /**
     * A builder for a server of {@code io}, with every default.
     *
     * @param io the Socket.IO server to serve; its path and {@code serveClient} come from its options
     * @return the builder
     */
    public static Builder builder(SocketIoServer io) {
        return new Builder(io);
    }

    /**
     * Binds the port and starts serving.
     *
     * @return this server
     * @throws IllegalStateException when the port cannot be bound or the server was started already
     */
    public NettySocketIoServer start() {
        http.start();
        return this;
    }

    /** The Socket.IO server this server serves. */
    public SocketIoServer io() {
        return io;
    }

    /** The bound port (useful with port 0). */
    public int port() {
        return http.port();
    }

    /** The transport the event loops use, {@link NettyTransport#AUTO} resolved (known once started). */
    public NettyTransport transport() {
        return http.transport();
    }

    /**
     * Whether this server accepts clients: true until {@link #close()} begins. The readiness probe of
     * {@link Builder#healthPath} answers {@code 200} while it is true, {@code 503} after.
     */
    public boolean isReady() {
        return ready;
    }

    /** Blocks until {@link #close()} (from another thread, or a shutdown hook). */
    public void awaitTermination() throws InterruptedException {
        http.awaitTermination();
    }

    /**
     * Turns readiness to {@code 503} at once and, after the {@linkplain Builder#drainDelay drain delay},
     * closes the Socket.IO server (every socket gets {@code server shutting down}, adapters and the
     * engine close), then stops accepting, closes every connection and frees the port, as
     * {@code io().closeAsync()} does without the drain. Idempotent: every call returns the same future.
     *
     * @return a future completed once every connection is closed and the port is free
     */
    public CompletableFuture<Void> closeAsync() {
        CompletableFuture<Void> done = new CompletableFuture<>();
        if (!closing.compareAndSet(null, done)) {
            return closing.get();
        }
        ready = false;
        // the sockets stay connected for the drain delay, so that load balancers stop sending new clients
        // here before the others are told to go; a timer, not a sleep, so that the caller is not held
        Executor afterDrain = drainDelay.isZero()
                ? Runnable::run
                : CompletableFuture.delayedExecutor(drainDelay.toNanos(), TimeUnit.NANOSECONDS);
        afterDrain.execute(() -> io.closeAsync().whenComplete((ignored, error) -> {
            if (error != null) {
                done.completeExceptionally(error);
            } else {
                done.complete(null);
            }
        }));
        return done;
    }

    /** {@link #closeAsync()}, waiting until it has completed. Idempotent. */
    @Override
    public void close() {
        closeAsync().join();
    }

    /** Builds a {@link NettySocketIoServer}. */
    public static final class Builder {
        private final SocketIoServer io;
        private final NettyServer.Builder http = NettyServer.builder();
        private final List<Supplier<? extends ChannelHandler>> handlers = new ArrayList<>();
        private String healthPath;
        private Duration drainDelay = Duration.ZERO;
        private boolean built;

        private Builder(SocketIoServer io) {
            this.io = Objects.requireNonNull(io, "io");
        }

        /** The address to bind. Defaults to {@code 0.0.0.0} (every interface). */
        public Builder host(String value) {
            http.host(value);
            return this;
        }

        /** The port to bind. Defaults to 0: any free port, see {@link NettySocketIoServer#port()}. */
        public Builder port(int value) {
            http.port(value);
            return this;
        }

        /**
         * Adds a handler (a new one per connection, from the supplier, unless it is sharable) for
         * requests outside the Socket.IO path, which reach it as {@code FullHttpRequest}s, in the order
         * added. Requests none of them answers get {@code 404}. Defaults to none.
         */
        public Builder handler(Supplier<? extends ChannelHandler> handler) {
            handlers.add(Objects.requireNonNull(handler, "handler"));
            return this;
        }

        /**
         * Serves health probes under {@code path}, ahead of the {@linkplain #handler handlers}:
         * {@code GET <path>/live} answers {@code 200 {"status":"UP"}} while the process serves
         * (liveness), {@code GET <path>/ready} answers {@code 200} while the server accepts clients and
         * {@code 503 {"status":"DOWN"}} once {@link NettySocketIoServer#close()} began (readiness),
         * {@link #drainDelay} before any socket is disconnected. {@code HEAD} works too. The path must
         * lie outside the Socket.IO path. Defaults to {@code null}: no health endpoint.
         *
         * @param path e.g. {@code /health}
         * @return this builder
         */
        public Builder healthPath(String path) {
            String p = Objects.requireNonNull(path, "path");
            while (p.length() > 1 && p.endsWith("/")) {
                p = p.substring(0, p.length() - 1);
            }
            this.healthPath = p.startsWith("/") ? p : "/" + p;
            return this;
        }

        /**
         * How long {@link NettySocketIoServer#close()} waits after turning readiness to {@code 503}
         * before it disconnects the sockets, so that load balancers notice and stop sending new clients
         * first: set it to at least their probe interval times the failures they need. Defaults to zero:
         * readiness turns {@code 503} and the sockets are disconnected right after.
         *
         * @param value the delay, zero or more
         * @return this builder
         */
        public Builder drainDelay(Duration value) {
            Objects.requireNonNull(value, "drainDelay");
            if (value.isNegative()) {
                throw new IllegalArgumentException("drainDelay must not be negative: " + value);
            }
            this.drainDelay = value;
            return this;
        }

        /** Event-loop threads. Defaults to 0: one per core. */
        public Builder ioThreads(int value) {
            http.ioThreads(value);
            return this;
        }

        /**
         * The transport of the event loops: NIO, epoll or io_uring ({@link NettyServer.Builder#transport}).
         * Defaults to {@link NettyTransport#AUTO}: epoll, else io_uring, else NIO (with one log line saying why).
         */
        public Builder transport(NettyTransport value) {
            http.transport(value);
            return this;
        }

        /** The longest request line (414 beyond). Defaults to 4096. */
        public Builder maxInitialLineLength(int value) {
            http.maxInitialLineLength(value);
            return this;
        }

        /** The largest header block (431 beyond). Defaults to 8192. */
        public Builder maxHeaderSize(int value) {
            http.maxHeaderSize(value);
            return this;
        }

        /** The largest body aggregated for the {@linkplain #handler handlers} (413 beyond). Defaults to 1 MiB. */
        public Builder maxFallbackContentLength(int value) {
            http.maxFallbackContentLength(value);
            return this;
        }

        /**
         * How long a connection being closed may take to deliver what was written before its close; a client
         * that stops reading is disconnected then, and what it did not take is released. Defaults to 30 seconds.
         */
        public Builder closeTimeout(Duration value) {
            http.closeTimeout(value);
            return this;
        }

        /**
         * The server, not yet started.
         *
         * @throws IllegalStateException when called twice (one builder, one server)
         */
        public NettySocketIoServer build() {
            if (built) {
                throw new IllegalStateException("already built");
            }
            built = true;
            if (io.options().serveClient()) {
                http.frontHandler(() -> NettySocketIoHandler.clientFiles(io));
            }
            http.engine(io.engine());
            return new NettySocketIoServer(io, http, this);
        }
    }
}
