package dev.sockeye.redis;

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
 */
public final class RedisStreamsAdapterOptions {

    private static final RedisStreamsAdapterOptions DEFAULTS = builder().build();

    private final String streamName;
    private final int streamCount;
    private final String channelPrefix;
    private final boolean useShardedPubSub;
    private final long maxLen;
    private final int readCount;
    private final Duration blockTime;
    private final String sessionKeyPrefix;
    private final boolean onlyPlaintext;
    private final Duration requestsTimeout;

    private RedisStreamsAdapterOptions(Builder b) {
        this.streamName = b.streamName;
        this.streamCount = b.streamCount;
        this.channelPrefix = b.channelPrefix;
        this.useShardedPubSub = b.useShardedPubSub;
        this.maxLen = b.maxLen;
        this.readCount = b.readCount;
        this.blockTime = b.blockTime;
        this.sessionKeyPrefix = b.sessionKeyPrefix;
        this.onlyPlaintext = b.onlyPlaintext;
        this.requestsTimeout = b.requestsTimeout;
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
     * The stream's name, or the prefix of the streams' names when there are several.
     *
     * @return the name
     */
    public String streamName() {
        return streamName;
    }

    /**
     * How many streams the namespaces are spread over.
     *
     * @return the count
     */
    public int streamCount() {
        return streamCount;
    }

    /**
     * The prefix of the pub/sub channels.
     *
     * @return the prefix
     */
    public String channelPrefix() {
        return channelPrefix;
    }

    /**
     * Whether the pub/sub messages use sharded pub/sub (Redis 7).
     *
     * @return true for {@code SPUBLISH}/{@code SSUBSCRIBE}
     */
    public boolean useShardedPubSub() {
        return useShardedPubSub;
    }

    /**
     * The length the stream is trimmed to, approximately.
     *
     * @return the length
     */
    public long maxLen() {
        return maxLen;
    }

    /**
     * How many entries one {@code XREAD} fetches at most.
     *
     * @return the count
     */
    public int readCount() {
        return readCount;
    }

    /**
     * How long one {@code XREAD} waits for entries.
     *
     * @return the duration
     */
    public Duration blockTime() {
        return blockTime;
    }

    /**
     * The prefix of the keys of the sessions kept for connection state recovery.
     *
     * @return the prefix
     */
    public String sessionKeyPrefix() {
        return sessionKeyPrefix;
    }

    /**
     * Whether messages are assumed to hold no binary, so always written as JSON.
     *
     * @return true to skip the binary check
     */
    public boolean onlyPlaintext() {
        return onlyPlaintext;
    }

    /**
     * How long a request to the other nodes waits for their answers.
     *
     * @return the timeout
     */
    public Duration requestsTimeout() {
        return requestsTimeout;
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
            if (value < 1) {
                throw new IllegalArgumentException("streamCount must be at least 1: " + value);
            }
            this.streamCount = value;
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
            if (value < 1) {
                throw new IllegalArgumentException("maxLen must be positive: " + value);
            }
            this.maxLen = value;
            return this;
        }

        /**
         * How many entries one {@code XREAD} fetches at most. Defaults to 100.
         *
         * @param value a positive count
         * @return this builder
         */
        public Builder readCount(int value) {
            if (value < 1) {
                throw new IllegalArgumentException("readCount must be positive: " + value);
            }
            this.readCount = value;
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
            Objects.requireNonNull(value, "blockTime");
            if (value.toMillis() < 1) {
                throw new IllegalArgumentException("blockTime must be at least 1 ms: " + value);
            }
            this.blockTime = value;
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
            Objects.requireNonNull(value, "requestsTimeout");
            if (value.isZero() || value.isNegative()) {
                throw new IllegalArgumentException("requestsTimeout must be positive: " + value);
            }
            this.requestsTimeout = value;
            return this;
        }

        /**
         * Builds the options.
         *
         * @return the options
         */
        public RedisStreamsAdapterOptions build() {
            return new RedisStreamsAdapterOptions(this);
        }

        private static String notEmpty(String value, String name) {
            Objects.requireNonNull(value, name);
            if (value.isEmpty()) {
                throw new IllegalArgumentException(name + " must not be empty");
            }
            return value;
        }
    }
}
