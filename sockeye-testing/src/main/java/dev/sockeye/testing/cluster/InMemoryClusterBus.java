package dev.sockeye.testing.cluster;

import dev.sockeye.core.adapter.AdapterFactory;
import dev.sockeye.core.adapter.NamespaceHost;
import dev.sockeye.core.adapter.cluster.ClusterAdapter;
import dev.sockeye.core.adapter.cluster.ClusterAdapterOptions;
import dev.sockeye.core.adapter.cluster.ClusterAdapterWithHeartbeat;
import dev.sockeye.core.adapter.cluster.ClusterMessage;
import dev.sockeye.core.adapter.cluster.ClusterMessageCodec;
import dev.sockeye.core.adapter.cluster.TypedClusterMessage;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * A cluster bus inside one JVM, for tests: the adapters it creates play the nodes of a cluster
 * (one adapter per node and namespace), like the stub bus of socketioxide's Redis tests.
 *
 * <p>Every message goes through {@link ClusterMessageCodec#encode} and
 * {@link ClusterMessageCodec#decode}, as on a real bus, and is delivered on one bus thread, in
 * publish order; {@link #drain()} waits until everything published so far (and everything it
 * caused) has been delivered. {@link #isolate} cuts a node off, to simulate a node that stops
 * answering. Two adapter flavours: {@link #adapterFactory} counts the subscribed nodes like
 * Redis {@code PUBSUB NUMSUB}; {@link #heartbeatAdapterFactory} discovers them by heartbeats.
 *
 * <pre>{@code
 * try (InMemoryClusterBus bus = new InMemoryClusterBus()) {
 *     AdapterFactory factory = bus.adapterFactory(ClusterAdapterOptions.defaults());
 *     // give each server of the test its own adapter from this factory
 * }
 * }</pre>
 */
public final class InMemoryClusterBus implements AutoCloseable {

    private final List<Node> nodes = new CopyOnWriteArrayList<>();
    private final Set<String> isolated = ConcurrentHashMap.newKeySet();
    private final List<Consumer<ClusterMessage>> taps = new CopyOnWriteArrayList<>();
    private final ExecutorService delivery = Executors.newSingleThreadExecutor(runnable -> {
        Thread thread = new Thread(runnable, "sockeye-test-cluster-bus");
        thread.setDaemon(true);
        return thread;
    });
    private final AtomicLong enqueued = new AtomicLong();

    /** Creates an empty bus. */
    public InMemoryClusterBus() {}

    /**
     * A factory of adapters on this bus whose server count is the number of subscribed nodes
     * of the namespace (an adapter subscribes in {@code init()} and unsubscribes in
     * {@code close()}), as Redis {@code PUBSUB NUMSUB} does.
     *
     * @param options the adapter options
     * @return the factory
     */
    public AdapterFactory adapterFactory(ClusterAdapterOptions options) {
        return host -> new CountingAdapter(host, options);
    }

    /**
     * A factory of heartbeat adapters on this bus ({@link ClusterAdapterWithHeartbeat}).
     *
     * @param options the adapter options (use short heartbeat timings in tests)
     * @return the factory
     */
    public AdapterFactory heartbeatAdapterFactory(ClusterAdapterOptions options) {
        return host -> new HeartbeatAdapter(host, options);
    }

    /**
     * Cuts a node off or reconnects it: while isolated, nothing it publishes is delivered and
     * nothing is delivered to it, but it still counts as subscribed.
     *
     * @param uid      the node's adapter uid ({@link ClusterAdapter#uid()})
     * @param isolate  true to cut off, false to reconnect
     */
    public void isolate(String uid, boolean isolate) {
        if (isolate) {
            isolated.add(uid);
        } else {
            isolated.remove(uid);
        }
    }

    /**
     * Calls {@code tap} with every message published on the bus (requests and responses,
     * decoded), on the bus thread, isolated nodes included.
     *
     * @param tap the observer
     */
    public void tap(Consumer<ClusterMessage> tap) {
        taps.add(tap);
    }

    /**
     * Delivers raw bytes to a node as if they came from the bus (to test malformed input).
     *
     * @param uid     the node's adapter uid
     * @param payload the bytes
     */
    public void inject(String uid, byte[] payload) {
        enqueue(() -> {
            for (Node node : nodes) {
                if (node.uid().equals(uid)) {
                    node.receive(payload);
                }
            }
        });
    }

    /**
     * Waits until every message published so far, and every message published while delivering
     * them, has been delivered.
     *
     * @param timeout how long to wait at most
     * @throws IllegalStateException when the bus is still busy after the timeout
     */
    public void drain(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        // bounded: each round either finds the queue quiet or made progress before the deadline
        for (int round = 0; round < 10_000; round++) {
            long before = enqueued.get();
            CompletableFuture<Void> marker = new CompletableFuture<>();
            enqueue(() -> marker.complete(null));
            try {
                marker.get(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            } catch (Exception e) {
                throw new IllegalStateException("cluster bus still busy", e);
            }
            if (enqueued.get() == before + 1) {
                return;
            }
        }
        throw new IllegalStateException("cluster bus never became quiet");
    }

    /**
     * {@link #drain(Duration)} with 5 seconds.
     */
    public void drain() {
        drain(Duration.ofSeconds(5));
    }

    /** Stops the bus thread; adapters still attached stop receiving. */
    @Override
    public void close() {
        delivery.shutdownNow();
    }

    private void enqueue(Runnable task) {
        enqueued.incrementAndGet();
        delivery.execute(task);
    }

    /** Publishes on the bus thread; what a publish of an adapter returns at once (nothing to wait for). */
    private <T> CompletableFuture<T> send(Node from, TypedClusterMessage message, String toUid) {
        byte[] payload = ClusterMessageCodec.encode(message);
        enqueue(() -> {
            ClusterMessage decoded = ClusterMessageCodec.decode(payload);
            for (Consumer<ClusterMessage> tap : taps) {
                tap.accept(decoded);
            }
            if (isolated.contains(from.uid())) {
                return;
            }
            for (Node node : nodes) {
                if (node != from
                        && node.nsp().equals(from.nsp())
                        && !isolated.contains(node.uid())
                        && (toUid == null || toUid.equals(node.uid()))) {
                    node.receive(payload);
                }
            }
        });
        return CompletableFuture.completedFuture(null);
    }

    private int subscribers(String nsp) {
        int count = 0;
        for (Node node : nodes) {
            if (node.nsp().equals(nsp)) {
                count++;
            }
        }
        return count;
    }

    /** What the bus needs from its adapters. */
    private interface Node {
        String uid();

        String nsp();

        void receive(byte[] payload);
    }

    private final class CountingAdapter extends ClusterAdapter implements Node {

        CountingAdapter(NamespaceHost host, ClusterAdapterOptions options) {
            super(host, options);
        }

        @Override
        public String nsp() {
            return host().name();
        }

        @Override
        public void receive(byte[] payload) {
            onMessage(decodeOrDrop("bus message", () -> ClusterMessageCodec.decode(payload, nsp())), null);
        }

        @Override
        public CompletableFuture<Void> init() {
            nodes.add(this);
            return super.init();
        }

        @Override
        public CompletableFuture<Void> close() {
            nodes.remove(this);
            return super.close();
        }

        @Override
        protected CompletableFuture<String> doPublish(TypedClusterMessage message) {
            return send(this, message, null);
        }

        @Override
        protected CompletableFuture<Void> doPublishResponse(String requesterUid, TypedClusterMessage response) {
            return send(this, response, requesterUid);
        }

        @Override
        public CompletableFuture<Integer> serverCount() {
            return CompletableFuture.completedFuture(subscribers(host().name()));
        }
    }

    private final class HeartbeatAdapter extends ClusterAdapterWithHeartbeat implements Node {

        HeartbeatAdapter(NamespaceHost host, ClusterAdapterOptions options) {
            super(host, options);
        }

        @Override
        public String nsp() {
            return host().name();
        }

        @Override
        public void receive(byte[] payload) {
            onMessage(decodeOrDrop("bus message", () -> ClusterMessageCodec.decode(payload, nsp())), null);
        }

        @Override
        public CompletableFuture<Void> init() {
            nodes.add(this);
            return super.init();
        }

        @Override
        public CompletableFuture<Void> close() {
            CompletableFuture<Void> closed = super.close();
            nodes.remove(this);
            return closed;
        }

        @Override
        protected CompletableFuture<String> doPublish(TypedClusterMessage message) {
            return send(this, message, null);
        }

        @Override
        protected CompletableFuture<Void> doPublishResponse(String requesterUid, TypedClusterMessage response) {
            return send(this, response, requesterUid);
        }
    }
}
