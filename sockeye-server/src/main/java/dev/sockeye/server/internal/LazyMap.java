package dev.sockeye.server.internal;

import java.util.AbstractMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Supplier;

/**
 * An immutable map computed on first use. A server keeps a handshake per socket whose headers and query most
 * applications never read: computing them on demand from the request (which the socket keeps anyway) saves about a
 * kilobyte per connection.
 *
 * @param <K> key type
 * @param <V> value type
 */
public final class LazyMap<K, V> extends AbstractMap<K, V> {
    private Supplier<Map<K, V>> compute;
    private volatile Map<K, V> value;

    private LazyMap(Supplier<Map<K, V>> compute) {
        this.compute = compute;
    }

    /**
     * A map computed by {@code compute} the first time it is read; the result is made immutable.
     *
     * @param compute makes the entries, in the order to iterate them
     * @param <K>     key type
     * @param <V>     value type
     * @return the lazy map
     */
    public static <K, V> Map<K, V> of(Supplier<Map<K, V>> compute) {
        return new LazyMap<>(Objects.requireNonNull(compute, "compute"));
    }

    /**
     * {@code map} as an immutable map: lazy maps as they are, others copied.
     *
     * @param map the map
     * @param <K> key type
     * @param <V> value type
     * @return an immutable map with the same entries
     */
    public static <K, V> Map<K, V> immutable(Map<K, V> map) {
        return map instanceof LazyMap<K, V> ? map : Map.copyOf(map);
    }

    private Map<K, V> value() {
        Map<K, V> v = value;
        if (v == null) {
            synchronized (this) {
                v = value;
                if (v == null) {
                    v = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(compute.get()));
                    value = v;
                    compute = null; // lets the source go
                }
            }
        }
        return v;
    }

    @Override
    public Set<Entry<K, V>> entrySet() {
        return value().entrySet();
    }

    @Override
    public V get(Object key) {
        return value().get(key);
    }

    @Override
    public boolean containsKey(Object key) {
        return value().containsKey(key);
    }

    @Override
    public int size() {
        return value().size();
    }
}
