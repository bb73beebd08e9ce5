package dev.sockeye.netty;

import dev.sockeye.engine.EngineServer;
import dev.sockeye.netty.internal.AcceptTime;
import dev.sockeye.netty.internal.NotFoundHandler;
import dev.sockeye.netty.internal.RequestTimeoutHandler;
import dev.sockeye.netty.internal.Transports;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.AdaptiveRecvByteBufAllocator;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpServerExpectContinueHandler;
import io.netty.util.concurrent.Future;
import io.netty.util.concurrent.GlobalEventExecutor;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.helpers.NOPLoggerFactory;

/**
 * A standalone HTTP server for one or more engines, each on its own path, sharing one port.
 * Requests outside every engine path go to the {@linkplain Builder#handler fallback handlers} as
 * {@link io.netty.handler.codec.http.FullHttpRequest}s, and get {@code 404} when none answers.
 *
 * <pre>{@code
 * try (NettyServer server = NettyServer.builder().port(3000).engine(engine).build().start()) {
 *     server.awaitTermination();
 * }
 * }</pre>
 */
public final class NettyServer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(NettyServer.class);
    private final Builder config;
    private final ChannelGroup channels = new DefaultChannelGroup("sockeye", GlobalEventExecutor.INSTANCE);
    private EventLoopGroup group;
    private Channel serverChannel;
    private volatile NettyTransport transport;

    private NettyServer(Builder config) {
        this.config = config;
    }

    /** A builder with every default. */
    public static Builder builder() {
        return new Builder();
    }

    private static final AdaptiveRecvByteBufAllocator SHARED_RECEIVE_ALLOCATOR = new AdaptiveRecvByteBufAllocator();

    /** Binds the port and starts serving; returns this server. */
    public synchronized NettyServer start() {
        if (group != null) {
            throw new IllegalStateException("already started");
        }
        if (closing != null) {
            throw new IllegalStateException("closed");
        }
        // One event loop per core: more only adds context switches when every loop is busy writing (fan-out).
        int threads =
                config.ioThreads > 0 ? config.ioThreads : Runtime.getRuntime().availableProcessors();
        Transports.Resolved resolved = Transports.resolve(config.transport);
        group = new MultiThreadIoEventLoopGroup(threads, resolved.ioHandlers());
        ServerBootstrap bootstrap = new ServerBootstrap()
                .group(group)
                .channel(resolved.serverChannel())
                .option(ChannelOption.SO_BACKLOG, 1024)
                // stamps connections in accept order: requests of one session read by two event loops
                // take effect in the order they came (see PollingExchange.arrivalNanos)
                .handler(AcceptTime.STAMPER)
                .childOption(ChannelOption.TCP_NODELAY, true)
                // one allocator for all channels (each still gets its own sizing handle): Netty's default makes
                // an allocator per channel, 32 bytes each
                .childOption(ChannelOption.RECVBUF_ALLOCATOR, SHARED_RECEIVE_ALLOCATOR)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        channels.add(ch);
                        ChannelPipeline p = ch.pipeline();
                        p.addLast("http", new HttpServerCodec(config.maxInitialLineLength, config.maxHeaderSize, 8192));
                        if (!config.requestTimeout.isZero()) {
                            p.addLast(
                                    "request-timeout",
                                    new RequestTimeoutHandler(
                                            config.requestTimeout.toNanos(), config.closeTimeout.toNanos()));
                        }
                        p.addLast("continue", new HttpServerExpectContinueHandler());
                        for (Supplier<? extends ChannelHandler> handler : config.frontHandlers) {
                            p.addLast(handler.get());
                        }
                        p.addLast("sockeye", new NettyEngineHandler(config.engines, config.closeTimeout));
                        p.addLast("aggregator", new HttpObjectAggregator(config.maxFallbackContentLength));
                        for (Supplier<? extends ChannelHandler> handler : config.handlers) {
                            p.addLast(handler.get());
                        }
                        p.addLast("not-found", NotFoundHandler.INSTANCE);
                    }
                });
        try {
            serverChannel = bootstrap.bind(config.host, config.port).sync().channel();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            group.shutdownGracefully(0, 0, TimeUnit.SECONDS);
            throw new IllegalStateException("interrupted while binding", e);
        } catch (RuntimeException e) {
            group.shutdownGracefully(0, 0, TimeUnit.SECONDS);
            throw new IllegalStateException("cannot bind " + config.host + ":" + config.port, e);
        }
        transport = resolved.transport();
        warnWhenLogsGoNowhere();
        log.info("Sockeye listening on {}:{} ({})", config.host, port(), transport);
        return this;
    }

    /**
     * Without an SLF4J binding every log line of the server (errors included) is dropped; SLF4J says
     * so in a generic line, this one says what to add.
     */
    private static void warnWhenLogsGoNowhere() {
        if (LoggerFactory.getILoggerFactory() instanceof NOPLoggerFactory) {
            System.err.println("Sockeye: no SLF4J binding on the classpath, so the server's logs are dropped; add one,"
                    + " e.g. org.slf4j:slf4j-simple or ch.qos.logback:logback-classic");
        }
    }

    private CompletableFuture<Void> closing;

    /** The bound port (useful with port 0). */
    public int port() {
        Channel channel = serverChannel;
        if (channel == null) {
            throw new IllegalStateException("not started");
        }
        return ((InetSocketAddress) channel.localAddress()).getPort();
    }

    /** The transport the event loops use, {@link NettyTransport#AUTO} resolved (known once started). */
    public NettyTransport transport() {
        NettyTransport value = transport;
        if (value == null) {
            throw new IllegalStateException("not started");
        }
        return value;
    }

    /** Blocks until {@link #close()} (from another thread, or a shutdown hook). */
    public void awaitTermination() throws InterruptedException {
        Channel channel = serverChannel;
        if (channel != null) {
            channel.closeFuture().await();
        }
    }

    /**
     * Stops accepting, closes every connection and the event loops, and frees the port, waiting until
     * that is done ({@link #closeAsync()}). The engines are not closed (they may outlive the server);
     * close them yourself. Idempotent.
     */
    @Override
    public void close() {
        closeAsync().join();
    }

    /**
     * Stops accepting, closes every connection and the event loops, and frees the port. The engines
     * are not closed (they may outlive the server); close them yourself. Idempotent: every call
     * returns the same future.
     *
     * @return a future completed once the port is free, every connection closed and the event loops
     *         stopped; a new server may then bind the same port at once. Never completed exceptionally.
     */
    public synchronized CompletableFuture<Void> closeAsync() {
        if (closing != null) {
            return closing; // the event loops are gone: closing channels again would be rejected
        }
        closing = new CompletableFuture<>();
        if (group == null) {
            closing.complete(null); // never started
            return closing;
        }
        CompletableFuture<Void> done = closing;
        EventLoopGroup loops = group;
        // the port first (no new connection comes in), then the connections, then the event loops
        Future<Void> unbound =
                serverChannel != null ? serverChannel.close() : GlobalEventExecutor.INSTANCE.newSucceededFuture(null);
        unbound.addListener(u -> channels.close()
                .addListener(
                        c -> loops.shutdownGracefully(0, 2, TimeUnit.SECONDS).addListener(t -> done.complete(null))));
        return done;
    }

    /** Builds a {@link NettyServer}. */
    public static final class Builder {
        private String host = "0.0.0.0";
        private int port;
        private final List<EngineServer> engines = new ArrayList<>();
        private final List<Supplier<? extends ChannelHandler>> handlers = new ArrayList<>();
        private final List<Supplier<? extends ChannelHandler>> frontHandlers = new ArrayList<>();
        private int ioThreads;
        private NettyTransport transport = NettyTransport.AUTO;
        private int maxInitialLineLength = 4096;
        private int maxHeaderSize = 8192;
        private int maxFallbackContentLength = 1 << 20;
        private Duration requestTimeout = Duration.ofSeconds(30);
        private Duration closeTimeout = NettyEngineHandler.DEFAULT_CLOSE_TIMEOUT;

        private Builder() {}

        /** The address to bind. Defaults to {@code 0.0.0.0} (every interface). */
        public Builder host(String value) {
            this.host = Objects.requireNonNull(value, "host");
            return this;
        }

        /** The port to bind. Defaults to 0: any free port, see {@link NettyServer#port()}. */
        public Builder port(int value) {
            if (value < 0 || value > 65535) {
                throw new IllegalArgumentException("port out of range: " + value);
            }
            this.port = value;
            return this;
        }

        /** Serves an engine on its {@code path}; may be called once per engine. At least one is needed. */
        public Builder engine(EngineServer engine) {
            engines.add(Objects.requireNonNull(engine, "engine"));
            return this;
        }

        /**
         * Adds a handler (a new one per connection, from the supplier, unless it is sharable) for
         * requests outside the engine paths, which reach it as {@code FullHttpRequest}s, in the order
         * added. Requests none of them answers get {@code 404}. Defaults to none.
         */
        public Builder handler(Supplier<? extends ChannelHandler> handler) {
            handlers.add(Objects.requireNonNull(handler, "handler"));
            return this;
        }

        /**
         * Adds a handler placed in front of the engines (it sees raw {@code HttpRequest}/{@code HttpContent}
         * first): for this package's servers that answer some engine-path requests themselves.
         */
        Builder frontHandler(Supplier<? extends ChannelHandler> handler) {
            frontHandlers.add(Objects.requireNonNull(handler, "handler"));
            return this;
        }

        /** Event-loop threads. Defaults to 0: one per core. */
        public Builder ioThreads(int value) {
            this.ioThreads = value;
            return this;
        }

        /**
         * The transport of the event loops: NIO, epoll or io_uring. A named native transport that does not
         * load here makes {@link NettyServer#start()} fail with the reason. Defaults to
         * {@link NettyTransport#AUTO}: epoll, else io_uring, else NIO (with one log line saying why).
         */
        public Builder transport(NettyTransport value) {
            this.transport = Objects.requireNonNull(value, "transport");
            return this;
        }

        /** The longest request line (414 beyond). Defaults to 4096. */
        public Builder maxInitialLineLength(int value) {
            this.maxInitialLineLength = value;
            return this;
        }

        /**
         * The largest header block, all header lines together (431 beyond): this bounds thousands of
         * headers and huge values alike, {@code Sec-WebSocket-Protocol} and {@code Sec-WebSocket-Extensions}
         * included. Defaults to 8192.
         */
        public Builder maxHeaderSize(int value) {
            this.maxHeaderSize = value;
            return this;
        }

        /** The largest body aggregated for the fallback handlers (413 beyond). Defaults to 1 MiB. */
        public Builder maxFallbackContentLength(int value) {
            this.maxFallbackContentLength = value;
            return this;
        }

        /**
         * How long a client has to deliver a whole request (request line, headers and body), counted
         * from the connection's start or from the end of the previous response; a connection that
         * sends nothing, or only part of a request (slowloris), is closed then, with {@code 408} in
         * the second case. The clock stops while a request is being answered (a long poll may wait
         * for {@code pingInterval}), and for good once a connection is a WebSocket (the engine's
         * heartbeat watches those; an upgrade that is never completed by a probe is closed after the
         * engine's {@code upgradeTimeout}). {@link Duration#ZERO} turns it off. Defaults to 30 seconds.
         */
        public Builder requestTimeout(Duration value) {
            Objects.requireNonNull(value, "requestTimeout");
            if (value.isNegative()) {
                throw new IllegalArgumentException("requestTimeout must not be negative: " + value);
            }
            this.requestTimeout = value;
            return this;
        }

        /**
         * How long a connection the server is closing may take to deliver what was written before its close
         * (the rest of a WebSocket's frames and its close frame, the last HTTP response): a client that stops
         * reading is then disconnected, and whatever it did not take is dropped and its memory released.
         * Node's {@code ws} waits 30 seconds. Defaults to 30 seconds.
         */
        public Builder closeTimeout(Duration value) {
            this.closeTimeout = NettyEngineHandler.checkCloseTimeout(value);
            return this;
        }

        /** The server, not yet started. */
        public NettyServer build() {
            if (engines.isEmpty()) {
                throw new IllegalStateException("at least one engine");
            }
            return new NettyServer(this);
        }
    }
}
