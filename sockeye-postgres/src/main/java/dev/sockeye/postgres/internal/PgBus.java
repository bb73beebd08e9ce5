package dev.sockeye.postgres.internal;

import dev.sockeye.core.adapter.cluster.TypedClusterMessage;
import dev.sockeye.postgres.PostgresAdapterOptions;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import javax.sql.DataSource;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The PostgreSQL side of one adapter factory, shared by the adapters of all its namespaces (as
 * Node's {@code PubSubClient}):
 *
 * <ul>
 *   <li>one publishing connection on one thread: messages go out strictly in the order they
 *       were handed over, so that broadcasts of one node reach the others in emission order
 *       (Node publishes through a pool and may reorder them);</li>
 *   <li>one dedicated listening connection on its own thread, {@code LISTEN}ing to the channel
 *       of every namespace, fetching attachments and dispatching messages in arrival order;
 *       it reconnects by itself with backoff, and says in the log that notifications sent
 *       meanwhile are lost (PostgreSQL does not keep them for absent listeners);</li>
 *   <li>the periodic deletion of old attachments.</li>
 * </ul>
 *
 * <p>Receiving never stops on a bad message: it is logged at debug level and dropped.
 */
public final class PgBus implements AutoCloseable {

    /** What the bus calls for the adapter of one namespace. Never on a caller's thread. */
    public interface Receiver {

        /**
         * A message of this namespace from another node (or this one: the adapter filters).
         *
         * @param message the message
         */
        void onMessage(TypedClusterMessage message);

        /** The listening connection is back after a loss: messages may have been missed. */
        void onReconnect();
    }

    private static final Logger log = LoggerFactory.getLogger(PgBus.class);

    /** How long the listener waits for notifications before looking at its other duties. */
    private static final int POLL_MILLIS = 100;
    /** Network timeout of the listener's own queries (attachments, liveness checks). */
    private static final int QUERY_TIMEOUT_MILLIS = 10_000;

    private final DataSource dataSource;
    private final PostgresAdapterOptions options;
    private final String selectAttachment;
    private final String insertAttachment;

    private final Map<String, Receiver> receivers = new ConcurrentHashMap<>();
    /** Uids of this bus's adapters: headers of their own attachments are skipped unread. */
    private final Set<String> ownUids = ConcurrentHashMap.newKeySet();
    /** The channels the listener must be listening to. */
    private final Set<String> channels = ConcurrentHashMap.newKeySet();
    /** Completed once the listener has caught up with {@link #channels} (or is disconnected). */
    private final Queue<CompletableFuture<Void>> channelWaiters = new ConcurrentLinkedQueue<>();

    private final ThreadPoolExecutor publisher;
    private final Thread listener;
    private final CountDownLatch closedLatch = new CountDownLatch(1);
    private volatile boolean closed;
    private volatile int listenerPid = -1;
    /** Set after a failed connection attempt, cleared once connected. */
    private volatile boolean listenerDown;

    private final AtomicLong dropped = new AtomicLong();
    private ScheduledFuture<?> cleanupTimer;

    /** Only touched on the publisher thread. */
    private Connection publishConnection;
    /** Only touched on the publisher thread: whether the current outage was logged. */
    private boolean publishOutageLogged;

    /**
     * Creates the bus; {@link #start()} connects it.
     *
     * @param dataSource where connections come from (two are held for the bus's lifetime)
     * @param options    the options
     */
    public PgBus(DataSource dataSource, PostgresAdapterOptions options) {
        this.dataSource = dataSource;
        this.options = options;
        this.selectAttachment = "SELECT payload FROM " + options.tableName() + " WHERE id = ?";
        this.insertAttachment = "INSERT INTO " + options.tableName() + " (payload) VALUES (?) RETURNING id";
        this.publisher = new ThreadPoolExecutor(
                1, 1, 0, TimeUnit.MILLISECONDS, new LinkedBlockingQueue<>(options.maxPendingPublishes()), r -> {
                    Thread t = new Thread(r, "sockeye-postgres-publisher");
                    t.setDaemon(true);
                    return t;
                });
        this.listener = new Thread(this::listen, "sockeye-postgres-listener");
        this.listener.setDaemon(true);
    }

    /** Creates the table if asked, starts the listener and the cleanup timer. */
    public void start() {
        if (options.createTable()) {
            submit(this::createTable, false).whenComplete((ignored, error) -> {
                if (error != null) {
                    log.warn(
                            "could not create table {} (create it yourself if missing): {}",
                            options.tableName(),
                            error.toString());
                }
            });
        }
        listener.start();
        long period = options.cleanupInterval().toMillis();
        try {
            cleanupTimer = options.cluster()
                    .scheduler()
                    .scheduleAtFixedRate(
                            () -> submit(this::deleteOldAttachments, false).whenComplete((ignored, error) -> {
                                if (error != null) {
                                    log.warn(
                                            "could not delete old rows of {}: {}",
                                            options.tableName(),
                                            error.toString());
                                }
                            }),
                            period,
                            period,
                            TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            log.warn("adapter scheduler rejected the cleanup timer of {}", options.tableName());
        }
    }

    /**
     * Routes the messages of a namespace to an adapter and listens to its channel.
     *
     * @param nsp      the namespace
     * @param uid      the adapter's uid
     * @param receiver the adapter
     * @return completes once the channel is listened to, or at once when the listener is
     *         disconnected (it will listen when it is back)
     */
    public CompletableFuture<Void> subscribe(String nsp, String uid, Receiver receiver) {
        receivers.put(nsp, receiver);
        ownUids.add(uid);
        channels.add(PgWire.channel(options.channelPrefix(), nsp));
        return awaitChannels();
    }

    /**
     * Stops routing a namespace to an adapter and stops listening to its channel.
     *
     * @param nsp      the namespace
     * @param uid      the adapter's uid
     * @param receiver the adapter (a newer adapter of the same namespace is left in place)
     * @return completes once the channel is no longer listened to
     */
    public CompletableFuture<Void> unsubscribe(String nsp, String uid, Receiver receiver) {
        ownUids.remove(uid);
        if (receivers.remove(nsp, receiver)) {
            channels.remove(PgWire.channel(options.channelPrefix(), nsp));
        }
        return awaitChannels();
    }

    private CompletableFuture<Void> awaitChannels() {
        CompletableFuture<Void> done = new CompletableFuture<>();
        if (closed) {
            done.complete(null);
            return done;
        }
        channelWaiters.add(done);
        if (listenerDown) {
            // nothing to wait for: the channels are listened to when the connection is back
            done.complete(null);
        }
        return done;
    }

    /**
     * The process id of the backend serving the listening connection (see
     * {@code pg_stat_activity}), or -1 while disconnected.
     *
     * @return the pid
     */
    public int listenerPid() {
        return listenerPid;
    }

    // ---- publishing ----

    /**
     * Publishes a message on its namespace's channel, after everything handed over before it.
     * Encodes it on the calling thread.
     *
     * @param message the message
     * @return completes once PostgreSQL took the notification
     */
    public CompletableFuture<Void> publish(TypedClusterMessage message) {
        String channel = PgWire.channel(options.channelPrefix(), message.nsp());
        PgWire.Notification notification = PgWire.encode(message, options.payloadThreshold());
        if (notification instanceof PgWire.Inline inline) {
            return submit(c -> notify(c, channel, inline.payload()), true);
        }
        PgWire.Attachment attachment = (PgWire.Attachment) notification;
        return submit(
                c -> {
                    long id;
                    try (PreparedStatement insert = c.prepareStatement(insertAttachment)) {
                        insert.setBytes(1, attachment.row());
                        try (ResultSet rs = insert.executeQuery()) {
                            rs.next();
                            id = rs.getLong(1);
                        }
                    }
                    notify(c, channel, attachment.header(id));
                },
                true);
    }

    private static void notify(Connection c, String channel, String payload) throws SQLException {
        try (PreparedStatement notify = c.prepareStatement("SELECT pg_notify(?, ?)")) {
            notify.setString(1, channel);
            notify.setString(2, payload);
            notify.executeQuery().close();
        }
    }

    private void createTable(Connection c) throws SQLException {
        try (Statement st = c.createStatement()) {
            st.execute("CREATE TABLE IF NOT EXISTS " + options.tableName()
                    + " (id bigserial UNIQUE, created_at timestamptz DEFAULT NOW(), payload bytea)");
        } catch (SQLException e) {
            // two nodes creating the table at the same instant: one of them loses the race
            String state = e.getSQLState();
            if (!"23505".equals(state) && !"42P07".equals(state) && !"42710".equals(state)) {
                throw e;
            }
        }
    }

    private void deleteOldAttachments(Connection c) throws SQLException {
        try (PreparedStatement delete = c.prepareStatement(
                "DELETE FROM " + options.tableName() + " WHERE created_at < now() - ? * interval '1 millisecond'")) {
            delete.setLong(1, options.cleanupInterval().toMillis());
            delete.executeUpdate();
        }
    }

    /** One unit of work on the publishing connection. */
    private interface SqlTask {
        void run(Connection c) throws SQLException;
    }

    private CompletableFuture<Void> submit(SqlTask task, boolean retryAfterConnectionLoss) {
        CompletableFuture<Void> result = new CompletableFuture<>();
        if (closed) {
            result.completeExceptionally(new IllegalStateException("PostgreSQL adapter closed"));
            return result;
        }
        try {
            publisher.execute(() -> {
                try {
                    runOnPublisher(task, retryAfterConnectionLoss);
                    result.complete(null);
                } catch (SQLException | RuntimeException e) {
                    result.completeExceptionally(e);
                }
            });
        } catch (RejectedExecutionException e) {
            long n = dropped.incrementAndGet();
            if (n == 1 || n % 1000 == 0) {
                log.warn(
                        "PostgreSQL adapter: {} message(s) dropped so far, {} waiting to be published already",
                        n,
                        options.maxPendingPublishes());
            }
            result.completeExceptionally(e);
        }
        return result;
    }

    /**
     * Runs a task on the publishing connection, reconnecting when it is lost. A message is
     * retried until the heartbeat timeout has passed (the other nodes consider this one gone
     * by then anyway), so that a short outage loses nothing this node publishes.
     */
    private void runOnPublisher(SqlTask task, boolean retry) throws SQLException {
        long deadline = System.nanoTime() + options.cluster().heartbeatTimeout().toNanos();
        int attempt = 0;
        while (true) {
            try {
                if (publishConnection == null) {
                    publishConnection = open();
                }
                task.run(publishConnection);
                if (publishOutageLogged) {
                    publishOutageLogged = false;
                    log.info("publishing connection to PostgreSQL is back");
                }
                return;
            } catch (SQLException e) {
                if (!isConnectionLoss(e, publishConnection)) {
                    throw e;
                }
                closeQuietly(publishConnection);
                publishConnection = null;
                long delay = backoff(attempt++);
                if (!retry || closed || System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(delay) > deadline) {
                    throw e;
                }
                if (!publishOutageLogged) {
                    publishOutageLogged = true;
                    log.warn("publishing connection to PostgreSQL lost ({}); retrying", e.toString());
                }
                if (awaitClose(delay)) {
                    throw e;
                }
            }
        }
    }

    // ---- listening ----

    /** The listener thread: connect, listen, dispatch; on any failure reconnect with backoff. */
    private void listen() {
        int failures = 0;
        boolean everConnected = false;
        while (!closed) {
            Connection c = null;
            boolean connected = false;
            try {
                c = open();
                c.setNetworkTimeout(Runnable::run, QUERY_TIMEOUT_MILLIS);
                PGConnection pg = c.unwrap(PGConnection.class);
                Set<String> listening = new HashSet<>();
                syncChannels(c, listening);
                listenerPid = pg.getBackendPID();
                listenerDown = false;
                connected = true;
                if (everConnected) {
                    log.warn(
                            "listening connection to PostgreSQL is back (backend {}); notifications sent "
                                    + "by other nodes while it was down were lost",
                            listenerPid);
                    for (Receiver receiver : List.copyOf(receivers.values())) {
                        try {
                            receiver.onReconnect();
                        } catch (RuntimeException e) {
                            log.warn("adapter failed to handle the reconnection", e);
                        }
                    }
                }
                everConnected = true;
                failures = 0;
                receive(c, pg, listening);
            } catch (SQLException | RuntimeException e) {
                if (closed) {
                    break;
                }
                long delay = backoff(failures++);
                if (connected) {
                    log.warn(
                            "listening connection to PostgreSQL lost ({}); notifications sent by other nodes "
                                    + "until it is back are lost; reconnecting in {} ms",
                            e.toString(),
                            delay);
                } else {
                    log.warn("cannot listen on PostgreSQL ({}); retrying in {} ms", e.toString(), delay);
                }
                listenerPid = -1;
                listenerDown = true;
                closeQuietly(c);
                c = null;
                releaseChannelWaiters();
                awaitClose(delay);
            } finally {
                listenerPid = -1;
                closeQuietly(c);
            }
        }
        releaseChannelWaiters();
    }

    /** Polls notifications until closed; throws when the connection fails. */
    private void receive(Connection c, PGConnection pg, Set<String> listening) throws SQLException {
        long checkNanos = options.cluster().heartbeatInterval().toNanos();
        long lastActivity = System.nanoTime();
        while (!closed) {
            syncChannels(c, listening);
            PGNotification[] notifications = pg.getNotifications(POLL_MILLIS);
            if (notifications != null && notifications.length > 0) {
                lastActivity = System.nanoTime();
                for (PGNotification notification : notifications) {
                    handle(c, notification);
                }
            } else if (System.nanoTime() - lastActivity > checkNanos) {
                // a connection dropped without a word (network) only shows when used
                try (Statement st = c.createStatement()) {
                    st.execute("SELECT 1");
                }
                lastActivity = System.nanoTime();
            }
        }
    }

    /** Listens to new channels, unlistens removed ones, then releases the waiters. */
    private void syncChannels(Connection c, Set<String> listening) throws SQLException {
        if (channelWaiters.isEmpty() && listening.equals(channels)) {
            return;
        }
        // waiters registered from now on see a later pass
        int waiters = channelWaiters.size();
        Set<String> wanted = Set.copyOf(channels);
        try (Statement st = c.createStatement()) {
            for (String channel : wanted) {
                if (!listening.contains(channel)) {
                    st.execute("LISTEN " + PgWire.quoteIdentifier(channel));
                    listening.add(channel);
                }
            }
            for (String channel : Set.copyOf(listening)) {
                if (!wanted.contains(channel)) {
                    st.execute("UNLISTEN " + PgWire.quoteIdentifier(channel));
                    listening.remove(channel);
                }
            }
        }
        for (int i = 0; i < waiters; i++) {
            CompletableFuture<Void> waiter = channelWaiters.poll();
            if (waiter == null) {
                break;
            }
            waiter.complete(null);
        }
    }

    private void releaseChannelWaiters() {
        CompletableFuture<Void> waiter;
        while ((waiter = channelWaiters.poll()) != null) {
            waiter.complete(null);
        }
    }

    /**
     * Decodes and dispatches one notification. A bad message is dropped; only a failure of the
     * connection itself escapes (to reconnect).
     */
    private void handle(Connection c, PGNotification notification) throws SQLException {
        try {
            TypedClusterMessage message = decode(c, notification.getName(), notification.getParameter());
            if (message == null) {
                return;
            }
            Receiver receiver = receivers.get(message.nsp());
            if (receiver == null) {
                log.debug("no adapter for namespace {} on channel {}", message.nsp(), notification.getName());
                return;
            }
            receiver.onMessage(message);
        } catch (SQLException e) {
            if (isConnectionLoss(e, c)) {
                throw e;
            }
            log.debug("dropped notification on {}: {}", notification.getName(), e.toString());
        } catch (RuntimeException e) {
            log.debug("dropped malformed notification on {}: {}", notification.getName(), e.toString());
        }
    }

    private TypedClusterMessage decode(Connection c, String channel, String payload) throws SQLException {
        return PgWire.decodeTyped(options.channelPrefix(), channel, payload, ownUids::contains, id -> {
            byte[] bytes = fetchAttachment(c, id);
            if (bytes == null) {
                log.debug("attachment {} on {} is gone", id, channel);
            }
            return bytes;
        });
    }

    private byte[] fetchAttachment(Connection c, long id) throws SQLException {
        try (PreparedStatement select = c.prepareStatement(selectAttachment)) {
            select.setLong(1, id);
            try (ResultSet rs = select.executeQuery()) {
                return rs.next() ? rs.getBytes(1) : null;
            }
        }
    }

    // ---- connections ----

    private Connection open() throws SQLException {
        Connection c = dataSource.getConnection();
        try {
            if (!c.getAutoCommit()) {
                c.setAutoCommit(true);
            }
            return c;
        } catch (SQLException | RuntimeException e) {
            closeQuietly(c);
            throw e;
        }
    }

    /** Whether an error means the connection is gone (rather than a bad statement). */
    private static boolean isConnectionLoss(SQLException e, Connection c) {
        String state = e.getSQLState();
        if (state == null || state.startsWith("08") || state.startsWith("57P")) {
            return true;
        }
        try {
            return c == null || c.isClosed();
        } catch (SQLException ignored) {
            return true;
        }
    }

    private static void closeQuietly(Connection c) {
        if (c == null) {
            return;
        }
        try {
            c.close();
        } catch (SQLException | RuntimeException e) {
            log.debug("closing a PostgreSQL connection failed: {}", e.toString());
        }
    }

    /**
     * The delay before reconnection attempt {@code attempt}: doubling, capped, drawn between half and
     * all of it (so the nodes of a cluster do not all reconnect at once, and none waits past the cap).
     */
    private long backoff(int attempt) {
        long base = options.reconnectDelay().toMillis() << Math.min(attempt, 16);
        long capped = Math.min(Math.max(1, base), options.maxReconnectDelay().toMillis());
        return Math.max(
                1, (long) (capped * (0.5 + 0.5 * ThreadLocalRandom.current().nextDouble())));
    }

    /** Waits, unless closed meanwhile; returns whether the bus is closed. */
    private boolean awaitClose(long millis) {
        try {
            return closedLatch.await(millis, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return true;
        }
    }

    /**
     * Publishes what is already queued (waiting at most a few seconds), stops the listener and
     * closes both connections.
     */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        if (cleanupTimer != null) {
            cleanupTimer.cancel(false);
        }
        publisher.shutdown();
        try {
            // the last messages (ADAPTER_CLOSE) are worth a short wait
            publisher.awaitTermination(Duration.ofSeconds(5).toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        closed = true;
        closedLatch.countDown();
        publisher.shutdownNow();
        try {
            listener.join(Duration.ofSeconds(5).toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        // the publisher thread is done, or stuck in a query that this close interrupts
        try {
            publisher.awaitTermination(1, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        closeQuietly(publishConnection);
    }
}
