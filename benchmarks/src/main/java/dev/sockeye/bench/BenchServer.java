package dev.sockeye.bench;

import at.favre.lib.crypto.bcrypt.BCrypt;
import com.sun.net.httpserver.HttpServer;
import dev.sockeye.adminui.AdminUi;
import dev.sockeye.adminui.AdminUiOptions;
import dev.sockeye.core.adapter.AdapterFactory;
import dev.sockeye.core.adapter.ConnectionStateRecovery;
import dev.sockeye.core.parser.MsgpackParser;
import dev.sockeye.micrometer.SockeyeMetrics;
import dev.sockeye.netty.NettySocketIoServer;
import dev.sockeye.netty.NettyTransport;
import dev.sockeye.postgres.PostgresAdapters;
import dev.sockeye.redis.RedisAdapterOptions;
import dev.sockeye.redis.RedisAdapters;
import dev.sockeye.server.Ack;
import dev.sockeye.server.Args;
import dev.sockeye.server.BroadcastOperator;
import dev.sockeye.server.RemoteSocket;
import dev.sockeye.server.Socket;
import dev.sockeye.server.SocketIoServer;
import dev.sockeye.servlet.SockeyeServletFront;
import dev.sockeye.servlet.embedded.EmbeddedContainer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;

/**
 * The bench server of {@code ../shared/bench/CONTRACT.md}: what the load generator measures, written with
 * Sockeye's public API only and default options (in-memory adapter unless {@code --adapter}).
 *
 * <pre>
 * benchmarks/bench-server.sh --port 3000 [--max-seconds 1800] [--adapter redis://127.0.0.1:6379] [--parser msgpack]
 *     [--allow-eio3]
 *                            [--admin-ui USER:PASSWORD] [--recovery] [--metrics-port 9464] [--front tomcat]
 *                            [--transport auto|nio|epoll|io_uring]
 * </pre>
 *
 * <p>{@code --front} picks the HTTP front: {@code netty} (the default, {@link NettySocketIoServer}), or {@code tomcat} /
 * {@code jetty}, the servlet front ({@link SockeyeServletFront}) in that embedded container.
 *
 * <p>Listens on 127.0.0.1 only, prints {@code READY port=<port> pid=<pid>} once it listens, and exits on SIGTERM,
 * SIGINT or after {@code --max-seconds} (default 1800, so nothing outlives a run).
 */
public final class BenchServer implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(BenchServer.class);
    /**
     * Broadcasts at full speed hand their ticks over in batches of about this many deliveries (ticks times the room's
     * local members), from {@link #UNPACED_MIN_TICKS} to {@link #UNPACED_MAX_TICKS} ticks, then let other work run.
     * Counted in deliveries, not in ticks as the limit server's 64, because Sockeye's frames wait in the members'
     * outboxes until the batch is handed over: 64 ticks to 1 000 members kept enough of them alive for the bench's
     * 16 MB young generation to copy and promote (VM thread 35 % of the samples, 20 % with 16 ticks; fanout-1k-max
     * 690k against 767k deliveries/s). A room of 10 still needs 64 ticks, since the next batch waits for the outboxes
     * to empty or a millisecond; and one tick per batch to 10 000 members halved their deliveries/s, hence the floor.
     */
    private static final int UNPACED_DELIVERIES = 16_000;

    private static final int UNPACED_MIN_TICKS = 16;

    private static final int UNPACED_MAX_TICKS = 64;

    private final SocketIoServer io;
    /** Set once listening; {@code null} before. */
    private volatile Listening http;
    /** The cluster adapter factory to close after the server, or {@code null} when alone. */
    private final AdapterFactory cluster;
    /** Runs the broadcast loops, so a long broadcast never holds a socket's handler queue. */
    private final ScheduledExecutorService broadcaster = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "bench-broadcast");
        t.setDaemon(true);
        return t;
    });

    private final CountDownLatch closed = new CountDownLatch(1);
    /** The Admin UI instrumentation, or {@code null} without {@code --admin-ui}. */
    private final AdminUi adminUi;
    /** The {@code --metrics-port} endpoint and what it serves, or {@code null} without it. */
    private HttpServer metricsHttp;

    private SockeyeMetrics metrics;

    /** The HTTP front serving {@link #io}: its port, and how to close it (and with it the Socket.IO server). */
    private record Listening(int port, Runnable close) {}

    private BenchServer(SocketIoServer io, AdapterFactory cluster, AdminUi adminUi) {
        this.io = io;
        this.cluster = cluster;
        this.adminUi = adminUi;
    }

    /**
     * Runs the bench server until SIGTERM/SIGINT or {@code --max-seconds}.
     *
     * @param args {@code --port N} (env {@code PORT}, default 3000), {@code --max-seconds N} (default 1800),
     *             {@code --metrics-port N} (Prometheus text at {@code http://127.0.0.1:N/metrics}) and the flags of
     *             {@link BenchFlags#parse}
     * @throws InterruptedException if interrupted while running
     * @throws IOException          when the metrics port cannot be bound
     */
    public static void main(String[] args) throws InterruptedException, IOException {
        String envPort = System.getenv("PORT");
        int port = Integer.parseInt(option(args, "--port", envPort == null || envPort.isBlank() ? "3000" : envPort));
        long maxSeconds = Long.parseLong(option(args, "--max-seconds", "1800"));
        BenchServer server = start(port, BenchFlags.parse(args));
        String metricsPort = option(args, "--metrics-port", "");
        if (!metricsPort.isEmpty()) {
            server.serveMetrics(Integer.parseInt(metricsPort)); // before READY: no client has connected yet
        }
        Runtime.getRuntime().addShutdownHook(new Thread(server::close, "bench-server-shutdown"));
        System.out.println("READY port=" + server.port() + " pid="
                + ProcessHandle.current().pid());
        System.out.flush();
        if (!server.closed.await(maxSeconds, TimeUnit.SECONDS)) {
            System.err.println("max-seconds " + maxSeconds + " reached, exiting");
            System.exit(0); // runs the shutdown hook
        }
    }

    /**
     * Starts a bench server on 127.0.0.1.
     *
     * @param port    the port, 0 for any free one (see {@link #port()})
     * @param adapter {@code redis://H:P}, {@code redis-sharded://H:P}, {@code redis-streams://H:P} (any URL of
     *                {@code RedisAdapters.fromUrl}), {@code postgres://USER@H:P/DB}, or empty for
     *                the in-memory adapter
     * @return the running server
     */
    public static BenchServer start(int port, String adapter) {
        return start(port, BenchFlags.DEFAULTS.withAdapter(adapter));
    }

    /**
     * Starts a bench server on 127.0.0.1 with the given flags.
     *
     * @param port  the port, 0 for any free one (see {@link #port()})
     * @param flags the adapter, parser and instrumentation
     * @return the running server
     */
    public static BenchServer start(int port, BenchFlags flags) {
        SocketIoServer.Builder builder =
                SocketIoServer.builder().serveClient(false).allowEIO3(flags.allowEio3());
        if (flags.recovery()) {
            builder.connectionStateRecovery(ConnectionStateRecovery.defaults());
        }
        switch (flags.parser()) {
            case "json" -> {}
            case "msgpack" -> builder.parser(new MsgpackParser());
            default -> throw new IllegalArgumentException("--parser must be json or msgpack: " + flags.parser());
        }
        AdapterFactory cluster = clusterAdapter(flags.adapter());
        if (cluster != null) {
            builder.adapter(cluster);
        }
        if (Boolean.getBoolean("sockeye.bench.inlineHandlers")) {
            // Experiment only, never in a run of record: handlers on the Netty I/O threads (not the default), to
            // measure what the hop to the handler pool and back costs (benchmarks/README.md).
            builder.handlerExecutor(Runnable::run);
        } else if (Boolean.getBoolean("sockeye.bench.poolHandlers")) {
            // Experiment only: a work-stealing pool like JDK 17's default on any JDK, to compare with virtual threads
            builder.handlerExecutor(new ForkJoinPool(
                    Math.max(4, 2 * Runtime.getRuntime().availableProcessors()),
                    ForkJoinPool.defaultForkJoinWorkerThreadFactory,
                    null,
                    true));
        }
        SocketIoServer io = builder.build();
        AdminUi instrumentation =
                flags.adminUi().isEmpty() ? null : AdminUi.instrument(io, adminUiOptions(flags.adminUi()));
        BenchServer server = new BenchServer(io, cluster, instrumentation);
        server.install();
        try {
            server.http = listen(io, port, flags); // after install(): the first client finds the events there
            return server;
        } catch (RuntimeException e) {
            server.close();
            throw e;
        }
    }

    /**
     * Starts serving {@code io} on 127.0.0.1 with the front of the flags ({@code netty}, {@code tomcat} or
     * {@code jetty}; the Netty front on the flags' transport).
     */
    private static Listening listen(SocketIoServer io, int port, BenchFlags flags) {
        String front = flags.front();
        if ("netty".equals(front)) {
            NettySocketIoServer netty = NettySocketIoServer.builder(io)
                    .host("127.0.0.1")
                    .port(port)
                    .transport(NettyTransport.valueOf(flags.transport().toUpperCase(Locale.ROOT)))
                    .build()
                    .start();
            return new Listening(netty.port(), netty::close); // closes io too
        }
        EmbeddedContainer.Kind kind;
        try {
            kind = EmbeddedContainer.Kind.of(front);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--front must be netty, tomcat or jetty: " + front, e);
        }
        EmbeddedContainer container =
                EmbeddedContainer.start(kind, "127.0.0.1", port, context -> SockeyeServletFront.register(context, io));
        return new Listening(container.port(), () -> {
            io.close(); // sockets get "server shutting down" while the container still serves
            container.close();
        });
    }

    /** {@code USER:PASSWORD} as Admin UI options: development mode, the password hashed with bcrypt (cost 10). */
    private static AdminUiOptions adminUiOptions(String userAndPassword) {
        int colon = userAndPassword.indexOf(':');
        if (colon <= 0) {
            throw new IllegalArgumentException("--admin-ui must be USER:PASSWORD");
        }
        String hash = BCrypt.withDefaults()
                .hashToString(10, userAndPassword.substring(colon + 1).toCharArray());
        return AdminUiOptions.builder()
                .basicAuth(userAndPassword.substring(0, colon), hash)
                .mode(AdminUiOptions.Mode.DEVELOPMENT)
                .build();
    }

    private static AdapterFactory clusterAdapter(String url) {
        if (url.isEmpty()) {
            return null;
        }
        String key = System.getenv("BENCH_REDIS_KEY");
        if (key != null && !key.isBlank() && url.startsWith("redis://")) {
            // run-limits.sh: a channel prefix of the run's own, so that no other user of the Redis hears the ticks
            return RedisAdapters.createAdapter(
                    url, RedisAdapterOptions.builder().key(key).build());
        }
        if (url.startsWith("redis")) {
            return RedisAdapters.fromUrl(url); // redis://, redis-sharded://, redis-streams://, Sentinel, cluster, TLS
        }
        if (url.startsWith("postgres://") || url.startsWith("postgresql://")) {
            return PostgresAdapters.fromUrl(url); // creates socket_io_attachments if missing
        }
        throw new IllegalArgumentException("--adapter must be redis://H:P, redis-sharded://H:P, redis-streams://H:P "
                + "(or another RedisAdapters.fromUrl URL) or postgres://USER@H:P/DB: " + url);
    }

    /** The contract's events. */
    private void install() {
        long pid = ProcessHandle.current().pid();
        // Cluster probe: every server answers the server-side "ping" with its pid.
        io.on("ping", (args, ack) -> ack.send(pid));
        io.onConnection(socket -> {
            socket.on("echo", (Args args, Ack ack) -> {
                Object[] same = args.nodes().toArray();
                if (ack.expected()) {
                    ack.send(same);
                } else {
                    socket.emit("echo", same);
                }
            });
            socket.on("join", (Args args, Ack ack) -> {
                String room = text(args.node(0));
                socket.join(room);
                ack.send(roomSize(room));
            });
            socket.on("leave", (Args args, Ack ack) -> {
                String room = text(args.node(0));
                socket.leave(room);
                ack.send(roomSize(room));
            });
            socket.on("broadcast", (Args args, Ack ack) -> startBroadcast(args.node(0), ack));
            socket.on(
                    "stats",
                    (Args args, Ack ack) ->
                            ack.send(new Stats(pid, io.sockets().sockets().size(), rss())));
            socket.on("gc", (Args args, Ack ack) -> {
                System.gc();
                ack.send(true);
            });
            socket.on(
                    "fetch",
                    (Args args, Ack ack) -> io.in(field(args.node(0), "room"))
                            .fetchSockets()
                            .whenComplete((sockets, error) -> {
                                if (error != null) {
                                    log.warn("fetch failed", error);
                                }
                                ack.send(
                                        error != null
                                                ? List.of()
                                                : sockets.stream()
                                                        .map(RemoteSocket::id)
                                                        .sorted()
                                                        .toList());
                            }));
            socket.on("remote-join", (Args args, Ack ack) -> {
                JsonNode opts = args.node(0);
                io.in(field(opts, "target")).socketsJoin(field(opts, "room"));
                ack.send(true);
            });
            socket.on("servers", (Args args, Ack ack) -> countServers(socket, ack));
        });
    }

    private void countServers(Socket socket, Ack ack) {
        if (cluster == null) {
            ack.send(1); // the in-memory adapter has no other server to ask
            return;
        }
        io.serverSideEmitWithAck("ping", Long.class).whenComplete((others, error) -> {
            if (error != null) {
                log.warn("servers: serverSideEmitWithAck(ping) failed for {}", socket.id(), error);
                ack.send(1);
            } else {
                ack.send(1 + others.size());
            }
        });
    }

    /**
     * Emits {@code count} ticks to the room: at {@code rate} per second with catch-up pacing from the start (after
     * t seconds, floor(t*rate)+1 ticks have gone), or as fast as possible in batches when {@code rate <= 0}; then
     * acks {@code {sent, ms}}.
     */
    private void startBroadcast(JsonNode opts, Ack ack) {
        String room = field(opts, "room");
        // beyond the contract, for run-limits.sh's union case: {"rooms":[a,b],"except":[c]} is to(a).to(b).except(c)
        List<String> rooms = strings(opts, "rooms");
        List<String> targets = rooms.isEmpty() ? List.of(room) : rooms;
        BroadcastOperator target = io.to(targets).except(strings(opts, "except"));
        int count = Math.max(0, (int) number(opts, "count"));
        int size = Math.max(0, (int) number(opts, "size"));
        double rate = number(opts, "rate");
        String pad = "x".repeat(size);
        int localMembers = targets.stream().mapToInt(this::roomSize).sum();
        int batchTicks = Math.max(
                UNPACED_MIN_TICKS, Math.min(UNPACED_MAX_TICKS, UNPACED_DELIVERIES / Math.max(1, localMembers)));
        long start = System.nanoTime();
        int[] seq = {0};
        Runnable done = () -> ack.send(new Sent(seq[0], Math.round((System.nanoTime() - start) / 1e6)));
        if (count == 0) {
            done.run();
            return;
        }
        AtomicReference<ScheduledFuture<?>> timer = new AtomicReference<>();
        Runnable step = new Runnable() {
            @Override
            public void run() {
                int due = rate > 0
                        ? (int) Math.min(count, Math.floor((System.nanoTime() - start) / 1e9 * rate) + 1)
                        : Math.min(count, seq[0] + batchTicks);
                // one hand-off per event loop and one write per member for the whole batch, as the limit server
                io.batch(() -> {
                    while (seq[0] < due) {
                        target.emit("tick", new Tick(seq[0], nowMicros(), pad));
                        seq[0]++;
                    }
                });
                if (seq[0] >= count) {
                    ScheduledFuture<?> t = timer.get();
                    if (t != null) {
                        t.cancel(false);
                    }
                    done.run();
                } else if (rate <= 0) {
                    // Yield to I/O between batches, as the contract asks: go on at once while every member's
                    // transport takes more, else let the I/O threads catch up for a millisecond.
                    if (targets.stream().allMatch(BenchServer.this::roomWritable)) {
                        broadcaster.execute(this);
                    } else {
                        broadcaster.schedule(this, 1, TimeUnit.MILLISECONDS);
                    }
                }
            }
        };
        if (rate > 0) {
            // Every millisecond, like the reference's setInterval(step, 1). All steps run on the one broadcaster
            // thread, so seq needs no other guard; the first step runs at once.
            timer.set(broadcaster.scheduleAtFixedRate(
                    () -> {
                        if (seq[0] < count) {
                            step.run();
                        }
                    },
                    0,
                    1,
                    TimeUnit.MILLISECONDS));
        } else {
            broadcaster.execute(step);
        }
    }

    /** Whether every local member of the room can take more output now (no transport backlog). */
    private boolean roomWritable(String room) {
        Set<String> members = io.sockets().adapter().rooms().get(room);
        if (members == null) {
            return true;
        }
        Map<String, Socket> sockets = io.sockets().sockets();
        for (String id : members) {
            Socket member = sockets.get(id);
            if (member != null && !member.conn().isWritable()) {
                return false;
            }
        }
        return true;
    }

    private int roomSize(String room) {
        Set<String> members = io.sockets().adapter().rooms().get(room);
        return members == null ? 0 : members.size();
    }

    /**
     * Wall-clock microseconds since the Unix epoch, as the contract's {@code t}.
     *
     * @return the time
     */
    public static long nowMicros() {
        Instant now = Instant.now();
        return now.getEpochSecond() * 1_000_000L + now.getNano() / 1_000;
    }

    /**
     * This process's resident set size in bytes from {@code /proc/self/status}, 0 where there is none.
     *
     * @return the size
     */
    public static long rss() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmRSS:")) {
                    String kb =
                            line.substring("VmRSS:".length()).replace("kB", "").strip();
                    return Long.parseLong(kb) * 1024;
                }
            }
        } catch (IOException | RuntimeException e) {
            log.debug("no VmRSS", e);
        }
        return 0;
    }

    private static String text(JsonNode node) {
        return node == null || node.isNull() ? "null" : node.isString() ? node.asString() : node.toString();
    }

    private static String field(JsonNode opts, String name) {
        return text(opts == null ? null : opts.get(name));
    }

    private static List<String> strings(JsonNode opts, String name) {
        JsonNode value = opts == null ? null : opts.get(name);
        List<String> out = new ArrayList<>();
        if (value != null && value.isArray()) {
            value.forEach(item -> out.add(text(item)));
        }
        return out;
    }

    private static double number(JsonNode opts, String name) {
        JsonNode value = opts == null ? null : opts.get(name);
        return value != null && value.isNumber() ? value.asDouble() : 0;
    }

    /**
     * The value after {@code name} on the command line.
     *
     * @param args     the command line
     * @param name     the flag, e.g. {@code --port}
     * @param fallback what to return when the flag is absent
     * @return the value or the fallback
     */
    public static String option(String[] args, String name, String fallback) {
        for (int i = 0; i + 1 < args.length; i++) {
            if (args[i].equals(name)) {
                return args[i + 1];
            }
        }
        return fallback;
    }

    /**
     * Measures the server with {@code sockeye-micrometer} and serves the meters in Prometheus text at
     * {@code http://127.0.0.1:<port>/metrics} ({@code --metrics-port}). Call it before clients connect: the packet
     * counters watch the connections opened afterwards.
     *
     * @param port the port, 0 for any free one (see {@link #metricsPort()})
     * @throws IOException when the port cannot be bound
     */
    public synchronized void serveMetrics(int port) throws IOException {
        if (metricsHttp != null) {
            throw new IllegalStateException("metrics already served on port " + metricsPort());
        }
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        HttpServer endpoint = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 0);
        endpoint.createContext("/metrics", exchange -> {
            try (exchange) {
                byte[] body = registry.scrape().getBytes(StandardCharsets.UTF_8);
                exchange.getResponseHeaders().set("Content-Type", "text/plain; version=0.0.4; charset=utf-8");
                exchange.sendResponseHeaders(200, body.length);
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(body);
                }
            }
        });
        metrics = SockeyeMetrics.bindTo(io, registry);
        endpoint.start();
        metricsHttp = endpoint;
    }

    /**
     * The port of the {@linkplain #serveMetrics metrics endpoint}.
     *
     * @return the bound port
     * @throws IllegalStateException when metrics are not served
     */
    public synchronized int metricsPort() {
        if (metricsHttp == null) {
            throw new IllegalStateException("metrics not served");
        }
        return metricsHttp.getAddress().getPort();
    }

    /**
     * The port the server listens on.
     *
     * @return the bound port
     */
    public int port() {
        return http.port();
    }

    /** Stops the broadcasts, the server (sockets get {@code server shutting down}) and the cluster adapter. */
    @Override
    public synchronized void close() {
        if (closed.getCount() == 0) {
            return;
        }
        broadcaster.shutdownNow();
        if (adminUi != null) {
            adminUi.close();
        }
        if (metricsHttp != null) {
            metricsHttp.stop(0);
            metrics.close();
        }
        if (http != null) {
            http.close().run(); // closes io too
        } else {
            io.close();
        }
        if (cluster instanceof AutoCloseable closeable) {
            try {
                closeable.close();
            } catch (Exception e) {
                log.warn("closing the cluster adapter failed", e);
            }
        }
        closed.countDown();
    }

    /** The {@code tick} payload; the contract leaves key order free. */
    private record Tick(int seq, long t, String p) {}

    /** The {@code broadcast} ack. */
    private record Sent(int sent, long ms) {}

    /** The {@code stats} ack. */
    private record Stats(long pid, int connections, long rss) {}
}
