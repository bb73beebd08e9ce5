package dev.sockeye.bench.jmh;

import dev.sockeye.engine.EngineMessage;
import dev.sockeye.engine.EngineOptions;
import dev.sockeye.engine.EngineRequest;
import dev.sockeye.engine.EngineServer;
import dev.sockeye.engine.EngineSocket;
import dev.sockeye.engine.spi.FrontExchange;
import dev.sockeye.engine.spi.OutboundFrame;
import dev.sockeye.engine.spi.PollingExchange;
import dev.sockeye.engine.spi.WebSocketConnection;
import dev.sockeye.engine.spi.WebSocketHandler;
import dev.sockeye.engine.spi.WebSocketUpgrade;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * The Engine.IO codec of a real {@link EngineServer}, fed through its front SPI by in-memory fakes:
 * the codec is internal to the engine's session, so the front's entry points are where it can be
 * measured. One WebSocket session (a text frame in, a text frame out) and one polling session: a
 * POST whose body joins three packets with {@code \x1e} (the tick EVENT, an ACK, and a 256-byte
 * binary as {@code b<base64>}), and a GET answered with the same three packets. The polling
 * benchmarks include the engine's request checks (transport, sid lookup) as every poll does.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class EnginePacketBenchmark {
    private static final String WS_FRAME = "4" + Tick.EVENT_TEXT;
    private static final byte[] POLLING_BODY = String.join(
                    "\u001e", "4" + Tick.EVENT_TEXT, "4" + Tick.ACK_TEXT, "b" + Tick.ATTACHMENT_BASE64)
            .getBytes(StandardCharsets.UTF_8);

    private EngineServer engine;
    private final List<EngineSocket> sessions = new ArrayList<>();
    private final CountingListener received = new CountingListener();
    private final LastFrame wsOut = new LastFrame();
    private WebSocketHandler wsIn;
    private EngineSocket polling;
    private EngineRequest pollingPost;
    private EngineRequest pollingGet;

    /** Opens one WebSocket and one polling session and checks one round of each benchmark. */
    @Setup
    public void setUp() {
        // Heartbeats far beyond a run: a ping would add a packet to a poll, a missed pong close the session.
        engine = EngineServer.create(EngineOptions.builder()
                .pingInterval(Duration.ofHours(1))
                .pingTimeout(Duration.ofHours(1))
                .build());
        engine.onConnection(session -> {
            sessions.add(session);
            session.onMessage(received);
        });

        Upgrade upgrade = new Upgrade(request("GET", "transport=websocket"), wsOut);
        engine.handleUpgrade(upgrade);
        wsIn = upgrade.handler;

        Exchange handshake = new Exchange(request("GET", "transport=polling"), null);
        engine.handleRequest(handshake);
        polling = sessions.get(1);
        pollingPost = request("POST", "transport=polling&sid=" + polling.id());
        pollingGet = request("GET", "transport=polling&sid=" + polling.id());

        webSocketDecode();
        pollingDecode();
        if (received.texts != 3 || received.binaries != 1) {
            throw new IllegalStateException(
                    "received " + received.texts + " texts and " + received.binaries + " binaries");
        }
        check(new String(webSocketEncode(), StandardCharsets.UTF_8), WS_FRAME);
        check(new String(pollingEncode(), StandardCharsets.UTF_8), new String(POLLING_BODY, StandardCharsets.UTF_8));
    }

    private static void check(String actual, String expected) {
        if (!actual.equals(expected)) {
            throw new IllegalStateException("sent " + actual + ", expected " + expected);
        }
    }

    private static EngineRequest request(String method, String query) {
        return new EngineRequest(
                method,
                "/engine.io/?EIO=4&" + query,
                Map.of("host", List.of("localhost")),
                new InetSocketAddress("127.0.0.1", 40000),
                false);
    }

    /** Closes the engine and its sessions. */
    @TearDown
    public void tearDown() {
        engine.close();
    }

    /** A WebSocket text frame {@code 42["tick",{…}]} to the message listener. */
    @Benchmark
    public long webSocketDecode() {
        wsIn.onText(WS_FRAME);
        return received.texts;
    }

    /** A text message to the UTF-8 bytes of its WebSocket frame. */
    @Benchmark
    public byte[] webSocketEncode() {
        sessions.get(0).send(EngineMessage.text(Tick.EVENT_TEXT));
        return wsOut.last;
    }

    /** A POST body of three packets (text, text, base64 binary) split, decoded and handed to the listener. */
    @Benchmark
    public int pollingDecode() {
        Exchange post = new Exchange(pollingPost, POLLING_BODY);
        engine.handleRequest(post);
        return post.status;
    }

    /** Three messages queued (text, text, binary), then a GET that takes them as one payload. */
    @Benchmark
    public byte[] pollingEncode() {
        polling.send(EngineMessage.text(Tick.EVENT_TEXT));
        polling.send(EngineMessage.text(Tick.ACK_TEXT));
        polling.send(EngineMessage.binary(Tick.ATTACHMENT));
        Exchange get = new Exchange(pollingGet, null);
        engine.handleRequest(get);
        return get.body;
    }

    /** Counts what the engine delivers. */
    private static final class CountingListener implements EngineSocket.MessageListener {
        long texts;
        long binaries;

        @Override
        public void onText(String text) {
            texts++;
        }

        @Override
        public void onBinary(byte[] data) {
            binaries++;
        }
    }

    /** One HTTP request answered at once; the client never goes away. */
    private static final class Exchange extends FrontExchange implements PollingExchange {
        private final byte[] requestBody;
        private final long arrivalNanos = System.nanoTime();
        int status;
        byte[] body;

        Exchange(EngineRequest request, byte[] requestBody) {
            super(request, null); // the engine's own scheduler
            this.requestBody = requestBody;
        }

        @Override
        public long arrivalNanos() {
            return arrivalNanos;
        }

        @Override
        public void readBody(long maxBytes, BodyCallback callback) {
            callback.onBody(requestBody);
        }

        @Override
        public void respond(int status, byte[] body) {
            this.status = status;
            this.body = body;
        }

        @Override
        public void onAbort(Runnable listener) {}
    }

    /** A WebSocket handshake that succeeds at once on {@code connection}. */
    private static final class Upgrade extends FrontExchange implements WebSocketUpgrade {
        private final WebSocketConnection connection;
        WebSocketHandler handler;

        Upgrade(EngineRequest request, WebSocketConnection connection) {
            super(request, null); // the engine's own scheduler
            this.connection = connection;
        }

        @Override
        public void accept(WebSocketHandler accepted) {
            handler = accepted;
            accepted.onOpen(connection);
        }

        @Override
        public void reject(int status, byte[] body) {
            throw new IllegalStateException(
                    "upgrade refused: " + status + " " + new String(body, StandardCharsets.UTF_8));
        }
    }

    /** Keeps the last frame and drops it. */
    private static final class LastFrame implements WebSocketConnection {
        byte[] last;

        @Override
        public void send(OutboundFrame frame, boolean compress) {
            last = frame.payload();
        }

        @Override
        public void close() {}

        @Override
        public void abort() {}

        @Override
        public boolean isWritable() {
            return true;
        }

        @Override
        public long queuedBytes() {
            return 0;
        }
    }
}
