package dev.sockeye.redis;

import dev.sockeye.core.adapter.Adapter;
import dev.sockeye.core.adapter.AdapterFactory;
import dev.sockeye.core.adapter.NamespaceHost;
import dev.sockeye.redis.internal.ClassicRedisAdapter;
import dev.sockeye.redis.internal.RedisBus;
import dev.sockeye.redis.internal.RedisStreamsAdapter;
import dev.sockeye.redis.internal.RedisStreamsBus;
import dev.sockeye.redis.internal.ShardedRedisAdapter;

/**
 * Creates the Redis adapter of each namespace of one server, all sharing the server's Redis
 * connections (one to publish, one subscribed, and for the streams adapter one per stream read).
 * Get one from {@link RedisAdapters}; give it to the server as its adapter; close it after the
 * server.
 *
 * <pre>{@code
 * try (RedisAdapterFactory redis = RedisAdapters.createAdapter("redis://127.0.0.1:6379")) {
 *     SocketIoServer io = SocketIoServer.builder().adapter(redis).build();
 *     …
 * }
 * }</pre>
 *
 * <p>One factory is one node of the cluster: two servers in one JVM need two factories.
 */
public final class RedisAdapterFactory implements AdapterFactory, AutoCloseable {

    private final RedisBus bus;
    private final RedisAdapterOptions classicOptions;
    private final ShardedRedisAdapterOptions shardedOptions;
    private final RedisStreamsBus streams;

    RedisAdapterFactory(RedisBus bus, RedisAdapterOptions classicOptions, ShardedRedisAdapterOptions shardedOptions) {
        this.bus = bus;
        this.classicOptions = classicOptions;
        this.shardedOptions = shardedOptions;
        this.streams = null;
    }

    RedisAdapterFactory(RedisStreamsBus streams) {
        this.bus = streams.pubSub();
        this.classicOptions = null;
        this.shardedOptions = null;
        this.streams = streams;
    }

    /**
     * Creates the adapter of a namespace; the server calls it.
     *
     * @param host the namespace
     * @return a new adapter, subscribed by {@link Adapter#init()}
     */
    @Override
    public Adapter create(NamespaceHost host) {
        if (streams != null) {
            return new RedisStreamsAdapter(host, streams);
        }
        return shardedOptions != null
                ? new ShardedRedisAdapter(host, shardedOptions, bus)
                : new ClassicRedisAdapter(host, classicOptions, bus);
    }

    /**
     * Whether this factory creates sharded adapters.
     *
     * @return true for {@code createShardedAdapter}, false for the classic adapter
     */
    public boolean isSharded() {
        return shardedOptions != null;
    }

    /**
     * Whether this factory creates Redis Streams adapters.
     *
     * @return true for {@code createStreamsAdapter}
     */
    public boolean isStreams() {
        return streams != null;
    }

    /**
     * Where Redis is, e.g. {@code redis://127.0.0.1:6379}.
     *
     * @return the description
     */
    public String redis() {
        return bus.description();
    }

    /**
     * Closes the Redis connections, and the Redis client when the factory created it. Close the
     * server first.
     */
    @Override
    public void close() {
        if (streams != null) {
            streams.close(); // the readers, then the bus
        } else {
            bus.close();
        }
    }
}
