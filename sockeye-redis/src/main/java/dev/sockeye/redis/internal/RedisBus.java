package dev.sockeye.redis.internal;

import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.netty.channel.SingleThreadEventLoop;
import io.netty.util.internal.ThreadExecutorMap;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Consumer;
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
 * order Redis delivered the messages: the messages of one read of that thread together, after the read, inside
 * {@link #handleTogetherWith one delivery scope}, so that what their fan-outs write reaches each of the server's
 * event loops in one task and each connection in one write, as for a local batch of broadcasts.
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
    /** The messages of the read pass under way on this thread (a Lettuce I/O thread), to handle at its end. */
    private final ThreadLocal<List<Received>> pass = new ThreadLocal<>();
    /** Runs the handling of one pass's messages: a namespace's {@code deliver}; at once until an adapter sets it. */
    private volatile Consumer<Runnable> together = Runnable::run;

    private record Received(Handler handler, String channel, byte[] payload) {}

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
                receive(channels.get(channel), channel, message);
            }

            @Override
            public void message(String pattern, String channel, byte[] message) {
                receive(patterns.get(pattern), channel, message);
            }

            @Override
            public void smessage(String channel, byte[] message) {
                receive(shardChannels.get(channel), channel, message);
            }
        });
    }

    /**
     * Sets what runs the handling of the messages of one read together: a namespace host's {@code deliver}, whose
     * batch takes in the deliveries of every namespace made inside it (the server batches per thread).
     *
     * @param scope runs what it is given at once, on the calling thread
     */
    public void handleTogetherWith(Consumer<Runnable> scope) {
        together = scope;
    }

    /**
     * Runs the handling of several messages inside the delivery scope (see {@link #handleTogetherWith}).
     *
     * @param handling what to run, at once, on this thread
     */
    public void handleTogether(Runnable handling) {
        together.accept(handling);
    }

    /**
     * On a Netty event loop (Lettuce's I/O threads are), keeps the message until the loop has read what it is reading;
     * elsewhere handles it at once.
     */
    private void receive(Handler handler, String channel, byte[] payload) {
        if (handler == null) {
            return;
        }
        List<Received> current = pass.get();
        if (current == null && ThreadExecutorMap.currentExecutor() instanceof SingleThreadEventLoop loop) {
            try {
                loop.executeAfterEventLoopIteration(this::endPass);
                current = new ArrayList<>();
                pass.set(current);
            } catch (RejectedExecutionException e) {
                // the loop is shutting down: no end of pass will come, so nothing may wait for one
            }
        }
        if (current == null) {
            deliver(handler, channel, payload);
        } else {
            current.add(new Received(handler, channel, payload));
        }
    }

    /** Handles the messages of the pass that ends, in the order received, inside one delivery scope. */
    private void endPass() {
        List<Received> ended = pass.get();
        pass.remove();
        if (ended == null) {
            return;
        }
        try {
            handleTogether(() -> ended.forEach(r -> deliver(r.handler(), r.channel(), r.payload())));
        } catch (RuntimeException e) {
            log.debug("delivery scope failed: {}", e.toString());
        }
    }

    private void deliver(Handler handler, String channel, byte[] payload) {
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
