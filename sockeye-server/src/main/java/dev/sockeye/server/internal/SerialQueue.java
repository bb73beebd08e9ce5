package dev.sockeye.server.internal;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs tasks one at a time, in submission order, on a shared executor: the per-socket ordering
 * guarantee without a thread per socket. A task that throws is logged with the owner's name and
 * the queue goes on. After a batch the queue gives its thread back, so a busy socket cannot starve
 * the others.
 */
final class SerialQueue implements Executor {
    private static final Logger log = LoggerFactory.getLogger(SerialQueue.class);
    private static final int BATCH = 64;

    private final Executor executor;
    /** Named in the logs by its {@code toString()}, called only when logging (no string per queue). */
    private final Object owner;
    private final Queue<Runnable> tasks = new ConcurrentLinkedQueue<>();
    private volatile boolean scheduled;
    private static final VarHandle SCHEDULED = Shared.varHandle(MethodHandles.lookup(), "scheduled", boolean.class);
    private volatile Thread runner;

    SerialQueue(Executor executor, Object owner) {
        this.executor = executor;
        this.owner = owner;
    }

    @Override
    public void execute(Runnable task) {
        tasks.add(task);
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
                scheduled = false;
                log.error("handler executor refused the tasks of {}; {} task(s) dropped", owner, tasks.size(), e);
                tasks.clear();
            }
        }
    }

    private void drain() {
        runner = Thread.currentThread();
        try {
            for (int i = 0; i < BATCH; i++) {
                Runnable task = tasks.poll();
                if (task == null) {
                    break;
                }
                try {
                    task.run();
                } catch (Throwable t) {
                    log.warn("a handler of {} failed", owner, t);
                }
            }
        } finally {
            runner = null;
            scheduled = false;
        }
        if (!tasks.isEmpty()) {
            schedule();
        }
    }
}
