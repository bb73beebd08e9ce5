package dev.sockeye.server.internal;

import dev.sockeye.engine.spi.HandOffBatch;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Puts the socket queues that became ready together on the handler executor as one task: when an I/O thread reads
 * the events of many sockets in one pass (a {@link HandOffBatch}), it wakes one handler thread for all of them rather
 * than one per socket, which on a busy server was a third of the cost of an ack. The frames the handlers of that task
 * send are handed to the I/O threads together too, once per I/O thread when the task is done.
 *
 * <p>One blocked handler must not hold up the other sockets of its task: while tasks run, a timer looks at them every
 * {@link #SCAN_NANOS}, and a task whose current queue has run for {@link #HAND_ON_NANOS} or more hands the queues it
 * has not started to a new task on the executor (which takes them one by one in turn), and hands on the frames sent
 * so far. So a socket waits at most about {@code HAND_ON + SCAN} (15 ms) for a handler of another socket. A runner
 * that goes through many quick tasks does the same every {@link #SPREAD_NANOS} on its own, so that a long run neither
 * holds its frames nor stays on one core. Each socket's queue still runs one task at a time, in order
 * ({@link SerialQueue}).
 */
final class HandlerDispatcher implements HandOffBatch.GroupExecutor {
    private static final Logger log = LoggerFactory.getLogger(HandlerDispatcher.class);
    /** How long a queue may run before the queues behind it in its task go to another thread. */
    static final long HAND_ON_NANOS = TimeUnit.MILLISECONDS.toNanos(10);
    /**
     * How long one runner goes on alone through quick tasks before it hands on what they sent and shares the tasks
     * left with another thread: the longest an ack waits in a busy run, and how fast a long run spreads over threads.
     */
    static final long SPREAD_NANOS = TimeUnit.MILLISECONDS.toNanos(1);
    /** How often the running tasks are looked at, only while some run. */
    static final long SCAN_NANOS = TimeUnit.MILLISECONDS.toNanos(5);

    private final Executor executor;
    private final ScheduledExecutorService timer;
    private final Set<Runner> running = ConcurrentHashMap.newKeySet();
    private final AtomicBoolean scanScheduled = new AtomicBoolean();

    HandlerDispatcher(Executor executor, ScheduledExecutorService timer) {
        this.executor = executor;
        this.timer = timer;
    }

    @Override
    public void execute(Runnable task) {
        executeAll(List.of(task));
    }

    @Override
    public void executeAll(List<Runnable> tasks) {
        start(new Runner(tasks, new AtomicInteger()));
    }

    private void start(Runner runner) {
        try {
            executor.execute(runner);
        } catch (RejectedExecutionException e) {
            runner.refuseRest(e);
        }
    }

    private void scheduleScan() {
        if (scanScheduled.compareAndSet(false, true)) {
            try {
                timer.schedule(this::scan, SCAN_NANOS, TimeUnit.NANOSECONDS);
            } catch (RejectedExecutionException e) {
                scanScheduled.set(false); // the timer is gone (the JVM is stopping): nothing is handed on
            }
        }
    }

    private void scan() {
        scanScheduled.set(false);
        long now = System.nanoTime();
        for (Runner runner : running) {
            runner.handOnIfStuck(now);
        }
        if (!running.isEmpty()) {
            scheduleScan();
        }
    }

    /**
     * Runs the tasks of one hand-off in order on one thread; several runners share them once one hands on, each
     * taking the next task not yet taken.
     */
    private final class Runner implements Runnable {
        private final List<Runnable> tasks;
        /** The next task to take, shared by the runners of the same tasks. */
        private final AtomicInteger next;
        /** When the running task started, 0 between tasks. */
        private volatile long taskStarted;
        /** What the tasks send: handed on at the end, every SPREAD, or when a task is stuck; null inside another batch. */
        private volatile HandOffBatch sent;
        /** The start of the task last found stuck, so that it is handed on once; the timer only. */
        private long handedOnAt;

        Runner(List<Runnable> tasks, AtomicInteger next) {
            this.tasks = tasks;
            this.next = next;
        }

        @Override
        public void run() {
            HandOffBatch batch = HandOffBatch.begin();
            sent = batch;
            running.add(this);
            scheduleScan();
            try {
                long since = System.nanoTime();
                int i;
                while ((i = next.getAndIncrement()) < tasks.size()) {
                    long now = System.nanoTime();
                    if (now - since >= SPREAD_NANOS) {
                        // a long run of quick tasks: what they sent goes out, and another thread shares the rest
                        since = now;
                        handOn(batch);
                    }
                    taskStarted = now;
                    runSafely(tasks.get(i));
                }
            } finally {
                taskStarted = 0;
                running.remove(this);
                if (batch != null) {
                    batch.end();
                }
            }
        }

        /** The timer: hands on the frames sent so far and the tasks not started, if the running task is stuck. */
        void handOnIfStuck(long now) {
            long started = taskStarted;
            if (started == 0 || now - started < HAND_ON_NANOS || started == handedOnAt) {
                return;
            }
            handedOnAt = started;
            handOn(sent);
        }

        /** Hands on what the tasks run so far sent, and the tasks not started to another runner. */
        private void handOn(HandOffBatch batch) {
            if (batch != null) {
                batch.handOn();
            }
            if (next.get() < tasks.size()) {
                start(new Runner(tasks, next));
            }
        }

        /** The executor refused this runner: the tasks not taken yet are refused (their queues drop their work). */
        void refuseRest(RejectedExecutionException e) {
            int i;
            while ((i = next.getAndIncrement()) < tasks.size()) {
                Runnable task = tasks.get(i);
                if (task instanceof SerialQueue.Drain drain) {
                    drain.refused(e);
                } else {
                    log.error("handler executor refused a task; dropped", e);
                }
            }
        }

        private void runSafely(Runnable task) {
            try {
                task.run();
            } catch (RuntimeException e) {
                log.warn("a handler task failed", e);
            }
        }
    }
}
