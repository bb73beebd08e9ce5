package dev.sockeye.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sockeye.engine.EngineOptions;
import dev.sockeye.engine.EngineServer;
import dev.sockeye.engine.EngineSocket;
import dev.sockeye.netty.NettyServer;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The polling buffer is bounded in bytes (issue 14, item 4), over real sockets: a client that stops polling is
 * sent 1 KB messages until its buffer would pass {@code maxOutboundBufferSize} (64 KiB here); the buffer then held at
 * most the budget, the session closes with {@code transport error}, and what was buffered is dropped with it. A
 * client that polls gets everything, in polls no larger than the budget.
 */
class SlowPollingClientTest {
    private static final String POLL = "/engine.io/?EIO=4&transport=polling";
    private static final long BUDGET = 64 * 1024;
    /** 1000 characters: 1002 bytes in a polling payload with its type and separator. */
    private static final String MESSAGE = "m".repeat(1000);

    private final CompletableFuture<EngineSocket> connected = new CompletableFuture<>();
    private final CompletableFuture<String> closed = new CompletableFuture<>();
    private EngineServer engine;
    private NettyServer server;
    private Http http;

    @BeforeEach
    void start() {
        engine = EngineServer.create(EngineOptions.builder()
                .path("/engine.io")
                .maxOutboundBufferSize(BUDGET)
                .build());
        engine.onConnection(socket -> {
            socket.onClose((reason, description) -> closed.complete(reason + " (" + description + ")"));
            connected.complete(socket);
        });
        server = Loopback.serve(engine);
        http = new Http(server.port());
    }

    @AfterEach
    void stop() {
        server.close();
        engine.close();
    }

    @Test
    void aClientThatStopsPollingIsClosedBeforeItsBufferPassesTheBudget() throws Exception {
        String sid = http.handshake("/engine.io/");
        EngineSocket socket = connected.get(5, TimeUnit.SECONDS);

        long buffered = 0;
        int accepted = 0;
        while (accepted < 10_000 && socket.send(MESSAGE)) {
            accepted++;
            buffered += MESSAGE.length() + 2;
        }

        assertThat(buffered).isLessThanOrEqualTo(BUDGET).isGreaterThan(BUDGET - 1002);
        assertThat(closed.get(5, TimeUnit.SECONDS)).isEqualTo("transport error (outbound buffer full)");
        assertThat(http.get(POLL + "&sid=" + sid).statusCode())
                .isEqualTo(400); // the session is gone, its buffer with it
    }

    @Test
    void aClientThatPollsGetsEverythingInPollsNoLargerThanTheBudget() throws Exception {
        String sid = http.handshake("/engine.io/");
        EngineSocket socket = connected.get(5, TimeUnit.SECONDS);
        int perPoll = (int) (BUDGET / 1002);

        for (int round = 0; round < 5; round++) {
            for (int i = 0; i < perPoll; i++) {
                assertThat(socket.send(MESSAGE)).isTrue();
            }
            String body = http.get(POLL + "&sid=" + sid).body();
            assertThat(body.split("\u001e")).hasSize(perPoll);
            assertThat((long) body.length()).isLessThanOrEqualTo(BUDGET);
        }
        assertThat(closed).isNotDone();
    }
}
