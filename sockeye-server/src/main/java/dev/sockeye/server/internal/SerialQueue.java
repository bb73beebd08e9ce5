package dev.sockeye.server.internal;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
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
    /** Named in the logs by its {@code toString()}, called only when logging (no string per queue). */
    private final Object owner;
    /** Tasks submitted and not yet taken by the runner, newest first. */
    private volatile Task submitted;
    /** Tasks taken, in submission order; only the runner touches it (the {@link #scheduled} flag orders runners). */
    private Task ready;
    private volatile boolean scheduled;
    private volatile Thread runner;

    /** A submitted task and the one below it. */
    private static final class Task {
        final Runnable run;
        Task next;
        /** When it was queued, for the observers; 0 when none watched then. */
        long queuedNanos;

        Task(Runnable run) {
            this.run = run;
        }
    }

    /** A queue on the server's handler executor, watched by the server's observers. */
    SerialQueue(DefaultSocketIoServer server, Object owner) {
        this(server.executor(), server.observers(), owner);
    }

    /** A queue that no observer watches (tests). */
    SerialQueue(Executor executor, Object owner) {
        this(executor, new Observers(), owner);
    }

    SerialQueue(Executor executor, Observers observers, Object owner) {
        this.executor = executor;
        this.observers = observers;
        this.owner = owner;
    }

    @Override
    public void execute(Runnable task) {
        Task pushed = new Task(task);
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

    private void schedule() {
        if (SCHEDULED.compareAndSet(this, false, true)) {
            try {
                executor.execute(this::drain);
            } catch (RejectedExecutionException e) {
                int dropped = dropAll();
                scheduled = false;
                log.error("handler executor refused the tasks of {}; {} task(s) dropped", owner, dropped, e);
            }
        }
    }

    private void drain() {
        runner = Thread.currentThread();
        try {
            for (int i = 0; i < BATCH; i++) {
                Task task = next();
                if (task == null) {
                    break;
                }
                long start = task.queuedNanos != 0 ? System.nanoTime() : 0;
                try {
                    task.run.run();
                } catch (Throwable t) {
                    log.warn("a handler of {} failed", owner, t);
                }
                if (start != 0) {
                    observers.current().onTaskRun(start - task.queuedNanos, System.nanoTime() - start);
                }
            }
        } finally {
            runner = null;
            scheduled = false;
        }
        if (ready != null || submitted != null) {
            schedule();
        }
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
