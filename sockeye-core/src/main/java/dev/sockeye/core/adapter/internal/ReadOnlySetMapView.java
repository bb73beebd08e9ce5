package dev.sockeye.core.adapter.internal;

import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.Collections;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;

/**
 * A read-only live view of a map of sets: neither the map nor the sets it hands out can be
 * modified through it. Thread-safety and iteration consistency are those of the backing map
 * and sets (concurrent ones in the adapters).
 */
public final class ReadOnlySetMapView extends AbstractMap<String, Set<String>> {

    private final Map<String, Set<String>> backing;

    /**
     * Creates the view.
     *
     * @param backing the map to show
     */
    public ReadOnlySetMapView(Map<String, Set<String>> backing) {
        this.backing = backing;
    }

    @Override
    public Set<String> get(Object key) {
        Set<String> set = backing.get(key);
        return set == null ? null : Collections.unmodifiableSet(set);
    }

    @Override
    public boolean containsKey(Object key) {
        return backing.containsKey(key);
    }

    @Override
    public int size() {
        return backing.size();
    }

    @Override
    public boolean isEmpty() {
        return backing.isEmpty();
    }

    @Override
    public Set<String> keySet() {
        return Collections.unmodifiableSet(backing.keySet());
    }

    @Override
    public Set<Entry<String, Set<String>>> entrySet() {
        return new AbstractSet<>() {
            @Override
            public Iterator<Entry<String, Set<String>>> iterator() {
                Iterator<Entry<String, Set<String>>> it = backing.entrySet().iterator();
                return new Iterator<>() {
                    @Override
                    public boolean hasNext() {
                        return it.hasNext();
                    }

                    @Override
                    public Entry<String, Set<String>> next() {
                        Entry<String, Set<String>> e = it.next();
                        return new SimpleImmutableEntry<>(e.getKey(), Collections.unmodifiableSet(e.getValue()));
                    }
                };
            }

            @Override
            public int size() {
                return backing.size();
            }
        };
    }
}
