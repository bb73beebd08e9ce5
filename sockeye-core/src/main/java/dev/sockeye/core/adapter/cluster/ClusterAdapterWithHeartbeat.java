package dev.sockeye.core.adapter.cluster;

import dev.sockeye.core.adapter.NamespaceHost;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A cluster adapter for buses that cannot count their subscribers (PostgreSQL
 * {@code LISTEN/NOTIFY}, …): the nodes announce themselves, Node's
 * {@code ClusterAdapterWithHeartbeat}.
 *
 * <ul>
 *   <li>{@link #init()} publishes INITIAL_HEARTBEAT; every node that receives one answers with
 *       a HEARTBEAT.</li>
 *   <li>After {@link ClusterAdapterOptions#heartbeatInterval()} without publishing anything, a
 *       node publishes a HEARTBEAT.</li>
 *   <li>Every message from another node (not an emitter) refreshes that node in the node map;
 *       nodes silent for more than {@link ClusterAdapterOptions#heartbeatTimeout()} are
 *       removed, and ADAPTER_CLOSE (sent by {@link #close()}) removes a node at once.</li>
 *   <li>{@link #serverCount()} is 1 + the size of the node map. Requests wait for the nodes
 *       known when they start; a node that goes away stops being waited for, so the request
 *       completes early with what it got instead of timing out.</li>
 * </ul>
 */
public abstract class ClusterAdapterWithHeartbeat extends ClusterAdapter {

    private static final Logger log = LoggerFactory.getLogger(ClusterAdapterWithHeartbeat.class);

    /** Node uid → {@link System#nanoTime()} of its last message. */
    private final Map<String, Long> nodes = new ConcurrentHashMap<>();

    private volatile long lastPublishNanos = System.nanoTime();
    private volatile ScheduledFuture<?> heartbeatTimer;
    private volatile ScheduledFuture<?> cleanupTimer;

    /**
     * Creates the adapter of a namespace.
     *
     * @param host    the namespace
     * @param options the options (heartbeat interval and timeout)
     */
    protected ClusterAdapterWithHeartbeat(NamespaceHost host, ClusterAdapterOptions options) {
        super(host, options);
    }

    /**
     * Starts the heartbeats and announces this node with INITIAL_HEARTBEAT. Subclasses
     * subscribe to their bus first, then call this.
     */
    @Override
    public CompletableFuture<Void> init() {
        Duration timeout = options().heartbeatTimeout();
        // Node checks every second; a shorter timeout (tests) needs a finer check
        long periodNanos = Math.min(Duration.ofSeconds(1).toNanos(), Math.max(1, timeout.toNanos() / 2));
        try {
            cleanupTimer = options()
                    .scheduler()
                    .scheduleAtFixedRate(this::removeSilentNodes, periodNanos, periodNanos, TimeUnit.NANOSECONDS);
        } catch (RejectedExecutionException e) {
            return CompletableFuture.failedFuture(e);
        }
        publish(new ClusterPayload.InitialHeartbeat());
        scheduleHeartbeat(options().heartbeatInterval().toNanos());
        return CompletableFuture.completedFuture(null);
    }

    @Override
    protected CompletableFuture<String> publishAndReturnOffset(ClusterPayload payload) {
        lastPublishNanos = System.nanoTime();
        return super.publishAndReturnOffset(payload);
    }

    /** Publishes a heartbeat once the node has been silent for the interval; re-arms itself. */
    private void scheduleHeartbeat(long delayNanos) {
        if (isClosed()) {
            return;
        }
        try {
            heartbeatTimer = options().scheduler().schedule(this::heartbeatDue, delayNanos, TimeUnit.NANOSECONDS);
        } catch (RejectedExecutionException e) {
            log.warn("[{}] adapter scheduler rejected the heartbeat timer", uid());
        }
    }

    private void heartbeatDue() {
        long interval = options().heartbeatInterval().toNanos();
        long silence = System.nanoTime() - lastPublishNanos;
        if (silence >= interval) {
            publish(new ClusterPayload.Heartbeat());
            scheduleHeartbeat(interval);
        } else {
            // something was published meanwhile: wait for the rest of the interval
            scheduleHeartbeat(interval - silence);
        }
    }

    private void removeSilentNodes() {
        long now = System.nanoTime();
        long timeout = options().heartbeatTimeout().toNanos();
        for (Map.Entry<String, Long> node : nodes.entrySet()) {
            if (now - node.getValue() > timeout) {
                log.debug("[{}] node {} seems down", uid(), node.getKey());
                removeNode(node.getKey());
            }
        }
    }

    private void removeNode(String nodeUid) {
        nodes.remove(nodeUid);
        forgetNode(nodeUid);
    }

    @Override
    void dispatch(TypedClusterMessage message, String offset) {
        String sender = message.uid();
        if (sender != null && !EMITTER_UID.equals(sender)) {
            nodes.put(sender, System.nanoTime());
        }
        MessageType type = message.type();
        if (type == MessageType.INITIAL_HEARTBEAT) {
            publish(new ClusterPayload.Heartbeat());
        } else if (type == MessageType.HEARTBEAT) {
            // the node map is already refreshed
            return;
        } else if (type == MessageType.ADAPTER_CLOSE) {
            if (sender != null) {
                removeNode(sender);
            }
        } else {
            super.dispatch(message, offset);
        }
    }

    /**
     * 1 + the number of other nodes heard from within the heartbeat timeout.
     *
     * @return the count
     */
    @Override
    public CompletableFuture<Integer> serverCount() {
        return CompletableFuture.completedFuture(1 + nodes.size());
    }

    /**
     * The uids of the other nodes currently known.
     *
     * @return an immutable snapshot
     */
    public Set<String> nodeUids() {
        return Set.copyOf(nodes.keySet());
    }

    @Override
    CompletableFuture<Awaited> awaitedNodes() {
        Set<String> uids = Set.copyOf(nodes.keySet());
        return CompletableFuture.completedFuture(new Awaited(uids.size(), uids));
    }

    /**
     * Publishes ADAPTER_CLOSE, stops the timers and fails pending requests. Subclasses call this,
     * then unsubscribe from their bus.
     */
    @Override
    public CompletableFuture<Void> close() {
        if (!isClosed()) {
            publish(new ClusterPayload.AdapterClose());
        }
        // closed first, so that a heartbeat firing right now does not re-arm itself
        CompletableFuture<Void> closing = super.close();
        ScheduledFuture<?> heartbeat = heartbeatTimer;
        if (heartbeat != null) {
            heartbeat.cancel(false);
        }
        ScheduledFuture<?> cleanup = cleanupTimer;
        if (cleanup != null) {
            cleanup.cancel(false);
        }
        return closing;
    }
}
