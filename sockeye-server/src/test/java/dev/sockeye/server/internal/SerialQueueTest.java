package dev.sockeye.server.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sockeye.testing.LogCapture;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The per-socket task queue: submission order, one task at a time, batches that give the thread back. */
class SerialQueueTest {

    private final ExecutorService pool = Executors.newFixedThreadPool(4);

    @AfterEach
    void tearDown() {
        pool.shutdownNow();
    }

    @Test
    void runsEachProducersTasksInOrderAndNeverTwoAtOnce() throws Exception {
        SerialQueue queue = new SerialQueue(pool, "test");
        int producers = 4;
        int perProducer = 5_000;
        List<int[]> ran = Collections.synchronizedList(new ArrayList<>());
        AtomicInteger running = new AtomicInteger();
        AtomicInteger overlaps = new AtomicInteger();
        CountDownLatch done = new CountDownLatch(producers * perProducer);
        Thread[] threads = new Thread[producers];
        for (int p = 0; p < producers; p++) {
            int producer = p;
            threads[p] = new Thread(() -> {
                for (int i = 0; i < perProducer; i++) {
                    int seq = i;
                    queue.execute(() -> {
                        if (running.incrementAndGet() != 1) {
                            overlaps.incrementAndGet();
                        }
                        ran.add(new int[] {producer, seq});
                        running.decrementAndGet();
                        done.countDown();
                    });
                }
            });
            threads[p].start();
        }
        for (Thread t : threads) {
            t.join();
        }
        assertThat(done.await(20, TimeUnit.SECONDS)).isTrue();
        assertThat(overlaps).hasValue(0);
        int[] last = new int[producers];
        java.util.Arrays.fill(last, -1);
        synchronized (ran) {
            assertThat(ran).hasSize(producers * perProducer);
            for (int[] task : ran) {
                assertThat(task[1]).as("task of producer %d", task[0]).isEqualTo(last[task[0]] + 1);
                last[task[0]] = task[1];
            }
        }
    }

    @Test
    void aLongBacklogIsRunInBatchesThatGiveTheThreadBack() throws Exception {
        List<Runnable> handedOut = new ArrayList<>();
        SerialQueue queue = new SerialQueue(handedOut::add, "test");
        List<Integer> ran = new ArrayList<>();
        for (int i = 0; i < 150; i++) {
            int seq = i;
            queue.execute(() -> ran.add(seq));
        }
        assertThat(handedOut).as("one drain scheduled for the whole burst").hasSize(1);
        handedOut.remove(0).run();
        assertThat(ran).hasSize(64);
        assertThat(handedOut).as("the rest rescheduled").hasSize(1);
        handedOut.remove(0).run();
        handedOut.remove(0).run();
        assertThat(handedOut).isEmpty();
        assertThat(ran)
                .containsExactlyElementsOf(
                        java.util.stream.IntStream.range(0, 150).boxed().toList());
    }

    @Test
    void aFailingTaskIsLoggedAndTheNextOnesRun() {
        List<Runnable> handedOut = new ArrayList<>();
        SerialQueue queue = new SerialQueue(handedOut::add, "test");
        List<String> ran = new ArrayList<>();
        queue.execute(() -> ran.add("first"));
        queue.execute(() -> {
            throw new IllegalStateException("boom");
        });
        queue.execute(() -> ran.add("third"));
        handedOut.remove(0).run();
        assertThat(ran).containsExactly("first", "third");
        assertThat(handedOut).isEmpty();
    }

    @Test
    void tasksSubmittedWhileRunningRunAfterTheCurrentOne() {
        List<Runnable> handedOut = new ArrayList<>();
        SerialQueue queue = new SerialQueue(handedOut::add, "test");
        List<String> ran = new ArrayList<>();
        queue.execute(() -> {
            assertThat(queue.inQueue()).isTrue();
            queue.execute(() -> ran.add("nested"));
            ran.add("outer");
        });
        handedOut.remove(0).run();
        assertThat(ran).containsExactly("outer", "nested");
        assertThat(queue.inQueue()).isFalse();
    }

    @Test
    void anExecutorThatRefusesDropsTheTasksAndTheQueueWorksAgainLater() {
        AtomicInteger refusals = new AtomicInteger(1);
        List<Runnable> handedOut = new ArrayList<>();
        SerialQueue queue = new SerialQueue(
                task -> {
                    if (refusals.getAndDecrement() > 0) {
                        throw new RejectedExecutionException("shut down");
                    }
                    handedOut.add(task);
                },
                "test");
        List<String> ran = new ArrayList<>();
        try (LogCapture log = new LogCapture()) {
            queue.execute(() -> ran.add("dropped"));
            assertThat(log.lines())
                    .anyMatch(line -> line.contains("handler executor refused the tasks of test; 1 task(s) dropped"));
        }
        queue.execute(() -> ran.add("later"));
        assertThat(handedOut).hasSize(1);
        handedOut.remove(0).run();
        assertThat(ran).containsExactly("later");
    }
}
