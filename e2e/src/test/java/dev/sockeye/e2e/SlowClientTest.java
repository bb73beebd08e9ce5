package dev.sockeye.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sockeye.engine.EngineOptions;
import dev.sockeye.engine.EngineServer;
import dev.sockeye.netty.NettyServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Slowloris (robustness.md §4.3 "more cases"): clients that open connections and then send
 * nothing, part of a request, or never finish an upgrade are cut off by
 * {@link NettyServer.Builder#requestTimeout} and the engine's {@code upgradeTimeout}, while long
 * polls and WebSockets, which wait on the server, are not. Short timings (400 ms to deliver a
 * request, pings every second) so that the cuts come quickly; every wait is bounded.
 */
class SlowClientTest {
    private static final String POLL = "/engine.io/?EIO=4&transport=polling";
    private static final String WS = "/engine.io/?EIO=4&transport=websocket";
    private static final Duration CUT_WITHIN = Duration.ofSeconds(5);

    private static EngineServer engine;
    private static NettyServer server;

    @BeforeAll
    static void start() {
        engine = EngineServer.create(EngineOptions.builder()
                .path("/engine.io")
                .pingInterval(Duration.ofMillis(1000))
                .pingTimeout(Duration.ofMillis(1000))
                .upgradeTimeout(Duration.ofMillis(400))
                .build());
        engine.onConnection(ConformanceFixture::echo);
        server = Loopback.builder(engine)
                .requestTimeout(Duration.ofMillis(400))
                .build()
                .start();
    }

    @AfterAll
    static void stop() {
        server.close();
        engine.close();
    }

    @AfterEach
    void serverStillServesOthers() throws Exception {
        String sid = handshake();
        assertThat(request("POST", POLL + "&sid=" + sid, "4still")).endsWith("\r\n\r\nok");
        assertThat(request("GET", POLL + "&sid=" + sid, "")).endsWith("\r\n\r\n4still");
    }

    /**
     * One request on a fresh connection ({@code Connection: close}; a pooled client could pick a
     * connection the short request timeout is closing); the whole response.
     */
    private static String request(String method, String target, String body) throws IOException {
        try (Socket socket = connect()) {
            byte[] content = body.getBytes(StandardCharsets.UTF_8);
            OutputStream out = socket.getOutputStream();
            out.write(
                    (method + " " + target + " HTTP/1.1\r\nHost: x\r\nConnection: close\r\nContent-Type: text/plain\r\n"
                                    + "Content-Length: " + content.length + "\r\n\r\n")
                            .getBytes(StandardCharsets.US_ASCII));
            out.write(content);
            String response = untilClosed(socket);
            assertThat(response).startsWith("HTTP/1.1 200 ");
            return response;
        }
    }

    private static String handshake() throws IOException {
        return Http.sidOf(request("GET", POLL, ""));
    }

    private static Socket connect() throws IOException {
        Socket socket = new Socket("127.0.0.1", server.port());
        socket.setSoTimeout((int) CUT_WITHIN.toMillis());
        return socket;
    }

    /** Everything the server sends until it closes the connection; fails if it is still open after {@link #CUT_WITHIN}. */
    private static String untilClosed(Socket socket) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        byte[] buffer = new byte[4096];
        InputStream in = socket.getInputStream();
        try {
            int n;
            while ((n = in.read(buffer)) >= 0) {
                bytes.write(buffer, 0, n);
            }
        } catch (java.net.SocketTimeoutException e) {
            throw new AssertionError("connection still open after " + CUT_WITHIN + "; got: " + bytes, e);
        } catch (SocketException reset) {
            // closed with a reset: closed all the same
        }
        return bytes.toString(StandardCharsets.ISO_8859_1);
    }

    @Test
    void aConnectionThatNeverSendsARequestIsClosed() throws Exception {
        try (Socket socket = connect()) {
            assertThat(untilClosed(socket)).isEmpty();
        }
    }

    @Test
    void aHalfSentRequestLineIsClosed() throws Exception {
        try (Socket socket = connect()) {
            socket.getOutputStream().write("GET /engine.io/?EIO=4&tra".getBytes(StandardCharsets.US_ASCII));
            assertThat(untilClosed(socket)).isEmpty();
        }
    }

    @Test
    void headersThatNeverEndAreClosed() throws Exception {
        try (Socket socket = connect()) {
            socket.getOutputStream()
                    .write(("GET " + POLL + " HTTP/1.1\r\nHost: x\r\nX-Slow: 1\r\n")
                            .getBytes(StandardCharsets.US_ASCII));
            assertThat(untilClosed(socket)).isEmpty();
        }
    }

    @Test
    void aBodyThatNeverEndsGets408() throws Exception {
        String sid = handshake();
        try (Socket socket = connect()) {
            OutputStream out = socket.getOutputStream();
            out.write(("POST " + POLL + "&sid=" + sid
                            + " HTTP/1.1\r\nHost: x\r\nContent-Type: text/plain\r\nContent-Length: 100\r\n\r\n4abc")
                    .getBytes(StandardCharsets.US_ASCII));
            assertThat(untilClosed(socket)).startsWith("HTTP/1.1 408 ");
        }
    }

    @Test
    void anIdleKeepAliveConnectionIsClosedAfterItsResponse() throws Exception {
        try (Socket socket = connect()) {
            socket.getOutputStream()
                    .write(("GET " + POLL + " HTTP/1.1\r\nHost: x\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            assertThat(untilClosed(socket)).startsWith("HTTP/1.1 200 ").contains("0{\"sid\":");
        }
    }

    @Test
    void aLongPollOutlastsTheRequestTimeout() throws Exception {
        String sid = handshake();
        try (Socket socket = connect()) {
            // keep-alive GET; the answer is the ping, a second after: longer than the 400 ms request timeout
            socket.getOutputStream()
                    .write(("GET " + POLL + "&sid=" + sid + " HTTP/1.1\r\nHost: x\r\n\r\n")
                            .getBytes(StandardCharsets.US_ASCII));
            String response = untilClosed(socket); // the request timeout then closes the idle connection
            assertThat(response).startsWith("HTTP/1.1 200 ").endsWith("\r\n\r\n2");
        }
    }

    @Test
    void aWebSocketOutlastsTheRequestTimeout() throws Exception {
        try (RawWebSocket ws = RawWebSocket.connect(server.port(), WS)) {
            assertThat(ws.next().text()).startsWith("0{\"sid\":");
            assertThat(ws.next().text()).isEqualTo("2"); // a second later
            ws.sendText("3");
            ws.sendText("4still open");
            assertThat(ws.nextMessage()).isEqualTo("4still open");
        }
    }

    @Test
    void aProbeThatNeverCompletesTheUpgradeIsClosedAndPollingGoesOn() throws Exception {
        String sid = handshake();
        try (RawWebSocket probe = RawWebSocket.connect(server.port(), WS + "&sid=" + sid)) {
            assertThat(probe.status).isEqualTo(101);
            probe.awaitClosed(CUT_WITHIN);
        }
        assertThat(request("POST", POLL + "&sid=" + sid, "4polling goes on")).endsWith("\r\n\r\nok");
        assertThat(request("GET", POLL + "&sid=" + sid, "")).endsWith("\r\n\r\n4polling goes on");
    }
}
