package dev.sockeye.redis.internal;

import io.lettuce.core.Limit;
import io.lettuce.core.Range;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.StreamMessage;
import io.lettuce.core.XReadArgs;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads one stream for ever, on a connection of its own: {@code XREAD BLOCK <blockTime> COUNT
 * <readCount> STREAMS <stream> <lastId>}, each entry handed to a consumer in stream order, then
 * the next {@code XREAD} from the last entry's id (Node's {@code startPolling}).
 *
 * <p>It starts after the stream's last entry at the time it is created (Node starts from
 * {@code $}, which loses what is added between two reads until the first entry arrives; the id
 * of the last entry has no such gap). When Redis goes away, Lettuce reconnects and sends the
 * pending {@code XREAD} again, from the same id: the entries added meanwhile, if Redis kept
 * them, are read then. A failed read is retried after 200 ms (a read made while Redis is
 * away waits in Lettuce's queue: the retries do not spin). Entries are handed over on a
 * Lettuce I/O thread; a consumer that throws is logged at debug level and reading goes on.
 */
final class StreamReader implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(StreamReader.class);
    private static final Duration RETRY_DELAY = Duration.ofMillis(200);
    private static final Duration START_TIMEOUT = Duration.ofSeconds(10);
    /** How much longer than its block time an {@code XREAD} may take before it is given up (see {@link #poll}). */
    private static final Duration READ_GRACE = Duration.ofSeconds(1);

    private final String stream;
    private final RedisConnections.Dedicated connection;
    private final XReadArgs args;
    private final Duration readTimeout;
    private final Consumer<StreamMessage<String, byte[]>> consumer;
    private final Consumer<Runnable> together;
    private final ScheduledExecutorService scheduler;
    private volatile String lastId;
    private volatile boolean closed;
    /** Held while an entry is handed over and {@link #lastId} moves, and by {@link #runAt}. */
    private final Object order = new Object();
    /** Tasks of {@link #runAt} waiting for the reader to reach their id, guarded by {@link #order}. */
    private final List<Waiting> waiting = new ArrayList<>();

    private record Waiting(String upTo, Runnable task) {}

    /**
     * Creates a reader; {@link #start()} starts it.
     *
     * @param stream     the stream's key
     * @param connection a connection for this reader only, closed with it
     * @param readCount  entries per {@code XREAD} at most
     * @param blockTime  how long one {@code XREAD} waits
     * @param consumer   receives each entry
     * @param together   runs the handing over of the entries of one read (the bus's delivery scope)
     * @param scheduler  runs the retries
     */
    StreamReader(
            String stream,
            RedisConnections.Dedicated connection,
            int readCount,
            Duration blockTime,
            Consumer<StreamMessage<String, byte[]>> consumer,
            Consumer<Runnable> together,
            ScheduledExecutorService scheduler) {
        this.stream = stream;
        this.connection = connection;
        this.args = XReadArgs.Builder.block(blockTime.toMillis()).count(readCount);
        this.readTimeout = blockTime.plus(READ_GRACE);
        this.consumer = consumer;
        this.together = together;
        this.scheduler = scheduler;
    }

    /**
     * Finds where the stream ends now ({@code XREVRANGE stream + - COUNT 1}; {@code $}, as Node,
     * when that fails) and starts reading after it.
     *
     * @return completes when the first {@code XREAD} is sent; never fails
     */
    CompletableFuture<Void> start() {
        return connection
                .commands()
                .xrevrange(stream, Range.unbounded(), Limit.from(1))
                .toCompletableFuture()
                .orTimeout(START_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)
                .handle((last, error) -> {
                    if (error != null) {
                        log.debug("cannot read the end of stream {}, reading from $: {}", stream, error.toString());
                        lastId = "$";
                    } else {
                        lastId = last.isEmpty() ? "0-0" : last.get(0).getId();
                    }
                    poll();
                    return null;
                });
    }

    /**
     * The id of the last entry read (or of the stream's last entry when this reader started).
     *
     * @return the id
     */
    String lastId() {
        return lastId;
    }

    /**
     * One {@code XREAD}, then the next. A read that has not answered a second after its block time
     * is given up and sent again: in a Redis Cluster, a read sent to a master that died stays queued
     * on that node's connection until the node comes back, while a new one goes to the master that
     * took over the stream's slot. A late answer of a read given up is dropped; the next read starts
     * from the same id, so nothing is skipped or handed over twice.
     */
    private void poll() {
        if (closed) {
            return;
        }
        RedisFuture<List<StreamMessage<String, byte[]>>> sent = read();
        sent.toCompletableFuture()
                .thenApply(entries -> entries)
                .orTimeout(readTimeout.toMillis(), TimeUnit.MILLISECONDS)
                .whenComplete((entries, error) -> {
                    if (error instanceof TimeoutException) {
                        sent.cancel(false);
                    }
                    if (closed) {
                        return;
                    }
                    if (error != null) {
                        log.debug("reading stream {} failed, again in {}: {}", stream, RETRY_DELAY, error.toString());
                        retryLater();
                        return;
                    }
                    if (entries != null && !entries.isEmpty()) {
                        // one scope for the whole read: the fan-outs of its entries leave as one hand-off
                        together.accept(() -> {
                            for (StreamMessage<String, byte[]> entry : entries) {
                                if (closed) {
                                    return;
                                }
                                synchronized (order) {
                                    deliver(entry);
                                    lastId = entry.getId();
                                    runReached();
                                }
                            }
                        });
                    }
                    if (!closed) {
                        poll();
                    }
                });
    }

    /**
     * Runs a task at the point of the stream where this reader has handed over every entry up to
     * {@code upTo} and none after it: at once when it is there, else right after it handed over
     * {@code upTo} (on the reader's thread). Entries after {@code upTo} are handed over after the
     * task, so a task that makes a consumer start listening misses none of them and sees none
     * twice. When the reader already went past {@code upTo} the task does not run.
     *
     * @param upTo a stream id
     * @param task what to run there; must not block
     * @return false when the reader already handed over entries after {@code upTo}
     */
    boolean runAt(String upTo, Runnable task) {
        synchronized (order) {
            String at = lastId;
            int where = at == null || !StreamsWire.isOffset(at) ? 0 : StreamsWire.compareOffsets(at, upTo);
            if (where > 0) {
                return false;
            }
            if (where == 0 || closed) {
                task.run();
            } else {
                waiting.add(new Waiting(upTo, task));
            }
            return true;
        }
    }

    /** Runs the waiting tasks whose id the reader reached; holds {@link #order}. */
    private void runReached() {
        if (waiting.isEmpty()) {
            return;
        }
        for (Iterator<Waiting> it = waiting.iterator(); it.hasNext(); ) {
            Waiting w = it.next();
            if (StreamsWire.compareOffsets(w.upTo(), lastId) <= 0) {
                it.remove();
                runSafely(w.task());
            }
        }
    }

    private void runSafely(Runnable task) {
        try {
            task.run();
        } catch (RuntimeException e) {
            log.debug("a task waiting on stream {} failed: {}", stream, e.toString());
        }
    }

    /** {@code XREAD} from the last id (Lettuce's varargs of a generic type warn; one element is safe). */
    @SuppressWarnings("unchecked")
    private RedisFuture<List<StreamMessage<String, byte[]>>> read() {
        return connection.commands().xread(args, XReadArgs.StreamOffset.from(stream, lastId));
    }

    private void deliver(StreamMessage<String, byte[]> entry) {
        try {
            consumer.accept(entry);
        } catch (RuntimeException e) {
            log.debug("dropped entry {} of stream {}: {}", entry.getId(), stream, e.toString());
        }
    }

    private void retryLater() {
        try {
            scheduler.schedule(this::poll, RETRY_DELAY.toMillis(), TimeUnit.MILLISECONDS);
        } catch (RuntimeException e) {
            log.debug("cannot schedule the next read of stream {}: {}", stream, e.toString());
        }
    }

    /** Stops reading and closes the connection (a pending {@code XREAD} is cancelled). */
    @Override
    public void close() {
        List<Waiting> left;
        synchronized (order) {
            closed = true;
            left = List.copyOf(waiting);
            waiting.clear();
        }
        // nothing more will be handed over: what waited for a later entry runs now
        left.forEach(w -> runSafely(w.task()));
        connection.close();
    }
}
