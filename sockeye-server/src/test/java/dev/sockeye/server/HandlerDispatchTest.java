package dev.sockeye.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sockeye.engine.spi.HandOffBatch;
import dev.sockeye.server.testing.FakeEngineSocket;
import dev.sockeye.server.testing.Recorder;
import dev.sockeye.testing.LogCapture;
import java.lang.reflect.Method;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The default handler executor: virtual threads on JDK 21+ (run this class with a JDK 21+ to see that path), the
 * shared pool on 17, where blocking handlers get an executor of their own; never the thread the packets came in
 * on, in order per socket; and the slow-handler warning.
 */
class HandlerDispatchTest extends WireTest {
    /** More blocked handlers than the JDK 17 default pool has threads ({@code max(4, 2 × CPUs)}). */
    private static final int BLOCKED = Math.max(4, 2 * Runtime.getRuntime().availableProcessors()) + 4;

    private static final boolean VIRTUAL_THREADS = Runtime.version().feature() >= 21;
    private ExecutorService ownExecutor;

    @Override
    SocketIoServer build(SocketIoServer.Builder builder) {
        if (!VIRTUAL_THREADS) {
            // what the option's documentation tells JDK 17 users with blocking handlers to do
            ownExecutor = Executors.newCachedThreadPool();
            builder.handlerExecutor(ownExecutor);
        }
        return builder.slowHandlerThreshold(Duration.ofMillis(200)).build();
    }

    @AfterEach
    void stopOwnExecutor() {
        io.close();
        if (ownExecutor != null) {
            ownExecutor.shutdown();
        }
    }

    private static boolean isVirtual(Thread thread) {
        try {
            Method isVirtual = Thread.class.getMethod("isVirtual");
            return (Boolean) isVirtual.invoke(thread);
        } catch (ReflectiveOperationException e) {
            return false; // JDK 17: no virtual threads
        }
    }

    @Test
    void handlersRunOffTheReceivingThreadOnVirtualThreadsFromJdk21() {
        Recorder<Thread> threads = new Recorder<>();
        io.onConnection(socket -> socket.on("e", () -> threads.record(Thread.currentThread())));
        FakeEngineSocket conn = connected("/");
        conn.receive("42[\"e\"]");
        Thread handlerThread = threads.next();
        assertThat(handlerThread).isNotSameAs(Thread.currentThread());
        assertThat(isVirtual(handlerThread)).isEqualTo(VIRTUAL_THREADS);
        System.err.println("handler thread on JDK " + Runtime.version().feature() + ": " + handlerThread);
    }

    @Test
    void eachSocketsHandlersRunInArrivalOrderOneAtATime() {
        // a blocking call now and then: the next ones queue behind it
        assertRunInArrivalOrderOneAtATime(8, 200, 50, 2, 0);
    }

    @Test
    void blockedHandlersOnManySocketsDoNotStarveAnotherSocket() throws Exception {
        CountDownLatch blocked = new CountDownLatch(BLOCKED);
        CountDownLatch release = new CountDownLatch(1);
        Recorder<String> answered = new Recorder<>();
        blockOrGreet(blocked, release, answered);
        try {
            for (int i = 0; i < BLOCKED; i++) {
                connected("/").receive("42[\"block\"]");
            }
            await(blocked);
            long start = System.nanoTime();
            connected("/").receive("42[\"hello\"]");
            answered.assertNext("hello");
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(2));
        } finally {
            release.countDown();
        }
    }

    @Test
    void theSocketsThatOneInputPassMadeReadyWakeOneHandlerThreadBetweenThem() {
        int sockets = 16;
        AtomicInteger handedToExecutor = new AtomicInteger();
        ExecutorService pool = Executors.newCachedThreadPool();
        io.close();
        io = SocketIoServer.builder()
                .handlerExecutor(task -> {
                    handedToExecutor.incrementAndGet();
                    pool.execute(task);
                })
                .build();
        try {
            Recorder<String> handled = new Recorder<>();
            io.onConnection(socket -> socket.on("e", () -> handled.record("e")));
            List<FakeEngineSocket> conns = new ArrayList<>();
            for (int s = 0; s < sockets; s++) {
                conns.add(connected("/"));
            }
            // what an I/O thread does over one pass of its connections; the first pass warms the code up
            for (int pass = 0; pass < 2; pass++) {
                handedToExecutor.set(0);
                HandOffBatch.run(() -> conns.forEach(conn -> conn.receive("42[\"e\"]")));
                handled.next(sockets);
            }
            // one, or a few when a run of the pass's handlers lasted more than a millisecond (a busy machine)
            assertThat(handedToExecutor.get()).isBetween(1, 4);
        } finally {
            pool.shutdown();
        }
    }

    @Test
    void aSocketBlockedInAPassHoldsUpTheOtherSocketsOfThePassOnlyBriefly() throws Exception {
        CountDownLatch blocked = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        Recorder<String> answered = new Recorder<>();
        blockOrGreet(blocked, release, answered);
        try {
            FakeEngineSocket blocking = connected("/");
            List<FakeEngineSocket> others = new ArrayList<>();
            for (int s = 0; s < 4; s++) {
                others.add(connected("/"));
            }
            long start = System.nanoTime();
            HandOffBatch.run(() -> {
                blocking.receive("42[\"block\"]"); // first in the pass: the others queue behind it
                others.forEach(conn -> conn.receive("42[\"hello\"]"));
            });
            for (int s = 0; s < 4; s++) {
                answered.assertNext("hello");
            }
            Duration waited = Duration.ofNanos(System.nanoTime() - start);
            assertThat(blocked.getCount()).as("the blocking handler ran first").isZero();
            assertThat(release.getCount()).as("and still blocks").isOne();
            // handed on after 10 ms, found within 5 ms more; the rest is scheduling on a busy test machine
            assertThat(waited).isLessThan(Duration.ofMillis(1000));
            System.err.println("other sockets of the pass answered after " + waited.toMillis() + " ms");
        } finally {
            release.countDown();
        }
    }

    @Test
    void whatAHandlerHandsOffBeforeItBlocksIsHandedOnWithoutWaitingForIt() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        Recorder<String> handed = new Recorder<>();
        Executor ioThread = Runnable::run; // stands for the event loop of the handler's connection
        io.onConnection(socket -> socket.on("work", () -> {
            // what a front does with the ack's frame: the handler's thread hands it on when its task is done
            boolean deferred = HandOffBatch.defer(ioThread, () -> handed.record("ack written"));
            handed.record("deferred: " + deferred);
            release.await(10, TimeUnit.SECONDS);
        }));
        try {
            FakeEngineSocket conn = connected("/");
            long start = System.nanoTime();
            conn.receive("42[\"work\"]");
            handed.assertNext("deferred: true");
            handed.assertNext("ack written");
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofMillis(1000));
            assertThat(release.getCount()).as("while the handler still blocks").isOne();
        } finally {
            release.countDown();
        }
    }

    @Test
    void eachSocketsHandlersRunInArrivalOrderAcrossPasses() {
        // blocking past the hand-on bound: the pass's other sockets move to another thread meanwhile
        assertRunInArrivalOrderOneAtATime(6, 150, 40, 15, 3);
    }

    /**
     * Feeds {@code events} numbered events to each of {@code sockets} sockets, round robin, and checks that each
     * socket's handler saw them in order and never ran twice at once.
     *
     * @param blockEvery    every event whose number is a multiple of this blocks its handler
     * @param blockMillis   for this long
     * @param eventsPerPass how many events of each socket one input pass ({@link HandOffBatch}) reads; 0: no pass
     */
    private void assertRunInArrivalOrderOneAtATime(
            int sockets, int events, int blockEvery, long blockMillis, int eventsPerPass) {
        List<List<Integer>> seen = new ArrayList<>();
        AtomicInteger overlaps = new AtomicInteger();
        CountDownLatch all = new CountDownLatch(sockets * events);
        io.onConnection(socket -> {
            List<Integer> mine = new ArrayList<>();
            AtomicInteger running = new AtomicInteger();
            synchronized (seen) {
                seen.add(mine);
            }
            socket.on("n", Integer.class, n -> {
                if (running.incrementAndGet() > 1) {
                    overlaps.incrementAndGet();
                }
                if (n % blockEvery == 0) {
                    Thread.sleep(blockMillis);
                }
                mine.add(n);
                running.decrementAndGet();
                all.countDown();
            });
        });
        List<FakeEngineSocket> conns = new ArrayList<>();
        for (int s = 0; s < sockets; s++) {
            conns.add(connected("/"));
        }
        int step = Math.max(1, eventsPerPass);
        for (int i = 0; i < events; i += step) {
            int from = i;
            Runnable pass = () -> {
                for (int n = from; n < from + step; n++) {
                    for (FakeEngineSocket conn : conns) {
                        conn.receive("42[\"n\"," + n + "]");
                    }
                }
            };
            if (eventsPerPass > 0) {
                HandOffBatch.run(pass);
            } else {
                pass.run();
            }
        }
        await(all);
        assertThat(overlaps.get()).isZero();
        List<Integer> expected = new ArrayList<>();
        for (int i = 0; i < events; i++) {
            expected.add(i);
        }
        synchronized (seen) {
            assertThat(seen)
                    .hasSize(sockets)
                    .allSatisfy(order -> assertThat(order).isEqualTo(expected));
        }
    }

    @Test
    void aHandlerThatRunsPastTheThresholdIsLoggedWithItsEventWhileItRuns() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        Recorder<String> done = new Recorder<>();
        io.onConnection(socket -> {
            socket.on("quick", () -> done.record("quick"));
            socket.on("slow query", () -> {
                release.await(10, TimeUnit.SECONDS);
                done.record("slow query");
            });
        });
        try (LogCapture logs = new LogCapture()) {
            FakeEngineSocket conn = connected("/");
            conn.receive("42[\"quick\"]");
            done.assertNext("quick");
            long start = System.nanoTime();
            conn.receive("42[\"slow query\"]");
            Pattern warning =
                    Pattern.compile("handler of event 'slow query' of Socket\\[\\S+ /\\] has run for (\\d+) ms"
                            + " \\(slowHandlerThreshold 200 ms\\)");
            logs.await(warning, 1, Duration.ofSeconds(5));
            long waited = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            release.countDown();
            done.assertNext("slow query");
            assertThat(waited)
                    .as("reported a quarter threshold late at most, plus scheduling")
                    .isBetween(200L, 1500L);
            assertThat(logs.matching(warning)).hasSize(1);
            assertThat(logs.lines()).noneMatch(line -> line.contains("event 'quick'"));
        } finally {
            release.countDown();
        }
    }

    /** Every socket's "block" counts {@code blocked} down and blocks until {@code release}; its "hello" is recorded. */
    private void blockOrGreet(CountDownLatch blocked, CountDownLatch release, Recorder<String> answered) {
        io.onConnection(socket -> {
            socket.on("block", () -> {
                blocked.countDown();
                release.await(10, TimeUnit.SECONDS); // a JDBC call that hangs
            });
            socket.on("hello", () -> answered.record("hello"));
        });
    }

    private static void await(CountDownLatch latch) {
        try {
            assertThat(latch.await(10, TimeUnit.SECONDS)).as("within 10 s").isTrue();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
