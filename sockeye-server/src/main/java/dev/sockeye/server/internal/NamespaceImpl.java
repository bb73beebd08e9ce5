package dev.sockeye.server.internal;

import dev.sockeye.core.Packet;
import dev.sockeye.core.PacketType;
import dev.sockeye.core.adapter.Adapter;
import dev.sockeye.core.adapter.AdapterObserver;
import dev.sockeye.core.adapter.AdapterTimeoutException;
import dev.sockeye.core.adapter.BroadcastOptions;
import dev.sockeye.core.adapter.ConnectionStateRecovery;
import dev.sockeye.core.adapter.FetchedSocket;
import dev.sockeye.core.adapter.LocalSocket;
import dev.sockeye.core.adapter.NamespaceHost;
import dev.sockeye.core.adapter.Session;
import dev.sockeye.core.adapter.SessionToPersist;
import dev.sockeye.core.parser.Encoder;
import dev.sockeye.core.parser.PacketData;
import dev.sockeye.engine.spi.HandOffBatch;
import dev.sockeye.server.AckTimeoutException;
import dev.sockeye.server.Args;
import dev.sockeye.server.BroadcastAckCallback;
import dev.sockeye.server.BroadcastOperator;
import dev.sockeye.server.ConnectError;
import dev.sockeye.server.ConnectMiddleware;
import dev.sockeye.server.ConnectionHandler;
import dev.sockeye.server.EventHandlers;
import dev.sockeye.server.Namespace;
import dev.sockeye.server.Socket;
import dev.sockeye.server.SocketIoObserver;
import dev.sockeye.server.SocketIoServer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import java.util.function.IntConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/** A namespace: the user's {@link Namespace} and the adapter's {@link NamespaceHost}. */
class NamespaceImpl implements Namespace, NamespaceHost, ForwardingBroadcastOperator {
    private static final Logger log = LoggerFactory.getLogger(NamespaceImpl.class);
    /** The connect_error message of a middleware that failed with anything but a {@link ConnectError}. */
    static final String SERVER_ERROR = "server error";

    protected final DefaultSocketIoServer server;
    private final String name;
    private final Adapter adapter;
    private final CompletableFuture<Void> adapterReady;
    private final Map<String, SocketImpl> sockets = new ConcurrentHashMap<>();
    private final Map<String, Socket> socketsView = Collections.unmodifiableMap(sockets);
    /**
     * Recovered sockets between their restore and their CONNECT reply: back in their rooms, so
     * the adapter reaches them (what it sends then reaches the client before the reply, which
     * the client buffers), but not yet in {@link #sockets()}.
     */
    private final Map<String, SocketImpl> recovering = new ConcurrentHashMap<>();
    /**
     * With recovery on, held by each recoverable broadcast and by each restore up to the moment the
     * recovered socket is back in its rooms: no broadcast falls between the missed packets and the
     * live ones.
     */
    private final ReentrantLock recoveryOrder = new ReentrantLock();

    final List<ConnectMiddleware> middlewares = new CopyOnWriteArrayList<>();
    final List<ConnectionHandler> connectionHandlers = new CopyOnWriteArrayList<>();
    private final Map<String, List<EventHandlers.Raw>> serverSideHandlers = new ConcurrentHashMap<>();
    /** Server-side events from other nodes are handled here, in arrival order. */
    private final SerialQueue queue;
    /** Set for a child of a parent namespace. */
    volatile ParentNamespaceImpl parent;
    /**
     * CONNECTs being answered (routed here, reply not sent yet), or {@link #RETIRED} once a dynamic
     * child was removed: a socket never lands in a removed namespace (see {@link #retireIfEmpty}).
     */
    private final AtomicInteger connectsInProgress = new AtomicInteger();

    private static final int RETIRED = -1;

    // Ack ids, guarded by ackLock; see nextDirectAckId.
    private final Object ackLock = new Object();
    private long lastBroadcastAckId;
    private long maxDirectAckId;

    NamespaceImpl(DefaultSocketIoServer server, String name) {
        this.server = server;
        this.name = name;
        this.queue = new SerialQueue(server, "namespace " + name);
        this.adapter = createAdapter();
        CompletableFuture<Void> ready;
        try {
            ready = adapter.init();
        } catch (RuntimeException e) {
            ready = CompletableFuture.failedFuture(e);
        }
        this.adapterReady = ready.exceptionally(e -> {
            log.error("adapter of namespace {} failed to start", name, e);
            return null;
        });
    }

    /** The adapter of this namespace; a parent namespace overrides it with a socket-less one. */
    protected Adapter createAdapter() {
        return server.adapterFactory().create(this);
    }

    // ---- NamespaceHost

    @Override
    public String name() {
        return name;
    }

    @Override
    public Encoder encoder() {
        return server.parser().encoder();
    }

    @Override
    public LocalSocket socket(String id) {
        SocketImpl socket = sockets.get(id);
        return socket != null ? socket : recovering.get(id);
    }

    /**
     * The members' frames are handed to their connections' I/O threads in one task per thread once the loop is done
     * ({@link HandOffBatch}), rather than one task per member: the broadcast runs on a handler thread, and each
     * member's channel would otherwise be woken on its own.
     */
    @Override
    public void deliver(Runnable writes) {
        HandOffBatch.run(writes);
    }

    @Override
    public Optional<ConnectionStateRecovery> connectionStateRecovery() {
        return Optional.ofNullable(recovery());
    }

    /** Connection state recovery, or null when off. */
    ConnectionStateRecovery recovery() {
        return server.recovery();
    }

    /**
     * Ack id of a broadcast. Broadcast ids are above every direct id handed out so far, and direct
     * ids of a socket above every broadcast id so far, so the two never collide on a socket while
     * each socket's direct ids still start at 1.
     */
    @Override
    public long nextAckId() {
        synchronized (ackLock) {
            lastBroadcastAckId = Math.max(lastBroadcastAckId, maxDirectAckId) + 1;
            return lastBroadcastAckId;
        }
    }

    /** Ack id of a direct emit on {@code socket}; see {@link #nextAckId()}. */
    long nextDirectAckId(SocketImpl socket) {
        synchronized (ackLock) {
            long id = Math.max(socket.lastAckId, lastBroadcastAckId) + 1;
            socket.lastAckId = id;
            maxDirectAckId = Math.max(maxDirectAckId, id);
            return id;
        }
    }

    @Override
    public void onServerSideEmit(ArrayNode packet, Consumer<JsonNode> ack) {
        if (packet == null || packet.isEmpty() || !packet.get(0).isString()) {
            return;
        }
        String event = packet.get(0).asString();
        if (Reserved.isServerSideReserved(event)) {
            log.debug("server-side event with reserved name {} ignored", event);
            return;
        }
        List<JsonNode> args = new ArrayList<>(packet.size() - 1);
        for (int i = 1; i < packet.size(); i++) {
            args.add(packet.get(i));
        }
        Args arguments = new Args(args, mapper());
        AtomicBoolean answered = new AtomicBoolean();
        dev.sockeye.server.Ack answer = new dev.sockeye.server.Ack() {
            @Override
            public void send(Object... values) {
                if (ack != null && answered.compareAndSet(false, true)) {
                    ack.accept(values.length == 0 ? mapper().nullNode() : PacketData.toNode(mapper(), values[0]));
                }
            }

            @Override
            public boolean expected() {
                return ack != null;
            }
        };
        List<EventHandlers.Raw> list = serverSideHandlers.get(event);
        if (list == null) {
            return;
        }
        for (EventHandlers.Raw handler : list) {
            queue.execute(() -> {
                try {
                    handler.handle(arguments, answer);
                } catch (Exception e) {
                    log.warn("server-side handler of event '{}' on {} failed", event, name, e);
                }
            });
        }
    }

    @Override
    public AdapterObserver adapterObserver() {
        Observers observers = server.observers();
        // adapters skip their measuring for AdapterObserver.NONE itself
        return observers.active() ? observers.current() : AdapterObserver.NONE;
    }

    // ---- internals used by sockets, clients and operators

    Observers observers() {
        return server.observers();
    }

    ObjectMapper mapper() {
        return server.mapper();
    }

    Executor executor() {
        return server.executor();
    }

    @Override
    public Adapter adapter() {
        return adapter;
    }

    CompletableFuture<Void> adapterClose() {
        try {
            return adapter.close();
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    Collection<SocketImpl> connectedSockets() {
        return sockets.values();
    }

    /**
     * A client asked to join this namespace: restore its session if it asks for one and recovery
     * is on, then run the middlewares (unless a recovered socket skips them) in the socket's queue.
     */
    void connect(ClientConnection client, ClientConnection.ConnectAttempt attempt, JsonNode auth) {
        if (connectsInProgress.getAndUpdate(n -> n == RETIRED ? n : n + 1) == RETIRED) {
            // a dynamic child removed between the lookup and now: a fresh one of the same name takes it
            client.routeToParent(attempt, auth);
            return;
        }
        Runnable start = () -> {
            if (recovery() != null
                    && client.protocol() != Recovery.PROTOCOL_WITHOUT_RECOVERY
                    && Recovery.requested(auth)) {
                restoreThenConnect(client, attempt, auth);
            } else {
                startConnect(client, attempt, auth, null);
            }
        };
        if (adapterReady.isDone()) {
            start.run();
        } else {
            adapterReady.thenRun(start);
        }
    }

    /**
     * Asks the adapter for the session; whatever goes wrong gives a new session. A store that answers
     * at once is answered within {@link #recoveryOrder}, so that the socket is back in its rooms
     * before the next recoverable broadcast.
     */
    private void restoreThenConnect(ClientConnection client, ClientConnection.ConnectAttempt attempt, JsonNode auth) {
        String pid = auth.get("pid").asString();
        String offset = auth.get("offset").asString();
        CompletableFuture<Session> restoring;
        recoveryOrder.lock();
        try {
            restoring = restoreSession(pid, offset);
            if (restoring.isDone()) {
                startConnect(client, attempt, auth, restoring.join());
                return;
            }
        } finally {
            recoveryOrder.unlock();
        }
        restoring.thenAccept(session -> {
            recoveryOrder.lock();
            try {
                startConnect(client, attempt, auth, session);
            } finally {
                recoveryOrder.unlock();
            }
        });
    }

    /**
     * The adapter's restore, its failures logged and turned into "no session" (never shown to the
     * client, which gets a new session); never completes exceptionally.
     */
    private CompletableFuture<Session> restoreSession(String pid, String offset) {
        CompletableFuture<Session> future;
        try {
            future = adapter.restoreSession(pid, offset);
        } catch (RuntimeException e) {
            future = CompletableFuture.failedFuture(e);
        }
        if (future == null) {
            return CompletableFuture.completedFuture(null);
        }
        return future.exceptionally(e -> {
            // never the pid: it is a credential
            log.warn(
                    "adapter of namespace {} failed to restore a session; the client gets a new one: {}",
                    name,
                    e.toString());
            return null;
        });
    }

    /** Creates the socket (restored when {@code session} is not null) and runs its middlewares. */
    private void startConnect(
            ClientConnection client, ClientConnection.ConnectAttempt attempt, JsonNode auth, Session session) {
        SocketImpl socket = new SocketImpl(this, client, auth, session);
        if (session != null) {
            log.debug(
                    "socket {} of namespace {} recovered with {} missed packets",
                    socket.id(),
                    name,
                    session.missedPackets().size());
            recovering.put(socket.id(), socket);
            socket.restore(session);
            if (recovery().skipMiddlewares()) {
                socket.queue.execute(() -> finishConnect(socket, attempt, null));
                return;
            }
        }
        socket.queue.execute(() -> runMiddlewares(socket, attempt, List.copyOf(middlewares), 0));
    }

    /** Keeps the session of a socket that disconnected for a recoverable reason; a failure is logged, never thrown. */
    void persistSession(SessionToPersist session) {
        try {
            adapter.persistSession(session);
        } catch (RuntimeException e) {
            log.warn("adapter of namespace {} failed to keep the session of socket {}", name, session.sid(), e);
        }
    }

    /**
     * A socket that does not connect after all leaves the rooms it joined (in a middleware, or its
     * recovered ones). A recovered socket whose connection closed before its CONNECT reply keeps
     * its session again: the client never learnt of the recovery and will ask for it again.
     */
    private void dropUnconnected(SocketImpl socket, boolean connectionGone) {
        SessionToPersist again = connectionGone && socket.recovered() ? socket.session(socket.rooms()) : null;
        socket.leaveAllRooms();
        recovering.remove(socket.id(), socket);
        if (again != null) {
            persistSession(again);
        }
    }

    private void runMiddlewares(
            SocketImpl socket, ClientConnection.ConnectAttempt attempt, List<ConnectMiddleware> chain, int index) {
        if (index == chain.size()) {
            finishConnect(socket, attempt, null);
            return;
        }
        Continuation next = new Continuation(socket.queue, error -> {
            if (error != null) {
                finishConnect(socket, attempt, error);
            } else {
                runMiddlewares(socket, attempt, chain, index + 1);
            }
        });
        try {
            chain.get(index).handle(socket, next);
        } catch (Exception e) {
            next.fail(e);
        }
    }

    private void finishConnect(SocketImpl socket, ClientConnection.ConnectAttempt attempt, Exception error) {
        boolean connected;
        try {
            // A connection's CONNECT answers go out in the order their sockets registered: the answer of
            // a socket that a newer CONNECT replaced never follows its replacement's.
            synchronized (socket.clientConnection().connectOrder()) {
                connected = answerConnect(socket, attempt, error);
            }
        } finally {
            connectsInProgress.updateAndGet(n -> n == RETIRED ? n : n - 1);
        }
        if (!connected) {
            return;
        }
        for (ConnectionHandler handler : connectionHandlers) {
            socket.safely(() -> handler.onConnection(socket), "connection handler");
        }
    }

    /**
     * Registers the socket and answers CONNECT, or answers CONNECT_ERROR; whether the socket connected.
     * A socket that does not connect (refused, replaced by a newer CONNECT, its connection gone) first
     * leaves the rooms a middleware made it join, so that they keep no ghost member.
     */
    private boolean answerConnect(SocketImpl socket, ClientConnection.ConnectAttempt attempt, Exception error) {
        ClientConnection client = socket.clientConnection();
        if (!client.isOpen()) {
            dropUnconnected(socket, true);
            client.connectFailed(attempt);
            return false; // the connection closed while the middlewares were deciding
        }
        if (error != null) {
            dropUnconnected(socket, false);
            if (!client.connectFailed(attempt)) {
                return false; // a newer CONNECT replaced this one: the client waits for that one's answer
            }
            String message;
            JsonNode data = null;
            if (error instanceof ConnectError refusal) {
                message = refusal.getMessage() == null ? "" : refusal.getMessage();
                if (refusal.data() != null) {
                    data = PacketData.toNode(mapper(), refusal.data());
                }
            } else {
                // Not a refusal but a failure: its text is internal (Node would send err.message), so
                // the log gets the stack and the client a generic message.
                log.warn(
                        "connect middleware of namespace {} failed for socket {}; the client gets \"{}\"",
                        name,
                        socket.id(),
                        SERVER_ERROR,
                        error);
                message = SERVER_ERROR;
            }
            client.write(
                    encoder()
                            .encode(new Packet(
                                    PacketType.CONNECT_ERROR, name, refusal(client.isV2Client(), message, data), null)),
                    false,
                    true);
            server.observers()
                    .current()
                    .onConnectRefused(
                            name,
                            error instanceof ConnectError
                                    ? SocketIoObserver.ConnectRefusal.MIDDLEWARE
                                    : SocketIoObserver.ConnectRefusal.SERVER_ERROR);
            return false;
        }
        if (!client.register(socket, attempt)) {
            dropUnconnected(socket, false);
            return false;
        }
        sockets.put(socket.id(), socket);
        recovering.remove(socket.id(), socket);
        // false when the connection closed between register() and the reply: the client never saw this
        // socket, so neither do the connection handlers; its queued onClose cleans it up.
        return socket.onConnect();
    }

    /**
     * The payload of a middleware's refusal: {@code {"message", "data"?}}, which the client's
     * {@code connect_error} handler gets. A v2 client's {@code error} handler gets the data alone, or
     * the message when there is no data or it is falsy in JavaScript (Node's {@code err.data || err.message}).
     */
    private JsonNode refusal(boolean v2Client, String message, JsonNode data) {
        if (v2Client) {
            return isTruthy(data) ? data : mapper().getNodeFactory().stringNode(message);
        }
        ObjectNode body = mapper().createObjectNode().put("message", message);
        if (data != null) {
            body.set("data", data);
        }
        return body;
    }

    /** Whether a JSON value is truthy in JavaScript: not null, false, 0 or "". */
    private static boolean isTruthy(JsonNode value) {
        if (value == null || value.isNull()) {
            return false;
        }
        if (value.isBoolean()) {
            return value.booleanValue();
        }
        if (value.isNumber()) {
            return value.doubleValue() != 0;
        }
        return !value.isString() || !value.stringValue().isEmpty();
    }

    /** A socket left; a dynamic child may go away with its last socket. */
    void removeSocket(SocketImpl socket) {
        sockets.remove(socket.id(), socket);
        ParentNamespaceImpl p = parent;
        if (p != null && server.options().cleanupEmptyChildNamespaces() && retireIfEmpty()) {
            p.removeChild(this);
        }
    }

    /**
     * Marks this namespace retired when it holds no socket and no CONNECT is being answered: from
     * then on a CONNECT routed to it goes to a fresh namespace of the same name instead. Only for
     * dynamic children, which are removed once retired.
     *
     * @return whether it is retired now (false: in use, or retired already)
     */
    boolean retireIfEmpty() {
        if (!sockets.isEmpty() || !connectsInProgress.compareAndSet(0, RETIRED)) {
            return false;
        }
        // no socket can join once retired; one may have joined just before
        if (!sockets.isEmpty()) {
            connectsInProgress.set(0);
            return false;
        }
        return true;
    }

    /** The adapter's answer: false when a socket of this server that the packet was for did not take it. */
    boolean broadcast(Packet packet, BroadcastOptions opts) {
        if (recovery() == null || !ConnectionStateRecovery.isRecoverable(packet, opts)) {
            return adapter.broadcast(packet, opts);
        }
        recoveryOrder.lock();
        try {
            return adapter.broadcast(packet, opts);
        } finally {
            recoveryOrder.unlock();
        }
    }

    void broadcastWithAck(Packet packet, BroadcastOptions opts, IntConsumer clientCount, Consumer<JsonNode> ack) {
        adapter.broadcastWithAck(packet, opts, clientCount, ack);
    }

    CompletableFuture<Integer> serverCount() {
        return adapter.serverCount();
    }

    CompletableFuture<List<FetchedSocket>> fetchSockets(BroadcastOptions opts) {
        return adapter.fetchSockets(opts);
    }

    void addSockets(BroadcastOptions opts, Collection<String> rooms) {
        adapter.addSockets(opts, rooms);
    }

    void delSockets(BroadcastOptions opts, Collection<String> rooms) {
        adapter.delSockets(opts, rooms);
    }

    void disconnectSockets(BroadcastOptions opts, boolean close) {
        adapter.disconnectSockets(opts, close);
    }

    /**
     * The ids of {@link #fetchSockets}, so that the whole cluster answers (unless local): Node's
     * {@code allSockets()} asks {@code adapter.sockets()}, which its current Redis and cluster
     * adapters answer from the local node only, though its documentation promises every node.
     */
    CompletableFuture<Set<String>> allSockets(BroadcastOptions opts) {
        return fetchSockets(opts).thenApply(sockets -> {
            Set<String> ids = new LinkedHashSet<>();
            for (FetchedSocket socket : sockets) {
                ids.add(socket.id());
            }
            return ids;
        });
    }

    private Operator operator() {
        return new Operator(this, BroadcastOptions.all());
    }

    // ---- Namespace

    @Override
    public SocketIoServer server() {
        return server;
    }

    @Override
    public Map<String, Socket> sockets() {
        return socketsView;
    }

    @Override
    public Namespace use(ConnectMiddleware middleware) {
        middlewares.add(middleware);
        return this;
    }

    @Override
    public Namespace onConnection(ConnectionHandler handler) {
        connectionHandlers.add(handler);
        return this;
    }

    @Override
    public Namespace on(String event, EventHandlers.Raw handler) {
        Reserved.checkServerSideListen(event);
        serverSideHandlers
                .computeIfAbsent(event, k -> new CopyOnWriteArrayList<>())
                .add(handler);
        return this;
    }

    @Override
    public void serverSideEmit(String event, Object... args) {
        BroadcastAckCallback ack = EmitArgs.trailingAck(args, BroadcastAckCallback.class);
        if (ack != null) {
            serverSideEmit(event, ack, EmitArgs.withoutLast(args));
            return;
        }
        Reserved.checkServerSide(event);
        adapter.serverSideEmit(PacketData.eventData(mapper(), event, args));
    }

    @Override
    public void serverSideEmit(String event, BroadcastAckCallback ack, Object... args) {
        serverSideEmit(event, null, ack, args);
    }

    /** A server-side emit with an ack; a null {@code timeout} is the adapter's default. */
    private void serverSideEmit(String event, Duration timeout, BroadcastAckCallback ack, Object[] args) {
        Reserved.checkServerSide(event);
        EmitArgs.checkValues(args, BroadcastAckCallback.class);
        Objects.requireNonNull(ack, "ack");
        adapter.serverSideEmitWithAck(PacketData.eventData(mapper(), event, args), timeout)
                .whenComplete((responses, error) -> executor().execute(() -> {
                    Throwable cause =
                            error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
                    List<JsonNode> received = responses != null ? responses : List.of();
                    if (cause instanceof AdapterTimeoutException expired) {
                        List<JsonNode> partial = new ArrayList<>();
                        for (Object o : expired.partialResults()) {
                            if (o instanceof JsonNode node) {
                                partial.add(node);
                            }
                        }
                        received = partial;
                        cause = new AckTimeoutException(partial);
                    }
                    try {
                        ack.onAck(cause, received);
                    } catch (Exception e) {
                        log.warn("serverSideEmit ack callback on {} failed", name, e);
                    }
                }));
    }

    @Override
    public <T> CompletableFuture<List<T>> serverSideEmitWithAck(String event, Class<T> responseType, Object... args) {
        return serverSideEmitWithAck(event, null, responseType, args);
    }

    @Override
    public <T> CompletableFuture<List<T>> serverSideEmitWithAck(
            String event, Duration timeout, Class<T> responseType, Object... args) {
        if (timeout != null && (timeout.isNegative() || timeout.isZero())) {
            throw new IllegalArgumentException("timeout must be positive: " + timeout);
        }
        CompletableFuture<List<T>> future = new CompletableFuture<>();
        serverSideEmit(
                event,
                timeout,
                AckResponses.completing(future, response -> mapper().treeToValue(response, responseType)),
                args);
        return future;
    }

    @Override
    public BroadcastOperator broadcastTarget() {
        return operator();
    }

    @Override
    public String toString() {
        return "Namespace[" + name + "]";
    }
}
