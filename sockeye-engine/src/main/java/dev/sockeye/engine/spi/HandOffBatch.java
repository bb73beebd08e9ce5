package dev.sockeye.engine.spi;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hand-offs from one thread to other threads, made together: one task per receiving executor rather than one per
 * connection or socket, since waking a sleeping thread costs more than the work it is woken for.
 *
 * <p>Two directions use it. An I/O thread that reads many connections in one pass {@link #begin() begins} a batch
 * before the first read and {@link #end() ends} it after the last, so that the sockets whose events it read wake one
 * handler thread between them, not one each. A thread that writes to many connections (a broadcast to a room, a
 * handler thread answering the events of several sockets) runs inside a batch too, so that each I/O thread it writes
 * to is handed one task for all of its connections.
 *
 * <p>Only the hand-off moves: work is deferred exactly as the code that {@link #defer defers} it would have handed it
 * on, in the same order, and a connection's frames count against its budget from the moment they are sent. The batch
 * is bound to the thread that began it. What is deferred waits until the batch ends or someone calls
 * {@link #handOn()}: a thread that runs user code inside a batch must have it handed on when that code blocks.
 */
public final class HandOffBatch {
    private static final Logger log = LoggerFactory.getLogger(HandOffBatch.class);
    private static final ThreadLocal<HandOffBatch> CURRENT = new ThreadLocal<>();

    /**
     * An executor that takes all the tasks a batch deferred to it at once, to run them as it sees fit (in order on
     * one thread, or spread over more when one of them blocks).
     */
    public interface GroupExecutor extends Executor {
        /**
         * Runs each task once, starting them in the order given.
         *
         * @param tasks the tasks, not empty; the list is not changed afterwards
         */
        void executeAll(List<Runnable> tasks);
    }

    /** The executors handed to, in first-use order, and the tasks of each; rarely more than a few. Guarded by this. */
    private List<Executor> executors = new ArrayList<>(4);

    private List<List<Runnable>> tasks = new ArrayList<>(4);

    private HandOffBatch() {}

    /**
     * Begins a batch on this thread, unless one runs already.
     *
     * @return the new batch, to {@link #end()} on this thread; null when this thread is inside a batch already (its
     *         hand-offs join that one)
     */
    public static HandOffBatch begin() {
        if (CURRENT.get() != null) {
            return null;
        }
        HandOffBatch batch = new HandOffBatch();
        CURRENT.set(batch);
        return batch;
    }

    /** Ends the batch that this thread began and hands on everything it deferred. */
    public void end() {
        if (CURRENT.get() == this) {
            CURRENT.remove();
        }
        handOn();
    }

    /**
     * Runs {@code work} inside a batch, and hands on what it deferred when it returns; inside another batch on this
     * thread, as part of that one.
     *
     * @param work code that hands off, for instance a broadcast's loop over its recipients; must not block
     */
    public static void run(Runnable work) {
        HandOffBatch batch = begin();
        try {
            work.run();
        } finally {
            if (batch != null) {
                batch.end();
            }
        }
    }

    /**
     * Defers {@code task}, which must run on {@code executor}, to the end of the batch running on this thread, if
     * there is one.
     *
     * @param executor where the task must run (an event loop, the handler executor)
     * @param task     the hand-off, for instance the drain of a connection's queued frames
     * @return false when no batch runs on this thread: the caller hands off at once, as usual
     */
    public static boolean defer(Executor executor, Runnable task) {
        HandOffBatch batch = CURRENT.get();
        if (batch == null) {
            return false;
        }
        batch.add(executor, task);
        return true;
    }

    private synchronized void add(Executor executor, Runnable task) {
        int index = executors.indexOf(executor);
        if (index < 0) {
            executors.add(executor);
            tasks.add(new ArrayList<>());
            index = executors.size() - 1;
        }
        tasks.get(index).add(task);
    }

    /**
     * Hands on everything deferred so far, from any thread; what is deferred afterwards waits for the end of the
     * batch (or the next call). A watch calls it when the thread that owns the batch is stuck in user code.
     */
    public void handOn() {
        List<Executor> to;
        List<List<Runnable>> deferred;
        synchronized (this) {
            if (executors.isEmpty()) {
                return;
            }
            to = executors;
            deferred = tasks;
            executors = new ArrayList<>(4);
            tasks = new ArrayList<>(4);
        }
        for (int i = 0; i < to.size(); i++) {
            handOn(to.get(i), deferred.get(i));
        }
    }

    private static void handOn(Executor executor, List<Runnable> tasks) {
        if (executor instanceof GroupExecutor group) {
            group.executeAll(tasks);
            return;
        }
        try {
            executor.execute(() -> tasks.forEach(HandOffBatch::runSafely));
        } catch (RejectedExecutionException e) {
            // an I/O thread shut down, and its connections closed with it: their frames go nowhere
            log.debug("executor gone, {} deferred task(s) dropped", tasks.size());
        }
    }

    private static void runSafely(Runnable task) {
        try {
            task.run();
        } catch (RuntimeException e) {
            log.warn("a deferred task failed", e);
        }
    }
}
