package dev.sockeye.redis;

import static dev.sockeye.core.adapter.internal.OptionChecks.atLeastOne;
import static dev.sockeye.core.adapter.internal.OptionChecks.notEmpty;
import static dev.sockeye.core.adapter.internal.OptionChecks.positive;

import java.time.Duration;
import java.util.Objects;

/**
 * Options of the Redis Streams adapter, with the defaults of
 * {@code @socket.io/redis-streams-adapter} 0.3.1 {@code createAdapter(client, opts)}. Immutable;
 * build with {@link #builder()}.
 *
 * <pre>{@code
 * RedisStreamsAdapterOptions opts = RedisStreamsAdapterOptions.builder()
 *         .streamName("chat")
 *         .maxLen(50_000)
 *         .build();
 * }</pre>
 *
 * <p>Nodes of one cluster (Sockeye or Node.js) must agree on {@code streamName},
 * {@code streamCount}, {@code channelPrefix}, {@code useShardedPubSub} and, for connection state
 * recovery across nodes, {@code sessionKeyPrefix}.
 *
 * @param streamName       the stream's name, or the prefix of the streams' names when there are several
 * @param streamCount      how many streams the namespaces are spread over
 * @param channelPrefix    the prefix of the pub/sub channels
 * @param useShardedPubSub whether the pub/sub messages use sharded pub/sub (Redis 7)
 * @param maxLen           the length the stream is trimmed to, approximately
 * @param readCount        how many entries one {@code XREAD} fetches at most
 * @param blockTime        how long one {@code XREAD} waits for entries
 * @param sessionKeyPrefix the prefix of the keys of the sessions kept for connection state recovery
 * @param onlyPlaintext    whether messages are assumed to hold no binary, so always written as JSON
 * @param requestsTimeout  how long a request to the other nodes waits for their answers
 */
public record RedisStreamsAdapterOptions(
        String streamName,
        int streamCount,
        String channelPrefix,
        boolean useShardedPubSub,
        long maxLen,
        int readCount,
        Duration blockTime,
        String sessionKeyPrefix,
        boolean onlyPlaintext,
        Duration requestsTimeout) {

    private static final RedisStreamsAdapterOptions DEFAULTS = builder().build();

    /**
     * Checks the values as the builder does.
     *
     * @param streamName       the name, not empty
     * @param streamCount      at least 1
     * @param channelPrefix    the prefix, not empty
     * @param useShardedPubSub true for sharded pub/sub
     * @param maxLen           a positive length
     * @param readCount        a positive count
     * @param blockTime        at least a millisecond
     * @param sessionKeyPrefix the prefix, not empty
     * @param onlyPlaintext    true to skip the binary check
     * @param requestsTimeout  a positive duration
     */
    public RedisStreamsAdapterOptions {
        notEmpty(streamName, "streamName");
        atLeastOne(streamCount, "streamCount");
        notEmpty(channelPrefix, "channelPrefix");
        atLeastOne(maxLen, "maxLen");
        atLeastOne(readCount, "readCount");
        atLeastOneMilli(blockTime);
        notEmpty(sessionKeyPrefix, "sessionKeyPrefix");
        positive(requestsTimeout, "requestsTimeout");
    }

    /**
     * The defaults.
     *
     * @return the default options
     */
    public static RedisStreamsAdapterOptions defaults() {
        return DEFAULTS;
    }

    /**
     * A builder starting from the defaults.
     *
     * @return the builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * A builder starting from these options.
     *
     * @return the builder
     */
    public Builder toBuilder() {
        return new Builder()
                .streamName(streamName)
                .streamCount(streamCount)
                .channelPrefix(channelPrefix)
                .useShardedPubSub(useShardedPubSub)
                .maxLen(maxLen)
                .readCount(readCount)
                .blockTime(blockTime)
                .sessionKeyPrefix(sessionKeyPrefix)
                .onlyPlaintext(onlyPlaintext)
                .requestsTimeout(requestsTimeout);
    }

    /**
     * The stream a namespace's messages go to: {@link #streamName()} with one stream, else
     * {@code streamName-i} with {@code i = nsp.hashCode() % streamCount} (Node's {@code hashCode}
     * is Java's, negative values included).
     *
     * @param nsp the namespace
     * @return the stream's name
     */
    public String streamOf(String nsp) {
        return streamCount == 1 ? streamName : streamName + "-" + (nsp.hashCode() % streamCount);
    }

    /** Builds {@link RedisStreamsAdapterOptions}. */
    public static final class Builder {

        private String streamName = "socket.io";
        private int streamCount = 1;
        private String channelPrefix = "socket.io";
        private boolean useShardedPubSub;
        private long maxLen = 10_000;
        private int readCount = 100;
        private Duration blockTime = Duration.ofSeconds(5);
        private String sessionKeyPrefix = "sio:session:";
        private boolean onlyPlaintext;
        private Duration requestsTimeout = Duration.ofSeconds(5);

        private Builder() {}

        /**
         * The stream's name (with several streams, the prefix of their names:
         * {@code streamName-0}, {@code streamName-1}, …). Defaults to {@code socket.io}.
         *
         * @param value the name, not empty
         * @return this builder
         */
        public Builder streamName(String value) {
            this.streamName = notEmpty(value, "streamName");
            return this;
        }

        /**
         * How many streams the namespaces are spread over (each namespace uses one, which keeps its
         * messages in order); useless with one namespace. Defaults to 1.
         *
         * @param value at least 1
         * @return this builder
         */
        public Builder streamCount(int value) {
            this.streamCount = (int) atLeastOne(value, "streamCount");
            return this;
        }

        /**
         * The prefix of the pub/sub channels that carry what needs no history (broadcasts with
         * acknowledgements, {@code serverSideEmit}, {@code fetchSockets} and the answers):
         * {@code <prefix>#<nsp>#} and {@code <prefix>#<nsp>#<uid>#}. Defaults to {@code socket.io}.
         *
         * @param value the prefix, not empty
         * @return this builder
         */
        public Builder channelPrefix(String value) {
            this.channelPrefix = notEmpty(value, "channelPrefix");
            return this;
        }

        /**
         * Whether those channels use sharded pub/sub ({@code SPUBLISH}/{@code SSUBSCRIBE}, Redis
         * 7). Defaults to false.
         *
         * @param value true for sharded pub/sub
         * @return this builder
         */
        public Builder useShardedPubSub(boolean value) {
            this.useShardedPubSub = value;
            return this;
        }

        /**
         * The length the stream is trimmed to on each write, approximately
         * ({@code XADD … MAXLEN ~ maxLen}): how many messages a reader that fell behind, or a
         * client recovering its session, can still find. Defaults to 10,000.
         *
         * @param value a positive length
         * @return this builder
         */
        public Builder maxLen(long value) {
            this.maxLen = atLeastOne(value, "maxLen");
            return this;
        }

        /**
         * How many entries one {@code XREAD} fetches at most. Defaults to 100.
         *
         * @param value a positive count
         * @return this builder
         */
        public Builder readCount(int value) {
            this.readCount = (int) atLeastOne(value, "readCount");
            return this;
        }

        /**
         * How long one {@code XREAD} waits for new entries before asking again ({@code BLOCK}).
         * Defaults to 5 seconds.
         *
         * @param value a positive duration of at least a millisecond
         * @return this builder
         */
        public Builder blockTime(Duration value) {
            this.blockTime = atLeastOneMilli(value);
            return this;
        }

        /**
         * The prefix of the keys of the sessions kept for connection state recovery
         * ({@code <prefix><pid>}). Defaults to {@code sio:session:}.
         *
         * @param value the prefix, not empty
         * @return this builder
         */
        public Builder sessionKeyPrefix(String value) {
            this.sessionKeyPrefix = notEmpty(value, "sessionKeyPrefix");
            return this;
        }

        /**
         * Whether the data never holds binary, so that messages are written as JSON without
         * looking for binary values. Defaults to false.
         *
         * @param value true to skip the check
         * @return this builder
         */
        public Builder onlyPlaintext(boolean value) {
            this.onlyPlaintext = value;
            return this;
        }

        /**
         * How long {@code fetchSockets} (without its own timeout), {@code serverSideEmitWithAck}
         * and the node count wait for the other nodes before failing with a timeout. Defaults to
         * 5 seconds (Node's fixed value).
         *
         * @param value a positive duration
         * @return this builder
         */
        public Builder requestsTimeout(Duration value) {
            this.requestsTimeout = positive(value, "requestsTimeout");
            return this;
        }

        /**
         * Builds the options.
         *
         * @return the options
         */
        public RedisStreamsAdapterOptions build() {
            return new RedisStreamsAdapterOptions(
                    streamName,
                    streamCount,
                    channelPrefix,
                    useShardedPubSub,
                    maxLen,
                    readCount,
                    blockTime,
                    sessionKeyPrefix,
                    onlyPlaintext,
                    requestsTimeout);
        }
    }

    private static Duration atLeastOneMilli(Duration blockTime) {
        Objects.requireNonNull(blockTime, "blockTime");
        if (blockTime.toMillis() < 1) {
            throw new IllegalArgumentException("blockTime must be at least 1 ms: " + blockTime);
        }
        return blockTime;
    }
}
