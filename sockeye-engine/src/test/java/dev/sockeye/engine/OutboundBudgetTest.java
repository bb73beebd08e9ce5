package dev.sockeye.engine;

import static dev.sockeye.engine.FakeFront.get;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The outbound budget ({@link EngineOptions.Builder#maxOutboundBufferSize}) through a fake front whose WebSocket
 * keeps every frame queued once its client stops reading: what waits never passes the budget, the message that
 * would pass it is refused, and the session closes with {@code transport error} once, dropping what it queued.
 */
class OutboundBudgetTest {
    private static final String SID = "BBBBBBBBBBBBBBBBBBBB";
    private static final String POLL = "/engine.io/?EIO=4&transport=polling";
    private static final String WS = "/engine.io/?EIO=4&transport=websocket";
    private static final long BUDGET = 10_000;
    /** "4" and 999 characters: a 1000-byte payload, a 1004-byte frame, 1002 bytes in a polling payload. */
    private static final String MESSAGE = "x".repeat(999);

    private EngineServer engine;
    private final CompletableFuture<EngineSocket> connected = new CompletableFuture<>();
    private final BlockingQueue<String> closes = new LinkedBlockingQueue<>();

    private EngineServer engine() {
        engine = EngineServer.create(EngineOptions.builder()
                .maxOutboundBufferSize(BUDGET)
                .idGenerator(request -> SID)
                .build());
        engine.onConnection(socket -> {
            socket.onClose((reason, description) -> closes.add(reason + " (" + description + ")"));
            connected.complete(socket);
        });
        return engine;
    }

    @AfterEach
    void close() {
        if (engine != null) {
            engine.close();
        }
    }

    @Test
    void aWebSocketClientThatStopsReadingIsAbortedBeforeItsQueuePassesTheBudget() throws Exception {
        FakeFront.Socket ws = FakeFront.webSocket(engine(), WS);
        assertThat(ws.next()).startsWith("text:0{");
        EngineSocket socket = connected.get(5, TimeUnit.SECONDS);
        ws.stalled = true;

        int accepted = 0;
        while (socket.send(MESSAGE) && accepted < 1000) {
            accepted++;
            assertThat(ws.queuedBytes()).isLessThanOrEqualTo(BUDGET);
        }

        assertThat(accepted).isEqualTo(9); // 9 × 1004 bytes fit in 10 000; a tenth would not
        assertThat(ws.queuedBytes()).isEqualTo(9 * 1004L);
        assertThat(closes.poll(5, TimeUnit.SECONDS)).isEqualTo("transport error (outbound buffer full)");
        assertThat(ws.frames).contains("abort").doesNotContain("close"); // a close frame would wait behind the queue
        assertThat(socket.send(MESSAGE)).isFalse();
        assertThat(closes).isEmpty(); // closed once
    }

    @Test
    void aMessageLargerThanTheBudgetStillGoesToAClientWithNothingWaiting() throws Exception {
        FakeFront.Socket ws = FakeFront.webSocket(engine(), WS);
        assertThat(ws.next()).startsWith("text:0{");
        EngineSocket socket = connected.get(5, TimeUnit.SECONDS);

        assertThat(socket.send("y".repeat(50_000))).isTrue();
        assertThat(ws.next()).hasSize("text:4".length() + 50_000);
        assertThat(closes).isEmpty();
    }

    @Test
    void aPollingClientThatStopsPollingIsClosedBeforeItsBufferPassesTheBudget() throws Exception {
        assertThat(get(engine(), POLL).await().body()).startsWith("0{");
        EngineSocket socket = connected.get(5, TimeUnit.SECONDS);

        int accepted = 0;
        while (socket.send(MESSAGE) && accepted < 1000) {
            accepted++;
        }

        assertThat(accepted).isEqualTo(9); // 9 × 1002 bytes fit in 10 000; a tenth would not
        assertThat(closes.poll(5, TimeUnit.SECONDS)).isEqualTo("transport error (outbound buffer full)");
        // what was buffered is gone with the session
        assertThat(get(engine, POLL + "&sid=" + SID).await().status()).isEqualTo(400);
    }

    @Test
    void aPollEmptiesTheBudget() throws Exception {
        assertThat(get(engine(), POLL).await().body()).startsWith("0{");
        EngineSocket socket = connected.get(5, TimeUnit.SECONDS);

        for (int round = 0; round < 3; round++) {
            for (int i = 0; i < 9; i++) {
                assertThat(socket.send(MESSAGE)).isTrue();
            }
            String body = get(engine, POLL + "&sid=" + SID).await().body();
            assertThat(body.length()).isLessThanOrEqualTo((int) BUDGET).isEqualTo(9 * 1000 + 8); // 8 separators
        }
        assertThat(closes).isEmpty();
    }
}
