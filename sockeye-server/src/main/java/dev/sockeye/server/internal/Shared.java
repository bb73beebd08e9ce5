package dev.sockeye.server.internal;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinWorkerThread;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The process-wide defaults: the handler pool and the timer thread. Daemon threads, created on
 * first use and never shut down, so that closing one server never breaks another.
 */
final class Shared {
    private Shared() {}

    /**
     * The default handler executor: on JDK 21 and later a new virtual thread for every batch of a queue's tasks
     * (a handler that blocks on I/O then holds no platform thread), else {@link #handlerPool()}. Found at run
     * time, since the code is built for Java 17.
     */
    static Executor handlers() {
        return Handlers.DEFAULT;
    }

    /**
     * A work-stealing pool of {@code max(4, 2 × CPUs)} daemon threads, the default before JDK 21. Its workers
     * look for work briefly before parking, which spares thread wake-ups when events keep coming (echo with acks
     * on 2 cores: about 10 % more acks/s than the fixed thread pool it replaced).
     */
    static ExecutorService handlerPool() {
        return Pool.POOL;
    }

    /** One daemon thread for connect timeouts and ack timeouts; tasks must be short. */
    static ScheduledThreadPoolExecutor timers() {
        return Timers.TIMER;
    }

    /**
     * A handle on a volatile field of the caller's class, for compare-and-set flags kept in the object itself: an
     * {@code AtomicBoolean} per socket or queue is 16 more bytes for each of them.
     *
     * @param lookup the caller's {@code MethodHandles.lookup()}
     * @param field  the field's name
     * @param type   the field's type
     * @return the handle
     */
    static VarHandle varHandle(MethodHandles.Lookup lookup, String field, Class<?> type) {
        try {
            return lookup.findVarHandle(lookup.lookupClass(), field, type);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("no field " + field + " in " + lookup.lookupClass(), e);
        }
    }

    private static ThreadFactory daemons(String prefix) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, prefix + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }

    private static final class Handlers {
        static final Executor DEFAULT;

        static {
            ThreadFactory virtual = virtualThreads();
            DEFAULT = virtual != null ? task -> virtual.newThread(task).start() : handlerPool();
        }

        /** {@code Thread.ofVirtual().factory()} where the JDK has it (21+), else null. */
        private static ThreadFactory virtualThreads() {
            try {
                Object builder = Thread.class.getMethod("ofVirtual").invoke(null);
                return (ThreadFactory) Class.forName("java.lang.Thread$Builder")
                        .getMethod("factory")
                        .invoke(builder);
            } catch (ReflectiveOperationException | RuntimeException e) {
                return null; // JDK 17 to 20
            }
        }
    }

    /** Made on first use only: JDK 21+ servers with the default executor never start its threads. */
    private static final class Pool {
        static final ExecutorService POOL;

        static {
            int threads = Math.max(4, 2 * Runtime.getRuntime().availableProcessors());
            AtomicInteger n = new AtomicInteger();
            POOL = new ForkJoinPool(
                    threads,
                    pool -> {
                        ForkJoinWorkerThread t = ForkJoinPool.defaultForkJoinWorkerThreadFactory.newThread(pool);
                        t.setName("sockeye-handler-" + n.incrementAndGet());
                        t.setDaemon(true);
                        return t;
                    },
                    null,
                    true);
        }
    }

    private static final class Timers {
        static final ScheduledThreadPoolExecutor TIMER;

        static {
            TIMER = new ScheduledThreadPoolExecutor(1, daemons("sockeye-timer-"));
            TIMER.setRemoveOnCancelPolicy(true);
        }
    }
}
