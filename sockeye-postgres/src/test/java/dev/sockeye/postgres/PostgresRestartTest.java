package dev.sockeye.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sockeye.core.adapter.BroadcastOptions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * A real PostgreSQL restart during traffic, on a private throwaway cluster: both nodes
 * reconnect their publishing and listening connections by themselves and the clients see the
 * broadcasts again.
 */
class PostgresRestartTest {

    private static final Pattern SEQ = Pattern.compile("2\\[\"seq\",(\\d+)]");

    @Test
    void theClusterRecoversFromAServerRestartDuringTraffic() throws Exception {
        try (ThrowawayCluster pg = new ThrowawayCluster()) {
            PostgresAdapterOptions options = PostgresAdapterOptions.builder()
                    .reconnectDelay(Duration.ofMillis(100)).maxReconnectDelay(Duration.ofMillis(500)).build();
            StubServer a = new StubServer("a", TestDatabase.dataSource(pg.port, "postgres", "a"), options);
            StubServer b = new StubServer("b", TestDatabase.dataSource(pg.port, "postgres", "b"), options);
            try (a; b) {
                a.main();
                b.main();
                Await.until("2 nodes", StubServer.WAIT, () -> a.serverCount() == 2 && b.serverCount() == 2);
                var b1 = b.main().connect();
                var a1 = a.main().connect();
                List<Integer> seen = new ArrayList<>();
                int seq = 0;
                for (; seq < 10; seq++) {
                    a.main().broadcastEvent(BroadcastOptions.all(), "seq", seq);
                    seen.add(seqOf(b1.nextText()));
                }
                int listenerBefore = b.factory.listenerBackendPid();

                pg.restart();

                boolean recovered = false;
                long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
                while (!recovered && System.nanoTime() < deadline && seq < 5000) {
                    a.main().broadcastEvent(BroadcastOptions.all(), "seq", seq++);
                    Object message = b1.received.poll(50, TimeUnit.MILLISECONDS);
                    if (message != null) {
                        int got = seqOf((String) message);
                        seen.add(got);
                        recovered = got >= 10;
                    }
                }
                assertThat(recovered).as("b's client receives a's broadcasts after the restart").isTrue();
                assertThat(seen).isSorted().doesNotHaveDuplicates();
                assertThat(b.factory.listenerBackendPid()).isNotEqualTo(listenerBefore);
                // and the other way round
                Await.until("a listening again", StubServer.WAIT, () -> a.factory.listenerBackendPid() > 0);
                b.main().broadcastEvent(BroadcastOptions.all(), "back");
                Object last;
                do {
                    last = a1.received.poll(10, TimeUnit.SECONDS);
                } while (last != null && !"2[\"back\"]".equals(last));
                assertThat(last).isEqualTo("2[\"back\"]");
            }
        }
    }

    private static int seqOf(String text) {
        Matcher m = SEQ.matcher(text);
        assertThat(m.matches()).as("seq packet: %s", text).isTrue();
        return Integer.parseInt(m.group(1));
    }
}
