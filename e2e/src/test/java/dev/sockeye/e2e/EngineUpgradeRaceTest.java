package dev.sockeye.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sockeye.engine.EngineMessage;
import dev.sockeye.engine.EngineOptions;
import dev.sockeye.engine.EngineServer;
import dev.sockeye.engine.EngineSocket;
import dev.sockeye.netty.NettyServer;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The polling→WebSocket upgrade over real loopback sockets on a server with several event loops, where the
 * WebSocket and the polls of one session are read on different threads.
 */
class EngineUpgradeRaceTest {
    private static final String POLL = "/engine.io/?EIO=4&transport=polling";
    private static final String WS = "/engine.io/?EIO=4&transport=websocket";

    private final ConcurrentHashMap<String, EngineSocket> sockets = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, CompletableFuture<String>> closes = new ConcurrentHashMap<>();
    private final EngineServer engine = engine();
    private final NettyServer server =
            Loopback.builder(engine).ioThreads(4).build().start();
    private final Http http = new Http(server.port());

    private EngineServer engine() {
        EngineServer created = EngineServer.create(EngineOptions.builder().build()); // Node's timings: 25 s + 20 s
        created.onConnection(socket -> {
            CompletableFuture<String> closed = new CompletableFuture<>();
            closes.put(socket.id(), closed);
            sockets.put(socket.id(), socket);
            socket.onClose((reason, description) -> closed.complete(reason.wire()));
            ConformanceFixture.echo(socket);
        });
        return created;
    }

    @AfterEach
    void stop() {
        server.close();
        engine.close();
    }

    /** A WebSocket for the polling session {@code sid} whose upgrade probe was answered. */
    private RawWebSocket probed(String sid) throws Exception {
        RawWebSocket ws = RawWebSocket.connect(server.port(), WS + "&sid=" + sid);
        ws.sendText("2probe");
        assertThat(ws.next().text()).isEqualTo("3probe");
        return ws;
    }

    /**
     * The official suites' "ignores HTTP requests with same sid after upgrade": {@code 5} on the WebSocket, then at
     * once a poll on a kept-alive HTTP connection. A server reading both on one thread sees the {@code 5} first.
     */
    @Test
    void aPollSentRightAfterTheUpgradePacketIsRefusedWhicheverEventLoopReadsFirst() throws Exception {
        // each round races two event loops; before the poll waited for the WebSocket's input, 1 to 3 rounds in 100 lost
        for (int round = 0; round < 150; round++) {
            String sid = http.handshake("/engine.io/");
            try (RawWebSocket ws = probed(sid)) {
                ws.sendText("5");
                HttpResponse<String> poll = http.get(POLL + "&sid=" + sid);
                assertThat(poll.statusCode())
                        .as("round %d: %s", round, poll.body())
                        .isEqualTo(400);
                ws.sendText("4hello");
                assertThat(ws.nextMessage()).isEqualTo("4hello");
            }
        }
    }

    /** engine.io-client's order: a poll during the probe is answered with a noop at once, then the client sends 5. */
    @Test
    void aPollDuringTheProbeGetsItsNoopPromptly() throws Exception {
        for (int round = 0; round < 20; round++) {
            String sid = http.handshake("/engine.io/");
            try (RawWebSocket ws = probed(sid)) {
                long start = System.nanoTime();
                HttpResponse<String> noop = http.get(POLL + "&sid=" + sid);
                assertThat(noop.body()).isEqualTo("6");
                assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofMillis(500));
                ws.sendText("5");
                ws.sendText("4hi");
                assertThat(ws.nextMessage()).isEqualTo("4hi");
            }
        }
    }

    /**
     * {@link EngineSocket#close()} after the probe was answered: the client has paused polling and sends {@code 5}
     * (as engine.io-client does once its last poll came back), so no poll will carry the close packet; the session
     * finishes its upgrade and closes on the WebSocket, as Node's does, instead of waiting for its close timeout (30 s).
     */
    @Test
    void closingDuringTheUpgradeEndsOnTheWebSocketWithinASecond() throws Exception {
        String sid = http.handshake("/engine.io/");
        try (RawWebSocket ws = probed(sid)) {
            assertThat(http.get(POLL + "&sid=" + sid).body()).isEqualTo("6");
            sockets.get(sid).send(EngineMessage.text("last words"));
            long start = System.nanoTime();
            sockets.get(sid).close();
            ws.sendText("5");
            assertThat(ws.nextMessage()).isEqualTo("4last words"); // what was queued goes first
            assertThat(ws.awaitClosed(Duration.ofSeconds(1))).isEqualTo(1005);
            assertThat(closes.get(sid).get(1, TimeUnit.SECONDS)).isEqualTo("forced close");
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(1));
        }
    }

    /** The same when the client never sends {@code 5}: the probe's WebSocket goes, and the session with it. */
    @Test
    void closingDuringTheUpgradeOfAClientThatWentAwayEndsWithItsWebSocket() throws Exception {
        String sid = http.handshake("/engine.io/");
        RawWebSocket ws = probed(sid);
        assertThat(http.get(POLL + "&sid=" + sid).body()).isEqualTo("6");
        sockets.get(sid).close();
        long start = System.nanoTime();
        ws.close();
        assertThat(closes.get(sid).get(1, TimeUnit.SECONDS)).isEqualTo("forced close");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(1));
    }
}
