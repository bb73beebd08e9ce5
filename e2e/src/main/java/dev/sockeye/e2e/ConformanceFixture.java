package dev.sockeye.e2e;

import dev.sockeye.engine.CorsOptions;
import dev.sockeye.engine.EngineOptions;
import dev.sockeye.engine.EngineServer;
import dev.sockeye.engine.EngineSocket;
import dev.sockeye.netty.NettyServer;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * The server the official protocol test suites run against (see {@code shared/conformance/FIXTURE.md}):
 * one listener on {@code $HOST:$PORT} (default {@code 127.0.0.1:3000}) serving every endpoint in
 * {@link #ENDPOINTS}. Started by {@code e2e/fixture.sh}; tests start it in-process on port 0.
 */
public final class ConformanceFixture {

    /**
     * The endpoints served on the one port. Each adds its engine(s) to the server builder; the
     * Socket.IO endpoint ({@code /socket.io/}) is added here next to the Engine.IO echo endpoint.
     */
    static final List<Consumer<NettyServer.Builder>> ENDPOINTS = new ArrayList<>(List.of(ConformanceFixture::engineIoEcho, SocketIoFixture::endpoint));

    private ConformanceFixture() {
    }

    /** Runs the fixture in the foreground until the process is stopped. */
    public static void main(String[] args) throws InterruptedException {
        String host = env("HOST", "127.0.0.1");
        int port = Integer.parseInt(env("PORT", "3000"));
        NettyServer server = start(host, port);
        Runtime.getRuntime().addShutdownHook(new Thread(server::close, "fixture-shutdown"));
        server.awaitTermination();
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
        EngineServer engine = EngineServer.create(sharedOptions().path("/engine.io").allowEIO3(allowEIO3).build());
        engine.onConnection(ConformanceFixture::echo);
        builder.engine(engine);
    }

    /** Echoes every message of {@code socket} back to it. */
    static void echo(EngineSocket socket) {
        socket.onMessage(new EngineSocket.MessageListener() {
            @Override
            public void onText(String text) {
                socket.send(text);
            }

            @Override
            public void onBinary(byte[] data) {
                socket.send(data);
            }
        });
    }

    private static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isEmpty() ? fallback : value;
    }
}
