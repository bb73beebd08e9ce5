package dev.sockeye.server.internal;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Watches the queues whose tasks are running and has each one report a task that has run longer than the
 * threshold ({@code slowHandlerThreshold}). A queue enters the watched set once per batch, not per task, and a
 * timer looks at the set a few times per threshold, so a task that never returns is reported too.
 */
final class HandlerWatch {
    private final long thresholdNanos;
    private final Set<SerialQueue> running = ConcurrentHashMap.newKeySet();
    private final ScheduledFuture<?> scan;

    HandlerWatch(Duration threshold, ScheduledExecutorService timer) {
        this.thresholdNanos = threshold.toNanos();
        // four looks per threshold: a slow task is reported at most a quarter of the threshold late
        long period = Math.max(TimeUnit.MILLISECONDS.toNanos(10), thresholdNanos / 4);
        this.scan = timer.scheduleAtFixedRate(this::scan, period, period, TimeUnit.NANOSECONDS);
    }

    /** A watch for a server's options, or null when the threshold is zero (turned off). */
    static HandlerWatch of(Duration threshold, ScheduledExecutorService timer) {
        return threshold.isZero() ? null : new HandlerWatch(threshold, timer);
    }

    void enter(SerialQueue queue) {
        running.add(queue);
    }

    void exit(SerialQueue queue) {
        running.remove(queue);
    }

    private void scan() {
        long now = System.nanoTime();
        for (SerialQueue queue : running) {
            queue.reportIfSlow(now, thresholdNanos);
        }
    }

    void close() {
        scan.cancel(false);
    }
}
