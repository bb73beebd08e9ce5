package dev.sockeye.engine;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.sockeye.testing.AllocationBudget;
import dev.sockeye.testing.FuzzInput;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Fuzz targets of the Engine.IO decoders, reached the way a client reaches them: a polling POST body (split into
 * packets on {@code 0x1E}, each decoded) and WebSocket text frames (one packet each), on a fresh session each time.
 * Malformed input closes the session ({@code parse error}); nothing may throw out of the engine, a POST within the
 * size limit is answered {@code 200 ok}, and no session is left behind. An allocation out of proportion to the input
 * is a bug too ({@link AllocationBudget}).
 *
 * <p>The targets go through {@link EngineServer} rather than a codec class, so they keep working whichever class
 * ends up holding the codec. Without {@code JAZZER_FUZZ} (every {@code mvn verify}) they run the inputs under
 * {@code src/test/resources/dev/sockeye/engine/EngineDecoderFuzzTestInputs/}; see benchmarks/ROBUSTNESS.md.
 */
class EngineDecoderFuzzTest {
    private static final String POLL = "/engine.io/?EIO=4&transport=polling";
    private static final String WS = "/engine.io/?EIO=4&transport=websocket";
    private static final AtomicLong IDS = new AtomicLong();
    private static final EngineServer ENGINE = engine();

    private static EngineServer engine() {
        EngineServer engine = EngineServer.create(EngineOptions.builder()
                .idGenerator(request -> "fuzz" + IDS.incrementAndGet())
                .build());
        // Messages are delivered, so that their path runs too, and dropped.
        engine.onConnection(socket -> socket.onMessage(EngineSocket.MessageListener.of(text -> {}, data -> {})));
        return engine;
    }

    @FuzzTest(maxDuration = "2m")
    void decodesAPollingPayload(byte[] input) throws Exception {
        AllocationBudget.check(input.length, () -> {
            FakeFront.get(ENGINE, POLL).await();
            String sid = "fuzz" + IDS.get();
            String uri = POLL + "&sid=" + sid;
            FakeFront.Exchange post = new FakeFront.Exchange(FakeFront.request("POST", uri), input);
            ENGINE.handleRequest(post);
            FakeFront.Response answer = post.await();
            if (answer.status() != 200 || !answer.body().equals("ok")) {
                throw new AssertionError("POST answered " + answer.status() + " " + answer.body());
            }
            if (ENGINE.clients().containsKey(sid)) {
                FakeFront.post(ENGINE, uri, "1").await();
            }
            assertGone(sid);
        });
    }

    @FuzzTest(maxDuration = "2m")
    void decodesWebSocketFrames(byte[] input) throws Exception {
        AllocationBudget.check(input.length, () -> {
            FakeFront.Socket socket = FakeFront.webSocket(ENGINE, WS);
            String sid = "fuzz" + IDS.get();
            for (byte[] frame : FuzzInput.parts(input)) {
                socket.handler.onText(new String(frame, StandardCharsets.UTF_8));
            }
            socket.handler.onClose(1000);
            assertGone(sid);
        });
    }

    private static void assertGone(String sid) {
        if (ENGINE.clients().containsKey(sid)) {
            throw new AssertionError("session " + sid + " is still open");
        }
    }
}
