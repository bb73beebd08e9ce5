package dev.sockeye.server.internal;

import java.util.AbstractMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;

/**
 * An immutable map computed on first use. A server keeps a handshake per socket whose headers and query most
 * applications never read: computing them on demand from the request (which the socket keeps anyway) saves about a
 * kilobyte per connection.
 *
 * @param <K> key type
 * @param <V> value type
 */
public final class LazyMap<K, V> extends AbstractMap<K, V> {
    // The source and a function of it rather than one capturing lambda: the function is then shared by every
    // map (a method reference that captures nothing), one object less per map.
    private Object source;
    private Function<Object, Map<K, V>> compute;
    private volatile Map<K, V> value;

    @SuppressWarnings("unchecked")
    private <S> LazyMap(S source, Function<? super S, Map<K, V>> compute) {
        this.source = source;
        this.compute = (Function<Object, Map<K, V>>) compute;
    }

    /**
     * A map computed by {@code compute} from {@code source} the first time it is read; the result is made immutable.
     *
     * @param source  what the entries are made from
     * @param compute makes the entries from the source, in the order to iterate them
     * @param <S>     source type
     * @param <K>     key type
     * @param <V>     value type
     * @return the lazy map
     */
    public static <S, K, V> Map<K, V> of(S source, Function<? super S, Map<K, V>> compute) {
        return new LazyMap<>(source, Objects.requireNonNull(compute, "compute"));
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
                    v = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(compute.apply(source)));
                    value = v;
                    source = null; // lets the source go
                    compute = null;
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
