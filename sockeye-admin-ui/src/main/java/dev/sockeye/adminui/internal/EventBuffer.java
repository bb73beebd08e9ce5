package dev.sockeye.adminui.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * Counts engine events per second, type and sub-type until the next {@code server_stats} takes them (Node's
 * {@code EventBuffer}). Called from every I/O thread: each count is merged atomically into a concurrent map, and a
 * take removes each key atomically, so no count is lost or counted twice. At most a few dozen keys live between two
 * takes.
 */
public final class EventBuffer {
    private record Key(long second, String type, String subType) {}

    private final Map<Key, Long> counts = new ConcurrentHashMap<>();
    private final LongSupplier wallClockMillis;

    /** @param wallClockMillis {@link System#currentTimeMillis} or a test clock */
    public EventBuffer(LongSupplier wallClockMillis) {
        this.wallClockMillis = wallClockMillis;
    }

    /** Adds {@code count} to the current second's {@code type}/{@code subType} ({@code subType} may be null). */
    public void add(String type, String subType, long count) {
        long millis = wallClockMillis.getAsLong();
        Key key = new Key(millis - Math.floorMod(millis, 1000L), Objects.requireNonNull(type), subType);
        counts.merge(key, count, Long::sum);
    }

    /** The counts so far, oldest second first, and forgets them. */
    public List<AggregatedEvent> takeAll() {
        List<AggregatedEvent> taken = new ArrayList<>();
        for (Key key : counts.keySet()) {
            Long count = counts.remove(key);
            if (count != null) {
                taken.add(new AggregatedEvent(key.second(), key.type(), key.subType(), count));
            }
        }
        taken.sort((a, b) -> Long.compare(a.timestamp(), b.timestamp()));
        return taken;
    }
}
