package dev.sockeye.core.adapter.internal;

import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;

/**
 * The timer thread shared by cluster adapters that were given none: request timeouts,
 * heartbeats and node clean-up. A single daemon thread; the tasks only complete futures and
 * publish small messages, so one is enough and it never keeps the JVM alive.
 */
public final class AdapterTimer {

    private static final ScheduledExecutorService SHARED = create();

    private AdapterTimer() {}

    private static ScheduledExecutorService create() {
        ScheduledThreadPoolExecutor executor = new ScheduledThreadPoolExecutor(1, runnable -> {
            Thread thread = new Thread(runnable, "sockeye-adapter-timer");
            thread.setDaemon(true);
            return thread;
        });
        // cancelled timeouts (the common case: the answers came in time) must not pile up
        executor.setRemoveOnCancelPolicy(true);
        return executor;
    }

    /**
     * The shared timer.
     *
     * @return the executor; never shut it down
     */
    public static ScheduledExecutorService shared() {
        return SHARED;
    }
}
