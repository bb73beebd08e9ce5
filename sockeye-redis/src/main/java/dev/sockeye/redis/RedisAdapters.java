package dev.sockeye.redis;

import dev.sockeye.redis.internal.RedisBus;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.DefaultClientResources;
import java.util.Locale;
import java.util.Objects;

/**
 * Entry point of the Redis adapters, named after {@code @socket.io/redis-adapter}'s functions:
 * {@link #createAdapter} (classic pub/sub, any Redis) and {@link #createShardedAdapter}
 * (sharded pub/sub, Redis 7 or later). Each call connects to Redis at once and fails with a
 * {@link RedisAdapterException} naming the address when Redis cannot be reached.
 *
 * <pre>{@code
 * RedisAdapterFactory redis = RedisAdapters.createAdapter("redis://127.0.0.1:6379",
 *         RedisAdapterOptions.builder().key("chat").build());
 * }</pre>
 *
 * <p>After a start, lost connections are re-established by Lettuce and subscriptions renewed,
 * so the adapters resume by themselves when Redis comes back. While Redis is away, up to 10,000
 * commands (publications) wait for the reconnection; more fail and are logged at debug level.
 */
public final class RedisAdapters {

    private static final int REQUEST_QUEUE_SIZE = 10_000;
    private static volatile ClientResources sharedResources;

    private RedisAdapters() {
    }

    /**
     * The classic adapter with the default options.
     *
     * @param redisUri e.g. {@code redis://127.0.0.1:6379} (Lettuce URI syntax: password, database, TLS)
     * @return the factory, connected
     * @throws RedisAdapterException when Redis cannot be reached
     */
    public static RedisAdapterFactory createAdapter(String redisUri) {
        return createAdapter(redisUri, RedisAdapterOptions.defaults());
    }

    /**
     * The classic adapter ({@code createAdapter(pubClient, subClient, opts)} in Node).
     *
     * @param redisUri e.g. {@code redis://127.0.0.1:6379}
     * @param options  the options
     * @return the factory, connected
     * @throws RedisAdapterException when Redis cannot be reached
     */
    public static RedisAdapterFactory createAdapter(String redisUri, RedisAdapterOptions options) {
        Objects.requireNonNull(options, "options");
        return new RedisAdapterFactory(connect(redisUri), options, null);
    }

    /**
     * The classic adapter on a Redis client the caller owns (and shuts down after closing the
     * factory).
     *
     * @param client  the client, configured with its URI
     * @param options the options
     * @return the factory, connected
     * @throws RedisAdapterException when Redis cannot be reached
     */
    public static RedisAdapterFactory createAdapter(RedisClient client, RedisAdapterOptions options) {
        Objects.requireNonNull(options, "options");
        return new RedisAdapterFactory(connect(client, false, "the Redis client's server"), options, null);
    }

    /**
     * The sharded adapter with the default options.
     *
     * @param redisUri e.g. {@code redis://127.0.0.1:6379}
     * @return the factory, connected
     * @throws RedisAdapterException when Redis cannot be reached
     */
    public static RedisAdapterFactory createShardedAdapter(String redisUri) {
        return createShardedAdapter(redisUri, ShardedRedisAdapterOptions.defaults());
    }

    /**
     * The sharded adapter ({@code createShardedAdapter(pubClient, subClient, opts)} in Node).
     *
     * @param redisUri e.g. {@code redis://127.0.0.1:6379}
     * @param options  the options
     * @return the factory, connected
     * @throws RedisAdapterException when Redis cannot be reached
     */
    public static RedisAdapterFactory createShardedAdapter(String redisUri, ShardedRedisAdapterOptions options) {
        Objects.requireNonNull(options, "options");
        return new RedisAdapterFactory(connect(redisUri), null, options);
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
        return new RedisAdapterFactory(connect(client, false, "the Redis client's server"), null, options);
    }

    /**
     * An adapter from a URL, as the benchmark server's {@code --adapter} flag takes it:
     * {@code redis://H:P} (classic) or {@code redis-sharded://H:P} (sharded), with the default
     * options; {@code rediss://} and {@code rediss-sharded://} use TLS.
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
        String rest = colon < 0 ? url : url.substring(colon);
        return switch (scheme) {
            case "redis", "rediss" -> createAdapter(url);
            case "redis-sharded" -> createShardedAdapter("redis" + rest);
            case "rediss-sharded" -> createShardedAdapter("rediss" + rest);
            default -> throw new IllegalArgumentException(
                    "not a Redis adapter URL (redis://H:P or redis-sharded://H:P): " + url);
        };
    }

    private static RedisBus connect(String redisUri) {
        Objects.requireNonNull(redisUri, "redisUri");
        RedisURI uri;
        try {
            uri = RedisURI.create(redisUri);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("not a Redis URI: " + redisUri, e);
        }
        RedisClient client = RedisClient.create(resources(), uri);
        client.setOptions(ClientOptions.builder()
                .autoReconnect(true)
                .requestQueueSize(REQUEST_QUEUE_SIZE)
                .build());
        return connect(client, true, "redis://" + uri.getHost() + ":" + uri.getPort());
    }

    private static RedisBus connect(RedisClient client, boolean ownsClient, String description) {
        Objects.requireNonNull(client, "client");
        try {
            return new RedisBus(client, ownsClient, description);
        } catch (RuntimeException e) {
            if (ownsClient) {
                client.shutdown();
            }
            Throwable root = e;
            while (root.getCause() != null && root.getCause() != root) {
                root = root.getCause();
            }
            throw new RedisAdapterException("cannot connect to Redis at " + description + ": "
                    + (root.getMessage() != null ? root.getMessage() : root.toString()), e);
        }
    }

    /** One set of Lettuce threads for every client this class creates, as Lettuce advises. */
    private static ClientResources resources() {
        ClientResources r = sharedResources;
        if (r == null) {
            synchronized (RedisAdapters.class) {
                r = sharedResources;
                if (r == null) {
                    r = DefaultClientResources.builder().ioThreadPoolSize(2).computationThreadPoolSize(2).build();
                    sharedResources = r;
                }
            }
        }
        return r;
    }
}
