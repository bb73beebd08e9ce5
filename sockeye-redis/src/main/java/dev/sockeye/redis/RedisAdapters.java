package dev.sockeye.redis;

import dev.sockeye.core.adapter.Adapter;
import dev.sockeye.redis.internal.ClusterConnections;
import dev.sockeye.redis.internal.RedisBus;
import dev.sockeye.redis.internal.RedisConnections;
import dev.sockeye.redis.internal.RedisStreamsBus;
import dev.sockeye.redis.internal.ShardedRedisAdapter;
import dev.sockeye.redis.internal.SingleMasterConnections;
import io.lettuce.core.RedisClient;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.DefaultClientResources;
import io.lettuce.core.resource.Delay;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Entry point of the Redis adapters, named after {@code @socket.io/redis-adapter}'s functions:
 * {@link #createAdapter} (classic pub/sub, any Redis) and {@link #createShardedAdapter}
 * (sharded pub/sub, Redis 7 or later); and {@link #createStreamsAdapter}, the adapter of
 * {@code @socket.io/redis-streams-adapter} (Redis Streams, Redis 6.2 or later), the one that keeps
 * sessions for connection state recovery. Each works on one Redis server, on a master found through
 * Sentinel and on a Redis Cluster ({@link RedisTopology}). Each call connects to Redis at once
 * and fails with a {@link RedisAdapterException} naming the address when Redis cannot be reached.
 *
 * <pre>{@code
 * RedisAdapterFactory redis = RedisAdapters.createAdapter("redis://127.0.0.1:6379",
 *         RedisAdapterOptions.builder().key("chat").build());
 * RedisAdapterFactory sharded = RedisAdapters.createShardedAdapter(
 *         RedisTopology.cluster("10.0.0.1:7000", "10.0.0.2:7000"), ShardedRedisAdapterOptions.defaults());
 * }</pre>
 *
 * <p>After a start, lost connections are re-established by Lettuce (retried every 250 ms at the
 * most) and subscriptions renewed, so the adapters resume by themselves when Redis comes back
 * or a replica takes over. While Redis is away, up to 10,000 commands (publications) wait for
 * the reconnection; more fail and are logged at debug level.
 */
public final class RedisAdapters {

    private static volatile ClientResources sharedResources;
    /** The longest wait between two reconnection attempts. */
    static final Duration RECONNECT_DELAY_MAX = Duration.ofMillis(250);

    private RedisAdapters() {}

    /**
     * The classic adapter with the default options.
     *
     * @param redisUri e.g. {@code redis://127.0.0.1:6379}, or any URI {@link RedisTopology#fromUri} takes
     *                 (Sentinel, cluster)
     * @return the factory, connected
     * @throws RedisAdapterException when Redis cannot be reached
     */
    public static RedisAdapterFactory createAdapter(String redisUri) {
        return createAdapter(redisUri, RedisAdapterOptions.defaults());
    }

    /**
     * The classic adapter ({@code createAdapter(pubClient, subClient, opts)} in Node).
     *
     * @param redisUri e.g. {@code redis://127.0.0.1:6379}, or any URI {@link RedisTopology#fromUri} takes
     * @param options  the options
     * @return the factory, connected
     * @throws RedisAdapterException when Redis cannot be reached
     */
    public static RedisAdapterFactory createAdapter(String redisUri, RedisAdapterOptions options) {
        return createAdapter(RedisTopology.fromUri(redisUri), options);
    }

    /**
     * The classic adapter on a Redis server, Sentinel or Redis Cluster. On a cluster it publishes
     * with {@code PUBLISH}, which the cluster forwards to every node, as Node's adapter does on an
     * ioredis or node-redis cluster client.
     *
     * @param topology where Redis is
     * @param options  the options
     * @return the factory, connected
     * @throws RedisAdapterException when Redis cannot be reached
     */
    public static RedisAdapterFactory createAdapter(RedisTopology topology, RedisAdapterOptions options) {
        Objects.requireNonNull(topology, "topology");
        Objects.requireNonNull(options, "options");
        return new RedisAdapterFactory(new RedisBus(topology.connect(resources())), options);
    }

    /**
     * The classic adapter on a Redis client the caller owns (and shuts down after closing the
     * factory).
     *
     * @param client  the client, configured with its URI (a {@code redis-sentinel://} URI works)
     * @param options the options
     * @return the factory, connected
     * @throws RedisAdapterException when Redis cannot be reached
     */
    public static RedisAdapterFactory createAdapter(RedisClient client, RedisAdapterOptions options) {
        Objects.requireNonNull(options, "options");
        return new RedisAdapterFactory(new RedisBus(open(client)), options);
    }

    /**
     * The classic adapter on a Redis Cluster client the caller owns (and shuts down after closing
     * the factory). Configure its topology refresh: the adapter follows the slots the client knows.
     *
     * @param client  the cluster client, configured with its seed nodes
     * @param options the options
     * @return the factory, connected
     * @throws RedisAdapterException when no node can be reached
     */
    public static RedisAdapterFactory createAdapter(RedisClusterClient client, RedisAdapterOptions options) {
        Objects.requireNonNull(options, "options");
        return new RedisAdapterFactory(new RedisBus(open(client)), options);
    }

    /**
     * The sharded adapter with the default options.
     *
     * @param redisUri e.g. {@code redis://127.0.0.1:6379}, or any URI {@link RedisTopology#fromUri} takes
     * @return the factory, connected
     * @throws RedisAdapterException when Redis cannot be reached
     */
    public static RedisAdapterFactory createShardedAdapter(String redisUri) {
        return createShardedAdapter(redisUri, ShardedRedisAdapterOptions.defaults());
    }

    /**
     * The sharded adapter ({@code createShardedAdapter(pubClient, subClient, opts)} in Node).
     *
     * @param redisUri e.g. {@code redis://127.0.0.1:6379}, or any URI {@link RedisTopology#fromUri} takes
     * @param options  the options
     * @return the factory, connected
     * @throws RedisAdapterException when Redis cannot be reached
     */
    public static RedisAdapterFactory createShardedAdapter(String redisUri, ShardedRedisAdapterOptions options) {
        return createShardedAdapter(RedisTopology.fromUri(redisUri), options);
    }

    /**
     * The sharded adapter on a Redis server, Sentinel or Redis Cluster. On a cluster each channel
     * lives on the master of its slot ({@code SSUBSCRIBE}/{@code SPUBLISH} there), and follows
     * its slot to a new master after a failover.
     *
     * @param topology where Redis is
     * @param options  the options
     * @return the factory, connected
     * @throws RedisAdapterException when Redis cannot be reached
     */
    public static RedisAdapterFactory createShardedAdapter(RedisTopology topology, ShardedRedisAdapterOptions options) {
        Objects.requireNonNull(topology, "topology");
        Objects.requireNonNull(options, "options");
        return new RedisAdapterFactory(new RedisBus(topology.connect(resources())), options);
    }

    /**
     * The sharded adapter on a Redis client the caller owns.
     *
     * @param client  the client, configured with its URI
     * @param options the options
     * @return the factory, connected
     * @throws RedisAdapterException when Redis cannot be reached
     */
    public static RedisAdapterFactory createShardedAdapter(RedisClient client, ShardedRedisAdapterOptions options) {
        Objects.requireNonNull(options, "options");
        return new RedisAdapterFactory(new RedisBus(open(client)), options);
    }

    /**
     * The sharded adapter on a Redis Cluster client the caller owns.
     *
     * @param client  the cluster client, configured with its seed nodes
     * @param options the options
     * @return the factory, connected
     * @throws RedisAdapterException when no node can be reached
     */
    public static RedisAdapterFactory createShardedAdapter(
            RedisClusterClient client, ShardedRedisAdapterOptions options) {
        Objects.requireNonNull(options, "options");
        return new RedisAdapterFactory(new RedisBus(open(client)), options);
    }

    /**
     * The Redis Streams adapter with the default options.
     *
     * @param redisUri e.g. {@code redis://127.0.0.1:6379}, or any URI {@link RedisTopology#fromUri} takes
     * @return the factory, connected and reading the stream
     * @throws RedisAdapterException when Redis cannot be reached
     */
    public static RedisAdapterFactory createStreamsAdapter(String redisUri) {
        return createStreamsAdapter(redisUri, RedisStreamsAdapterOptions.defaults());
    }

    /**
     * The Redis Streams adapter ({@code createAdapter(redisClient, opts)} of
     * {@code @socket.io/redis-streams-adapter} 0.3.1 in Node).
     *
     * @param redisUri e.g. {@code redis://127.0.0.1:6379}, or any URI {@link RedisTopology#fromUri} takes
     * @param options  the options
     * @return the factory, connected and reading the stream
     * @throws RedisAdapterException when Redis cannot be reached
     */
    public static RedisAdapterFactory createStreamsAdapter(String redisUri, RedisStreamsAdapterOptions options) {
        return createStreamsAdapter(RedisTopology.fromUri(redisUri), options);
    }

    /**
     * The Redis Streams adapter on a Redis server, Sentinel or Redis Cluster. On a cluster the
     * stream is one key, so it lives on the master of its slot (several streams,
     * {@link RedisStreamsAdapterOptions.Builder#streamCount}, spread over the masters), and so
     * does each session; the pub/sub messages go as in the classic adapter, or the sharded one
     * with {@link RedisStreamsAdapterOptions.Builder#useShardedPubSub}.
     *
     * @param topology where Redis is
     * @param options  the options
     * @return the factory, connected and reading the stream
     * @throws RedisAdapterException when Redis cannot be reached
     */
    public static RedisAdapterFactory createStreamsAdapter(RedisTopology topology, RedisStreamsAdapterOptions options) {
        Objects.requireNonNull(topology, "topology");
        Objects.requireNonNull(options, "options");
        return streams(topology.connect(resources()), options, topology.description());
    }

    /**
     * The Redis Streams adapter on a Redis client the caller owns (and shuts down after closing
     * the factory).
     *
     * @param client  the client, configured with its URI (a {@code redis-sentinel://} URI works)
     * @param options the options
     * @return the factory, connected and reading the stream
     * @throws RedisAdapterException when Redis cannot be reached
     */
    public static RedisAdapterFactory createStreamsAdapter(RedisClient client, RedisStreamsAdapterOptions options) {
        Objects.requireNonNull(options, "options");
        return streams(open(client), options, "the Redis client's server");
    }

    /**
     * The Redis Streams adapter on a Redis Cluster client the caller owns (and shuts down after
     * closing the factory).
     *
     * @param client  the cluster client, configured with its seed nodes
     * @param options the options
     * @return the factory, connected and reading the stream
     * @throws RedisAdapterException when no node can be reached
     */
    public static RedisAdapterFactory createStreamsAdapter(
            RedisClusterClient client, RedisStreamsAdapterOptions options) {
        Objects.requireNonNull(options, "options");
        return streams(open(client), options, "the Redis Cluster client's nodes");
    }

    /** Starts the readers on the connections; closes the connections when a reader cannot connect. */
    private static RedisAdapterFactory streams(
            RedisConnections connections, RedisStreamsAdapterOptions options, String description) {
        RedisBus bus = new RedisBus(connections);
        // the streams bus closes the connections when it fails
        return new RedisAdapterFactory(open(() -> new RedisStreamsBus(bus, options), () -> {}, description));
    }

    /**
     * An adapter from a URL, as the benchmark server's {@code --adapter} flag takes it: a scheme
     * of {@link RedisTopology#fromUri} gives the classic adapter ({@code redis://H:P},
     * {@code redis-sentinel://H:P#master}, {@code redis-cluster://H1:P1,H2:P2}, and their
     * {@code rediss} forms for TLS); the same scheme with {@code -sharded} appended gives the
     * sharded adapter ({@code redis-sharded://H:P}, {@code redis-sentinel-sharded://…},
     * {@code redis-cluster-sharded://…}), with {@code -streams} appended the Redis Streams adapter
     * ({@code redis-streams://H:P}, {@code redis-sentinel-streams://…},
     * {@code redis-cluster-streams://…}). The options are the defaults.
     *
     * @param url the URL
     * @return the factory, connected
     * @throws IllegalArgumentException for another scheme
     * @throws RedisAdapterException    when Redis cannot be reached
     */
    public static RedisAdapterFactory fromUrl(String url) {
        Objects.requireNonNull(url, "url");
        int colon = url.indexOf("://");
        String scheme = colon < 0 ? "" : url.substring(0, colon).toLowerCase(Locale.ROOT);
        String protocol = scheme.endsWith(SHARDED) ? SHARDED : scheme.endsWith(STREAMS) ? STREAMS : "";
        String topologyScheme = scheme.substring(0, scheme.length() - protocol.length());
        if (!SCHEMES.contains(topologyScheme)) {
            throw new IllegalArgumentException("not a Redis adapter URL (redis://H:P, redis-sentinel://H:P#master, "
                    + "redis-cluster://H:P,H:P, each also as rediss and with -sharded or -streams): " + url);
        }
        RedisTopology topology = RedisTopology.fromUri(topologyScheme + url.substring(colon));
        return switch (protocol) {
            case SHARDED -> createShardedAdapter(topology, ShardedRedisAdapterOptions.defaults());
            case STREAMS -> createStreamsAdapter(topology, RedisStreamsAdapterOptions.defaults());
            default -> createAdapter(topology, RedisAdapterOptions.defaults());
        };
    }

    /**
     * Completes when every room subscription that a sharded adapter requested so far is confirmed by
     * Redis (also when some failed); for any other adapter, at once. The sharded adapter subscribes to a
     * room's channel when the room is created, asynchronously (as in Node): a broadcast to a room sent
     * from another server right after a socket of this one joined it may miss that socket unless the
     * sender waits for this.
     *
     * <pre>{@code
     * RedisAdapters.roomSubscriptionsSettled(io.sockets().adapter()).get(10, TimeUnit.SECONDS);
     * }</pre>
     *
     * @param adapter a namespace's adapter ({@code Namespace.adapter()})
     * @return completes when the room subscriptions are active
     */
    public static CompletableFuture<Void> roomSubscriptionsSettled(Adapter adapter) {
        return adapter instanceof ShardedRedisAdapter sharded
                ? sharded.roomSubscriptionsSettled()
                : CompletableFuture.completedFuture(null);
    }

    private static final String SHARDED = "-sharded";
    private static final String STREAMS = "-streams";
    private static final Set<String> SCHEMES =
            Set.of("redis", "rediss", "redis-sentinel", "rediss-sentinel", "redis-cluster", "rediss-cluster");

    private static RedisConnections open(RedisClient client) {
        Objects.requireNonNull(client, "client");
        return open(
                () -> new SingleMasterConnections(client, false, "the Redis client's server"),
                () -> {},
                "the Redis client's server");
    }

    private static RedisConnections open(RedisClusterClient client) {
        Objects.requireNonNull(client, "client");
        return open(
                () -> new ClusterConnections(client, false, "the Redis Cluster client's nodes"),
                () -> {},
                "the Redis Cluster client's nodes");
    }

    /**
     * Opens connections, turning a failure into a {@link RedisAdapterException} that names where
     * Redis was expected and the root cause.
     *
     * @param connect     opens the connections
     * @param onFailure   releases what the connections would have owned (the client)
     * @param description where Redis is
     * @param <T>         what is opened
     * @return the connections
     */
    static <T> T open(Supplier<T> connect, Runnable onFailure, String description) {
        try {
            return connect.get();
        } catch (RuntimeException e) {
            onFailure.run();
            Throwable root = e;
            while (root.getCause() != null && root.getCause() != root) {
                root = root.getCause();
            }
            throw new RedisAdapterException(
                    "cannot connect to Redis at " + description + ": "
                            + (root.getMessage() != null ? root.getMessage() : root.toString()),
                    e);
        }
    }

    /**
     * One set of Lettuce threads for every client this class creates, as Lettuce advises. A lost
     * connection is retried after 1, 2, 4 … ms, then every 250 ms: a subscriber that is not
     * connected misses messages, so waiting longer saves nothing, and the adapters are back within
     * a second of Redis (an attempt against a refused port costs one TCP handshake).
     */
    private static ClientResources resources() {
        ClientResources r = sharedResources;
        if (r == null) {
            synchronized (RedisAdapters.class) {
                r = sharedResources;
                if (r == null) {
                    r = DefaultClientResources.builder()
                            .ioThreadPoolSize(2)
                            .computationThreadPoolSize(2)
                            .reconnectDelay(
                                    Delay.exponential(Duration.ZERO, RECONNECT_DELAY_MAX, 2, TimeUnit.MILLISECONDS))
                            .build();
                    sharedResources = r;
                }
            }
        }
        return r;
    }
}
