package dev.sockeye.redis.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sockeye.core.Packet;
import dev.sockeye.core.adapter.BroadcastOptions;
import dev.sockeye.core.adapter.FetchedSocket;
import dev.sockeye.redis.internal.RedisCluster.Protocol;
import dev.sockeye.redis.internal.StubHost.StubSocket;
import dev.sockeye.testing.Await;
import dev.sockeye.testing.LoopbackPorts;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.node.JsonNodeFactory;

/**
 * Redis killed ({@code SIGKILL}) under a broadcast loop, kept down for {@link #OUTAGE}, then started
 * again: the adapters reconnect and subscribe again (the streams adapter's reader reads again from
 * its last id) by themselves, and the loop's broadcasts reach the remote socket again. Two bounds:
 * the adapters try again within their retry interval (plus a margin) of Redis accepting connections,
 * as Redis's own log times its first accept; and deliveries resume within {@link #DELIVERY_BOUND}.
 * What the socket received before and after, and the times, are logged at WARN (in the surefire
 * report). Uses a private {@code redis-server} on a free port of the 100 ports after the topology
 * tests' ({@code -Dsockeye.test.redisPortBase=N}, default 7100: 7200-7299; never the shared 6379),
 * without persistence, and for the streams adapter also with {@code appendonly yes} (the stream then
 * survives the restart).
 */
class RedisRestartTest {

    private static final Logger log = LoggerFactory.getLogger(RedisRestartTest.class);
    private static final int MAX_TICKS = 3000;
    /**
     * Lettuce's default backoff (1, 2, 4 … ms between attempts, each at least the timer's 100 ms tick), which the retry
     * bound below is to catch, tries again about 5 s and 9 s after the kill: with Redis back after 6 s, some 3 s after
     * it is ready (seen: 3.0 to 3.2 s, and the test failed on it in all four setups). After 9 s down it happens to try
     * just when Redis is back, so the outage is not longer.
     */
    private static final Duration OUTAGE = Duration.ofSeconds(6);
    /**
     * The adapters' longest wait between two reconnection attempts ({@code RedisAdapters}: "retried every 250 ms at
     * the most"; with the timer's 100 ms tick, every 300 ms). All connections share it, so the first of them to be
     * accepted again shows it is in force: the bound of issue 14, item 6 that does not depend on the machine's load,
     * since no round trip is in it and several connections try.
     */
    private static final Duration RETRY_INTERVAL = Duration.ofMillis(250);
    /**
     * What that first accept may come later than {@link #RETRY_INTERVAL}: the timer's tick, the threads that run the
     * attempt and Redis's event loop logging the accept, on a machine shared with other builds (seen: 0 to 239 ms with
     * a load average of 20 to 28 on 2 cores). Not every connection is that prompt there: the last one came up to 2.2 s
     * after Redis was ready, its attempt waiting for the CPU between Lettuce's threads, so only the first is bounded.
     */
    private static final Duration RETRY_MARGIN = Duration.ofMillis(750);
    /**
     * How soon after Redis is back deliveries must resume. That is the reconnections plus a few round trips on each
     * of six connections between two processes that both need the CPU: 0.2 to 0.4 s on a machine with CPU to spare,
     * up to 3.8 s with a load average of 20 to 28 on 2 cores; so this bound says "it came back", and the retry bound
     * above says "promptly".
     */
    private static final Duration DELIVERY_BOUND = Duration.ofSeconds(10);

    private RedisRun redis;
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

    @TempDir
    Path dataDir;

    /** One run of {@code redis-server} with what its log said, timed by Redis's own clock: when it was ready, when it accepted each connection. */
    private static final class RedisRun {
        private static final DateTimeFormatter LOG_TIME =
                DateTimeFormatter.ofPattern("dd MMM yyyy HH:mm:ss.SSS", Locale.ENGLISH);

        final Process process;
        final CountDownLatch ready = new CountDownLatch(1);
        volatile LocalDateTime readyAt;
        final List<LocalDateTime> accepted = new CopyOnWriteArrayList<>();
        private final Thread reader;

        RedisRun(Process process) {
            this.process = process;
            reader = new Thread(this::readLog, "redis-server-log");
            reader.setDaemon(true);
            reader.start();
        }

        /** Lines as {@code 27367:M 07 Dec 2026 01:47:12.274 - Accepted 127.0.0.1:60004} ({@code --loglevel verbose}). */
        private void readLog() {
            try (BufferedReader in =
                    new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = in.readLine()) != null) {
                    if (line.contains("Ready to accept connections")) {
                        readyAt = timeOf(line);
                        ready.countDown();
                    } else if (line.contains(" - Accepted ")) {
                        accepted.add(timeOf(line));
                    }
                }
            } catch (IOException e) {
                // the process ended
            }
        }

        private static LocalDateTime timeOf(String line) {
            int start = line.indexOf(' ') + 1;
            return LocalDateTime.parse(line.substring(start, start + "07 Dec 2026 01:47:12.274".length()), LOG_TIME);
        }

        /** Kills Redis as a crash would (SIGKILL); its log is read to the end. */
        void kill() throws InterruptedException {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            reader.join(TimeUnit.SECONDS.toMillis(10));
        }

        /** How long after it was ready it accepted its first connection, once it has. */
        Duration untilFirstAccept() {
            Await.until("a connection accepted", Duration.ofSeconds(30), () -> !accepted.isEmpty());
            return Duration.between(readyAt, accepted.get(0));
        }

        /** When each connection was accepted, in milliseconds after it was ready. */
        List<Long> acceptedAfterReady() {
            return accepted.stream()
                    .map(at -> Duration.between(readyAt, at).toMillis())
                    .toList();
        }
    }

    private void startRedis(int port, boolean appendOnly) throws Exception {
        redis = new RedisRun(new ProcessBuilder(
                        "redis-server",
                        "--port",
                        String.valueOf(port),
                        "--bind",
                        "127.0.0.1",
                        "--save",
                        "",
                        "--appendonly",
                        appendOnly ? "yes" : "no",
                        "--dir",
                        dataDir.toString(),
                        "--loglevel",
                        "verbose")
                .redirectErrorStream(true)
                .start());
        assertThat(redis.ready.await(20, TimeUnit.SECONDS))
                .as("redis-server on port %d started", port)
                .isTrue();
    }

    /** Kills Redis (SIGKILL): nothing is flushed, its connections drop at once. */
    private void stopRedis() throws InterruptedException {
        if (redis != null) {
            redis.kill();
            redis = null;
        }
    }

    /** Waits for a tick at or after {@code atLeast}; returns its number. */
    private static int awaitTick(StubSocket socket, List<Integer> seen, int atLeast) throws InterruptedException {
        return awaitTick(socket, seen, new ArrayList<>(), atLeast);
    }

    /** The same, noting when each tick was taken ({@link System#nanoTime()}) in {@code times}. */
    private static int awaitTick(StubSocket socket, List<Integer> seen, List<Long> times, int atLeast)
            throws InterruptedException {
        for (int i = 0; i < MAX_TICKS; i++) {
            String next = socket.received.poll(30, TimeUnit.SECONDS);
            times.add(System.nanoTime());
            assertThat(next)
                    .as("a tick after %s", seen.isEmpty() ? "none" : seen.get(seen.size() - 1))
                    .isNotNull();
            assertThat(next).startsWith("2[\"tick\",");
            int tick = Integer.parseInt(next.substring("2[\"tick\",".length(), next.length() - 1));
            seen.add(tick);
            if (tick >= atLeast) {
                return tick;
            }
        }
        throw new AssertionError("no tick >= " + atLeast);
    }

    /** The ranges of ticks missing between the first and the last received, e.g. {@code 212..236}. */
    private static List<String> gaps(List<Integer> ticks) {
        List<String> gaps = new ArrayList<>();
        List<Integer> distinct = ticks.stream().distinct().sorted().toList();
        for (int i = 1; i < distinct.size(); i++) {
            if (distinct.get(i) > distinct.get(i - 1) + 1) {
                gaps.add((distinct.get(i - 1) + 1) + ".." + (distinct.get(i) - 1));
            }
        }
        return gaps;
    }

    static Stream<Arguments> setups() {
        return Stream.of(
                Arguments.of(Protocol.CLASSIC, false),
                Arguments.of(Protocol.SHARDED, false),
                Arguments.of(Protocol.STREAMS, false),
                Arguments.of(Protocol.STREAMS, true));
    }

    /**
     * A port nobody listens on, of the 100 after the topology tests' ({@code RedisProcess}): 7200-7299 unless
     * {@code -Dsockeye.test.redisPortBase} moves them.
     */
    private static int freePort() throws IOException {
        int from = Integer.getInteger("sockeye.test.redisPortBase", 7100) + 100;
        return LoopbackPorts.freeIn(from, from + 99);
    }

    @ParameterizedTest(name = "{0} appendonly={1}")
    @MethodSource("setups")
    void broadcastsResumeAfterRedisRestarts(Protocol protocol, boolean appendOnly) throws Exception {
        int port = freePort();
        startRedis(port, appendOnly);
        cluster = new RedisCluster(protocol, "redis://127.0.0.1:" + port, Duration.ofSeconds(2));
        cluster.addNode("/");
        cluster.addNode("/");
        StubSocket b = cluster.node(1).connect("bbbbbbbbbbbbbbbbbbbb", "room1");
        cluster.settle();
        AtomicInteger sent = new AtomicInteger();
        long[] sentAt = new long[MAX_TICKS];
        loop = Executors.newSingleThreadScheduledExecutor();
        loop.scheduleAtFixedRate(
                () -> {
                    int n = sent.getAndIncrement();
                    if (n < MAX_TICKS) {
                        sentAt[n] = System.nanoTime();
                        cluster.node(0)
                                .adapter
                                .broadcast(
                                        Packet.event(
                                                "/",
                                                JsonNodeFactory.instance
                                                        .arrayNode()
                                                        .add("tick")
                                                        .add(n)),
                                        BroadcastOptions.toRooms(List.of("room1")));
                    }
                },
                0,
                10,
                TimeUnit.MILLISECONDS);
        List<Integer> before = new ArrayList<>();
        awaitTick(b, before, 10);

        stopRedis();
        int sentWhileDown = sent.get();
        Thread.sleep(OUTAGE.toMillis());
        startRedis(port, appendOnly);
        long backAt = System.nanoTime();
        int restartedAt = sent.get();
        // everything received from here on: the rest of the ticks published before the stop, then
        // (after a gap, unless Lettuce's queued ticks reached the renewed subscription) the new ones
        List<Integer> after = new ArrayList<>();
        List<Long> takenAt = new ArrayList<>();
        int resumed = awaitTick(b, after, takenAt, restartedAt + 1);
        awaitTick(b, after, takenAt, resumed + 20);
        loop.shutdownNow();
        // the adapters tried again: by Redis's clock, from its being ready to its first accept
        Duration reconnected = redis.untilFirstAccept();
        // recovery: the first tick published after the kill that arrived (from Lettuce's queue or new),
        // and the first one published once Redis answered again
        int firstAfterKill = 0;
        while (after.get(firstAfterKill) < sentWhileDown) {
            firstAfterKill++;
        }
        Duration firstDelivery = Duration.ofNanos(takenAt.get(firstAfterKill) - backAt);
        Duration firstNewDelivery = Duration.ofNanos(takenAt.get(after.indexOf(resumed)) - backAt);
        // ticks published from this moment on all arrived: the adapter was back by then
        Duration resumedPublishing = Duration.ofNanos(sentAt[resumed] - backAt);

        List<Integer> all = new ArrayList<>(before);
        all.addAll(after);
        log.warn(
                "{} appendonly={}: before the kill received ticks {}..{} ({} ticks, all of them); Redis killed at tick ~{}, "
                        + "down {} s, up again at tick ~{}; never received: {}; then {} more ticks (the rest of those published before "
                        + "the kill, then the new ones) until {}, the first new one {}; after Redis was back: first tick of the outage or "
                        + "later taken after "
                        + "{} ms, first new tick taken after {} ms, published {} ms after (bound {} ms); Redis accepted "
                        + "the first connection {} ms after it was ready (bound {} ms), each after {} ms",
                protocol,
                appendOnly,
                before.get(0),
                before.get(before.size() - 1),
                before.size(),
                sentWhileDown,
                OUTAGE.toSeconds(),
                restartedAt,
                gaps(all),
                after.size(),
                all.get(all.size() - 1),
                resumed,
                firstDelivery.toMillis(),
                firstNewDelivery.toMillis(),
                resumedPublishing.toMillis(),
                DELIVERY_BOUND.toMillis(),
                reconnected.toMillis(),
                RETRY_INTERVAL.plus(RETRY_MARGIN).toMillis(),
                redis.acceptedAfterReady());
        assertThat(reconnected)
                .as("the adapters try again within their retry interval of Redis being ready")
                .isLessThanOrEqualTo(RETRY_INTERVAL.plus(RETRY_MARGIN));
        assertThat(firstDelivery).as("first delivery after Redis was back").isLessThan(DELIVERY_BOUND);
        assertThat(resumedPublishing)
                .as("ticks published from then on all arrive")
                .isLessThan(DELIVERY_BOUND);
        // before the restart every tick arrived, in order, from the first one
        assertThat(before)
                .isEqualTo(IntStream.rangeClosed(0, before.get(before.size() - 1))
                        .boxed()
                        .toList());
        // a publication in flight when the connection dropped is written again by Lettuce after the
        // reconnection (at least once), so it may come twice or after later old ones; but never after a
        // tick published once Redis was back: what came before the first new tick is all older
        assertThat(after.subList(0, after.indexOf(resumed))).allMatch(tick -> tick < resumed);
        // the outage loses at most one run of ticks: with pub/sub, those published while the subscription was
        // not renewed; with the stream, only publications in flight when Redis was killed (Lettuce fails them
        // with "Connection reset"), never those made while it was down: they wait in Lettuce's queue, are
        // appended once Redis is back, and the reader reads on from its last id
        assertThat(gaps(all)).hasSizeLessThanOrEqualTo(1);
        if (protocol == Protocol.STREAMS) {
            assertThat(IntStream.rangeClosed(sentWhileDown + 1, resumed).boxed().toList())
                    .as("published while Redis was down")
                    .allMatch(all::contains);
        }
        if (protocol == Protocol.STREAMS && appendOnly) {
            // what Redis accepted survives in the stream; without appendonly, what it accepted during its
            // shutdown and had not handed to the reader yet is gone with it
            long lost = IntStream.rangeClosed(0, resumed)
                    .filter(tick -> !all.contains(tick))
                    .count();
            assertThat(lost)
                    .as("ticks lost with appendonly (in flight at the reset)")
                    .isLessThanOrEqualTo(3);
        }
        // and the loop resumed: from the first new tick on, every tick arrives
        List<Integer> tail = after.subList(after.indexOf(resumed), after.size());
        assertThat(tail)
                .isEqualTo(IntStream.rangeClosed(resumed, resumed + 20).boxed().toList());
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
                .extracting(FetchedSocket::id)
                .containsExactly("bbbbbbbbbbbbbbbbbbbb");
    }
}
