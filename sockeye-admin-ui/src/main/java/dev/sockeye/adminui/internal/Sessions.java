package dev.sockeye.adminui.internal;

import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * The session ids handed out after a login (Node's {@code InMemoryStore}, with the expiry of its
 * {@code RedisStore}): 16 hex characters from a {@link SecureRandom}, valid for a fixed duration. This server's
 * memory only: a restart, or another server of a cluster, asks for the password again.
 */
public final class Sessions {
    private final SecureRandom random = new SecureRandom();
    private final Map<String, Long> expiries = new ConcurrentHashMap<>();
    private final long durationNanos;
    private final LongSupplier clock;

    /**
     * @param duration how long a session stays valid
     * @param clock    {@link System#nanoTime} or a test clock
     */
    public Sessions(Duration duration, LongSupplier clock) {
        this.durationNanos = duration.toNanos();
        this.clock = clock;
    }

    /** A new valid session id. */
    public String create() {
        byte[] bytes = new byte[8];
        random.nextBytes(bytes);
        String id = HexFormat.of().formatHex(bytes);
        expiries.put(id, clock.getAsLong() + durationNanos);
        return id;
    }

    /** Whether {@code id} was handed out and has not expired. */
    public boolean isValid(String id) {
        if (id == null) {
            return false;
        }
        Long expiry = expiries.get(id);
        if (expiry == null) {
            return false;
        }
        if (clock.getAsLong() - expiry >= 0) {
            expiries.remove(id, expiry);
            return false;
        }
        return true;
    }

    /** Forgets the expired sessions (called now and then, so that abandoned ones do not pile up). */
    public void removeExpired() {
        long now = clock.getAsLong();
        expiries.values().removeIf(expiry -> now - expiry >= 0);
    }

    /** The sessions held, expired ones not yet removed included. */
    public int size() {
        return expiries.size();
    }
}
