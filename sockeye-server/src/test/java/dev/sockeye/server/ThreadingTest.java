package dev.sockeye.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sockeye.server.testing.FakeEngineSocket;
import dev.sockeye.server.testing.Recorder;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ThreadingTest extends WireTest {
    private ExecutorService pool;

    @Override
    SocketIoServer build(SocketIoServer.Builder builder) {
        pool = Executors.newFixedThreadPool(4, r -> new Thread(r, "test-handler"));
        return builder.handlerExecutor(pool).build();
    }

    @AfterEach
    void stopPool() throws InterruptedException {
        io.close(); // before the pool goes: the disconnect handlers still run on it
        pool.shutdown();
        assertThat(pool.awaitTermination(5, TimeUnit.SECONDS)).isTrue();
    }

    @Test
    void handlersRunOnTheHandlerExecutorNotOnTheEngineThread() {
        Recorder<String> threads = new Recorder<>();
        io.onConnection(socket -> {
            threads.record(Thread.currentThread().getName());
            socket.on("e", () -> threads.record(Thread.currentThread().getName()));
        });
        FakeEngineSocket conn = connected("/");
        conn.receive("42[\"e\"]");
        threads.assertNext("test-handler");
        threads.assertNext("test-handler");
    }

    @Test
    void handlersOfOneSocketRunOneAtATimeInArrivalOrder() throws Exception {
        Recorder<Integer> order = new Recorder<>();
        AtomicInteger running = new AtomicInteger();
        AtomicInteger overlaps = new AtomicInteger();
        CountDownLatch release = new CountDownLatch(1);
        io.onConnection(socket -> socket.on("n", Integer.class, n -> {
            if (running.incrementAndGet() > 1) {
                overlaps.incrementAndGet();
            }
            if (n == 0) {
                assertThat(release.await(5, TimeUnit.SECONDS)).isTrue(); // the first one blocks
            }
            order.record(n);
            running.decrementAndGet();
        }));
        FakeEngineSocket conn = connected("/");
        for (int i = 0; i < 50; i++) {
            conn.receive("42[\"n\"," + i + "]");
        }
        release.countDown();
        for (int i = 0; i < 50; i++) {
            order.assertNext(i);
        }
        assertThat(overlaps.get()).isZero();
    }

    @Test
    void aBlockedSocketDoesNotBlockAnother() throws Exception {
        Recorder<String> seen = new Recorder<>();
        CountDownLatch release = new CountDownLatch(1);
        io.onConnection(socket -> {
            socket.on("block", () -> {
                seen.record("blocking");
                assertThat(release.await(5, TimeUnit.SECONDS)).isTrue();
            });
            socket.on("hello", () -> seen.record("hello"));
        });
        FakeEngineSocket first = connected("/");
        FakeEngineSocket second = connected("/");
        first.receive("42[\"block\"]");
        seen.assertNext("blocking");
        second.receive("42[\"hello\"]");
        seen.assertNext("hello");
        release.countDown();
    }

    @Test
    void aThrowingHandlerBreaksNothing() {
        Recorder<String> seen = new Recorder<>();
        io.onConnection(socket -> {
            socket.on("e", () -> {
                throw new IllegalStateException("boom (expected in this test)");
            });
            socket.on("e", () -> seen.record("second handler"));
            socket.on("f", () -> seen.record("next event"));
            throw new IllegalStateException("connection handler boom (expected in this test)");
        });
        FakeEngineSocket conn = connected("/");
        conn.receive("42[\"e\"]");
        conn.receive("42[\"f\"]");
        seen.assertNext("second handler");
        seen.assertNext("next event");
        assertThat(conn.isClosed()).isFalse();
    }
}
