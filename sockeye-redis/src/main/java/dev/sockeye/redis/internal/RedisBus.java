package dev.sockeye.redis.internal;

import io.lettuce.core.pubsub.RedisPubSubAdapter;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One node's pub/sub bus, shared by the adapters of all its namespaces, over its
 * {@link RedisConnections} (a command connection that publishes and a subscriber connection:
 * Node's {@code pubClient} / {@code subClient}), whatever the topology. Received messages are dispatched to the handler
 * registered for their channel, pattern or shard channel; a handler that throws is logged at
 * debug level and never stops the subscriber.
 *
 * <p>Lettuce reconnects both connections by itself and subscribes again to every channel,
 * pattern and shard channel after a reconnection; in a Redis Cluster, shard channels follow
 * their slot to its new master. Handlers run on Lettuce's I/O thread, in the
 * order Redis delivered the messages.
 */
public final class RedisBus implements AutoCloseable {

    /** Receives one pub/sub message. */
    @FunctionalInterface
    public interface Handler {

        /**
         * Handles a message.
         *
         * @param channel the channel it was published on
         * @param payload the payload
         */
        void onMessage(String channel, byte[] payload);
    }

    private static final Logger log = LoggerFactory.getLogger(RedisBus.class);

    private final RedisConnections redis;
    private final ConcurrentHashMap<String, Handler> channels = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, Handler> patterns = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, Handler> shardChannels = new ConcurrentHashMap<>();

    /**
     * Listens on the connections' subscriber.
     *
     * @param redis the node's connections, closed with this bus
     */
    public RedisBus(RedisConnections redis) {
        this.redis = redis;
        redis.subscriber().addListener(new RedisPubSubAdapter<>() {
            @Override
            public void message(String channel, byte[] message) {
                deliver(channels.get(channel), channel, message);
            }

            @Override
            public void message(String pattern, String channel, byte[] message) {
                deliver(patterns.get(pattern), channel, message);
            }

            @Override
            public void smessage(String channel, byte[] message) {
                deliver(shardChannels.get(channel), channel, message);
            }
        });
    }

    private void deliver(Handler handler, String channel, byte[] payload) {
        if (handler == null) {
            return;
        }
        try {
            handler.onMessage(channel, payload);
        } catch (RuntimeException e) {
            log.debug("dropped message on Redis channel {}: {}", channel, e.toString());
        }
    }

    /**
     * Where Redis is, e.g. {@code redis://127.0.0.1:6379}.
     *
     * @return the description
     */
    public String description() {
        return redis.description();
    }

    /**
     * The connections under this bus, for commands other than pub/sub (the streams adapter's).
     *
     * @return the connections
     */
    public RedisConnections connections() {
        return redis;
    }

    /**
     * {@code SUBSCRIBE}s to channels, all with the same handler.
     *
     * @param handler  the handler
     * @param names    the channels
     * @return completes when Redis confirmed
     */
    public CompletableFuture<Void> subscribe(Handler handler, String... names) {
        for (String name : names) {
            channels.put(name, handler);
        }
        return redis.subscriber().async().subscribe(names).toCompletableFuture();
    }

    /**
     * {@code UNSUBSCRIBE}s from channels.
     *
     * @param names the channels
     * @return completes when sent
     */
    public CompletableFuture<Void> unsubscribe(String... names) {
        for (String name : names) {
            channels.remove(name);
        }
        return redis.subscriber().async().unsubscribe(names).toCompletableFuture();
    }

    /**
     * {@code PSUBSCRIBE}s to a pattern.
     *
     * @param pattern the glob pattern
     * @param handler the handler
     * @return completes when Redis confirmed
     */
    public CompletableFuture<Void> psubscribe(String pattern, Handler handler) {
        patterns.put(pattern, handler);
        return redis.subscriber().async().psubscribe(pattern).toCompletableFuture();
    }

    /**
     * {@code PUNSUBSCRIBE}s from a pattern.
     *
     * @param pattern the pattern
     * @return completes when sent
     */
    public CompletableFuture<Void> punsubscribe(String pattern) {
        patterns.remove(pattern);
        return redis.subscriber().async().punsubscribe(pattern).toCompletableFuture();
    }

    /**
     * {@code SSUBSCRIBE}s to shard channels (Redis 7).
     *
     * @param handler the handler
     * @param names   the channels
     * @return completes when Redis confirmed
     */
    public CompletableFuture<Void> ssubscribe(Handler handler, String... names) {
        for (String name : names) {
            shardChannels.put(name, handler);
        }
        return redis.ssubscribe(names);
    }

    /**
     * {@code SUNSUBSCRIBE}s from shard channels.
     *
     * @param names the channels
     * @return completes when sent
     */
    public CompletableFuture<Void> sunsubscribe(String... names) {
        for (String name : names) {
            shardChannels.remove(name);
        }
        return redis.sunsubscribe(names);
    }

    /**
     * {@code PUBLISH}es a message.
     *
     * @param channel the channel
     * @param payload the payload
     * @return completes when Redis accepted it
     */
    public CompletableFuture<Void> publish(String channel, byte[] payload) {
        return redis.commands().publish(channel, payload).toCompletableFuture().thenApply(n -> null);
    }

    /**
     * {@code SPUBLISH}es a message (Redis 7).
     *
     * @param channel the shard channel
     * @param payload the payload
     * @return completes when Redis accepted it
     */
    public CompletableFuture<Void> spublish(String channel, byte[] payload) {
        return redis.commands().spublish(channel, payload).toCompletableFuture().thenApply(n -> null);
    }

    /**
     * {@code PUBSUB NUMSUB channel}: how many connections subscribed to it.
     *
     * @param channel the channel
     * @param timeout how long to wait for Redis
     * @return the count
     */
    public CompletableFuture<Integer> numsub(String channel, Duration timeout) {
        return redis.numsub(channel, timeout);
    }

    /**
     * {@code PUBSUB SHARDNUMSUB channel}: how many connections subscribed to the shard channel.
     *
     * @param channel the channel
     * @param timeout how long to wait for Redis
     * @return the count
     */
    public CompletableFuture<Integer> shardNumsub(String channel, Duration timeout) {
        return redis.shardNumsub(channel, timeout);
    }

    /** Closes the connections, and the client when they own it. */
    @Override
    public void close() {
        redis.close();
    }
}
