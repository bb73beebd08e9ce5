package dev.sockeye.redis.internal;

import io.lettuce.core.AbstractRedisClient;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.api.StatefulConnection;
import io.lettuce.core.api.async.BaseRedisAsyncCommands;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.codec.RedisCodec;
import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

/**
 * The topology layer: one node's connections to Redis, whatever Redis is (one server, the
 * master a Sentinel names, or a Redis Cluster), and the few commands whose routing depends on
 * the topology. Adapters build on it: the pub/sub adapters through {@link RedisBus}, a streams
 * adapter through {@link #commands()} (whose commands Lettuce routes by key in a cluster).
 *
 * <p>Keys are strings, values bytes. Lettuce reconnects every connection by itself; after a
 * failover the implementations point the connections at the new master.
 */
public abstract sealed class RedisConnections implements AutoCloseable
        permits SingleMasterConnections, ClusterConnections {

    /** The codec of every connection: string keys and channels, byte-array values. */
    public static final RedisCodec<String, byte[]> CODEC = RedisCodec.of(StringCodec.UTF8, ByteArrayCodec.INSTANCE);

    private final AbstractRedisClient client;
    private final boolean ownsClient;
    private final String description;
    private final StatefulConnection<String, byte[]> commandConnection;
    private final RedisClusterAsyncCommands<String, byte[]> commands;
    private final StatefulRedisPubSubConnection<String, byte[]> subscriber;

    /**
     * Takes the command connection and opens the subscriber; closes the command connection when
     * the subscriber cannot be opened.
     *
     * @param client            the client
     * @param ownsClient        whether {@link #close()} shuts the client down
     * @param description       where Redis is, for messages
     * @param commandConnection the command connection, open
     * @param commands          its asynchronous commands
     * @param openSubscriber    opens the subscriber connection
     */
    RedisConnections(
            AbstractRedisClient client,
            boolean ownsClient,
            String description,
            StatefulConnection<String, byte[]> commandConnection,
            RedisClusterAsyncCommands<String, byte[]> commands,
            Supplier<? extends StatefulRedisPubSubConnection<String, byte[]>> openSubscriber) {
        this.client = client;
        this.ownsClient = ownsClient;
        this.description = description;
        this.commandConnection = commandConnection;
        this.commands = commands;
        try {
            this.subscriber = openSubscriber.get();
        } catch (RuntimeException e) {
            commandConnection.close();
            throw e;
        }
    }

    /**
     * Where Redis is, e.g. {@code redis://127.0.0.1:6379}.
     *
     * @return the description
     */
    public String description() {
        return description;
    }

    /**
     * The shared command connection (publications, and any keyed command).
     *
     * @return its asynchronous commands
     */
    public RedisClusterAsyncCommands<String, byte[]> commands() {
        return commands;
    }

    /**
     * The shared subscriber connection: {@code SUBSCRIBE} and {@code PSUBSCRIBE} go through it
     * as they are, its listeners receive every message, shard messages included.
     *
     * @return the connection
     */
    public StatefulRedisPubSubConnection<String, byte[]> subscriber() {
        return subscriber;
    }

    /**
     * {@code SSUBSCRIBE}s to shard channels, on the node that owns each one's slot, and keeps
     * them subscribed there when the slot moves.
     *
     * @param names the channels
     * @return completes when Redis confirmed
     */
    public abstract CompletableFuture<Void> ssubscribe(String... names);

    /**
     * {@code SUNSUBSCRIBE}s from shard channels.
     *
     * @param names the channels
     * @return completes when sent
     */
    public abstract CompletableFuture<Void> sunsubscribe(String... names);

    /**
     * How many connections subscribed to a channel ({@code PUBSUB NUMSUB}), over the whole
     * topology.
     *
     * @param channel the channel
     * @param timeout how long to wait for Redis
     * @return the count
     */
    public final CompletableFuture<Integer> numsub(String channel, Duration timeout) {
        return subscribers(channel, false, timeout);
    }

    /**
     * How many connections subscribed to a shard channel ({@code PUBSUB SHARDNUMSUB}), over the
     * whole topology.
     *
     * @param channel the channel
     * @param timeout how long to wait for Redis
     * @return the count
     */
    public final CompletableFuture<Integer> shardNumsub(String channel, Duration timeout) {
        return subscribers(channel, true, timeout);
    }

    /**
     * How many connections subscribed to a channel or shard channel, over the whole topology.
     *
     * @param channel the channel
     * @param shard   whether it is a shard channel
     * @param timeout how long to wait for Redis
     * @return the count
     */
    abstract CompletableFuture<Integer> subscribers(String channel, boolean shard, Duration timeout);

    /**
     * Opens another command connection of this topology, for a command that blocks
     * ({@code XREAD BLOCK}) and must not hold up the shared one. In a cluster, Lettuce routes its
     * commands by key as on the shared connection. The caller closes it.
     *
     * @return the connection
     * @throws io.lettuce.core.RedisConnectionException when Redis cannot be reached
     */
    public abstract Dedicated openDedicated();

    /**
     * A command connection of its own.
     *
     * @param connection the connection, to close
     * @param commands   its asynchronous commands
     */
    public record Dedicated(
            StatefulConnection<String, byte[]> connection, RedisClusterAsyncCommands<String, byte[]> commands)
            implements AutoCloseable {

        /** Closes the connection. */
        @Override
        public void close() {
            connection.close();
        }
    }

    /** Closes the connections, and the client when these connections own it. */
    @Override
    public void close() {
        try {
            subscriber.close();
            commandConnection.close();
        } finally {
            if (ownsClient) {
                client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
            }
        }
    }

    /**
     * How many connections one server counts subscribed to a channel: {@code PUBSUB NUMSUB}, or
     * {@code PUBSUB SHARDNUMSUB} for a shard channel.
     */
    static CompletableFuture<Integer> subscribersOf(
            BaseRedisAsyncCommands<String, byte[]> server, String channel, boolean shard) {
        RedisFuture<Map<String, Long>> counts =
                shard ? server.pubsubShardNumsub(channel) : server.pubsubNumsub(channel);
        return counts.toCompletableFuture().thenApply(reply -> count(reply.get(channel)));
    }

    /** A count from a {@code PUBSUB} reply, 0 when absent. */
    private static int count(Long value) {
        return value == null ? 0 : (int) Math.min(Integer.MAX_VALUE, value);
    }
}
