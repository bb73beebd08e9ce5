package dev.sockeye.server.internal;

import dev.sockeye.engine.spi.HandOffBatch;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs tasks one at a time, in submission order, on a shared executor: the per-socket ordering
 * guarantee without a thread per socket. A task that throws is logged with the owner's name and
 * the queue goes on. After a batch the queue gives its thread back, so a busy socket cannot starve
 * the others.
 *
 * <p>Every socket and connection has one, mostly idle, so an idle queue holds nothing but two null
 * fields: submitters push onto a lock-free stack ({@link #submitted}), and the runner takes the
 * whole stack at once and reverses it into the run order ({@link #ready}). A
 * {@code ConcurrentLinkedQueue} would keep about 50 bytes per queue even when empty.
 */
final class SerialQueue implements Executor {
    private static final Logger log = LoggerFactory.getLogger(SerialQueue.class);
    private static final int BATCH = 64;
    private static final VarHandle SUBMITTED = Shared.varHandle(MethodHandles.lookup(), "submitted", Task.class);
    private static final VarHandle SCHEDULED = Shared.varHandle(MethodHandles.lookup(), "scheduled", boolean.class);

    private final Executor executor;
    /** Told about every task while an observer is installed (the task then carries its queueing time). */
    private final Observers observers;
    /** Sees the queue while it runs tasks, to report one that runs too long; null when turned off. */
    private final HandlerWatch watch;
    /** Named in the logs by its {@code toString()}, called only when logging (no string per queue). */
    private final Object owner;
    /** Tasks submitted and not yet taken by the runner, newest first. */
    private volatile Task submitted;
    /** Tasks taken, in submission order; only the runner touches it (the {@link #scheduled} flag orders runners). */
    private Task ready;

    private volatile boolean scheduled;
    private volatile Thread runner;
    /** When the running task started ({@link System#nanoTime()}), 0 between tasks; only kept while watched. */
    private volatile long taskStarted;
    /** The event whose handler is running, null for other tasks; only kept while watched. */
    private volatile String taskEvent;
    /** The start of the last task reported as slow, so that it is reported once; the watch's timer only. */
    private long reportedStart;

    /** A submitted task and the one below it. */
    private static final class Task {
        final Runnable run;
        /** The event it handles, named when it runs too long; null for other tasks. */
        final String event;

        Task next;
        /** When it was queued, for the observers; 0 when none watched then. */
        long queuedNanos;

        Task(Runnable run, String event) {
            this.run = run;
            this.event = event;
        }
    }

    /** A queue on the server's handler dispatcher, watched by the server's observers and slow-handler watch. */
    SerialQueue(DefaultSocketIoServer server, Object owner) {
        this(server.dispatcher(), server.observers(), server.handlerWatch(), owner);
    }

    /** A queue that no observer watches (tests). */
    SerialQueue(Executor executor, Object owner) {
        this(executor, new Observers(), null, owner);
    }

    SerialQueue(Executor executor, Observers observers, HandlerWatch watch, Object owner) {
        this.executor = executor;
        this.observers = observers;
        this.watch = watch;
        this.owner = owner;
    }

    @Override
    public void execute(Runnable task) {
        execute(task, null);
    }

    /** Queues the handling of an event, named in the log if it runs longer than the slow-handler threshold. */
    void execute(Runnable task, String event) {
        Task pushed = new Task(task, event);
        if (observers.active()) {
            pushed.queuedNanos = System.nanoTime();
            observers.current().onTaskQueued();
        }
        Task top;
        do {
            top = submitted;
            pushed.next = top;
        } while (!SUBMITTED.compareAndSet(this, top, pushed));
        schedule();
    }

    /** Whether the calling thread is running one of this queue's tasks right now. */
    boolean inQueue() {
        return runner == Thread.currentThread();
    }

    /**
     * Hands the queue to its executor, unless it is handed already. Inside a {@link HandOffBatch} (an I/O thread's
     * pass over the connections it read), a {@link HandOffBatch.GroupExecutor} takes it with the other queues the
     * batch made ready, in one task; a plain executor would run them one after the other, blocked behind any of them,
     * so it gets each queue at once.
     */
    private void schedule() {
        if (SCHEDULED.compareAndSet(this, false, true)) {
            Drain drain = new Drain();
            if (executor instanceof HandOffBatch.GroupExecutor && HandOffBatch.defer(executor, drain)) {
                return;
            }
            try {
                executor.execute(drain);
            } catch (RejectedExecutionException e) {
                drain.refused(e);
            }
        }
    }

    /** A hand-off of the queue to its executor: runs a batch of its tasks. */
    final class Drain implements Runnable {
        @Override
        public void run() {
            drain();
        }

        /** The executor refused the hand-off: the queue drops what it holds, so that it can be handed off again. */
        void refused(RejectedExecutionException e) {
            int dropped = dropAll();
            scheduled = false;
            log.error("handler executor refused the tasks of {}; {} task(s) dropped", owner, dropped, e);
        }
    }

    private void drain() {
        runner = Thread.currentThread();
        if (watch != null) {
            watch.enter(this);
        }
        try {
            for (int i = 0; i < BATCH; i++) {
                Task task = next();
                if (task == null) {
                    break;
                }
                long start = task.queuedNanos != 0 ? System.nanoTime() : 0;
                if (watch != null) {
                    taskEvent = task.event;
                    taskStarted = start != 0 ? start : System.nanoTime();
                }
                try {
                    task.run.run();
                } catch (Throwable t) {
                    log.warn("a handler of {} failed", owner, t);
                }
                if (watch != null) {
                    taskStarted = 0;
                }
                if (start != 0) {
                    observers.current().onTaskRun(start - task.queuedNanos, System.nanoTime() - start);
                }
            }
        } finally {
            if (watch != null) {
                watch.exit(this);
            }
            runner = null;
            scheduled = false;
        }
        if (ready != null || submitted != null) {
            schedule();
        }
    }

    /**
     * Logs the running task, once, if it started more than {@code thresholdNanos} before {@code now}, with the
     * stack of the thread that runs it; the watch's timer only.
     */
    void reportIfSlow(long now, long thresholdNanos) {
        long started = taskStarted;
        String event = taskEvent;
        Thread thread = runner;
        if (started == 0
                || thread == null
                || now - started < thresholdNanos
                || started == reportedStart
                || started != taskStarted) {
            return; // no task, not slow yet, reported already, or it ended while we looked
        }
        reportedStart = started;
        Throwable where = new Throwable("where the handler is now (" + thread + ")");
        where.setStackTrace(thread.getStackTrace());
        log.warn(
                "the {} of {} has run for {} ms (slowHandlerThreshold {} ms), holding up the socket's other tasks;"
                        + " a blocking call? see the stack below",
                event != null ? "handler of event '" + event + "'" : "task (connect, disconnect or ack callback)",
                owner,
                TimeUnit.NANOSECONDS.toMillis(now - started),
                TimeUnit.NANOSECONDS.toMillis(thresholdNanos),
                where);
    }

    /** The oldest task not run yet, or null; runner only. */
    private Task next() {
        if (ready == null) {
            // the stack holds the newest first: reversed, it is the submission order
            Task stack = (Task) SUBMITTED.getAndSet(this, null);
            Task reversed = null;
            while (stack != null) {
                Task below = stack.next;
                stack.next = reversed;
                reversed = stack;
                stack = below;
            }
            ready = reversed;
        }
        Task task = ready;
        if (task != null) {
            ready = task.next;
        }
        return task;
    }

    private int dropAll() {
        int dropped = 0;
        Task task;
        while ((task = next()) != null) {
            dropped++;
            if (task.queuedNanos != 0) {
                observers.current().onTaskDropped();
            }
        }
        return dropped;
    }
}
