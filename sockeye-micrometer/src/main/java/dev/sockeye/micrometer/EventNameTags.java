package dev.sockeye.micrometer;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The cardinality guard of the {@code event} tag: the first {@code max} distinct event names keep
 * their own value, every later one is folded into {@link #OTHER}. Event names come from clients,
 * so without a bound a client sending random names would create a time series per name.
 */
final class EventNameTags {
    /** The tag value of every event name past the limit. */
    static final String OTHER = "other";

    private final int max;
    private final Set<String> admitted = ConcurrentHashMap.newKeySet();

    /** A guard admitting at most {@code max} names; 0 turns the tag off. */
    EventNameTags(int max) {
        this.max = max;
    }

    /** Whether meters carry an {@code event} tag at all. */
    boolean enabled() {
        return max > 0;
    }

    /** The tag value for {@code event}: the name itself while admitted, else {@link #OTHER}. */
    String tag(String event) {
        if (admitted.contains(event)) {
            return event;
        }
        synchronized (this) {
            if (admitted.size() < max) {
                admitted.add(event);
                return event;
            }
            return admitted.contains(event) ? event : OTHER;
        }
    }
}
