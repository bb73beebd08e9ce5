package dev.sockeye.redis;

import dev.sockeye.redis.internal.ClusterConnections;
import dev.sockeye.redis.internal.RedisConnections;
import dev.sockeye.redis.internal.SingleMasterConnections;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.cluster.ClusterClientOptions;
import io.lettuce.core.cluster.ClusterTopologyRefreshOptions;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.RedisClusterURIUtil;
import io.lettuce.core.resource.ClientResources;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * Where Redis is: one server, a master watched by Sentinel, or a Redis Cluster. Immutable; give
 * it to {@link RedisAdapters#createAdapter(RedisTopology, RedisAdapterOptions)} or
 * {@link RedisAdapters#createShardedAdapter(RedisTopology, ShardedRedisAdapterOptions)}.
 *
 * <pre>{@code
 * RedisTopology.fromUri("redis://127.0.0.1:6379");                               // one server
 * RedisTopology.fromUri("redis-sentinel://10.0.0.1:26379,10.0.0.2:26379#mymaster"); // Sentinel (Lettuce's syntax)
 * RedisTopology.fromUri("redis-cluster://10.0.0.1:7000,10.0.0.2:7000");           // Redis Cluster seed nodes
 * RedisTopology.cluster("10.0.0.1:7000", "10.0.0.2:7000");
 * }</pre>
 *
 * <p>After a failover the adapters reach the new master by themselves: with Sentinel, Lettuce
 * asks the sentinels for the master on every reconnection; in a cluster, Lettuce refreshes its
 * view of the slots when connections fail or a command is redirected (at most once a second)
 * and periodically ({@link #withTopologyRefreshPeriod}), and the sharded adapter subscribes each
 * moved shard channel again on its slot's new master (also when Redis unsubscribes it because its
 * slot moved away in a resharding). What is lost meanwhile is described in the
 * module's README ("Redis Cluster and Sentinel").
 */
public final class RedisTopology {

    private static final int REQUEST_QUEUE_SIZE = 10_000;
    private static final Duration DEFAULT_REFRESH_PERIOD = Duration.ofSeconds(30);
    private static final Duration ADAPTIVE_REFRESH_LIMIT = Duration.ofSeconds(1);

    private enum Kind {
        STANDALONE,
        SENTINEL,
        CLUSTER
    }

    private final Kind kind;
    private final List<RedisURI> uris;
    private final Duration topologyRefreshPeriod;

    private RedisTopology(Kind kind, List<RedisURI> uris, Duration topologyRefreshPeriod) {
        this.kind = kind;
        this.uris = List.copyOf(uris);
        this.topologyRefreshPeriod = topologyRefreshPeriod;
    }

    /**
     * One Redis server (or a managed endpoint that hides its failovers behind one address).
     *
     * @param uri {@code redis://[[user:]password@]host[:port][/database]} or {@code rediss://} (TLS)
     * @return the topology
     * @throws IllegalArgumentException when the URI cannot be parsed or names no host
     */
    public static RedisTopology standalone(String uri) {
        RedisURI parsed = parse(uri);
        if (!parsed.getSentinels().isEmpty()) {
            throw new IllegalArgumentException("a Sentinel URI, use RedisTopology.sentinel: " + uri);
        }
        return new RedisTopology(Kind.STANDALONE, List.of(parsed), DEFAULT_REFRESH_PERIOD);
    }

    /**
     * The master a group of sentinels names, in Lettuce's URI syntax.
     *
     * @param uri {@code redis-sentinel://[password@]host1[:port1][,host2[:port2]…][/database]#masterName}
     *            ({@code ?sentinelMasterId=masterName} works as well; {@code rediss-sentinel://} for TLS)
     * @return the topology
     * @throws IllegalArgumentException when the URI is not a Sentinel URI with a master name
     */
    public static RedisTopology sentinel(String uri) {
        String problem = "not a Sentinel URI (redis-sentinel://host:port[,host:port…]#masterName): " + uri;
        RedisURI parsed;
        try {
            parsed = parse(uri);
        } catch (IllegalArgumentException e) {
            // Lettuce refuses a Sentinel URI without master name itself
            throw new IllegalArgumentException(problem, e);
        }
        if (parsed.getSentinels().isEmpty() || parsed.getSentinelMasterId() == null) {
            throw new IllegalArgumentException(problem);
        }
        return new RedisTopology(Kind.SENTINEL, List.of(parsed), DEFAULT_REFRESH_PERIOD);
    }

    /**
     * The master named {@code masterName} by the sentinels at the given addresses, without
     * password nor TLS.
     *
     * @param masterName the name the sentinels monitor it under ({@code sentinel monitor <name> …})
     * @param sentinels  {@code host:port} of one sentinel or more
     * @return the topology
     */
    public static RedisTopology sentinel(String masterName, String... sentinels) {
        Objects.requireNonNull(masterName, "masterName");
        if (sentinels.length == 0) {
            throw new IllegalArgumentException("at least one sentinel address is needed");
        }
        return sentinel("redis-sentinel://" + String.join(",", sentinels) + "#" + masterName);
    }

    /**
     * A Redis Cluster, found through one seed node or more (Lettuce discovers the others).
     *
     * @param seeds {@code host:port}, or a URI {@code redis://[password@]host:port} or
     *              {@code rediss://…} for each seed node
     * @return the topology
     */
    public static RedisTopology cluster(String... seeds) {
        if (seeds.length == 0) {
            throw new IllegalArgumentException("at least one cluster node address is needed");
        }
        List<RedisURI> uris = new ArrayList<>();
        for (String seed : seeds) {
            Objects.requireNonNull(seed, "seed");
            uris.add(parse(seed.contains("://") ? seed : "redis://" + seed));
        }
        return new RedisTopology(Kind.CLUSTER, uris, DEFAULT_REFRESH_PERIOD);
    }

    /**
     * A topology from a URI, by its scheme: {@code redis://} and {@code rediss://} (one server,
     * see {@link #standalone}; Lettuce's other one-server schemes too, {@code redis-socket://} for a
     * Unix socket), {@code redis-sentinel://} and {@code rediss-sentinel://} (see
     * {@link #sentinel(String)}), {@code redis-cluster://h1:p1,h2:p2} and {@code rediss-cluster://}
     * (seed nodes of a Redis Cluster, one password for all: {@code redis-cluster://:pw@h1:p1,h2:p2}).
     *
     * @param uri the URI
     * @return the topology
     * @throws IllegalArgumentException for another scheme, or a URI that cannot be parsed
     */
    public static RedisTopology fromUri(String uri) {
        Objects.requireNonNull(uri, "uri");
        int colon = uri.indexOf("://");
        String scheme = colon < 0 ? "" : uri.substring(0, colon).toLowerCase(Locale.ROOT);
        return switch (scheme) {
            case "redis", "rediss", "redis+ssl", "redis+tls", "redis-socket", "redis+socket" -> standalone(uri);
            case "redis-sentinel", "rediss-sentinel" -> sentinel(uri);
            case "redis-cluster", "rediss-cluster" ->
                clusterFromUri(scheme.replace("-cluster", "") + uri.substring(colon), uri);
            default ->
                throw new IllegalArgumentException("not a Redis URI (redis://, rediss://, redis-sentinel://, "
                        + "rediss-sentinel://, redis-cluster:// or rediss-cluster://): " + uri);
        };
    }

    private static RedisTopology clusterFromUri(String seeds, String original) {
        List<RedisURI> uris;
        try {
            uris = RedisClusterURIUtil.toRedisURIs(URI.create(seeds));
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("not a Redis Cluster URI: " + original, e);
        }
        if (uris.isEmpty()
                || uris.stream()
                        .anyMatch(u -> u.getHost() == null || u.getHost().isEmpty())) {
            throw new IllegalArgumentException("not a Redis Cluster URI: " + original);
        }
        return new RedisTopology(Kind.CLUSTER, uris, DEFAULT_REFRESH_PERIOD);
    }

    private static RedisURI parse(String uri) {
        Objects.requireNonNull(uri, "uri");
        try {
            return RedisURI.create(uri);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("not a Redis URI: " + uri, e);
        }
    }

    /**
     * This topology with another period for the cluster's periodic topology refresh (the
     * {@code CLUSTER NODES} of every node that tells which master serves which slot). Failed
     * connections and redirections refresh it at once (at most once a second), and so does a
     * shard channel that Redis unsubscribed because its slot moved; the period is the safety net
     * for changes that show no error at all.
     * Ignored for a server or Sentinel. Defaults to 30 seconds.
     *
     * @param period a positive duration
     * @return the new topology
     */
    public RedisTopology withTopologyRefreshPeriod(Duration period) {
        Objects.requireNonNull(period, "period");
        if (period.isZero() || period.isNegative()) {
            throw new IllegalArgumentException("period must be positive: " + period);
        }
        return new RedisTopology(kind, uris, period);
    }

    /**
     * Whether this is a Redis Cluster.
     *
     * @return true for a cluster
     */
    public boolean isCluster() {
        return kind == Kind.CLUSTER;
    }

    /**
     * Whether the master is found through Sentinel.
     *
     * @return true for Sentinel
     */
    public boolean isSentinel() {
        return kind == Kind.SENTINEL;
    }

    /**
     * Where Redis is, without credentials: {@code redis://h:p},
     * {@code redis-sentinel://h1:p1,h2:p2#master} or {@code redis-cluster://h1:p1,h2:p2}.
     *
     * @return the description
     */
    public String description() {
        return switch (kind) {
            case STANDALONE ->
                uris.get(0).getSocket() != null
                        ? "redis-socket://" + uris.get(0).getSocket()
                        : "redis://" + uris.get(0).getHost() + ":" + uris.get(0).getPort();
            case SENTINEL ->
                "redis-sentinel://"
                        + uris.get(0).getSentinels().stream()
                                .map(s -> s.getHost() + ":" + s.getPort())
                                .collect(Collectors.joining(","))
                        + "#" + uris.get(0).getSentinelMasterId();
            case CLUSTER ->
                "redis-cluster://"
                        + uris.stream()
                                .map(u -> u.getHost() + ":" + u.getPort())
                                .collect(Collectors.joining(","));
        };
    }

    /**
     * The description.
     *
     * @return {@link #description()}
     */
    @Override
    public String toString() {
        return description();
    }

    /** Creates a client of this topology on the given resources and opens its connections. */
    RedisConnections connect(ClientResources resources) {
        if (kind == Kind.CLUSTER) {
            RedisClusterClient client = RedisClusterClient.create(resources, uris);
            client.setOptions(ClusterClientOptions.builder()
                    .autoReconnect(true)
                    .requestQueueSize(REQUEST_QUEUE_SIZE)
                    .topologyRefreshOptions(ClusterTopologyRefreshOptions.builder()
                            .enablePeriodicRefresh(topologyRefreshPeriod)
                            // every adaptive trigger is on by default (Lettuce 7); rate-limited to one refresh a second
                            .adaptiveRefreshTriggersTimeout(ADAPTIVE_REFRESH_LIMIT)
                            .build())
                    .build());
            return RedisAdapters.open(
                    () -> new ClusterConnections(client, true, description()), client::shutdown, description());
        }
        RedisClient client = RedisClient.create(resources, uris.get(0));
        client.setOptions(ClientOptions.builder()
                .autoReconnect(true)
                .requestQueueSize(REQUEST_QUEUE_SIZE)
                .build());
        return RedisAdapters.open(
                () -> new SingleMasterConnections(client, true, description()), client::shutdown, description());
    }
}
