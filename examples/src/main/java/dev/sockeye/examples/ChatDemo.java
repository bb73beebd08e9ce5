package dev.sockeye.examples;

import dev.sockeye.core.adapter.AdapterFactory;
import dev.sockeye.netty.NettySocketIoServer;
import dev.sockeye.postgres.PostgresAdapters;
import dev.sockeye.redis.RedisAdapters;
import dev.sockeye.server.SocketIoServer;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The chat demo: a Socket.IO server ({@link Chat}) with its web page and the official client bundle, on one port.
 *
 * <pre>
 * examples/run-demo.sh                  # builds, then runs this class on http://localhost:3000
 * PORT=8080 HOST=0.0.0.0 java -cp … dev.sockeye.examples.ChatDemo
 * </pre>
 *
 * <p>Prints {@code READY port=<port> pid=<pid>} once it listens. Ctrl-C (or SIGTERM) stops it gracefully: the pages
 * are told {@code server shutting down}, their sockets close, and they reconnect to the next start by themselves.
 */
public final class ChatDemo implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(ChatDemo.class);
    private static final Duration SHUTDOWN_NOTICE = Duration.ofSeconds(1);

    private final SocketIoServer io;
    private final NettySocketIoServer http;
    /** The cluster adapter factory to close after the server, or {@code null} when alone. */
    private final AdapterFactory cluster;

    private final CountDownLatch closed = new CountDownLatch(1);

    private ChatDemo(SocketIoServer io, NettySocketIoServer http, AdapterFactory cluster) {
        this.io = io;
        this.http = http;
        this.cluster = cluster;
    }

    /**
     * Runs the demo until the process is stopped. Environment: {@code PORT} (default 3000, 0 = any free port),
     * {@code HOST} (default 127.0.0.1), {@code ADAPTER} (default none: this server alone; {@code redis://H:P},
     * {@code redis-sharded://H:P}, {@code redis-streams://H:P} or {@code postgres://USER@H:P/DB} to join the other
     * servers using it).
     *
     * @param args ignored
     * @throws InterruptedException if interrupted while running
     */
    public static void main(String[] args) throws InterruptedException {
        String host = env("HOST", "127.0.0.1");
        int port = Integer.parseInt(env("PORT", "3000"));
        ChatDemo demo = start(host, port, env("ADAPTER", ""));
        Runtime.getRuntime().addShutdownHook(new Thread(demo::close, "chat-demo-shutdown"));
        String shown = host.equals("0.0.0.0") ? "localhost" : host;
        log.info("Sockeye chat demo on http://{}:{}/ (Ctrl-C to stop)", shown, demo.port());
        // Machine-readable, for scripts waiting for the demo to listen.
        System.out.println(
                "READY port=" + demo.port() + " pid=" + ProcessHandle.current().pid());
        System.out.flush();
        demo.awaitTermination();
    }

    /**
     * Starts the demo.
     *
     * @param host the address to bind (127.0.0.1 for this machine only, 0.0.0.0 for every interface)
     * @param port the port, 0 for any free one (see {@link #port()})
     * @return the running demo
     */
    public static ChatDemo start(String host, int port) {
        return start(host, port, "");
    }

    /**
     * Starts the demo as one server of a cluster.
     *
     * @param host    the address to bind
     * @param port    the port, 0 for any free one
     * @param adapter {@code redis://H:P}, {@code redis-sharded://H:P}, {@code redis-streams://H:P} (any URL of
     *                {@code RedisAdapters.fromUrl}), {@code postgres://USER@H:P/DB}, or empty for
     *                this server alone (in-memory adapter)
     * @return the running demo
     */
    public static ChatDemo start(String host, int port, String adapter) {
        AdapterFactory cluster = clusterAdapter(adapter);
        SocketIoServer.Builder builder = SocketIoServer.builder();
        if (cluster != null) {
            builder.adapter(cluster);
        }
        SocketIoServer io = builder.build();
        Chat.install(io);
        // The Socket.IO path (and the client bundle at /socket.io/socket.io.js) is served by NettySocketIoServer;
        // the page is the application's own HTTP handler.
        ChatHttpHandler page = new ChatHttpHandler(); // sharable: one for every connection
        NettySocketIoServer http = NettySocketIoServer.builder(io)
                .host(host)
                .port(port)
                .handler(() -> page)
                .build();
        try {
            http.start();
        } catch (RuntimeException e) {
            io.close();
            closeQuietly(cluster);
            throw e;
        }
        return new ChatDemo(io, http, cluster);
    }

    private static AdapterFactory clusterAdapter(String url) {
        if (url.isEmpty()) {
            return null;
        }
        if (url.startsWith("redis")) {
            return RedisAdapters.fromUrl(url); // redis://, redis-sharded://, redis-streams://, Sentinel, cluster, TLS
        }
        if (url.startsWith("postgres://") || url.startsWith("postgresql://")) {
            return PostgresAdapters.fromUrl(url);
        }
        throw new IllegalArgumentException("ADAPTER must be redis://H:P, redis-sharded://H:P, redis-streams://H:P "
                + "(or another RedisAdapters.fromUrl URL) or postgres://USER@H:P/DB: " + url);
    }

    private static void closeQuietly(AdapterFactory cluster) {
        if (cluster instanceof AutoCloseable closeable) {
            try {
                closeable.close();
            } catch (Exception e) {
                log.warn("closing the cluster adapter failed", e);
            }
        }
    }

    /**
     * The port the demo listens on.
     *
     * @return the bound port
     */
    public int port() {
        return http.port();
    }

    /**
     * Blocks until {@link #close()}.
     *
     * @throws InterruptedException if interrupted while waiting
     */
    public void awaitTermination() throws InterruptedException {
        closed.await();
    }

    /**
     * Stops gracefully: tells every page {@code server shutting down} (waiting up to a second for them to
     * acknowledge), disconnects every socket, closes the engine and frees the port. Idempotent.
     */
    @Override
    public void close() {
        if (closed.getCount() == 0) {
            return;
        }
        synchronized (this) {
            if (closed.getCount() == 0) {
                return;
            }
            CountDownLatch told = new CountDownLatch(1);
            io.timeout(SHUTDOWN_NOTICE)
                    .emit("shutdown", (error, responses) -> told.countDown(), new Notice("server shutting down"));
            try {
                told.await(SHUTDOWN_NOTICE.toMillis() + 500, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            http.close(); // closes io too: every socket gets "server shutting down"
            closeQuietly(cluster);
            closed.countDown();
            log.info("Sockeye chat demo stopped");
        }
    }

    private static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value.strip();
    }

    private record Notice(String message) {}
}
