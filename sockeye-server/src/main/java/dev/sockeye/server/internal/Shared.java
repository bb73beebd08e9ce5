package dev.sockeye.server.internal;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The process-wide defaults: the handler pool and the timer thread. Daemon threads, created on
 * first use and never shut down, so that closing one server never breaks another.
 */
final class Shared {
    private Shared() {
    }

    /** The default handler executor: {@code max(4, 2 × CPUs)} daemon threads. */
    static ExecutorService handlers() {
        return Handlers.POOL;
    }

    /** One daemon thread for connect timeouts and ack timeouts; tasks must be short. */
    static ScheduledThreadPoolExecutor timers() {
        return Timers.TIMER;
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
        static final ExecutorService POOL;

        static {
            int threads = Math.max(4, 2 * Runtime.getRuntime().availableProcessors());
            POOL = new ThreadPoolExecutor(threads, threads, 60, TimeUnit.SECONDS, new LinkedBlockingQueue<>(),
                    daemons("sockeye-handler-"));
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
