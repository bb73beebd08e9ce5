package dev.sockeye.redis.internal;

import dev.sockeye.redis.RedisAdapterFactory;
import dev.sockeye.redis.RedisAdapterOptions;
import dev.sockeye.redis.RedisAdapters;
import dev.sockeye.redis.RedisStreamsAdapterOptions;
import dev.sockeye.redis.ShardedRedisAdapterOptions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * Nodes of one cluster on a real Redis, each its own factory (own connections) with a stub
 * namespace. Every cluster gets a fresh key prefix so that parallel runs never meet.
 */
final class RedisCluster implements AutoCloseable {

    /** The Redis the tests share. */
    static final String REDIS = "redis://127.0.0.1:6379";

    enum Protocol {
        CLASSIC,
        SHARDED,
        STREAMS
    }

    final Protocol protocol;
    final String prefix = "sockeye-test-" + UUID.randomUUID().toString().substring(0, 8);
    final String redis;
    final Duration requestsTimeout;
    final List<RedisAdapterFactory> factories = new ArrayList<>();
    final List<StubHost> hosts = new ArrayList<>();
    private RawRedis raw;

    RedisCluster(Protocol protocol, String redis, Duration requestsTimeout) {
        this.protocol = protocol;
        this.redis = redis;
        this.requestsTimeout = requestsTimeout;
    }

    static RedisCluster of(Protocol protocol, int nodes) throws Exception {
        RedisCluster cluster = new RedisCluster(protocol, REDIS, Duration.ofSeconds(2));
        for (int i = 0; i < nodes; i++) {
            cluster.addNode("/");
        }
        return cluster;
    }

    RedisAdapterFactory newFactory() {
        RedisAdapterFactory factory = switch (protocol) {
            case CLASSIC ->
                RedisAdapters.createAdapter(
                        redis,
                        RedisAdapterOptions.builder()
                                .key(prefix)
                                .requestsTimeout(requestsTimeout)
                                .build());
            case SHARDED ->
                RedisAdapters.createShardedAdapter(
                        redis,
                        ShardedRedisAdapterOptions.builder()
                                .channelPrefix(prefix)
                                .requestsTimeout(requestsTimeout)
                                .build());
            case STREAMS -> RedisAdapters.createStreamsAdapter(redis, streamsOptions());
        };
        factories.add(factory);
        return factory;
    }

    /** The streams adapter's options of this cluster: its prefix names the stream, the channels and the sessions. */
    RedisStreamsAdapterOptions streamsOptions() {
        return RedisStreamsAdapterOptions.builder()
                .streamName(prefix)
                .channelPrefix(prefix)
                .sessionKeyPrefix(prefix + ":session:")
                .requestsTimeout(requestsTimeout)
                .build();
    }

    StubHost addNode(String nsp) throws Exception {
        return addNode(newFactory(), nsp);
    }

    StubHost addNode(RedisAdapterFactory factory, String nsp) throws Exception {
        StubHost host = new StubHost(nsp);
        host.adapter = factory.create(host);
        host.adapter.init().get(10, TimeUnit.SECONDS);
        hosts.add(host);
        return host;
    }

    /** A raw Redis connection to this cluster's Redis, closed with the cluster. */
    RawRedis raw() {
        if (raw == null) {
            raw = new RawRedis(redis);
        }
        return raw;
    }

    StubHost node(int i) {
        return hosts.get(i);
    }

    /** Waits until every room channel the nodes asked for is subscribed (sharded dynamic mode). */
    void settle() throws Exception {
        for (StubHost host : hosts) {
            if (host.adapter instanceof ShardedRedisAdapter sharded) {
                sharded.roomSubscriptionsSettled().get(10, TimeUnit.SECONDS);
            }
        }
    }

    @Override
    public void close() {
        for (StubHost host : hosts) {
            try {
                host.adapter.close().get(5, TimeUnit.SECONDS);
            } catch (Exception e) {
                // closing the connections below is what matters
            }
        }
        factories.forEach(RedisAdapterFactory::close);
        if (protocol == Protocol.STREAMS) {
            raw().del(prefix); // the stream
        }
        if (raw != null) {
            raw.close();
        }
    }
}
