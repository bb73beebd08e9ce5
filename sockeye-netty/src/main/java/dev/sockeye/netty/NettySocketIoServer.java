package dev.sockeye.netty;

import dev.sockeye.server.SocketIoServer;
import io.netty.channel.ChannelHandler;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
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
 * <p>To serve Socket.IO from a pipeline of your own, use {@link NettySocketIoHandler}.
 */
public final class NettySocketIoServer implements AutoCloseable {
    private final SocketIoServer io;
    private final NettyServer http;

    private NettySocketIoServer(SocketIoServer io, NettyServer http) {
        this.io = io;
        this.http = http;
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

    /** Blocks until {@link #close()} (from another thread, or a shutdown hook). */
    public void awaitTermination() throws InterruptedException {
        http.awaitTermination();
    }

    /**
     * Closes the Socket.IO server (every socket gets {@code server shutting down}, adapters and the
     * engine close), then stops accepting, closes every connection and frees the port; the same as
     * {@code io().closeAsync()}. Idempotent: every call returns the same future.
     *
     * @return a future completed once every connection is closed and the port is free
     */
    public CompletableFuture<Void> closeAsync() {
        return io.closeAsync();
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
            http.handler(handler);
            return this;
        }

        /** Event-loop threads. Defaults to 0: one per core. */
        public Builder ioThreads(int value) {
            http.ioThreads(value);
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
            NettyServer server = http.build();
            io.attach(server::closeAsync);
            return new NettySocketIoServer(io, server);
        }
    }
}
