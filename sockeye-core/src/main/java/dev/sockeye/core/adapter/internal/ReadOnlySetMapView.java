package dev.sockeye.core.adapter.internal;

import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.Collections;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;

/**
 * A read-only live view of a map of sets: neither the map nor the sets it hands out can be
 * modified through it, and the sets it hands out follow later changes of their key. Thread-safety
 * and iteration consistency are those of the backing map and sets (concurrent maps in the adapters;
 * small sets are immutable snapshots the adapter replaces, large ones concurrent sets).
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
        return backing.containsKey(key) ? new LiveSet(key) : null;
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
                        return new SimpleImmutableEntry<>(e.getKey(), new LiveSet(e.getKey()));
                    }
                };
            }

            @Override
            public int size() {
                return backing.size();
            }
        };
    }

    /**
     * The set of one key as it is now, looked up on every call: the adapters replace a small set on each change
     * rather than change it, so a set handed out follows the changes only this way (Node hands out its live
     * {@code Set}). Empty while the key is absent; read-only.
     */
    private final class LiveSet extends AbstractSet<String> {
        private final Object key;

        LiveSet(Object key) {
            this.key = key;
        }

        private Set<String> current() {
            Set<String> set = backing.get(key);
            return set == null ? Set.of() : set;
        }

        @Override
        public Iterator<String> iterator() {
            return Collections.unmodifiableSet(current()).iterator();
        }

        @Override
        public int size() {
            return current().size();
        }

        @Override
        public boolean contains(Object o) {
            return current().contains(o);
        }
    }
}
