package dev.sockeye.redis.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sockeye.core.Packet;
import dev.sockeye.core.adapter.BroadcastOptions;
import dev.sockeye.core.adapter.FetchedSocket;
import dev.sockeye.redis.internal.RedisCluster.Protocol;
import dev.sockeye.redis.internal.StubHost.StubSocket;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.node.JsonNodeFactory;

/**
 * Redis restarted under a broadcast loop: the adapters reconnect and subscribe again by
 * themselves, and the loop's broadcasts reach the remote socket again. Uses a private
 * {@code redis-server} on a free port (never the shared 6379), without persistence.
 */
class RedisRestartTest {

    private static final Logger log = LoggerFactory.getLogger(RedisRestartTest.class);
    private static final int MAX_TICKS = 3000;

    private Process redis;
    private RedisCluster cluster;
    private ScheduledExecutorService loop;

    @AfterEach
    void tearDown() throws Exception {
        if (loop != null) {
            loop.shutdownNow();
        }
        if (cluster != null) {
            cluster.close();
        }
        stopRedis();
    }

    private void startRedis(int port) throws Exception {
        redis = new ProcessBuilder("redis-server", "--port", String.valueOf(port), "--bind", "127.0.0.1",
                "--save", "", "--appendonly", "no", "--loglevel", "notice").redirectErrorStream(true).start();
        CountDownLatch ready = new CountDownLatch(1);
        Process started = redis;
        Thread reader = new Thread(() -> {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(started.getInputStream(),
                    StandardCharsets.UTF_8))) {
                String line;
                while ((line = in.readLine()) != null) {
                    if (line.contains("Ready to accept connections")) {
                        ready.countDown();
                    }
                }
            } catch (IOException e) {
                // the process ended
            }
        }, "redis-server-log");
        reader.setDaemon(true);
        reader.start();
        assertThat(ready.await(20, TimeUnit.SECONDS)).as("redis-server on port %d started", port).isTrue();
    }

    private void stopRedis() throws InterruptedException {
        if (redis != null) {
            redis.destroy();
            if (!redis.waitFor(10, TimeUnit.SECONDS)) {
                redis.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
            redis = null;
        }
    }

    /** Waits for a tick at or after {@code atLeast}; returns its number. */
    private static int awaitTick(StubSocket socket, List<Integer> seen, int atLeast) throws InterruptedException {
        for (int i = 0; i < MAX_TICKS; i++) {
            String next = socket.received.poll(30, TimeUnit.SECONDS);
            assertThat(next).as("a tick after %s", seen.isEmpty() ? "none" : seen.get(seen.size() - 1)).isNotNull();
            assertThat(next).startsWith("2[\"tick\",");
            int tick = Integer.parseInt(next.substring("2[\"tick\",".length(), next.length() - 1));
            seen.add(tick);
            if (tick >= atLeast) {
                return tick;
            }
        }
        throw new AssertionError("no tick >= " + atLeast);
    }

    @ParameterizedTest
    @EnumSource(Protocol.class)
    void broadcastsResumeAfterRedisRestarts(Protocol protocol) throws Exception {
        int port = RedisFaultsTest.freePort();
        startRedis(port);
        cluster = new RedisCluster(protocol, "redis://127.0.0.1:" + port, Duration.ofSeconds(2));
        cluster.addNode("/");
        cluster.addNode("/");
        StubSocket b = cluster.node(1).connect("bbbbbbbbbbbbbbbbbbbb", "room1");
        cluster.settle();
        AtomicInteger sent = new AtomicInteger();
        loop = Executors.newSingleThreadScheduledExecutor();
        loop.scheduleAtFixedRate(() -> {
            int n = sent.getAndIncrement();
            if (n < MAX_TICKS) {
                cluster.node(0).adapter.broadcast(Packet.event("/",
                        JsonNodeFactory.instance.arrayNode().add("tick").add(n)), BroadcastOptions.toRooms(List.of("room1")));
            }
        }, 0, 10, TimeUnit.MILLISECONDS);
        List<Integer> before = new ArrayList<>();
        awaitTick(b, before, 10);

        stopRedis();
        int sentWhileDown = sent.get();
        startRedis(port);
        int restartedAt = sent.get();
        List<Integer> after = new ArrayList<>();
        int resumed = awaitTick(b, after, restartedAt + 1);
        loop.shutdownNow();

        log.info("{}: received ticks {}..{} before the restart; Redis down from tick ~{} to ~{}; "
                + "after: first ticks {} (resumed delivery at tick {})", protocol, before.get(0),
                before.get(before.size() - 1), sentWhileDown, restartedAt,
                after.subList(0, Math.min(5, after.size())), resumed);
        assertThat(before).isSorted().hasSizeGreaterThanOrEqualTo(11);
        assertThat(after).isSorted();
        assertThat(resumed).isGreaterThan(restartedAt);
        // the whole cluster comes back: each node's connection resubscribes on its own, so the
        // count converges to 2 (each try is one Redis round trip; bounded by a deadline)
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        int count = 0;
        while (System.nanoTime() < deadline
                && (count = cluster.node(0).adapter.serverCount().get(10, TimeUnit.SECONDS)) != 2) {
            Thread.onSpinWait();
        }
        assertThat(count).isEqualTo(2);
        assertThat(cluster.node(0).adapter.fetchSockets(BroadcastOptions.all()).get(10, TimeUnit.SECONDS))
                .extracting(FetchedSocket::id).containsExactly("bbbbbbbbbbbbbbbbbbbb");
    }
}
