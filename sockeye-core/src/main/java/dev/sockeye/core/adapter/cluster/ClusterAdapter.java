package dev.sockeye.core.adapter.cluster;

import dev.sockeye.core.Packet;
import dev.sockeye.core.adapter.AdapterObserver;
import dev.sockeye.core.adapter.AdapterTimeoutException;
import dev.sockeye.core.adapter.BroadcastOptions;
import dev.sockeye.core.adapter.ConnectionStateRecovery;
import dev.sockeye.core.adapter.FetchedSocket;
import dev.sockeye.core.adapter.InMemoryAdapter;
import dev.sockeye.core.adapter.LocalSocket;
import dev.sockeye.core.adapter.NamespaceHost;
import dev.sockeye.core.adapter.SocketDetails;
import dev.sockeye.core.adapter.internal.ClusterWire;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.IntConsumer;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;

/**
 * The base of every cluster adapter: Node's {@code socket.io-adapter} {@code ClusterAdapter}.
 * The rooms stay per node (inherited from {@link InMemoryAdapter}); every cluster-aware
 * operation is applied locally and published to the other nodes as a {@link TypedClusterMessage},
 * unless its options carry the {@code local} flag. Requests that expect answers
 * (fetchSockets, serverSideEmit with ack) are correlated by a random {@code requestId}, wait for
 * {@code serverCount() - 1} answers and fail with {@link AdapterTimeoutException} after the
 * timeout, never hanging.
 *
 * <p>A bus-specific subclass implements {@link #doPublish}, {@link #doPublishResponse} and
 * {@link #serverCount()}, encoding the typed messages with its wire format's codec, and feeds
 * every message it decodes to {@link #onMessage} (responses may also go to {@link #onResponse})
 * and every payload it cannot decode to {@link #onMalformedMessage}. Everything else lives here.
 * The receive path never throws: malformed or unknown messages are logged at debug level and
 * dropped.
 *
 * <p>Thread-safety: all methods may be called from any thread, including the bus's subscriber
 * thread(s); the request tables are concurrent.
 */
public abstract class ClusterAdapter extends InMemoryAdapter {

    /** The uid emitters (publish-only clients) put on their messages. */
    public static final String EMITTER_UID = "emitter";

    private static final Logger log = LoggerFactory.getLogger(ClusterAdapter.class);

    /** The bus-specific subclass's logger: what its bus delivers malformed is logged under its name. */
    private final Logger busLog = LoggerFactory.getLogger(getClass());

    private final String uid = ClusterWire.randomId();
    /** Publications that failed (the bus down, its queue full): each one is a message other nodes never get. */
    private final AtomicLong publishFailures = new AtomicLong();

    private final ClusterAdapterOptions options;
    private final ConcurrentHashMap<String, PendingRequest<?>> requests = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, AckRequest> ackRequests = new ConcurrentHashMap<>();
    private volatile boolean closed;

    /**
     * Creates the adapter of a namespace.
     *
     * @param host    the namespace
     * @param options the options
     */
    protected ClusterAdapter(NamespaceHost host, ClusterAdapterOptions options) {
        super(host);
        this.options = options;
    }

    /**
     * This adapter's id on the bus: 16 random hex characters, one per (server, namespace).
     *
     * @return the uid
     */
    public final String uid() {
        return uid;
    }

    /**
     * The options.
     *
     * @return the options
     */
    protected final ClusterAdapterOptions options() {
        return options;
    }

    /**
     * Whether {@link #close()} was called.
     *
     * @return true once closed
     */
    protected final boolean isClosed() {
        return closed;
    }

    // ---- what a bus-specific adapter provides ----

    /**
     * Sends a message to the other nodes of the namespace. Must not block (it is called from
     * application threads, the bus thread and the timer thread) and must encode the message
     * before returning (the JSON values it holds are not copied).
     *
     * @param message the message, with this adapter's uid and namespace
     * @return completes with an offset for connection state recovery when the bus has one
     *         (e.g. a stream entry id), else with {@code null}; fails when publishing failed
     */
    protected abstract CompletableFuture<String> doPublish(TypedClusterMessage message);

    /**
     * Sends a response to the node that made a request (types 8, 10, 11, 12).
     *
     * @param requesterUid the uid of the requesting node
     * @param response     the response, with this adapter's uid and namespace
     * @return completes when sent; fails when publishing failed
     */
    protected abstract CompletableFuture<Void> doPublishResponse(String requesterUid, TypedClusterMessage response);

    /**
     * The number of nodes serving this namespace, this one included, as the bus knows it
     * (e.g. Redis {@code PUBSUB NUMSUB}); the heartbeat variant counts the nodes it heard from.
     *
     * @return the count
     */
    @Override
    public abstract CompletableFuture<Integer> serverCount();

    // ---- publishing ----

    /**
     * Publishes a message, logging (not throwing) a failure.
     *
     * @param payload what the message says
     */
    protected final void publish(ClusterPayload payload) {
        publishAndReturnOffset(payload).whenComplete((offset, error) -> {
            if (error != null) {
                logPublishFailure("message " + payload.type(), error);
            }
        });
    }

    /**
     * A lost publication is worth a warning, but an outage fails thousands: the first failure and
     * every 1000th are logged at WARN with the count, the others at debug.
     */
    private void logPublishFailure(String what, Throwable error) {
        long failures = publishFailures.incrementAndGet();
        if (failures == 1 || failures % 1000 == 0) {
            log.warn(
                    "[{}] namespace {}: could not publish {}, other nodes will not get it ({} failed publication(s) "
                            + "so far; the others are logged at debug): {}",
                    uid,
                    host().name(),
                    what,
                    failures,
                    error.toString());
        } else {
            log.debug("[{}] namespace {}: could not publish {}: {}", uid, host().name(), what, error.toString());
        }
    }

    /**
     * Stamps uid and namespace on a message and hands it to {@link #doPublish}.
     *
     * @param payload what the message says
     * @return the offset, see {@link #doPublish}
     */
    protected CompletableFuture<String> publishAndReturnOffset(ClusterPayload payload) {
        MessageType type = payload.type();
        CompletableFuture<String> result;
        try {
            result = doPublish(new TypedClusterMessage(uid, host().name(), payload));
            result = result == null ? CompletableFuture.completedFuture(null) : result;
        } catch (RuntimeException e) {
            result = CompletableFuture.failedFuture(e);
        }
        observePublish(type, result);
        return result;
    }

    /** Tells the observer about a publish and, once it fails, its failure. */
    private void observePublish(MessageType type, CompletableFuture<?> result) {
        AdapterObserver observer = host().adapterObserver();
        if (observer == AdapterObserver.NONE) {
            return;
        }
        String nsp = host().name();
        observer.onClusterPublish(nsp, type);
        result.whenComplete((ignored, error) -> {
            if (error != null) {
                observer.onClusterPublishError(nsp, type, error);
            }
        });
    }

    /**
     * Stamps uid and namespace on a response and hands it to {@link #doPublishResponse},
     * logging (not throwing) a failure. Responses to emitters (no uid) are not sent.
     *
     * @param requesterUid the requester
     * @param payload      the response
     */
    protected final void publishResponse(String requesterUid, ClusterPayload payload) {
        if (requesterUid == null || EMITTER_UID.equals(requesterUid)) {
            return;
        }
        MessageType type = payload.type();
        CompletableFuture<Void> sent;
        try {
            sent = doPublishResponse(requesterUid, new TypedClusterMessage(uid, host().name(), payload));
        } catch (RuntimeException e) {
            sent = CompletableFuture.failedFuture(e);
        }
        observePublish(type, sent != null ? sent : CompletableFuture.completedFuture(null));
        if (sent != null) {
            sent.whenComplete((ignored, error) -> {
                if (error != null) {
                    logPublishFailure("response " + type, error);
                }
            });
        }
    }

    // ---- receiving ----

    /**
     * Handles a message received from the bus. Ignores this adapter's own messages and messages
     * of other namespaces; never throws. Response types are passed to {@link #onResponse}.
     *
     * @param message the message, or {@code null} (a type the codec did not know: ignored)
     * @param offset  its offset on the bus for connection state recovery, or {@code null}
     */
    protected void onMessage(TypedClusterMessage message, String offset) {
        if (message == null || closed) {
            return;
        }
        try {
            if (uid.equals(message.uid()) && !isOwnBroadcastReadBack(message.payload(), offset)) {
                return;
            }
            if (!host().name().equals(message.nsp())) {
                log.debug("[{}] ignore message from another namespace ({})", uid, message.nsp());
                return;
            }
            MessageType type = message.type();
            if (!type.isResponse()) { // responses are counted by onResponse
                host().adapterObserver().onClusterReceive(host().name(), type);
            }
            dispatch(message, offset);
        } catch (RuntimeException e) {
            onMalformedMessage("cluster message of type " + message.type(), e);
        }
    }

    /**
     * Decodes a payload the bus received, reporting it to {@link #onMalformedMessage} when it
     * cannot be decoded.
     *
     * <pre>{@code
     * onMessage(decodeOrDrop("message on " + channel, () -> ClusterMessageCodec.decode(bytes, nsp)), null);
     * }</pre>
     *
     * @param what   what it is, for the log (e.g. the channel)
     * @param decode the wire format's codec applied to the payload
     * @return the message, or {@code null} when it was malformed or of an unknown type
     */
    protected final TypedClusterMessage decodeOrDrop(String what, Supplier<TypedClusterMessage> decode) {
        try {
            return decode.get();
        } catch (RuntimeException e) {
            onMalformedMessage(what, e);
            return null;
        }
    }

    /**
     * Handles a payload the bus could not decode: logged at debug level under the subclass's
     * name, counted by the observer, dropped.
     *
     * @param what  what it was, for the log (e.g. the channel)
     * @param error why it could not be decoded
     */
    protected final void onMalformedMessage(String what, RuntimeException error) {
        busLog.debug("[{}] ignored malformed {}: {}", uid, what, error.toString());
        host().adapterObserver().onClusterReceiveError(host().name(), error);
    }

    /**
     * Whether a message of this node is one of its recoverable broadcasts read back from a bus
     * {@linkplain #hasOffsets() with offsets}: those reach this node's sockets here, in the bus's order.
     */
    private boolean isOwnBroadcastReadBack(ClusterPayload payload, String offset) {
        return offset != null
                && hasOffsets()
                && payload instanceof ClusterPayload.Broadcast broadcast
                && broadcast.requestId() == null
                && recoverable(broadcast.packet(), broadcast.opts());
    }

    /** Acts on a message of this namespace from another node. */
    void dispatch(TypedClusterMessage message, String offset) {
        ClusterPayload payload = message.payload();
        if (message.type().isResponse()) {
            onResponse(message);
        } else if (payload instanceof ClusterPayload.Broadcast broadcast) {
            onBroadcast(message.uid(), broadcast, offset);
        } else if (payload instanceof ClusterPayload.SocketsJoin join) {
            super.addSockets(join.opts(), join.rooms());
        } else if (payload instanceof ClusterPayload.SocketsLeave leave) {
            super.delSockets(leave.opts(), leave.rooms());
        } else if (payload instanceof ClusterPayload.DisconnectSockets disconnect) {
            super.disconnectSockets(disconnect.opts(), disconnect.close());
        } else if (payload instanceof ClusterPayload.FetchSockets fetch) {
            onFetchSockets(message.uid(), fetch);
        } else if (payload instanceof ClusterPayload.ServerSideEmit emit) {
            onServerSideEmit(message.uid(), emit);
        } else {
            log.debug("[{}] ignored message type {}", uid, message.type());
        }
    }

    private void onBroadcast(String requester, ClusterPayload.Broadcast broadcast, String offset) {
        Packet packet = broadcast.packet();
        BroadcastOptions opts = broadcast.opts();
        String id = broadcast.requestId();
        if (id == null) {
            super.broadcast(offset != null && recoverable(packet, opts) ? withOffset(packet, offset) : packet, opts);
            return;
        }
        super.broadcastWithAck(
                packet,
                opts,
                count -> publishResponse(requester, new ClusterPayload.BroadcastClientCount(id, count)),
                arg -> publishResponse(requester, new ClusterPayload.BroadcastAck(id, arg)));
    }

    private void onFetchSockets(String requester, ClusterPayload.FetchSockets fetch) {
        List<SocketDetails> details = new ArrayList<>();
        for (FetchedSocket fetched : localFetch(fetch.opts())) {
            LocalSocket socket = ((FetchedSocket.Local) fetched).socket();
            try {
                details.add(socket.details());
            } catch (RuntimeException e) {
                log.warn("details of socket {} failed", socket.id(), e);
            }
        }
        publishResponse(requester, new ClusterPayload.FetchSocketsResponse(fetch.requestId(), details));
    }

    private void onServerSideEmit(String requester, ClusterPayload.ServerSideEmit emit) {
        String id = emit.requestId();
        Consumer<JsonNode> ack = null;
        if (id != null) {
            AtomicBoolean called = new AtomicBoolean();
            ack = arg -> {
                // only one answer per node is forwarded
                if (called.compareAndSet(false, true)) {
                    publishResponse(requester, new ClusterPayload.ServerSideEmitResponse(id, arg));
                }
            };
        }
        host().onServerSideEmit(emit.packet(), ack);
    }

    /**
     * Handles a response to one of this adapter's requests (types 8, 10, 11, 12). Responses to
     * unknown or finished requests are ignored; never throws.
     *
     * @param response the response
     */
    protected void onResponse(TypedClusterMessage response) {
        if (response == null || closed) {
            return;
        }
        try {
            MessageType type = response.type();
            host().adapterObserver().onClusterReceive(host().name(), type);
            ClusterPayload payload = response.payload();
            if (payload instanceof ClusterPayload.BroadcastClientCount count) {
                AckRequest request = ackRequests.get(count.requestId());
                if (request != null) {
                    request.clientCountCallback.accept(count.clientCount());
                }
            } else if (payload instanceof ClusterPayload.BroadcastAck ack) {
                AckRequest request = ackRequests.get(ack.requestId());
                if (request != null) {
                    request.ack.accept(ack.answer());
                }
            } else if (payload instanceof ClusterPayload.FetchSocketsResponse fetched) {
                PendingRequest<?> request = requests.get(fetched.requestId());
                if (request != null && request.type == MessageType.FETCH_SOCKETS) {
                    @SuppressWarnings("unchecked")
                    PendingRequest<FetchedSocket> fetch = (PendingRequest<FetchedSocket>) request;
                    fetch.respond(response.uid(), new ArrayList<FetchedSocket>(fetched.sockets()));
                }
            } else if (payload instanceof ClusterPayload.ServerSideEmitResponse answer) {
                PendingRequest<?> request = requests.get(answer.requestId());
                if (request != null && request.type == MessageType.SERVER_SIDE_EMIT) {
                    @SuppressWarnings("unchecked")
                    PendingRequest<JsonNode> emit = (PendingRequest<JsonNode>) request;
                    emit.respond(response.uid(), List.of(answer.answer()));
                }
            } else {
                log.debug("[{}] a {} is no response", uid, type);
            }
        } catch (RuntimeException e) {
            onMalformedMessage("cluster response", e);
        }
    }

    // ---- cluster-aware operations ----

    /**
     * Applies locally and publishes. When the bus {@linkplain #hasOffsets() has offsets} and
     * connection state recovery is on, a recoverable packet (an EVENT without ack id, not
     * volatile) reaches this node's sockets when it is read back from the bus, with its offset
     * appended as its last argument (Node's {@code addOffsetIfNecessary}), in the bus's order
     * among the other nodes' broadcasts; when publishing fails it is delivered here at once,
     * without offset.
     *
     * <p>Node delivers it locally as soon as the bus returned the offset, before broadcasts of
     * other nodes the bus holds earlier: a client then sees offsets out of order, and recovering
     * from the last one it saw replays some broadcasts twice or skips some.
     */
    @Override
    public boolean broadcast(Packet packet, BroadcastOptions opts) {
        if (opts.local()) {
            return super.broadcast(packet, opts);
        }
        if (!hasOffsets() || !recoverable(packet, opts)) {
            publish(new ClusterPayload.Broadcast(packet, opts, null));
            return super.broadcast(packet, opts);
        }
        publishAndReturnOffset(new ClusterPayload.Broadcast(packet, opts, null)).whenComplete((offset, error) -> {
            if (error != null) {
                logPublishFailure("broadcast (delivered here only, without offset)", error);
                super.broadcast(packet, opts);
            } else if (offset == null) {
                log.debug("[{}] broadcast delivered here without offset: the bus gave none", uid);
                super.broadcast(packet, opts);
            }
            // else: it reaches this node's sockets when read back from the bus (onMessage)
        });
        return true; // this node's sockets get it later, read back from the bus: nothing to report yet
    }

    /**
     * Whether {@link #doPublish} completes with offsets clients can recover from (a stream entry
     * id), and the bus hands every message, this node's own included, to {@link #onMessage} with
     * its offset, in the bus's order. Then, with connection state recovery on, broadcasts carry
     * their offset and this node's recoverable broadcasts reach its sockets when read back, so
     * that every socket gets the broadcasts of all nodes in offset order. Adapters of buses
     * without offsets keep the default, false, and deliver broadcasts locally at once.
     *
     * @return false by default
     */
    protected boolean hasOffsets() {
        return false;
    }

    /** Node's rule: recovery is on, and the packet is an EVENT without ack id and not volatile. */
    private boolean recoverable(Packet packet, BroadcastOptions opts) {
        return host().connectionStateRecovery().isPresent() && ConnectionStateRecovery.isRecoverable(packet, opts);
    }

    /** A copy of the packet with the offset as last argument (the arguments themselves are shared). */
    private static Packet withOffset(Packet packet, String offset) {
        ArrayNode data = JsonNodeFactory.instance.arrayNode();
        data.addAll((ArrayNode) packet.data());
        data.add(offset);
        return new Packet(packet.type(), packet.nsp(), data, packet.id());
    }

    @Override
    public void broadcastWithAck(
            Packet packet, BroadcastOptions opts, IntConsumer clientCountCallback, Consumer<JsonNode> ackCallback) {
        if (!opts.local()) {
            String requestId = ClusterWire.randomId();
            ackRequests.put(requestId, new AckRequest(clientCountCallback, ackCallback));
            // there is no telling at this level when every client has answered: forget the
            // request when the broadcaster stops waiting
            Duration keep = opts.timeout() != null ? opts.timeout() : options.requestsTimeout();
            schedule(() -> ackRequests.remove(requestId), keep);
            publish(new ClusterPayload.Broadcast(packet, opts, requestId));
        }
        super.broadcastWithAck(packet, opts, clientCountCallback, ackCallback);
    }

    @Override
    public void addSockets(BroadcastOptions opts, Collection<String> rooms) {
        if (!opts.local()) {
            publish(new ClusterPayload.SocketsJoin(opts, List.copyOf(rooms)));
        }
        super.addSockets(opts, rooms);
    }

    @Override
    public void delSockets(BroadcastOptions opts, Collection<String> rooms) {
        if (!opts.local()) {
            publish(new ClusterPayload.SocketsLeave(opts, List.copyOf(rooms)));
        }
        super.delSockets(opts, rooms);
    }

    @Override
    public void disconnectSockets(BroadcastOptions opts, boolean close) {
        if (!opts.local()) {
            publish(new ClusterPayload.DisconnectSockets(opts, close));
        }
        super.disconnectSockets(opts, close);
    }

    @Override
    public CompletableFuture<List<FetchedSocket>> fetchSockets(BroadcastOptions opts) {
        List<FetchedSocket> local = localFetch(opts);
        if (opts.local()) {
            return CompletableFuture.completedFuture(local);
        }
        Duration timeout = opts.timeout() != null ? opts.timeout() : options.requestsTimeout();
        return awaitedNodes().thenCompose(awaited -> {
            String requestId = ClusterWire.randomId();
            PendingRequest<FetchedSocket> request =
                    new PendingRequest<>(MessageType.FETCH_SOCKETS, requestId, awaited, local);
            if (!start(request, timeout)) {
                return CompletableFuture.completedFuture(local);
            }
            publish(new ClusterPayload.FetchSockets(opts, requestId));
            return request.future;
        });
    }

    @Override
    public void serverSideEmit(ArrayNode packet) {
        publish(new ClusterPayload.ServerSideEmit(null, packet));
    }

    @Override
    public CompletableFuture<List<JsonNode>> serverSideEmitWithAck(ArrayNode packet, Duration timeout) {
        Duration wait = timeout != null ? timeout : options.requestsTimeout();
        return awaitedNodes().thenCompose(awaited -> {
            String requestId = ClusterWire.randomId();
            PendingRequest<JsonNode> request =
                    new PendingRequest<>(MessageType.SERVER_SIDE_EMIT, requestId, awaited, new ArrayList<>());
            if (!start(request, wait)) {
                return CompletableFuture.completedFuture(new ArrayList<>());
            }
            publish(new ClusterPayload.ServerSideEmit(requestId, packet));
            return request.future;
        });
    }

    /**
     * Whom a request waits for: a number of answers ({@code serverCount() - 1}) here, the set of
     * known node uids in the heartbeat variant.
     */
    CompletableFuture<Awaited> awaitedNodes() {
        return serverCount().thenApply(count -> new Awaited(count - 1, null));
    }

    /** Registers a request and its timeout; false when there is nobody to wait for. */
    private boolean start(PendingRequest<?> request, Duration timeout) {
        if (request.isSatisfied()) {
            return false;
        }
        if (closed) {
            request.future.completeExceptionally(new IllegalStateException("adapter closed"));
            return true;
        }
        requests.put(request.requestId, request);
        request.timer = schedule(() -> request.timeOut(), timeout);
        return true;
    }

    /**
     * Another node left: requests stop waiting for it (heartbeat variant).
     *
     * @param nodeUid the node
     */
    final void forgetNode(String nodeUid) {
        for (PendingRequest<?> request : requests.values()) {
            request.forget(nodeUid);
        }
    }

    private ScheduledFuture<?> schedule(Runnable task, Duration delay) {
        try {
            return options.scheduler().schedule(task, delay.toNanos(), TimeUnit.NANOSECONDS);
        } catch (RejectedExecutionException e) {
            log.warn("[{}] adapter scheduler rejected a timer; running it now", uid);
            task.run();
            return null;
        }
    }

    /**
     * Stops the adapter: pending requests fail with {@link IllegalStateException}, broadcast
     * acknowledgements are no longer forwarded, received messages are ignored. Subclasses
     * unsubscribe from their bus and call this.
     */
    @Override
    public CompletableFuture<Void> close() {
        closed = true;
        for (PendingRequest<?> request : requests.values()) {
            request.fail(new IllegalStateException("adapter of namespace " + host().name() + " closed"));
        }
        ackRequests.clear();
        return CompletableFuture.completedFuture(null);
    }

    /** Whom a request waits for: a count of answers, or (when not null) the set of node uids. */
    record Awaited(int count, Set<String> uids) {}

    private record AckRequest(IntConsumer clientCountCallback, Consumer<JsonNode> ack) {}

    /** A request waiting for answers; its state is guarded by its own monitor. */
    private final class PendingRequest<T> {

        final MessageType type;
        final String requestId;
        final CompletableFuture<List<T>> future = new CompletableFuture<>();
        private final int expected;
        private final Set<String> missing;
        private final Set<String> responded = new HashSet<>();
        private final List<T> results;
        private int received;
        volatile ScheduledFuture<?> timer;
        /** When the request started, for the observer; 0 when none watches. */
        private final long startNanos;

        PendingRequest(MessageType type, String requestId, Awaited awaited, List<T> initial) {
            this.type = type;
            this.requestId = requestId;
            this.expected =
                    awaited.uids() == null ? awaited.count() : awaited.uids().size();
            this.missing = awaited.uids() == null ? null : new HashSet<>(awaited.uids());
            this.results = new ArrayList<>(initial);
            this.startNanos = host().adapterObserver() == AdapterObserver.NONE ? 0 : System.nanoTime();
        }

        /** Tells the observer how long the request took, when one watched it start. */
        private void observeEnd(boolean timedOut) {
            if (startNanos != 0) {
                host().adapterObserver()
                        .onClusterRequest(host().name(), type, System.nanoTime() - startNanos, timedOut);
            }
        }

        synchronized boolean isSatisfied() {
            return missing != null ? missing.isEmpty() : received >= expected;
        }

        void respond(String from, List<T> items) {
            synchronized (this) {
                if (future.isDone()) {
                    return;
                }
                // a node answers once; a duplicate (e.g. a bus delivering twice) must not
                // complete the request early
                if (from != null && !responded.add(from)) {
                    return;
                }
                received++;
                results.addAll(items);
                if (missing != null) {
                    missing.remove(from);
                }
                if (!isSatisfied()) {
                    return;
                }
            }
            complete();
        }

        void forget(String nodeUid) {
            synchronized (this) {
                if (missing == null || future.isDone() || !missing.remove(nodeUid) || !missing.isEmpty()) {
                    return;
                }
            }
            complete();
        }

        private void complete() {
            requests.remove(requestId, this);
            ScheduledFuture<?> t = timer;
            if (t != null) {
                t.cancel(false);
            }
            List<T> snapshot;
            synchronized (this) {
                snapshot = new ArrayList<>(results);
            }
            observeEnd(false);
            future.complete(snapshot);
        }

        void timeOut() {
            String message;
            List<T> partial;
            synchronized (this) {
                if (future.isDone()) {
                    return;
                }
                message = missing != null
                        ? "timeout reached: missing " + missing.size() + " responses"
                        : "timeout reached: only " + received + " responses received out of " + expected;
                partial = new ArrayList<>(results);
            }
            requests.remove(requestId, this);
            log.debug("[{}] {} request {}: {}", uid, type, requestId, message);
            observeEnd(true);
            future.completeExceptionally(new AdapterTimeoutException(message, partial));
        }

        void fail(RuntimeException error) {
            requests.remove(requestId, this);
            ScheduledFuture<?> t = timer;
            if (t != null) {
                t.cancel(false);
            }
            future.completeExceptionally(error);
        }
    }
}
