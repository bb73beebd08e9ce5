package dev.sockeye.redis.internal;

import dev.sockeye.core.adapter.internal.AdapterTimer;
import dev.sockeye.redis.RedisStreamsAdapterOptions;
import io.lettuce.core.Range;
import io.lettuce.core.SetArgs;
import io.lettuce.core.StreamMessage;
import io.lettuce.core.XAddArgs;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One node's Redis Streams client, shared by the adapters of all its namespaces (Node's
 * {@code createAdapter(redisClient, opts)} closure): the pub/sub {@link RedisBus}, one
 * {@link StreamReader} per stream that hands each entry to the adapter of the entry's namespace,
 * and the commands of the stream and of the sessions, whatever the topology (in a Redis Cluster
 * each stream and each session is one key, so it lives on one slot's master).
 *
 * <p>The readers of the configured streams ({@code streamName}, or {@code streamName-0} to
 * {@code streamName-(n-1)}) start with the bus, as in Node; a namespace whose stream is none of
 * them (a negative {@code hashCode}, which Node never reads) gets its own reader when its adapter
 * registers.
 */
public final class RedisStreamsBus implements AutoCloseable {

    private final RedisBus bus;
    private final RedisStreamsAdapterOptions options;
    private final Map<String, RedisStreamsAdapter> adapters = new ConcurrentHashMap<>();
    private final Map<String, StreamReader> readers = new ConcurrentHashMap<>();
    private final Map<String, CompletableFuture<Void>> started = new ConcurrentHashMap<>();
    private volatile boolean closed;

    /**
     * Starts reading the configured streams.
     *
     * @param bus     the node's Redis connections, closed with this bus
     * @param options the options
     * @throws io.lettuce.core.RedisConnectionException when a reader's connection cannot be opened
     */
    public RedisStreamsBus(RedisBus bus, RedisStreamsAdapterOptions options) {
        this.bus = bus;
        this.options = options;
        try {
            if (options.streamCount() == 1) {
                reader(options.streamName());
            } else {
                for (int i = 0; i < options.streamCount(); i++) {
                    reader(options.streamName() + "-" + i);
                }
            }
        } catch (RuntimeException e) {
            close();
            throw e;
        }
    }

    /** The reader of a stream, started on first use; completes once its first read is sent. */
    private CompletableFuture<Void> reader(String stream) {
        return started.computeIfAbsent(stream, name -> {
            StreamReader reader = new StreamReader(
                    name,
                    bus.connections().openDedicated(),
                    options.readCount(),
                    options.blockTime(),
                    this::onEntry,
                    bus::handleTogether,
                    AdapterTimer.shared());
            readers.put(name, reader);
            return reader.start();
        });
    }

    private void onEntry(StreamMessage<String, byte[]> entry) {
        String nsp = StreamsWire.nspOf(entry.getBody());
        if (nsp == null) {
            return;
        }
        RedisStreamsAdapter adapter = adapters.get(nsp);
        if (adapter != null) {
            adapter.onStreamEntry(entry.getId(), entry.getBody());
        }
    }

    /**
     * The options.
     *
     * @return the options
     */
    public RedisStreamsAdapterOptions options() {
        return options;
    }

    /**
     * The pub/sub bus.
     *
     * @return the bus
     */
    public RedisBus pubSub() {
        return bus;
    }

    /**
     * Starts handing a namespace's entries to its adapter.
     *
     * @param adapter the adapter
     * @return completes when its stream is being read
     */
    CompletableFuture<Void> register(RedisStreamsAdapter adapter) {
        if (closed) {
            return CompletableFuture.failedFuture(new IllegalStateException("the Redis streams adapter is closed"));
        }
        adapters.put(adapter.namespace(), adapter);
        return reader(options.streamOf(adapter.namespace()));
    }

    /**
     * Stops handing a namespace's entries to its adapter.
     *
     * @param adapter the adapter
     */
    void unregister(RedisStreamsAdapter adapter) {
        adapters.remove(adapter.namespace(), adapter);
    }

    /**
     * Runs a task where the stream's reader has handed over every entry up to {@code upTo} and
     * none after it ({@link StreamReader#runAt}); at once when the stream has no reader.
     *
     * @param stream the stream
     * @param upTo   a stream id
     * @param task   what to run there
     * @return false when the reader already handed over entries after {@code upTo}
     */
    boolean runAt(String stream, String upTo, Runnable task) {
        StreamReader reader = readers.get(stream);
        if (reader == null) {
            task.run();
            return true;
        }
        return reader.runAt(upTo, task);
    }

    private RedisClusterAsyncCommands<String, byte[]> commands() {
        return bus.connections().commands();
    }

    /**
     * {@code XADD stream MAXLEN ~ maxLen * field value …}.
     *
     * @param stream the stream
     * @param fields the entry's fields, in order
     * @return the entry's id
     */
    CompletableFuture<String> xadd(String stream, Map<String, byte[]> fields) {
        return commands()
                .xadd(stream, new XAddArgs().maxlen(options.maxLen()).approximateTrimming(), fields)
                .toCompletableFuture();
    }

    /**
     * {@code XRANGE stream from to}, without {@code COUNT} (as Node).
     *
     * @param stream the stream
     * @param from   the first id, included
     * @param to     the last id, included, or {@code null} for the end ({@code +})
     * @return the entries
     */
    CompletableFuture<List<StreamMessage<String, byte[]>>> xrange(String stream, String from, String to) {
        Range<String> range = Range.from(
                Range.Boundary.including(from), to == null ? Range.Boundary.unbounded() : Range.Boundary.including(to));
        return commands().xrange(stream, range).toCompletableFuture();
    }

    /**
     * {@code SET key value PX ttl}.
     *
     * @param key   the key
     * @param value the value
     * @param ttl   how long Redis keeps it
     * @return completes when stored
     */
    CompletableFuture<Void> set(String key, String value, Duration ttl) {
        return commands()
                .set(key, value.getBytes(StandardCharsets.UTF_8), SetArgs.Builder.px(ttl.toMillis()))
                .toCompletableFuture()
                .thenApply(ok -> null);
    }

    /**
     * {@code GETDEL key} (Redis 6.2): reads and deletes in one step, as Node's
     * {@code MULTI GET DEL EXEC}; a command of its own is atomic on a shared connection and on a
     * cluster, where a transaction is neither.
     *
     * @param key the key
     * @return the value, or {@code null} when there is none
     */
    CompletableFuture<String> getdel(String key) {
        return commands()
                .getdel(key)
                .toCompletableFuture()
                .thenApply(value -> value == null ? null : new String(value, StandardCharsets.UTF_8));
    }

    /**
     * Publishes on a channel, sharded or not as the options say.
     *
     * @param channel the channel
     * @param payload the payload
     * @return completes when Redis accepted it
     */
    CompletableFuture<Void> publish(String channel, byte[] payload) {
        return options.useShardedPubSub() ? bus.spublish(channel, payload) : bus.publish(channel, payload);
    }

    /**
     * Subscribes to channels, sharded or not as the options say.
     *
     * @param handler  the handler
     * @param channels the channels
     * @return completes when Redis confirmed
     */
    CompletableFuture<Void> subscribe(RedisBus.Handler handler, String... channels) {
        return options.useShardedPubSub() ? bus.ssubscribe(handler, channels) : bus.subscribe(handler, channels);
    }

    /**
     * Unsubscribes from channels.
     *
     * @param channels the channels
     * @return completes when sent
     */
    CompletableFuture<Void> unsubscribe(String... channels) {
        return options.useShardedPubSub() ? bus.sunsubscribe(channels) : bus.unsubscribe(channels);
    }

    /**
     * How many connections subscribed to a channel ({@code PUBSUB NUMSUB} or {@code SHARDNUMSUB}).
     *
     * @param channel the channel
     * @return the count
     */
    CompletableFuture<Integer> numsub(String channel) {
        return options.useShardedPubSub()
                ? bus.shardNumsub(channel, options.requestsTimeout())
                : bus.numsub(channel, options.requestsTimeout());
    }

    /** Stops the readers and closes the connections. */
    @Override
    public void close() {
        closed = true;
        try {
            readers.values().forEach(StreamReader::close);
        } finally {
            bus.close();
        }
    }
}
