package dev.sockeye.redis;

import java.time.Duration;
import java.util.Objects;

/**
 * Options of the sharded Redis adapter (Redis 7), with the defaults of
 * {@code @socket.io/redis-adapter} {@code createShardedAdapter}. Immutable; build with
 * {@link #builder()}.
 *
 * <pre>{@code
 * ShardedRedisAdapterOptions opts = ShardedRedisAdapterOptions.builder()
 *         .subscriptionMode(SubscriptionMode.STATIC)
 *         .build();
 * }</pre>
 */
public final class ShardedRedisAdapterOptions {

    private static final ShardedRedisAdapterOptions DEFAULTS = builder().build();

    private final String channelPrefix;
    private final SubscriptionMode subscriptionMode;
    private final Duration requestsTimeout;

    private ShardedRedisAdapterOptions(Builder b) {
        this.channelPrefix = b.channelPrefix;
        this.subscriptionMode = b.subscriptionMode;
        this.requestsTimeout = b.requestsTimeout;
    }

    /**
     * The defaults.
     *
     * @return the default options
     */
    public static ShardedRedisAdapterOptions defaults() {
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
                .channelPrefix(channelPrefix)
                .subscriptionMode(subscriptionMode)
                .requestsTimeout(requestsTimeout);
    }

    /**
     * The prefix of every shard channel.
     *
     * @return the prefix
     */
    public String channelPrefix() {
        return channelPrefix;
    }

    /**
     * The subscription mode.
     *
     * @return the mode
     */
    public SubscriptionMode subscriptionMode() {
        return subscriptionMode;
    }

    /**
     * How long a request to the other nodes waits for their answers.
     *
     * @return the timeout
     */
    public Duration requestsTimeout() {
        return requestsTimeout;
    }

    /** Builds {@link ShardedRedisAdapterOptions}. */
    public static final class Builder {

        private String channelPrefix = "socket.io";
        private SubscriptionMode subscriptionMode = SubscriptionMode.DYNAMIC;
        private Duration requestsTimeout = Duration.ofSeconds(5);

        private Builder() {}

        /**
         * The prefix of every shard channel ({@code <prefix>#<nsp>#}, …): nodes with the same
         * prefix on the same Redis form a cluster. Defaults to {@code socket.io}.
         *
         * @param value the prefix, not empty
         * @return this builder
         */
        public Builder channelPrefix(String value) {
            Objects.requireNonNull(value, "channelPrefix");
            if (value.isEmpty()) {
                throw new IllegalArgumentException("channelPrefix must not be empty");
            }
            this.channelPrefix = value;
            return this;
        }

        /**
         * How many channels are used per namespace; all nodes of a cluster must use the same
         * mode. Defaults to {@link SubscriptionMode#DYNAMIC}.
         *
         * @param value the mode
         * @return this builder
         */
        public Builder subscriptionMode(SubscriptionMode value) {
            this.subscriptionMode = Objects.requireNonNull(value, "subscriptionMode");
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
        public ShardedRedisAdapterOptions build() {
            return new ShardedRedisAdapterOptions(this);
        }
    }
}
