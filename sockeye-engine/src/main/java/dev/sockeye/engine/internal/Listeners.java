package dev.sockeye.engine.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The listeners of one event. Added at any time and called in the order added, without a lock: the list is an
 * immutable copy replaced on each addition. A listener that throws is logged and the others still run.
 *
 * @param <L> the listener type
 */
final class Listeners<L> {
    private static final Logger log = LoggerFactory.getLogger(Listeners.class);

    /** What the listeners are called in the log, e.g. {@code "close listener"}. */
    private final String name;

    private volatile List<L> list = List.of();

    Listeners(String name) {
        this.name = name;
    }

    synchronized void add(L listener) {
        List<L> copy = new ArrayList<>(list.size() + 1);
        copy.addAll(list);
        copy.add(Objects.requireNonNull(listener, "listener"));
        list = List.copyOf(copy);
    }

    /** Whether no one listens: a caller then need not make the event's value. */
    boolean isEmpty() {
        return list.isEmpty();
    }

    /**
     * Calls every listener.
     *
     * @param call  what to do with one listener
     * @param about what the event is about (a session, a request), for the log when a listener fails
     */
    void call(Consumer<? super L> call, Object about) {
        for (L listener : list) {
            try {
                call.accept(listener);
            } catch (RuntimeException e) {
                log.warn("{} failed for {}", name, about, e);
            }
        }
    }
}
