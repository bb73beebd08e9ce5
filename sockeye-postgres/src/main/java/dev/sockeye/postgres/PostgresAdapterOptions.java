package dev.sockeye.postgres;

import dev.sockeye.core.adapter.cluster.ClusterAdapterOptions;
import java.time.Duration;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Options of the PostgreSQL adapter, with the defaults of Node's
 * {@code @socket.io/postgres-adapter}. Immutable; build with {@link #builder()}.
 *
 * <pre>{@code
 * PostgresAdapterOptions opts = PostgresAdapterOptions.builder()
 *         .channelPrefix("chat")
 *         .heartbeatInterval(Duration.ofSeconds(5))
 *         .build();
 * }</pre>
 */
public final class PostgresAdapterOptions {

    /** A table name: an SQL identifier, optionally schema-qualified; it is put into SQL as is. */
    private static final Pattern TABLE_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_$]*(\\.[A-Za-z_][A-Za-z0-9_$]*)?");

    private static final PostgresAdapterOptions DEFAULTS = new Builder().build();

    private final String channelPrefix;
    private final String tableName;
    private final int payloadThreshold;
    private final Duration cleanupInterval;
    private final boolean createTable;
    private final Duration reconnectDelay;
    private final Duration maxReconnectDelay;
    private final int maxPendingPublishes;
    private final ClusterAdapterOptions cluster;

    private PostgresAdapterOptions(Builder b) {
        this.channelPrefix = b.channelPrefix;
        this.tableName = b.tableName;
        this.payloadThreshold = b.payloadThreshold;
        this.cleanupInterval = b.cleanupInterval;
        this.createTable = b.createTable;
        this.reconnectDelay = b.reconnectDelay;
        this.maxReconnectDelay = b.maxReconnectDelay;
        this.maxPendingPublishes = b.maxPendingPublishes;
        this.cluster = b.cluster.build();
    }

    /**
     * The defaults.
     *
     * @return the default options
     */
    public static PostgresAdapterOptions defaults() {
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
        b.channelPrefix = channelPrefix;
        b.tableName = tableName;
        b.payloadThreshold = payloadThreshold;
        b.cleanupInterval = cleanupInterval;
        b.createTable = createTable;
        b.reconnectDelay = reconnectDelay;
        b.maxReconnectDelay = maxReconnectDelay;
        b.maxPendingPublishes = maxPendingPublishes;
        b.cluster = cluster.toBuilder();
        return b;
    }

    /**
     * The prefix of the notification channels: a namespace {@code /chat} uses the channel
     * {@code <prefix>#/chat}.
     *
     * @return the prefix
     */
    public String channelPrefix() {
        return channelPrefix;
    }

    /**
     * The table holding the payloads that do not fit in a notification.
     *
     * @return the table name
     */
    public String tableName() {
        return tableName;
    }

    /**
     * The size in bytes of the JSON message from which it goes through the table instead.
     *
     * @return the threshold
     */
    public int payloadThreshold() {
        return payloadThreshold;
    }

    /**
     * How often old rows are deleted from the table, and how old they must be.
     *
     * @return the interval
     */
    public Duration cleanupInterval() {
        return cleanupInterval;
    }

    /**
     * Whether the factory creates the table when it is missing.
     *
     * @return true to create it
     */
    public boolean createTable() {
        return createTable;
    }

    /**
     * The first delay before reconnecting a lost connection.
     *
     * @return the delay
     */
    public Duration reconnectDelay() {
        return reconnectDelay;
    }

    /**
     * The longest delay between two reconnection attempts.
     *
     * @return the delay
     */
    public Duration maxReconnectDelay() {
        return maxReconnectDelay;
    }

    /**
     * How many messages may wait to be published while the database is slow or unreachable.
     *
     * @return the bound
     */
    public int maxPendingPublishes() {
        return maxPendingPublishes;
    }

    /**
     * The options of the cluster adapter base (heartbeats, requests timeout, timer).
     *
     * @return the options
     */
    public ClusterAdapterOptions cluster() {
        return cluster;
    }

    /** Builds {@link PostgresAdapterOptions}. */
    public static final class Builder {

        private String channelPrefix = "socket.io";
        private String tableName = "socket_io_attachments";
        private int payloadThreshold = 8000;
        private Duration cleanupInterval = Duration.ofSeconds(30);
        private boolean createTable = true;
        private Duration reconnectDelay = Duration.ofMillis(100);
        private Duration maxReconnectDelay = Duration.ofMillis(500);
        private int maxPendingPublishes = 10_000;
        private ClusterAdapterOptions.Builder cluster = ClusterAdapterOptions.builder();

        private Builder() {}

        /**
         * The prefix of the notification channels ({@code channelPrefix}). Defaults to
         * {@code "socket.io"}; every node of a cluster, Node.js or Java, must use the same.
         *
         * @param value the prefix
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
         * The table for payloads above the threshold or holding binary data ({@code tableName}).
         * Defaults to {@code "socket_io_attachments"}. Must be a plain SQL identifier, optionally
         * schema-qualified ({@code schema.table}).
         *
         * @param value the table name
         * @return this builder
         */
        public Builder tableName(String value) {
            Objects.requireNonNull(value, "tableName");
            if (!TABLE_NAME.matcher(value).matches()) {
                throw new IllegalArgumentException("tableName is not a plain SQL identifier: " + value);
            }
            this.tableName = value;
            return this;
        }

        /**
         * The size in bytes of the JSON message from which it goes as MessagePack through the
         * table, with only a small header in the notification ({@code payloadThreshold}).
         * Defaults to 8000, the most PostgreSQL allows in a notification.
         *
         * @param value a positive number of bytes, at most 8000
         * @return this builder
         */
        public Builder payloadThreshold(int value) {
            if (value <= 0 || value > 8000) {
                throw new IllegalArgumentException("payloadThreshold must be in 1..8000: " + value);
            }
            this.payloadThreshold = value;
            return this;
        }

        /**
         * How often rows older than this are deleted from the table ({@code cleanupInterval}).
         * Defaults to 30 seconds.
         *
         * @param value a positive duration
         * @return this builder
         */
        public Builder cleanupInterval(Duration value) {
            this.cleanupInterval = positive(value, "cleanupInterval");
            return this;
        }

        /**
         * Whether the factory runs {@code CREATE TABLE IF NOT EXISTS} for the table at start
         * (Node leaves it to the user). Defaults to {@code true}; a failure (e.g. no privilege)
         * is logged, not thrown.
         *
         * @param value true to create the table
         * @return this builder
         */
        public Builder createTable(boolean value) {
            this.createTable = value;
            return this;
        }

        /**
         * The first delay before reconnecting a lost connection; it doubles after each failed
         * attempt, up to {@link #maxReconnectDelay}, each delay drawn between half and all of it
         * (jitter). Defaults to 100 ms (Node waits a fixed 2 s: a listener that is not connected
         * misses notifications, so a short delay is what keeps an outage short).
         *
         * @param value a positive duration
         * @return this builder
         */
        public Builder reconnectDelay(Duration value) {
            this.reconnectDelay = positive(value, "reconnectDelay");
            return this;
        }

        /**
         * The longest delay between two reconnection attempts, and so how late at most the
         * adapter notices that PostgreSQL is back. Defaults to 500 ms, so that both connections are
         * back within a second of the database (an attempt is one TCP connection).
         *
         * @param value a positive duration
         * @return this builder
         */
        public Builder maxReconnectDelay(Duration value) {
            this.maxReconnectDelay = positive(value, "maxReconnectDelay");
            return this;
        }

        /**
         * How many messages may wait to be published while the database is slow or unreachable;
         * beyond that new messages are dropped and logged. Defaults to 10000.
         *
         * @param value a positive count
         * @return this builder
         */
        public Builder maxPendingPublishes(int value) {
            if (value <= 0) {
                throw new IllegalArgumentException("maxPendingPublishes must be positive: " + value);
            }
            this.maxPendingPublishes = value;
            return this;
        }

        /**
         * After this much silence a node publishes a heartbeat ({@code heartbeatInterval}).
         * Defaults to 5 seconds.
         *
         * @param value a positive duration
         * @return this builder
         */
        public Builder heartbeatInterval(Duration value) {
            cluster.heartbeatInterval(value);
            return this;
        }

        /**
         * A node silent for longer is considered gone ({@code heartbeatTimeout}). Defaults to
         * 10 seconds; keep it above the heartbeat interval.
         *
         * @param value a positive duration
         * @return this builder
         */
        public Builder heartbeatTimeout(Duration value) {
            cluster.heartbeatTimeout(value);
            return this;
        }

        /**
         * How long requests to the other nodes (fetchSockets, serverSideEmit with ack) wait
         * when the caller gave no timeout ({@code requestsTimeout}). Defaults to 5 seconds.
         *
         * @param value a positive duration
         * @return this builder
         */
        public Builder requestsTimeout(Duration value) {
            cluster.requestsTimeout(value);
            return this;
        }

        /**
         * Replaces the options of the cluster adapter base (heartbeats, requests timeout,
         * timer) at once. Defaults to {@link ClusterAdapterOptions#defaults()}.
         *
         * @param value the options
         * @return this builder
         */
        public Builder cluster(ClusterAdapterOptions value) {
            this.cluster = Objects.requireNonNull(value, "cluster").toBuilder();
            return this;
        }

        /**
         * Builds the options.
         *
         * @return the options
         */
        public PostgresAdapterOptions build() {
            return new PostgresAdapterOptions(this);
        }

        private static Duration positive(Duration value, String name) {
            Objects.requireNonNull(value, name);
            if (value.isZero() || value.isNegative()) {
                throw new IllegalArgumentException(name + " must be positive: " + value);
            }
            return value;
        }
    }
}
