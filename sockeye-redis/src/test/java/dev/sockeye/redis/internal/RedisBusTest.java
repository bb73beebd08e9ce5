package dev.sockeye.redis.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sockeye.testing.Await;
import io.lettuce.core.RedisClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The bus on the real Redis: the messages Lettuce reads in one pass are handled after it, together, inside the
 * delivery scope an adapter set (so that their fan-outs leave as one hand-off), in the order Redis sent them.
 */
class RedisBusTest {
    private static final int MESSAGES = 200;

    private final RedisBus bus =
            new RedisBus(new SingleMasterConnections(RedisClient.create(RedisCluster.REDIS), true, RedisCluster.REDIS));

    @AfterEach
    void close() {
        bus.close();
    }

    @Test
    void theMessagesOfOneReadAreHandledTogetherInOrderInsideTheScope() throws Exception {
        String channel = "bus-test-" + UUID.randomUUID();
        List<String> received = new CopyOnWriteArrayList<>();
        List<Integer> perScope = new CopyOnWriteArrayList<>();
        CountDownLatch allPublished = new CountDownLatch(1);
        bus.handleTogetherWith(handling -> {
            int before = received.size();
            handling.run();
            perScope.add(received.size() - before);
        });
        bus.subscribe(
                        (from, payload) -> {
                            received.add(new String(payload, StandardCharsets.UTF_8));
                            if (received.size() == 1) {
                                // hold the subscriber's thread: what Redis sends meanwhile waits for its next read
                                await(allPublished);
                            }
                        },
                        channel)
                .get(5, TimeUnit.SECONDS);

        List<CompletableFuture<Void>> published = new ArrayList<>();
        for (int i = 0; i < MESSAGES; i++) {
            published.add(bus.publish(channel, String.valueOf(i).getBytes(StandardCharsets.UTF_8)));
        }
        CompletableFuture.allOf(published.toArray(CompletableFuture[]::new)).get(5, TimeUnit.SECONDS);
        allPublished.countDown();

        // counted after each scope returns, so the last scope's count is in before the assertions read it
        Await.until(
                "every message handled",
                Duration.ofSeconds(10),
                () -> perScope.stream().mapToInt(Integer::intValue).sum() == MESSAGES);
        List<String> expected = new ArrayList<>();
        for (int i = 0; i < MESSAGES; i++) {
            expected.add(String.valueOf(i));
        }
        assertThat(received).containsExactlyElementsOf(expected);
        assertThat(perScope.stream().mapToInt(Integer::intValue).sum())
                .as("every message handled inside the scope")
                .isEqualTo(MESSAGES);
        assertThat(perScope.stream().mapToInt(Integer::intValue).max().orElse(0))
                .as("the messages that waited for the held thread came in one read and were handled together")
                .isGreaterThan(1);
    }

    private static void await(CountDownLatch latch) {
        try {
            assertThat(latch.await(5, TimeUnit.SECONDS)).isTrue();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
