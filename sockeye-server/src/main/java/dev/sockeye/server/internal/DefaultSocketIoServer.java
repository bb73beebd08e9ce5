package dev.sockeye.server.internal;

import dev.sockeye.core.adapter.AdapterFactory;
import dev.sockeye.core.adapter.ConnectionStateRecovery;
import dev.sockeye.core.adapter.InMemoryAdapter;
import dev.sockeye.core.adapter.InMemorySessionStore;
import dev.sockeye.core.adapter.SessionAwareAdapter;
import dev.sockeye.core.parser.EncodedPacket;
import dev.sockeye.core.parser.JsonParser;
import dev.sockeye.core.parser.Parser;
import dev.sockeye.engine.EngineMessage;
import dev.sockeye.engine.EngineServer;
import dev.sockeye.engine.EngineSocket;
import dev.sockeye.server.BroadcastOperator;
import dev.sockeye.server.DisconnectReason;
import dev.sockeye.server.Namespace;
import dev.sockeye.server.NamespaceHandler;
import dev.sockeye.server.NamespaceMatcher;
import dev.sockeye.server.SocketIoObserver;
import dev.sockeye.server.SocketIoOptions;
import dev.sockeye.server.SocketIoServer;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.node.ObjectNode;

/** The {@link SocketIoServer} implementation. */
public final class DefaultSocketIoServer implements SocketIoServer, ForwardingBroadcastOperator {
    private static final Logger log = LoggerFactory.getLogger(DefaultSocketIoServer.class);

    private final SocketIoOptions options;
    private final ObjectMapper mapper;
    /** The auth of every CONNECT that sent none ({@code {}}): one node that cannot take fields, shared. */
    private final ObjectNode emptyAuth;

    private final Parser parser;
    private final Executor executor;
    /** Hands the socket queues to {@link #executor}, those that one I/O pass made ready together in one task. */
    private final HandlerDispatcher dispatcher;
    /** Reports handlers that run longer than {@code slowHandlerThreshold}; null when that is zero. */
    private final HandlerWatch handlerWatch;

    private final AdapterFactory adapterFactory;
    /** Connection state recovery, or null when off. */
    private final ConnectionStateRecovery recovery;

    private final InvalidArgumentLog invalidArguments = new InvalidArgumentLog();
    private final Observers observers = new Observers();
    private final Map<String, NamespaceImpl> nsps = new ConcurrentHashMap<>();
    private final List<ParentNamespaceImpl> parents = new CopyOnWriteArrayList<>();
    private final List<NamespaceHandler> newNamespaceHandlers = new CopyOnWriteArrayList<>();
    private final Set<ClientConnection> clients = ConcurrentHashMap.newKeySet();
    private final Object lock = new Object();
    private final NamespaceImpl main;
    private int parentCount;
    private volatile EngineServer engine;
    private volatile boolean closed;
    /** How long {@link #closeAsync()} waits for the adapters before it closes the connections anyway. */
    private static final long ADAPTER_CLOSE_TIMEOUT_SECONDS = 5;

    private final List<AttachedServer> attached = new CopyOnWriteArrayList<>();
    /** Completed once everything is closed; the same for every {@link #closeAsync()} call. */
    private final CompletableFuture<Void> closedFuture = new CompletableFuture<>();

    private final SharedEngineMessages sharedEngineMessages = new SharedEngineMessages();

    /**
     * A server with these options; see {@link SocketIoServer#builder()}.
     *
     * @param options the options
     */
    public DefaultSocketIoServer(SocketIoOptions options) {
        this.options = Objects.requireNonNull(options, "options");
        this.mapper = options.jsonMapper() != null ? options.jsonMapper() : JsonParser.defaultMapper();
        this.emptyAuth = Handshakes.emptyAuth(mapper);
        this.parser = options.parser() != null ? options.parser() : new JsonParser(mapper);
        this.executor = options.handlerExecutor() != null ? options.handlerExecutor() : Shared.handlers();
        this.dispatcher = new HandlerDispatcher(executor, Shared.timers());
        this.handlerWatch = HandlerWatch.of(options.slowHandlerThreshold(), Shared.timers());
        this.recovery = options.connectionStateRecovery().orElse(null);
        this.adapterFactory = options.adapter() != null
                ? options.adapter()
                : recovery != null
                        ? SessionAwareAdapter.factory(new InMemorySessionStore(recovery))
                        : InMemoryAdapter.factory();
        this.main = new NamespaceImpl(this, "/");
        nsps.put("/", main);
    }

    // ---- internals

    ObjectMapper mapper() {
        return mapper;
    }

    /** The auth of a CONNECT that sent none, {@code {}}; the same node for every socket. */
    ObjectNode emptyAuth() {
        return emptyAuth;
    }

    Parser parser() {
        return parser;
    }

    Executor executor() {
        return executor;
    }

    HandlerDispatcher dispatcher() {
        return dispatcher;
    }

    /** The slow-handler watch of this server's queues, or null when turned off. */
    HandlerWatch handlerWatch() {
        return handlerWatch;
    }

    AdapterFactory adapterFactory() {
        return adapterFactory;
    }

    /** Connection state recovery, or null when off. */
    ConnectionStateRecovery recovery() {
        return recovery;
    }

    InvalidArgumentLog invalidArguments() {
        return invalidArguments;
    }

    Observers observers() {
        return observers;
    }

    NamespaceImpl existingNamespace(String name) {
        return nsps.get(name);
    }

    /** Names of the dynamic namespaces created by clients' CONNECTs, counted against the cap, oldest first. */
    private final java.util.Set<String> clientCreatedChildren = new java.util.LinkedHashSet<>();

    boolean hasParentNamespaces() {
        return !parents.isEmpty();
    }

    void removeClient(ClientConnection client) {
        clients.remove(client);
    }

    boolean removeNamespace(NamespaceImpl nsp) {
        synchronized (lock) {
            boolean removed = nsps.remove(nsp.name(), nsp);
            if (removed) {
                clientCreatedChildren.remove(nsp.name());
            }
            return removed;
        }
    }

    /** The engine messages of a packet, the same for every member of a broadcast; see {@link SharedEngineMessages}. */
    EngineMessage[] engineMessages(EncodedPacket packet) {
        return sharedEngineMessages.of(packet);
    }

    /**
     * Finds a parent namespace willing to create {@code name} (Node's {@code _checkNamespace}); runs
     * user matchers, so it is called in the connection's queue.
     */
    NamespaceImpl checkNamespace(String name, JsonNode auth) {
        for (ParentNamespaceImpl parent : parents) {
            boolean allowed;
            try {
                allowed = parent.matcher().matches(name, auth);
            } catch (Exception e) {
                log.warn("namespace matcher of {} failed for {}", parent.name(), name, e);
                allowed = false;
            }
            if (allowed) {
                return childOf(parent, name);
            }
        }
        return null;
    }

    private NamespaceImpl childOf(ParentNamespaceImpl parent, String name) {
        NamespaceImpl child;
        NamespaceImpl evicted = null;
        synchronized (lock) {
            NamespaceImpl existing = nsps.get(name);
            if (existing != null) {
                return existing; // created in the meantime
            }
            if (clientCreatedChildren.size() >= options.maxChildNamespaces()) {
                // clients choose these names: without a cap any client could create namespaces
                // (each with its adapter) until memory runs out; but an empty one holds no place,
                // or one client could use the cap up for everyone for good
                evicted = retireOldestEmptyChild();
                if (evicted == null) {
                    log.debug(
                            "refused namespace {}: {} dynamic namespaces, none of them empty (maxChildNamespaces)",
                            name,
                            clientCreatedChildren.size());
                    return null;
                }
            }
            child = parent.createChild(name);
            nsps.put(name, child);
            clientCreatedChildren.add(name);
        }
        if (evicted != null) {
            log.debug("removed the empty dynamic namespace {} to make room for {}", evicted.name(), name);
            evicted.parent.forgetChild(evicted);
        }
        fireNewNamespace(child);
        return child;
    }

    /** Retires and unlists the oldest client-created namespace that is empty; null when all are in use. Holding the lock. */
    private NamespaceImpl retireOldestEmptyChild() {
        for (String name : clientCreatedChildren) {
            NamespaceImpl candidate = nsps.get(name);
            if (candidate != null && candidate.retireIfEmpty()) {
                clientCreatedChildren.remove(name);
                nsps.remove(name, candidate);
                return candidate;
            }
        }
        return null;
    }

    private void fireNewNamespace(Namespace nsp) {
        for (NamespaceHandler handler : newNamespaceHandlers) {
            try {
                handler.onNamespace(nsp);
            } catch (Exception e) {
                log.warn("new namespace handler failed for {}", nsp.name(), e);
            }
        }
    }

    // ---- SocketIoServer

    @Override
    public SocketIoOptions options() {
        return options;
    }

    @Override
    public EngineServer engine() {
        EngineServer e = engine;
        if (e == null) {
            synchronized (lock) {
                if (engine == null) {
                    EngineServer created = EngineServer.create(options.engineOptions());
                    created.onConnection(this::accept);
                    engine = created;
                }
                e = engine;
            }
        }
        return e;
    }

    @Override
    public SocketIoServer bind(EngineServer value) {
        Objects.requireNonNull(value, "engine");
        synchronized (lock) {
            engine = value;
        }
        value.onConnection(this::accept);
        return this;
    }

    @Override
    public void accept(EngineSocket conn) {
        if (closed) {
            conn.close();
            return;
        }
        ClientConnection client = new ClientConnection(this, conn);
        clients.add(client);
        client.start();
    }

    @Override
    public Namespace sockets() {
        return main;
    }

    @Override
    public Collection<Namespace> namespaces() {
        return List.copyOf(nsps.values());
    }

    @Override
    public Namespace of(String name) {
        Objects.requireNonNull(name, "name");
        String n = name.startsWith("/") ? name : "/" + name;
        NamespaceImpl nsp = nsps.get(n);
        if (nsp != null) {
            return nsp;
        }
        NamespaceImpl created;
        synchronized (lock) {
            nsp = nsps.get(n);
            if (nsp != null) {
                return nsp;
            }
            ParentNamespaceImpl regexParent = null;
            for (ParentNamespaceImpl parent : parents) {
                if (parent.matcher() instanceof RegexMatcher) {
                    try {
                        if (parent.matcher().matches(n, null)) {
                            regexParent = parent;
                            break;
                        }
                    } catch (Exception impossible) {
                        throw new IllegalStateException(impossible);
                    }
                }
            }
            created = regexParent != null ? regexParent.createChild(n) : new NamespaceImpl(this, n);
            nsps.put(n, created);
        }
        fireNewNamespace(created);
        return created;
    }

    @Override
    public Namespace of(Pattern regex) {
        return parent(new RegexMatcher(Objects.requireNonNull(regex, "regex")));
    }

    @Override
    public Namespace of(NamespaceMatcher matcher) {
        return parent(Objects.requireNonNull(matcher, "matcher"));
    }

    private Namespace parent(NamespaceMatcher matcher) {
        synchronized (lock) {
            ParentNamespaceImpl parent = new ParentNamespaceImpl(this, "/_" + parentCount++, matcher);
            parents.add(parent);
            return parent;
        }
    }

    /** A regex parent: {@code find()}, like JavaScript's {@code RegExp.test}. */
    private record RegexMatcher(Pattern regex) implements NamespaceMatcher {
        @Override
        public boolean matches(String name, JsonNode auth) {
            return regex.matcher(name).find();
        }
    }

    @Override
    public SocketIoServer onNewNamespace(NamespaceHandler handler) {
        newNamespaceHandlers.add(Objects.requireNonNull(handler, "handler"));
        return this;
    }

    @Override
    public SocketIoServer addObserver(SocketIoObserver observer) {
        observers.add(observer);
        return this;
    }

    @Override
    public SocketIoServer removeObserver(SocketIoObserver observer) {
        observers.remove(observer);
        return this;
    }

    @Override
    public SocketIoServer attach(AttachedServer server) {
        attached.add(Objects.requireNonNull(server, "server"));
        if (closed) {
            server.close(); // attached too late for closeAsync, which may have passed it by
        }
        return this;
    }

    @Override
    public void close() {
        closeAsync().join();
    }

    @Override
    public CompletableFuture<Void> closeAsync() {
        synchronized (lock) {
            if (closed) {
                return closedFuture;
            }
            closed = true;
        }
        if (handlerWatch != null) {
            handlerWatch.close();
        }
        List<CompletableFuture<Void>> adapters = new ArrayList<>();
        for (NamespaceImpl nsp : nsps.values()) {
            for (SocketImpl socket : new ArrayList<>(nsp.connectedSockets())) {
                socket.onClose(DisconnectReason.SERVER_SHUTTING_DOWN);
            }
            adapters.add(nsp.adapterClose());
        }
        for (ParentNamespaceImpl parent : parents) {
            adapters.add(parent.adapterClose());
        }
        // as Node: the adapters, then the engine, then the HTTP servers
        CompletableFuture.allOf(adapters.toArray(new CompletableFuture<?>[0]))
                .orTimeout(ADAPTER_CLOSE_TIMEOUT_SECONDS, TimeUnit.SECONDS)
                .exceptionally(e -> {
                    log.warn("some adapters did not close cleanly", e);
                    return null;
                })
                .thenCompose(ignored -> {
                    closeConnections();
                    return closeAttached();
                })
                .whenComplete((ignored, e) -> {
                    if (e != null) {
                        log.warn("closing the server failed", e);
                    }
                    closedFuture.complete(null);
                });
        return closedFuture;
    }

    /** The engine's sessions and every client connection, with reason {@code server shutting down}. */
    private void closeConnections() {
        EngineServer e = engine;
        if (e != null) {
            e.close();
        }
        for (ClientConnection client : new ArrayList<>(clients)) {
            client.onClose(DisconnectReason.SERVER_SHUTTING_DOWN);
            client.conn().close();
        }
    }

    private CompletableFuture<Void> closeAttached() {
        List<CompletableFuture<Void>> closing = new ArrayList<>();
        for (AttachedServer server : attached) {
            try {
                closing.add(server.close());
            } catch (RuntimeException e) {
                log.warn("an attached server failed to close", e);
            }
        }
        return CompletableFuture.allOf(closing.toArray(new CompletableFuture<?>[0]));
    }

    // ---- BroadcastOperator: the main namespace (ForwardingBroadcastOperator)

    @Override
    public BroadcastOperator broadcastTarget() {
        return main;
    }
}
