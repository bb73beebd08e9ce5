package dev.sockeye.server.internal;

import dev.sockeye.core.Packet;
import dev.sockeye.core.PacketType;
import dev.sockeye.core.parser.DecodeException;
import dev.sockeye.core.parser.Decoder;
import dev.sockeye.core.parser.EncodedPacket;
import dev.sockeye.engine.CloseReason;
import dev.sockeye.engine.EngineMessage;
import dev.sockeye.engine.EngineRequest;
import dev.sockeye.engine.EngineSocket;
import dev.sockeye.server.Client;
import dev.sockeye.server.DisconnectReason;
import dev.sockeye.server.SocketIoObserver;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.List;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;

/**
 * One Engine.IO connection and the namespace sockets it carries (Node's {@code Client}). Decodes
 * what the client sends on the engine's thread, checks the protocol state there (so a violation
 * closes the connection before any user code runs), and hands the rest to the sockets' queues.
 */
final class ClientConnection implements Client {
    private static final Logger log = LoggerFactory.getLogger(ClientConnection.class);

    private final DefaultSocketIoServer server;
    private final EngineSocket conn;
    private final Decoder decoder;
    /**
     * Connection-level user code (dynamic namespace matchers) runs here. Made by the first CONNECT that needs it:
     * a connection that only joins namespaces the server has keeps none (64 bytes less).
     */
    private volatile SerialQueue matcherQueue;

    private static final VarHandle MATCHER_QUEUE =
            Shared.varHandle(MethodHandles.lookup(), "matcherQueue", SerialQueue.class);

    private final Object writeLock = new Object();

    // Guarded by "this".
    // A connection has one socket per namespace it joined, usually one: an array searched by name costs it 24 bytes
    // where a HashMap costs 104. The CONNECTs in progress are an array too, rarely of more than one, at most one per
    // namespace, and the shared empty one while none is (an idle connection's ArrayList kept 48 bytes).
    // Both guarded by this.
    private SocketImpl[] nsps = NO_SOCKETS;
    private ConnectAttempt[] pending = NO_ATTEMPTS;
    private static final SocketImpl[] NO_SOCKETS = new SocketImpl[0];
    private static final ConnectAttempt[] NO_ATTEMPTS = new ConnectAttempt[0];
    private boolean closed;
    private ScheduledFuture<?> connectTimer;

    ClientConnection(DefaultSocketIoServer server, EngineSocket conn) {
        this.server = server;
        this.conn = conn;
        this.decoder = server.parser().newDecoder();
    }

    @Override
    public String toString() {
        return "connection " + conn.id();
    }

    void start() {
        synchronized (this) {
            connectTimer = Shared.timers()
                    .schedule(
                            this::onConnectTimeout,
                            server.options().connectTimeout().toMillis(),
                            TimeUnit.MILLISECONDS);
        }
        conn.onClose((reason, description) -> onClose(engineClose(reason)));
        conn.onMessage(new EngineSocket.MessageListener() {
            @Override
            public void onText(String text) {
                onData(text, null);
            }

            @Override
            public void onBinary(byte[] data) {
                onData(null, data);
            }
        });
        if (isV2Client()) {
            // A v2 client joins the main namespace with the connection and never sends a CONNECT for it
            // (Node's onconnection): its middlewares run now, with an empty auth.
            synchronized (this) {
                ConnectAttempt attempt = new ConnectAttempt("/");
                pending = ListSnapshots.with(pending, attempt);
                routeConnect(attempt, server.emptyAuth());
            }
        }
    }

    /**
     * Whether the client is a Socket.IO v2 client: Engine.IO protocol 3 (accepted with {@code allowEIO3}),
     * Socket.IO protocol 4. It is connected to {@code "/"} implicitly, sends its query in the namespace of
     * its CONNECTs ({@link NamespaceUrl}), and gets socket ids and CONNECT answers of that protocol.
     */
    boolean isV2Client() {
        return conn.protocol() == 3;
    }

    /**
     * The id of a new socket of namespace {@code nsp}: random (the engine id is a secret of the
     * connection), except for a v2 client, which computes its socket's id itself from the engine
     * id: {@code <engine id>} in {@code "/"}, {@code <nsp>#<engine id>} elsewhere.
     */
    String newSocketId(String nsp) {
        if (!isV2Client()) {
            return Ids.socketId();
        }
        return "/".equals(nsp) ? conn.id() : nsp + "#" + conn.id();
    }

    @Override
    public String id() {
        return conn.id();
    }

    @Override
    public EngineSocket conn() {
        return conn;
    }

    @Override
    public EngineRequest request() {
        return conn.request();
    }

    DefaultSocketIoServer server() {
        return server;
    }

    /**
     * The client's Engine.IO protocol revision, from the engine: 4, or 3 for the clients that
     * {@code allowEIO3} lets in, which get no connection state recovery.
     */
    int protocol() {
        return conn.protocol();
    }

    private void onConnectTimeout() {
        synchronized (this) {
            if (closed || nsps.length > 0) {
                return;
            }
        }
        log.debug("connection {} joined no namespace in time, closing it", conn.id());
        closeForced();
    }

    private void onData(String text, byte[] binary) {
        Packet packet;
        synchronized (this) {
            if (closed) {
                return;
            }
            try {
                packet = text != null ? decoder.add(text) : decoder.add(binary);
            } catch (DecodeException | RuntimeException e) {
                // Attacker-controlled: debug only. Node closes the engine connection ("forced close").
                log.debug("invalid packet from connection {}: {}", conn.id(), e.getMessage());
                closeWith(DisconnectReason.FORCED_CLOSE);
                return;
            }
            if (packet == null) {
                return;
            }
            if (!dispatch(packet)) {
                log.debug(
                        "invalid state on connection {} (packet type {} for namespace {}), closing it",
                        conn.id(),
                        packet.type(),
                        packet.nsp());
            } else {
                return;
            }
        }
        closeWith(DisconnectReason.FORCED_SERVER_CLOSE);
    }

    /** Routes a decoded packet; false when it violates the protocol state. Called holding the lock. */
    private boolean dispatch(Packet packet) {
        NamespaceUrl url = isV2Client() ? NamespaceUrl.parse(packet.nsp()) : null;
        String nsp = url != null ? url.name() : packet.nsp();
        SocketImpl socket = socketOf(nsp);
        if (packet.type() == PacketType.CONNECT) {
            // A newer CONNECT for the namespace replaces an older one still in progress: see register.
            for (ConnectAttempt older : pending) {
                if (older.nsp.equals(nsp)) {
                    removePending(older);
                }
            }
            ConnectAttempt attempt = new ConnectAttempt(nsp);
            pending = ListSnapshots.with(pending, attempt);
            JsonNode auth = url != null
                    ? url.auth(server.mapper())
                    : packet.data() != null ? packet.data() : server.emptyAuth();
            routeConnect(attempt, auth);
            return true;
        }
        if (socket == null || packet.type() == PacketType.CONNECT_ERROR) {
            return false;
        }
        if (packet.type() == PacketType.DISCONNECT) {
            removeSocket(socket);
        }
        socket.onPacket(packet);
        return true;
    }

    /** Routes a CONNECT to its namespace, or to a parent willing to create it, or refuses it. */
    void routeConnect(ConnectAttempt attempt, JsonNode auth) {
        NamespaceImpl nsp = server.existingNamespace(attempt.nsp);
        if (nsp != null) {
            nsp.connect(this, attempt, auth);
        } else if (!server.hasParentNamespaces()) {
            refuseNamespace(attempt);
        } else {
            routeToParent(attempt, auth);
        }
    }

    /**
     * Asks the parent namespaces for a child to take a CONNECT; their matchers are the
     * application's code, so this runs in the connection's queue.
     */
    void routeToParent(ConnectAttempt attempt, JsonNode auth) {
        matcherQueue().execute(() -> {
            NamespaceImpl child = server.checkNamespace(attempt.nsp, auth);
            if (child == null) {
                refuseNamespace(attempt);
            } else {
                child.connect(this, attempt, auth);
            }
        });
    }

    private SerialQueue matcherQueue() {
        SerialQueue queue = matcherQueue;
        if (queue == null) {
            queue = new SerialQueue(server, this);
            if (!MATCHER_QUEUE.compareAndSet(this, null, queue)) {
                queue = matcherQueue; // another thread's CONNECT made it first
            }
        }
        return queue;
    }

    private void refuseNamespace(ConnectAttempt attempt) {
        if (!connectFailed(attempt)) {
            return;
        }
        write(
                server.parser()
                        .encoder()
                        .encode(new Packet(
                                PacketType.CONNECT_ERROR,
                                attempt.nsp,
                                server.mapper().createObjectNode().put("message", "Invalid namespace"),
                                null)),
                false,
                true);
        server.observers().current().onConnectRefused(attempt.nsp, SocketIoObserver.ConnectRefusal.INVALID_NAMESPACE);
    }

    /**
     * A namespace connection was refused by a middleware or abandoned: the client may try again.
     * False when a newer CONNECT replaced this attempt (or the connection closed): then the client
     * waits for the newer one's answer and must hear nothing of this one. A socket the client
     * connected to the namespace before this attempt leaves: the client's socket is not connected
     * any more once it gets the refusal.
     */
    boolean connectFailed(ConnectAttempt attempt) {
        SocketImpl older;
        synchronized (this) {
            if (!removePending(attempt) || closed) {
                return false;
            }
            older = takeSocket(attempt.nsp);
        }
        closeReplaced(older);
        return true;
    }

    /**
     * Registers a socket that passed its middlewares, before its CONNECT packet goes out, so that
     * the client's next packet finds it. False when the connection closed meanwhile or a newer
     * CONNECT for the namespace replaced this attempt.
     *
     * <p>A socket already connected to the namespace on this connection is replaced: it leaves as if
     * the client had disconnected it ({@code client namespace disconnect}), without a DISCONNECT
     * packet (the client would take it for the new socket). The official client sends a second
     * CONNECT on {@code socket.connect(); socket.disconnect(); socket.connect()} before the first
     * answer (React StrictMode mounts twice on a shared Manager): not connected yet, it sends no
     * DISCONNECT in between, then takes each CONNECT answer as its new id. Node accepts the second
     * CONNECT too but leaves the first socket behind, still in its rooms; here the client ends with
     * exactly one socket. Until the newer socket registers, the client's packets reach the older one.
     */
    boolean register(SocketImpl socket, ConnectAttempt attempt) {
        SocketImpl older;
        synchronized (this) {
            if (!removePending(attempt) || closed) {
                return false;
            }
            older = takeSocket(attempt.nsp);
            nsps = ListSnapshots.with(nsps, socket);
            if (connectTimer != null) {
                connectTimer.cancel(false);
                connectTimer = null;
            }
        }
        closeReplaced(older);
        return true;
    }

    /** Takes {@code attempt} out of the CONNECTs in progress; false when it was not there. Holding this. */
    private boolean removePending(ConnectAttempt attempt) {
        ConnectAttempt[] left = ListSnapshots.without(pending, attempt);
        boolean removed = left != pending;
        pending = left.length == 0 ? NO_ATTEMPTS : left; // the shared empty array, not a new one per connection
        return removed;
    }

    /** Forgets the socket of namespace {@code nsp} and returns it, or null; holding this. */
    private SocketImpl takeSocket(String nsp) {
        SocketImpl socket = socketOf(nsp);
        if (socket != null) {
            removeSocket(socket);
        }
        return socket;
    }

    /** A socket that a newer CONNECT of its client replaced (or left unconnected) leaves; nothing for null. */
    private static void closeReplaced(SocketImpl older) {
        if (older != null) {
            older.onClose(DisconnectReason.CLIENT_NAMESPACE_DISCONNECT);
        }
    }

    /** Forgets a socket that left its namespace. */
    synchronized void remove(SocketImpl socket) {
        removeSocket(socket);
    }

    /** The socket of namespace {@code name}, or null; holding this. */
    private SocketImpl socketOf(String name) {
        for (SocketImpl socket : nsps) {
            if (socket.nsp().name().equals(name)) {
                return socket;
            }
        }
        return null;
    }

    /** Forgets {@code socket} (that very object) if it is there; holding this. */
    private void removeSocket(SocketImpl socket) {
        nsps = ListSnapshots.without(nsps, socket);
    }

    /**
     * Held from a socket's registration to its CONNECT answer (and around a refusal), so that the
     * answers go out in registration order. The write lock: nothing writes while holding this
     * connection's own lock, so the order is always this one, then the connection's.
     */
    Object connectOrder() {
        return writeLock;
    }

    synchronized boolean isClosed() {
        return closed;
    }

    /** Whether the engine connection is open. */
    boolean isOpen() {
        return conn.readyState() == EngineSocket.ReadyState.OPEN && !isClosed();
    }

    /**
     * Writes an encoded packet. The messages of one packet (a binary packet's header and
     * attachments) are never interleaved with another packet's.
     */
    boolean write(EncodedPacket packet, boolean volatileFlag, boolean compress) {
        if (conn.readyState() != EngineSocket.ReadyState.OPEN) {
            return false;
        }
        if (volatileFlag && !conn.isWritable()) {
            return false;
        }
        EngineMessage[] messages = server.engineMessages(packet);
        synchronized (writeLock) {
            boolean ok = true;
            for (EngineMessage message : messages) {
                ok &= conn.send(message, compress);
            }
            return ok;
        }
    }

    /** Closes the whole connection on the server's initiative (Node's {@code client._disconnect} / {@code close}). */
    void closeForced() {
        closeWith(DisconnectReason.FORCED_SERVER_CLOSE);
    }

    /** Disconnects every socket of the connection, then closes it ({@code socket.disconnect(true)}). */
    void disconnectAll() {
        List<SocketImpl> sockets;
        synchronized (this) {
            sockets = List.of(nsps);
        }
        for (SocketImpl socket : sockets) {
            socket.disconnect(false);
        }
        closeForced();
    }

    private void closeWith(DisconnectReason reason) {
        // The sockets learn the reason first: the engine may report its own close ("forced close")
        // synchronously from close(), and that one is then ignored.
        onClose(reason);
        conn.close();
    }

    /** The Socket.IO reason for an engine close reason: the same reason, spelled the same, as in Node. */
    private static DisconnectReason engineClose(CloseReason reason) {
        return switch (reason) {
            case TRANSPORT_CLOSE -> DisconnectReason.TRANSPORT_CLOSE;
            case TRANSPORT_ERROR -> DisconnectReason.TRANSPORT_ERROR;
            case PARSE_ERROR -> DisconnectReason.PARSE_ERROR;
            case PING_TIMEOUT -> DisconnectReason.PING_TIMEOUT;
            case FORCED_CLOSE -> DisconnectReason.FORCED_CLOSE;
            case SERVER_SHUTTING_DOWN -> DisconnectReason.SERVER_SHUTTING_DOWN;
        };
    }

    /** The engine connection closed (or we close it): every socket disconnects with {@code reason}. */
    void onClose(DisconnectReason reason) {
        List<SocketImpl> sockets;
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            if (connectTimer != null) {
                connectTimer.cancel(false);
                connectTimer = null;
            }
            sockets = List.of(nsps);
            nsps = NO_SOCKETS;
            pending = NO_ATTEMPTS;
            decoder.destroy();
        }
        server.removeClient(this);
        for (SocketImpl socket : sockets) {
            socket.onClose(reason);
        }
    }

    /** One CONNECT in progress: compared by identity, so that a newer CONNECT for the same namespace replaces it. */
    static final class ConnectAttempt {
        final String nsp;

        ConnectAttempt(String nsp) {
            this.nsp = nsp;
        }
    }
}
