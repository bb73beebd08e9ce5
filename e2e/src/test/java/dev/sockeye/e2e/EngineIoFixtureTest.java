package dev.sockeye.e2e;

import static dev.sockeye.e2e.Http.SEP;
import static org.assertj.core.api.Assertions.assertThat;

import dev.sockeye.netty.NettyServer;
import java.io.OutputStream;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Every behaviour of FIXTURE.md §2 (the {@code /engine.io/} echo endpoint the Engine.IO protocol
 * suite targets), with raw HTTP and raw WebSocket and exact strings.
 */
class EngineIoFixtureTest {
    private static final String OPEN_POLLING = "0\\{\"sid\":\"[A-Za-z0-9_-]{20}\",\"upgrades\":\\[\"websocket\"],"
            + "\"pingInterval\":300,\"pingTimeout\":200,\"maxPayload\":1000000}";
    private static final String OPEN_WEBSOCKET = "0\\{\"sid\":\"[A-Za-z0-9_-]{20}\",\"upgrades\":\\[],"
            + "\"pingInterval\":300,\"pingTimeout\":200,\"maxPayload\":1000000}";
    private static final String POLL = "/engine.io/?EIO=4&transport=polling";
    private static final String WS = "/engine.io/?EIO=4&transport=websocket";

    private static NettyServer server;
    private static Http http;

    @BeforeAll
    static void start() {
        server = ConformanceFixture.start("127.0.0.1", 0);
        http = new Http(server.port());
        warmUp(http);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    /**
     * One full polling cycle before the tests: the fixture's sessions live 500 ms without pongs, and a
     * cold JVM (class loading, the HTTP client's first connection) can eat much of that.
     */
    static void warmUp(Http http) {
        try {
            for (int i = 0; i < 3; i++) {
                String sid = http.handshake("/engine.io/");
                http.post("/engine.io/?EIO=4&transport=polling&sid=" + sid, "4warm");
                http.get("/engine.io/?EIO=4&transport=polling&sid=" + sid);
            }
        } catch (Exception e) {
            throw new IllegalStateException("fixture not serving", e);
        }
    }

    private static String poll(String sid) {
        return POLL + "&sid=" + sid;
    }

    // ---------------------------------------------------------------- 2.1 handshake

    @Test
    void pollingHandshakeAnswersTheOpenPacketWithExactlyTheFiveKeys() throws Exception {
        HttpResponse<String> response = http.get(POLL);
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).matches(OPEN_POLLING);
        assertThat(response.headers().firstValue("content-type")).hasValue("text/plain; charset=UTF-8");
        assertThat(response.headers().firstValue("access-control-allow-origin")).hasValue("*");
    }

    @Test
    void webSocketHandshakeSendsTheOpenPacketAsFirstFrame() throws Exception {
        try (RawWebSocket ws = RawWebSocket.connect(server.port(), WS)) {
            assertThat(ws.status).isEqualTo(101);
            RawWebSocket.Frame first = ws.next();
            assertThat(first.opcode()).isEqualTo(RawWebSocket.TEXT);
            assertThat(first.text()).matches(OPEN_WEBSOCKET);
        }
    }

    @Test
    void badHandshakesAreRefusedWithTheNodeErrorBodies() throws Exception {
        String v5 = "{\"code\":5,\"message\":\"Unsupported protocol version\"}";
        String v0 = "{\"code\":0,\"message\":\"Transport unknown\"}";
        assertRefused(http.get("/engine.io/?transport=polling"), 400, v5);
        assertRefused(http.get("/engine.io/?EIO=abc&transport=polling"), 400, v5);
        assertRefused(http.get("/engine.io/?EIO=4"), 400, v0);
        assertRefused(http.get("/engine.io/?EIO=4&transport=abc"), 400, v0);
        assertRefused(http.post(POLL, ""), 400, "{\"code\":2,\"message\":\"Bad handshake method\"}");
        assertRefused(http.send(POLL, "PUT", "", null), 400, "{\"code\":2,\"message\":\"Bad handshake method\"}");
        assertRefused(http.get(poll("unknownsid")), 400, "{\"code\":1,\"message\":\"Session ID unknown\"}");
    }

    private static void assertRefused(HttpResponse<String> response, int status, String body) {
        assertThat(response.statusCode()).isEqualTo(status);
        assertThat(response.body()).isEqualTo(body);
        assertThat(response.headers().firstValue("content-type")).hasValue("application/json");
    }

    @Test
    void badWebSocketHandshakesEndClosed() throws Exception {
        for (String target : new String[] {
            "/engine.io/?transport=websocket",
            "/engine.io/?EIO=abc&transport=websocket",
            "/engine.io/?EIO=4",
            "/engine.io/?EIO=4&transport=abc",
            WS + "&sid=unknownsid"
        }) {
            try (RawWebSocket ws = RawWebSocket.connect(server.port(), target)) {
                assertThat(ws.status).as(target).isEqualTo(400);
                assertThat(ws.awaitClosed(Duration.ofSeconds(5))).as(target).isEqualTo(-1);
            }
        }
    }

    // ---------------------------------------------------------------- 2.2 polling messages

    @Test
    void postedMessageIsEchoedOnTheNextPoll() throws Exception {
        String sid = http.handshake("/engine.io/");
        HttpResponse<String> post = http.post(poll(sid), "4hello");
        assertThat(post.statusCode()).isEqualTo(200);
        assertThat(post.body()).isEqualTo("ok");
        assertThat(http.get(poll(sid)).body()).isEqualTo("4hello");
    }

    @Test
    void severalPostedMessagesComeBackInOnePoll() throws Exception {
        String sid = http.handshake("/engine.io/");
        assertThat(http.post(poll(sid), "4test1" + SEP + "4test2" + SEP + "4test3")
                        .body())
                .isEqualTo("ok");
        assertThat(http.get(poll(sid)).body()).isEqualTo("4test1" + SEP + "4test2" + SEP + "4test3");
    }

    @Test
    void binaryMessagesTravelAsBase64OverPolling() throws Exception {
        String sid = http.handshake("/engine.io/");
        assertThat(http.post(poll(sid), "4hello" + SEP + "bAQIDBA==").body()).isEqualTo("ok");
        assertThat(http.get(poll(sid)).body()).isEqualTo("4hello" + SEP + "bAQIDBA==");
    }

    @Test
    void invalidPayloadClosesTheSession() throws Exception {
        String sid = http.handshake("/engine.io/");
        http.post(poll(sid), "abc");
        assertThat(http.get(poll(sid)).statusCode()).isEqualTo(400);
    }

    @Test
    void overlappingPollsCloseTheSession() throws Exception {
        String sid = http.handshake("/engine.io/");
        CompletableFuture<HttpResponse<String>> first = http.getAsync(poll(sid));
        HttpResponse<String> second = awaitSecondPoll(sid, first);
        assertThat(second.statusCode()).isEqualTo(400);
        HttpResponse<String> firstResponse = first.get(5, TimeUnit.SECONDS);
        assertThat(firstResponse.statusCode()).isEqualTo(200);
        assertThat(firstResponse.body()).isEqualTo("1");
        assertThat(http.get(poll(sid)).statusCode()).isEqualTo(400);
    }

    /** Sends the second GET 5 ms after the first, as the suite does; the first has nothing to return, so it is pending. */
    private static HttpResponse<String> awaitSecondPoll(String sid, CompletableFuture<HttpResponse<String>> first)
            throws Exception {
        return CompletableFuture.supplyAsync(
                        () -> {
                            try {
                                return http.get(poll(sid));
                            } catch (Exception e) {
                                throw new IllegalStateException(e);
                            }
                        },
                        CompletableFuture.delayedExecutor(5, TimeUnit.MILLISECONDS))
                .get(5, TimeUnit.SECONDS);
    }

    /**
     * On a server whose heartbeat cannot close the session meanwhile, and without any other GET that
     * could overlap the aborted one: the session closes because of the abort, with Node's reason
     * ({@code onError("poll connection closed prematurely")}).
     */
    @Test
    void abortedPollClosesTheSession() throws Exception {
        try (CloseRecordingServer recording = new CloseRecordingServer()) {
            Http own = new Http(recording.port());
            String sid = own.handshake("/engine.io/");
            try (Socket socket = new Socket("127.0.0.1", recording.port())) {
                OutputStream out = socket.getOutputStream();
                out.write(("GET " + poll(sid) + " HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
                        .getBytes(StandardCharsets.US_ASCII));
                out.flush();
                // the GET has nothing to return, so it is pending when the connection closes under it
            }
            assertThat(recording.nextClose()).isEqualTo("transport error");
            assertThat(own.get(poll(sid)).statusCode()).isEqualTo(400);
        }
    }

    // ---------------------------------------------------------------- 2.3 WebSocket messages

    @Test
    void webSocketEchoesTextAndBinaryFrames() throws Exception {
        try (RawWebSocket ws = RawWebSocket.connect(server.port(), WS)) {
            assertThat(ws.next().text()).matches(OPEN_WEBSOCKET);
            ws.sendText("4hello");
            assertThat(ws.nextMessage()).isEqualTo("4hello");
            ws.sendBinary(new byte[] {1, 2, 3, 4});
            RawWebSocket.Frame frame = ws.next();
            while (frame.opcode() == RawWebSocket.TEXT && frame.text().equals("2")) {
                frame = ws.next();
            }
            assertThat(frame.opcode()).isEqualTo(RawWebSocket.BINARY);
            assertThat(frame.payload()).containsExactly(1, 2, 3, 4);
        }
    }

    @Test
    void unknownPacketTypeOverWebSocketClosesIt() throws Exception {
        CloseRecordingServer.assertWebSocketPacketCloses("abc", "parse error");
    }

    // ---------------------------------------------------------------- 2.4 heartbeat

    @Test
    void pollingHeartbeatRunsThreeCycles() throws Exception {
        String sid = http.handshake("/engine.io/");
        for (int i = 0; i < 3; i++) {
            HttpResponse<String> ping = http.get(poll(sid));
            assertThat(ping.body()).isEqualTo("2");
            assertThat(http.post(poll(sid), "3").body()).isEqualTo("ok");
        }
    }

    /**
     * The suite GETs exactly 500 ms after the handshake (ping queued at 300, timeout at 500). A timer
     * started only when a poll carries the ping would never fire here, since nobody polls: waiting
     * 600 ms keeps that distinction with some slack for a loaded machine.
     */
    @Test
    void pollingSessionWithoutPongIsClosedEvenThoughThePingWasNeverPolled() throws Exception {
        String sid = http.handshake("/engine.io/");
        HttpResponse<String> late = CompletableFuture.supplyAsync(
                        () -> {
                            try {
                                return http.get(poll(sid));
                            } catch (Exception e) {
                                throw new IllegalStateException(e);
                            }
                        },
                        CompletableFuture.delayedExecutor(600, TimeUnit.MILLISECONDS))
                .get(5, TimeUnit.SECONDS);
        assertThat(late.statusCode()).isEqualTo(400);
    }

    @Test
    void webSocketHeartbeatRunsThreeCycles() throws Exception {
        try (RawWebSocket ws = RawWebSocket.connect(server.port(), WS)) {
            ws.next();
            for (int i = 0; i < 3; i++) {
                assertThat(ws.next().text()).isEqualTo("2");
                ws.sendText("3");
            }
        }
    }

    @Test
    void webSocketWithoutPongIsClosed() throws Exception {
        try (RawWebSocket ws = RawWebSocket.connect(server.port(), WS)) {
            ws.next();
            ws.awaitClosed(Duration.ofSeconds(5));
        }
    }

    // ---------------------------------------------------------------- 2.5 close

    @Test
    void closePacketOverPollingAnswersThePendingPollWithNoop() throws Exception {
        String sid = http.handshake("/engine.io/");
        CompletableFuture<HttpResponse<String>> pending = http.getAsync(poll(sid));
        HttpResponse<String> post = CompletableFuture.supplyAsync(
                        () -> {
                            try {
                                return http.post(poll(sid), "1");
                            } catch (Exception e) {
                                throw new IllegalStateException(e);
                            }
                        },
                        CompletableFuture.delayedExecutor(5, TimeUnit.MILLISECONDS))
                .get(5, TimeUnit.SECONDS);
        assertThat(post.statusCode()).isEqualTo(200);
        HttpResponse<String> poll = pending.get(5, TimeUnit.SECONDS);
        assertThat(poll.statusCode()).isEqualTo(200);
        assertThat(poll.body()).isEqualTo("6");
        assertThat(http.get(poll(sid)).statusCode()).isEqualTo(400);
    }

    @Test
    void closePacketOverWebSocketClosesIt() throws Exception {
        CloseRecordingServer.assertWebSocketPacketCloses("1", "transport close");
    }

    // ---------------------------------------------------------------- 2.6 upgrade

    @Test
    void pollingSessionUpgradesToWebSocket() throws Exception {
        String sid = http.handshake("/engine.io/");
        try (RawWebSocket ws = RawWebSocket.connect(server.port(), WS + "&sid=" + sid)) {
            assertThat(ws.status).isEqualTo(101);
            ws.sendText("2probe");
            assertThat(ws.next().text()).isEqualTo("3probe"); // no open packet on an upgrade
            HttpResponse<String> noop = http.get(poll(sid));
            assertThat(noop.statusCode()).isEqualTo(200);
            assertThat(noop.body()).isEqualTo("6");
            ws.sendText("5");
            ws.sendText("4hello");
            assertThat(ws.nextMessage()).isEqualTo("4hello");

            assertThat(http.get(poll(sid)).statusCode()).isEqualTo(400);
            try (RawWebSocket second = RawWebSocket.connect(server.port(), WS + "&sid=" + sid)) {
                // as Node's onWebSocket: the handshake completes, then a close frame without a status
                assertThat(second.status).isEqualTo(101);
                assertThat(second.awaitClosed(Duration.ofSeconds(5))).isEqualTo(1005);
            }
            ws.sendText("4still there");
            assertThat(ws.nextMessage()).isEqualTo("4still there");
        }
    }

    @Test
    void pendingPollGetsNoopWhenTheProbeArrives() throws Exception {
        String sid = http.handshake("/engine.io/");
        CompletableFuture<HttpResponse<String>> pending = http.getAsync(poll(sid));
        try (RawWebSocket ws = RawWebSocket.connect(server.port(), WS + "&sid=" + sid)) {
            ws.sendText("2probe");
            assertThat(ws.next().text()).isEqualTo("3probe");
            HttpResponse<String> poll = pending.get(5, TimeUnit.SECONDS);
            // the ping (300 ms) may have beaten the probe to the pending poll; either way the poll is answered
            assertThat(poll.body()).isIn("6", "2");
            ws.sendText("5");
            ws.sendText("4after");
            assertThat(ws.nextMessage()).isEqualTo("4after");
        }
    }
}
