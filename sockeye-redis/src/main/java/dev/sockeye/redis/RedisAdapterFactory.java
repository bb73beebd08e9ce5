package dev.sockeye.redis;

import dev.sockeye.core.adapter.Adapter;
import dev.sockeye.core.adapter.AdapterFactory;
import dev.sockeye.core.adapter.NamespaceHost;
import dev.sockeye.redis.internal.ClassicRedisAdapter;
import dev.sockeye.redis.internal.RedisBus;
import dev.sockeye.redis.internal.RedisStreamsAdapter;
import dev.sockeye.redis.internal.RedisStreamsBus;
import dev.sockeye.redis.internal.ShardedRedisAdapter;
import java.util.function.Function;

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

    /** Which protocol the adapters speak. */
    private enum Protocol {
        CLASSIC,
        SHARDED,
        STREAMS
    }

    private final Protocol protocol;
    private final RedisBus bus;
    private final Function<NamespaceHost, Adapter> adapters;
    private final Runnable closer;

    private RedisAdapterFactory(
            Protocol protocol, RedisBus bus, Function<NamespaceHost, Adapter> adapters, Runnable closer) {
        this.protocol = protocol;
        this.bus = bus;
        this.adapters = adapters;
        this.closer = closer;
    }

    RedisAdapterFactory(RedisBus bus, RedisAdapterOptions options) {
        this(Protocol.CLASSIC, bus, host -> new ClassicRedisAdapter(host, options, bus), bus::close);
    }

    RedisAdapterFactory(RedisBus bus, ShardedRedisAdapterOptions options) {
        this(Protocol.SHARDED, bus, host -> new ShardedRedisAdapter(host, options, bus), bus::close);
    }

    RedisAdapterFactory(RedisStreamsBus streams) {
        // closing the streams bus stops the readers, then closes its pub/sub bus
        this(Protocol.STREAMS, streams.pubSub(), host -> new RedisStreamsAdapter(host, streams), streams::close);
    }

    /**
     * Creates the adapter of a namespace; the server calls it.
     *
     * @param host the namespace
     * @return a new adapter, subscribed by {@link Adapter#init()}
     */
    @Override
    public Adapter create(NamespaceHost host) {
        bus.handleTogetherWith(host::deliver);
        return adapters.apply(host);
    }

    /**
     * Whether this factory creates sharded adapters.
     *
     * @return true for {@code createShardedAdapter}, false for the classic adapter
     */
    public boolean isSharded() {
        return protocol == Protocol.SHARDED;
    }

    /**
     * Whether this factory creates Redis Streams adapters.
     *
     * @return true for {@code createStreamsAdapter}
     */
    public boolean isStreams() {
        return protocol == Protocol.STREAMS;
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
        closer.run();
    }
}
