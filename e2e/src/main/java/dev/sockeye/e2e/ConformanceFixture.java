package dev.sockeye.e2e;

import dev.sockeye.engine.CorsOptions;
import dev.sockeye.engine.EngineOptions;
import dev.sockeye.engine.EngineServer;
import dev.sockeye.engine.EngineSocket;
import dev.sockeye.netty.NettyServer;
import dev.sockeye.servlet.SockeyeServletFront;
import dev.sockeye.servlet.embedded.EmbeddedContainer;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

/**
 * The server the official protocol test suites run against (see {@code shared/conformance/FIXTURE.md}):
 * one listener on {@code $HOST:$PORT} (default {@code 127.0.0.1:3000}) serving every endpoint in
 * {@link #ENDPOINTS}. Started by {@code e2e/fixture.sh}; tests start it in-process on port 0.
 *
 * <p>{@code SOCKEYE_FRONT} picks the HTTP front: {@code netty} (the default), or {@code tomcat} / {@code jetty} for
 * the servlet front in that embedded container, serving the same two endpoints.
 */
public final class ConformanceFixture {

    /**
     * The endpoints served on the one port. Each adds its engine(s) to the server builder; the
     * Socket.IO endpoint ({@code /socket.io/}) is added here next to the Engine.IO echo endpoint.
     */
    static final List<Consumer<NettyServer.Builder>> ENDPOINTS =
            new ArrayList<>(List.of(ConformanceFixture::engineIoEcho, SocketIoFixture::endpoint));

    private ConformanceFixture() {}

    /** Runs the fixture in the foreground until the process is stopped. */
    public static void main(String[] args) throws InterruptedException {
        String host = env("HOST", "127.0.0.1");
        int port = Integer.parseInt(env("PORT", "3000"));
        String front = env("SOCKEYE_FRONT", "netty");
        Front warm = startFront(front, "127.0.0.1", 0);
        try {
            warmUp(warm.port());
        } finally {
            warm.stop().run();
        }
        Front server = startFront(front, host, port);
        Runtime.getRuntime().addShutdownHook(new Thread(server.stop(), "fixture-shutdown"));
        new java.util.concurrent.CountDownLatch(1).await(); // until SIGTERM
    }

    /** A started fixture: its port and how to stop it. */
    record Front(int port, Runnable stop) {}

    /**
     * Starts the fixture on the named front.
     *
     * @param front {@code netty}, {@code tomcat} or {@code jetty}
     */
    static Front startFront(String front, String host, int port) {
        if ("netty".equals(front)) {
            NettyServer server = start(host, port);
            return new Front(server.port(), server::close);
        }
        EmbeddedContainer container = startServlet(EmbeddedContainer.Kind.of(front), host, port);
        return new Front(container.port(), container::close);
    }

    /** Starts both endpoints in an embedded servlet container through the servlet front (0 = any free port). */
    public static EmbeddedContainer startServlet(EmbeddedContainer.Kind kind, String host, int port) {
        EngineServer echo = echoEngine("engineio-v3".equals(System.getenv("CONFORMANCE_SUITE")));
        dev.sockeye.server.SocketIoServer io = SocketIoFixture.create();
        return EmbeddedContainer.start(kind, host, port, context -> {
            SockeyeServletFront.register(context, echo);
            SockeyeServletFront.register(context, io);
        });
    }

    /**
     * Runs one Socket.IO connection (WebSocket handshake, CONNECT, the {@code auth} emit) through a
     * throwaway fixture on a free loopback port, before the real port opens. The suites' timings are
     * tight (a ping every 300 ms): the first CONNECT of a cold JVM (class loading, the JIT, Jackson)
     * could take longer than that on a loaded machine, and the suites would see the ping first.
     * A failed warm-up is only reported: the fixture serves all the same.
     */
    static void warmUp(int port) throws InterruptedException {
        try {
            CompletableFuture<Void> connected = new CompletableFuture<>();
            java.net.http.WebSocket ws = HttpClient.newHttpClient()
                    .newWebSocketBuilder()
                    .buildAsync(
                            URI.create("ws://127.0.0.1:" + port + "/socket.io/?EIO=4&transport=websocket"),
                            new java.net.http.WebSocket.Listener() {
                                @Override
                                public CompletionStage<?> onText(
                                        java.net.http.WebSocket socket, CharSequence data, boolean last) {
                                    String text = data.toString();
                                    if (text.startsWith("0")) {
                                        socket.sendText("40", true);
                                    } else if (text.startsWith("42[\"auth\"")) {
                                        connected.complete(null);
                                    }
                                    socket.request(1);
                                    return null;
                                }
                            })
                    .get(10, TimeUnit.SECONDS);
            connected.get(10, TimeUnit.SECONDS);
            ws.sendClose(java.net.http.WebSocket.NORMAL_CLOSURE, "").get(10, TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException e) {
            System.err.println("fixture warm-up failed, serving anyway: " + e);
        }
    }

    /** Starts every endpoint on one port (0 = any free port). */
    public static NettyServer start(String host, int port) {
        NettyServer.Builder builder = NettyServer.builder().host(host).port(port);
        for (Consumer<NettyServer.Builder> endpoint : ENDPOINTS) {
            endpoint.accept(builder);
        }
        return builder.build().start();
    }

    /**
     * The engine settings both endpoints share (FIXTURE §1): ping every 300 ms, 200 ms to answer,
     * 1 000 000-byte payloads, both transports with upgrade, CORS {@code *}.
     */
    public static EngineOptions.Builder sharedOptions() {
        return EngineOptions.builder()
                .pingInterval(Duration.ofMillis(300))
                .pingTimeout(Duration.ofMillis(200))
                .maxHttpBufferSize(1_000_000)
                .cors(CorsOptions.allowAll());
    }

    /**
     * FIXTURE §2: a bare Engine.IO server on {@code /engine.io/} echoing every message to its sender; with
     * Engine.IO protocol v3 accepted when {@code CONFORMANCE_SUITE} is {@code engineio-v3} (FIXTURE §5), as
     * the reference does (it would break two tests of the v4 suite, which expect a missing {@code EIO} refused).
     */
    static void engineIoEcho(NettyServer.Builder builder) {
        engineIoEcho(builder, "engineio-v3".equals(System.getenv("CONFORMANCE_SUITE")));
    }

    /** The echo endpoint of {@link #engineIoEcho(NettyServer.Builder)}, accepting protocol v3 clients when {@code allowEIO3}. */
    static void engineIoEcho(NettyServer.Builder builder, boolean allowEIO3) {
        builder.engine(echoEngine(allowEIO3));
    }

    /** The engine of the echo endpoint, accepting protocol v3 clients when {@code allowEIO3}. */
    static EngineServer echoEngine(boolean allowEIO3) {
        EngineServer engine = EngineServer.create(
                sharedOptions().path("/engine.io").allowEIO3(allowEIO3).build());
        engine.onConnection(ConformanceFixture::echo);
        return engine;
    }

    /** Echoes every message of {@code socket} back to it. */
    static void echo(EngineSocket socket) {
        socket.onMessage(EngineSocket.MessageListener.of(socket::send, socket::send));
    }

    private static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isEmpty() ? fallback : value;
    }
}
