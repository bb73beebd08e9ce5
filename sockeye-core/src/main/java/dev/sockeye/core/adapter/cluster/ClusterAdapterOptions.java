package dev.sockeye.core.adapter.cluster;

import static dev.sockeye.core.adapter.internal.OptionChecks.positive;

import dev.sockeye.core.adapter.internal.AdapterTimer;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ScheduledExecutorService;

/**
 * Options of the cluster adapter base, shared by the bus-specific adapters. Immutable; build
 * with {@link #builder()}.
 *
 * <pre>{@code
 * ClusterAdapterOptions opts = ClusterAdapterOptions.builder()
 *         .requestsTimeout(Duration.ofSeconds(3))
 *         .build();
 * }</pre>
 */
public final class ClusterAdapterOptions {

    private static final ClusterAdapterOptions DEFAULTS = new Builder().build();

    private final Duration requestsTimeout;
    private final Duration heartbeatInterval;
    private final Duration heartbeatTimeout;
    private final ScheduledExecutorService scheduler;

    private ClusterAdapterOptions(Builder b) {
        this.requestsTimeout = b.requestsTimeout;
        this.heartbeatInterval = b.heartbeatInterval;
        this.heartbeatTimeout = b.heartbeatTimeout;
        this.scheduler = b.scheduler;
    }

    /**
     * The defaults.
     *
     * @return the default options
     */
    public static ClusterAdapterOptions defaults() {
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
        Builder b = new Builder();
        b.requestsTimeout = requestsTimeout;
        b.heartbeatInterval = heartbeatInterval;
        b.heartbeatTimeout = heartbeatTimeout;
        b.scheduler = scheduler;
        return b;
    }

    /**
     * How long a request to the other nodes waits for their answers when the caller gave no
     * timeout.
     *
     * @return the timeout
     */
    public Duration requestsTimeout() {
        return requestsTimeout;
    }

    /**
     * Heartbeat variant: the silence after which a node publishes a heartbeat.
     *
     * @return the interval
     */
    public Duration heartbeatInterval() {
        return heartbeatInterval;
    }

    /**
     * Heartbeat variant: the silence after which another node is considered gone.
     *
     * @return the timeout
     */
    public Duration heartbeatTimeout() {
        return heartbeatTimeout;
    }

    /**
     * The timer for request timeouts and heartbeats.
     *
     * @return the scheduler
     */
    public ScheduledExecutorService scheduler() {
        return scheduler;
    }

    /** Builds {@link ClusterAdapterOptions}. */
    public static final class Builder {

        private Duration requestsTimeout = Duration.ofSeconds(5);
        private Duration heartbeatInterval = Duration.ofSeconds(5);
        private Duration heartbeatTimeout = Duration.ofSeconds(10);
        private ScheduledExecutorService scheduler = AdapterTimer.shared();

        private Builder() {}

        /**
         * How long a request (fetchSockets, serverSideEmitWithAck, the bookkeeping of a
         * broadcast with ack) waits when the caller gave no timeout. Defaults to 5 seconds.
         *
         * @param value a positive duration
         * @return this builder
         */
        public Builder requestsTimeout(Duration value) {
            this.requestsTimeout = positive(value, "requestsTimeout");
            return this;
        }

        /**
         * Heartbeat variant: after this much silence a node publishes a heartbeat. Defaults to
         * 5 seconds.
         *
         * @param value a positive duration
         * @return this builder
         */
        public Builder heartbeatInterval(Duration value) {
            this.heartbeatInterval = positive(value, "heartbeatInterval");
            return this;
        }

        /**
         * Heartbeat variant: a node silent for longer is considered gone. Defaults to
         * 10 seconds; keep it above {@link #heartbeatInterval}.
         *
         * @param value a positive duration
         * @return this builder
         */
        public Builder heartbeatTimeout(Duration value) {
            this.heartbeatTimeout = positive(value, "heartbeatTimeout");
            return this;
        }

        /**
         * The timer for request timeouts and heartbeats. Defaults to one daemon thread shared by
         * all adapters. Tasks on it are short; futures completed on it by a timeout run their
         * dependent stages there, so callers should hand off heavy work.
         *
         * @param value the scheduler, not shut down by the adapter
         * @return this builder
         */
        public Builder scheduler(ScheduledExecutorService value) {
            this.scheduler = Objects.requireNonNull(value, "scheduler");
            return this;
        }

        /**
         * Builds the options.
         *
         * @return the options
         */
        public ClusterAdapterOptions build() {
            return new ClusterAdapterOptions(this);
        }
    }
}
