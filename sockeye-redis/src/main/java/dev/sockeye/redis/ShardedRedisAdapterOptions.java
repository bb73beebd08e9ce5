package dev.sockeye.redis;

import static dev.sockeye.core.adapter.internal.OptionChecks.notEmpty;
import static dev.sockeye.core.adapter.internal.OptionChecks.positive;

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
 *
 * @param channelPrefix    the prefix of every shard channel
 * @param subscriptionMode the subscription mode
 * @param requestsTimeout  how long a request to the other nodes waits for their answers
 */
public record ShardedRedisAdapterOptions(
        String channelPrefix, SubscriptionMode subscriptionMode, Duration requestsTimeout) {

    private static final ShardedRedisAdapterOptions DEFAULTS = builder().build();

    /**
     * Checks the values as the builder does.
     *
     * @param channelPrefix    the prefix, not empty
     * @param subscriptionMode the mode
     * @param requestsTimeout  a positive duration
     */
    public ShardedRedisAdapterOptions {
        notEmpty(channelPrefix, "channelPrefix");
        Objects.requireNonNull(subscriptionMode, "subscriptionMode");
        positive(requestsTimeout, "requestsTimeout");
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
            this.channelPrefix = notEmpty(value, "channelPrefix");
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
            this.requestsTimeout = positive(value, "requestsTimeout");
            return this;
        }

        /**
         * Builds the options.
         *
         * @return the options
         */
        public ShardedRedisAdapterOptions build() {
            return new ShardedRedisAdapterOptions(channelPrefix, subscriptionMode, requestsTimeout);
        }
    }
}
