package dev.sockeye.adminui.internal;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * Counts failed logins per remote address over a sliding window: once an address has {@code maxFailures} failures
 * younger than {@code window}, it is blocked until the oldest of them is {@code window} old. Memory: one small deque
 * per address with recent failures; {@link #removeExpired()} drops the others.
 */
public final class LoginLimiter {
    private final int maxFailures;
    private final long windowNanos;
    private final LongSupplier clock;
    private final Map<String, ArrayDeque<Long>> failures = new ConcurrentHashMap<>();

    /**
     * @param maxFailures failures allowed within {@code window}
     * @param window      the sliding window
     * @param clock       {@link System#nanoTime} or a test clock
     */
    public LoginLimiter(int maxFailures, Duration window, LongSupplier clock) {
        this.maxFailures = maxFailures;
        this.windowNanos = window.toNanos();
        this.clock = clock;
    }

    /** Whether {@code address} has used up its failures for now. */
    public boolean isBlocked(String address) {
        ArrayDeque<Long> recent = failures.get(key(address));
        if (recent == null) {
            return false;
        }
        synchronized (recent) {
            prune(recent, clock.getAsLong());
            return recent.size() >= maxFailures;
        }
    }

    /** Records one failed login from {@code address}. */
    public void recordFailure(String address) {
        long now = clock.getAsLong();
        // compute, not computeIfAbsent then add: removeExpired may drop the deque in between
        failures.compute(key(address), (k, recent) -> {
            ArrayDeque<Long> d = recent != null ? recent : new ArrayDeque<>();
            synchronized (d) {
                prune(d, now);
                d.addLast(now);
                while (d.size() > maxFailures) {
                    d.removeFirst(); // only the newest maxFailures decide when the block ends
                }
            }
            return d;
        });
    }

    /** Forgets the addresses whose failures are all older than the window. */
    public void removeExpired() {
        long now = clock.getAsLong();
        for (String address : failures.keySet()) {
            failures.computeIfPresent(address, (k, recent) -> {
                synchronized (recent) {
                    prune(recent, now);
                    return recent.isEmpty() ? null : recent;
                }
            });
        }
    }

    /** The addresses with recent failures. */
    public int size() {
        return failures.size();
    }

    private void prune(ArrayDeque<Long> recent, long now) {
        while (!recent.isEmpty() && now - recent.peekFirst() >= windowNanos) {
            recent.removeFirst();
        }
    }

    private static String key(String address) {
        return address == null ? "" : address;
    }
}
