package dev.sockeye.redis;

import static dev.sockeye.core.adapter.internal.OptionChecks.notEmpty;
import static dev.sockeye.core.adapter.internal.OptionChecks.positive;

import java.time.Duration;

/**
 * Options of the classic Redis adapter, with the defaults of {@code @socket.io/redis-adapter}
 * {@code createAdapter}. Immutable; build with {@link #builder()}.
 *
 * <pre>{@code
 * RedisAdapterOptions opts = RedisAdapterOptions.builder().key("chat").build();
 * }</pre>
 *
 * @param key                              the prefix of every channel
 * @param requestsTimeout                  how long a request to the other nodes waits for their answers
 * @param publishOnSpecificResponseChannel whether this node answers on the requester's own response channel
 */
public record RedisAdapterOptions(String key, Duration requestsTimeout, boolean publishOnSpecificResponseChannel) {

    private static final RedisAdapterOptions DEFAULTS = builder().build();

    /**
     * Checks the values as the builder does.
     *
     * @param key                              the key, not empty
     * @param requestsTimeout                  a positive duration
     * @param publishOnSpecificResponseChannel the flag
     */
    public RedisAdapterOptions {
        notEmpty(key, "key");
        positive(requestsTimeout, "requestsTimeout");
    }

    /**
     * The defaults.
     *
     * @return the default options
     */
    public static RedisAdapterOptions defaults() {
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
                .key(key)
                .requestsTimeout(requestsTimeout)
                .publishOnSpecificResponseChannel(publishOnSpecificResponseChannel);
    }

    /** Builds {@link RedisAdapterOptions}. */
    public static final class Builder {

        private String key = "socket.io";
        private Duration requestsTimeout = Duration.ofSeconds(5);
        private boolean publishOnSpecificResponseChannel;

        private Builder() {}

        /**
         * The prefix of every channel ({@code <key>#<nsp>#}, {@code <key>-request#<nsp>#}, …):
         * nodes with the same key on the same Redis form a cluster. Defaults to {@code socket.io}.
         *
         * @param value the key, not empty
         * @return this builder
         */
        public Builder key(String value) {
            this.key = notEmpty(value, "key");
            return this;
        }

        /**
         * How long {@code fetchSockets}, {@code serverSideEmitWithAck} and the node count wait
         * for the other nodes before failing with a timeout (the partial answers are kept in the
         * error). Defaults to 5 seconds.
         *
         * @param value a positive duration
         * @return this builder
         */
        public Builder requestsTimeout(Duration value) {
            this.requestsTimeout = positive(value, "requestsTimeout");
            return this;
        }

        /**
         * Whether this node answers requests on the requester's own channel
         * ({@code <key>-response#<nsp>#<uid>#}) rather than the shared one, so that other nodes
         * do not receive responses that are not theirs. Every node, Node.js or Sockeye, listens
         * on both. {@code serverSideEmit} answers always use the shared channel, as in Node.
         * Defaults to {@code false}.
         *
         * @param value the flag
         * @return this builder
         */
        public Builder publishOnSpecificResponseChannel(boolean value) {
            this.publishOnSpecificResponseChannel = value;
            return this;
        }

        /**
         * Builds the options.
         *
         * @return the options
         */
        public RedisAdapterOptions build() {
            return new RedisAdapterOptions(key, requestsTimeout, publishOnSpecificResponseChannel);
        }
    }
}
