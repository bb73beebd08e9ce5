package dev.sockeye.postgres;

import static dev.sockeye.core.adapter.internal.OptionChecks.notEmpty;
import static dev.sockeye.core.adapter.internal.OptionChecks.positive;

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
 *
 * @param channelPrefix       the prefix of the notification channels: a namespace {@code /chat} uses the channel
 *                            {@code <prefix>#/chat}
 * @param tableName           the table holding the payloads that do not fit in a notification
 * @param payloadThreshold    the size in bytes of the JSON message from which it goes through the table instead
 * @param cleanupInterval     how often old rows are deleted from the table, and how old they must be
 * @param createTable         whether the factory creates the table when it is missing
 * @param reconnectDelay      the first delay before reconnecting a lost connection
 * @param maxReconnectDelay   the longest delay between two reconnection attempts
 * @param maxPendingPublishes how many messages may wait to be published while the database is slow or unreachable
 * @param cluster             the options of the cluster adapter base (heartbeats, requests timeout, timer)
 */
public record PostgresAdapterOptions(
        String channelPrefix,
        String tableName,
        int payloadThreshold,
        Duration cleanupInterval,
        boolean createTable,
        Duration reconnectDelay,
        Duration maxReconnectDelay,
        int maxPendingPublishes,
        ClusterAdapterOptions cluster) {

    /** A table name: an SQL identifier, optionally schema-qualified; it is put into SQL as is. */
    private static final Pattern TABLE_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_$]*(\\.[A-Za-z_][A-Za-z0-9_$]*)?");

    private static final PostgresAdapterOptions DEFAULTS = new Builder().build();

    /**
     * Checks the values as the builder does.
     *
     * @param channelPrefix       the prefix, not empty
     * @param tableName           a plain SQL identifier, optionally schema-qualified
     * @param payloadThreshold    a positive number of bytes, at most 8000
     * @param cleanupInterval     a positive duration
     * @param createTable         true to create the table
     * @param reconnectDelay      a positive duration
     * @param maxReconnectDelay   a positive duration
     * @param maxPendingPublishes a positive count
     * @param cluster             the options of the cluster adapter base
     */
    public PostgresAdapterOptions {
        notEmpty(channelPrefix, "channelPrefix");
        checkTableName(tableName);
        checkPayloadThreshold(payloadThreshold);
        positive(cleanupInterval, "cleanupInterval");
        positive(reconnectDelay, "reconnectDelay");
        positive(maxReconnectDelay, "maxReconnectDelay");
        checkMaxPendingPublishes(maxPendingPublishes);
        Objects.requireNonNull(cluster, "cluster");
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
            this.channelPrefix = notEmpty(value, "channelPrefix");
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
            this.tableName = checkTableName(value);
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
            this.payloadThreshold = checkPayloadThreshold(value);
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
            this.maxPendingPublishes = checkMaxPendingPublishes(value);
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
            return new PostgresAdapterOptions(
                    channelPrefix,
                    tableName,
                    payloadThreshold,
                    cleanupInterval,
                    createTable,
                    reconnectDelay,
                    maxReconnectDelay,
                    maxPendingPublishes,
                    cluster.build());
        }
    }

    private static String checkTableName(String value) {
        Objects.requireNonNull(value, "tableName");
        if (!TABLE_NAME.matcher(value).matches()) {
            throw new IllegalArgumentException("tableName is not a plain SQL identifier: " + value);
        }
        return value;
    }

    private static int checkPayloadThreshold(int value) {
        if (value <= 0 || value > 8000) {
            throw new IllegalArgumentException("payloadThreshold must be in 1..8000: " + value);
        }
        return value;
    }

    private static int checkMaxPendingPublishes(int value) {
        if (value <= 0) {
            throw new IllegalArgumentException("maxPendingPublishes must be positive: " + value);
        }
        return value;
    }
}
