package dev.sockeye.redis.internal;

import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Connections to one master: a standalone Redis, or the master a Sentinel names
 * ({@code redis-sentinel://} URI). With Sentinel, Lettuce asks the sentinels for the master's
 * address on every (re)connection, so after a failover the reconnected connections reach the
 * promoted replica.
 */
public final class SingleMasterConnections extends RedisConnections {

    /**
     * Opens a command and a subscriber connection.
     *
     * @param client      the client, configured with its URI
     * @param ownsClient  whether {@link #close()} shuts the client down
     * @param description where Redis is, for messages
     * @throws io.lettuce.core.RedisConnectionException when Redis cannot be reached
     */
    public SingleMasterConnections(RedisClient client, boolean ownsClient, String description) {
        this(client, ownsClient, description, client.connect(CODEC));
    }

    private final RedisClient client;

    private SingleMasterConnections(
            RedisClient client,
            boolean ownsClient,
            String description,
            StatefulRedisConnection<String, byte[]> commands) {
        super(client, ownsClient, description, commands, commands.async(), () -> client.connectPubSub(CODEC));
        this.client = client;
    }

    @Override
    public Dedicated openDedicated() {
        StatefulRedisConnection<String, byte[]> connection = client.connect(CODEC);
        return new Dedicated(connection, connection.async());
    }

    @Override
    public CompletableFuture<Void> ssubscribe(String... names) {
        return subscriber().async().ssubscribe(names).toCompletableFuture();
    }

    @Override
    public CompletableFuture<Void> sunsubscribe(String... names) {
        return subscriber().async().sunsubscribe(names).toCompletableFuture();
    }

    @Override
    CompletableFuture<Integer> subscribers(String channel, boolean shard, Duration timeout) {
        return subscribersOf(commands(), channel, shard).orTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }
}
