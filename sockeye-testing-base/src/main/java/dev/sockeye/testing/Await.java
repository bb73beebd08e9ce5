package dev.sockeye.testing;

import java.time.Duration;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

/**
 * Waits for a condition that no event announces (a node count, a transport's writability, a port that listens),
 * checking it every 10 ms, bounded in time. Where an event does announce it, a latch or future is the better wait.
 */
public final class Await {

    private Await() {}

    /**
     * Returns once {@code condition} holds.
     *
     * @param what      what is awaited, for the failure message
     * @param timeout   how long to wait at most
     * @param condition the condition, checked from the calling thread
     * @throws AssertionError when the timeout passes first
     */
    public static void until(String what, Duration timeout, BooleanSupplier condition) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out after " + timeout + " waiting for " + what);
            }
            LockSupport.parkNanos(Duration.ofMillis(10).toNanos());
        }
    }
}
