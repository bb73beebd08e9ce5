package dev.sockeye.server.internal;

import dev.sockeye.core.Packet;
import dev.sockeye.core.PacketType;
import dev.sockeye.core.adapter.BroadcastOptions;
import dev.sockeye.core.adapter.ConnectionStateRecovery;
import dev.sockeye.core.adapter.LocalSocket;
import dev.sockeye.core.adapter.Session;
import dev.sockeye.core.adapter.SessionToPersist;
import dev.sockeye.core.adapter.SocketDetails;
import dev.sockeye.core.parser.EncodedPacket;
import dev.sockeye.core.parser.PacketData;
import dev.sockeye.server.AckCallback;
import dev.sockeye.server.AnyListener;
import dev.sockeye.server.Args;
import dev.sockeye.server.BroadcastOperator;
import dev.sockeye.server.Client;
import dev.sockeye.server.DisconnectHandler;
import dev.sockeye.server.DisconnectReason;
import dev.sockeye.server.Handshake;
import dev.sockeye.server.Namespace;
import dev.sockeye.server.Socket;
import dev.sockeye.server.SocketDisconnectedException;
import dev.sockeye.server.SocketEmitter;
import dev.sockeye.server.internal.PendingAcks.PendingAck;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A client in one namespace: the user's {@link Socket} and the adapter's {@link LocalSocket}. This class
 * holds the socket's lifecycle (connect, incoming packets, disconnect), its rooms and what it emits;
 * the listeners are registered in {@link SocketListeners}, the emits waiting for an ACK in
 * {@link PendingAcks}.
 */
final class SocketImpl extends SocketListeners implements LocalSocket {
    private static final Logger log = LoggerFactory.getLogger(SocketImpl.class);

    private final NamespaceImpl nsp;
    private final ClientConnection client;
    private final String id;
    /**
     * The private session id of connection state recovery: a bearer credential, never logged nor
     * shown by {@link #toString()}; {@code null} while recovery is off and for Engine.IO 3 clients.
     */
    private final String pid;

    private final boolean recovered;
    /** When the socket was created, in milliseconds since the epoch: the handshake's {@code issued}. */
    private final long issued;
    /** The auth the socket connected with, without a recovery pid: what {@link #handshake()} is made of. */
    private final JsonNode auth;
    /**
     * {@link #handshake()}, made on first read: most applications never read a socket's handshake, which would
     * otherwise cost every socket about 110 bytes (the record and its two lazy maps) for as long as it lives.
     */
    private volatile Handshake handshake;

    private static final VarHandle HANDSHAKE = Shared.varHandle(MethodHandles.lookup(), "handshake", Handshake.class);
    private final ObjectMapper mapper;
    final SerialQueue queue;
    /** {@link #data()}, made on first use (most sockets never store anything). */
    private volatile Map<String, Object> data;

    private volatile boolean connected;
    /** Set once the socket starts disconnecting; from then on it joins no room and registers no ack. */
    private volatile boolean closing;

    private static final VarHandle CLOSING = Shared.varHandle(MethodHandles.lookup(), "closing", boolean.class);
    /** Set once the socket left its rooms for good (disconnected, or refused before connecting); from then on join does nothing. */
    private volatile boolean roomsLeft;
    /** Last ack id of a direct emit; guarded by the namespace's ack-id lock. */
    long lastAckId;

    /** Emits waiting for the client's ACK; made by the first emit with an ack (most sockets never make one). */
    private volatile PendingAcks acks;

    /**
     * A new socket, or with {@code session} a recovered one: it takes the session's id, pid and
     * data; {@link #restore} then puts it back in its rooms.
     */
    SocketImpl(NamespaceImpl nsp, ClientConnection client, JsonNode auth, Session session) {
        this.nsp = nsp;
        this.client = client;
        this.mapper = client.server().mapper();
        if (session != null) {
            this.id = session.state().sid();
            this.pid = session.state().pid();
            this.recovered = true;
            this.data = restoredData(session.state().data());
        } else {
            this.id = client.newSocketId(nsp.name());
            boolean withPid = nsp.recovery() != null && client.protocol() != Recovery.PROTOCOL_WITHOUT_RECOVERY;
            this.pid = withPid ? Ids.socketId() : null;
            this.recovered = false;
        }
        this.issued = System.currentTimeMillis();
        this.auth = Recovery.withoutPid(auth);
        this.queue = new SerialQueue(client.server(), this);
    }

    /** The {@code data} of a recovered socket, as JSON values. */
    private Map<String, Object> restoredData(JsonNode stored) {
        if (stored == null || !stored.isObject() || stored.isEmpty()) {
            return null;
        }
        Map<String, Object> map = Collections.synchronizedMap(new LinkedHashMap<>());
        for (Map.Entry<String, JsonNode> e : stored.properties()) {
            map.put(e.getKey(), mapper.treeToValue(e.getValue(), Object.class));
        }
        return map;
    }

    /**
     * Puts a recovered socket back in its rooms, then sends the packets it missed, oldest first,
     * before its CONNECT reply (the client emits them before its {@code connect} event, as after
     * Node's recovery). Called while the namespace holds back its recoverable broadcasts, so that
     * every later one reaches the socket live.
     */
    void restore(Session session) {
        join(session.state().rooms());
        for (JsonNode missed : session.missedPackets()) {
            client.write(encode(Packet.event(nsp.name(), missed)), false, true);
        }
    }

    /**
     * The state to keep for recovery, with the rooms the socket had.
     *
     * @param rooms its rooms (own id included), taken before it left them
     */
    SessionToPersist session(Set<String> rooms) {
        JsonNode stored;
        try {
            stored = dataTree();
        } catch (RuntimeException e) {
            log.warn(
                    "data of socket {} could not be kept for recovery (not serialisable): recovered without it", id, e);
            stored = mapper.createObjectNode();
        }
        return new SessionToPersist(id, pid, rooms, stored);
    }

    // ---- identity

    @Override
    public String id() {
        return id;
    }

    @Override
    public Handshake handshake() {
        Handshake current = handshake;
        if (current != null) {
            return current;
        }
        Handshake made = Handshakes.build(client.request(), auth, issued);
        Handshake witness = (Handshake) HANDSHAKE.compareAndExchange(this, null, made);
        return witness == null ? made : witness; // another thread made it first: every caller gets that one
    }

    @Override
    public Map<String, Object> data() {
        Map<String, Object> map = data;
        return map != null ? map : makeData();
    }

    private synchronized Map<String, Object> makeData() {
        if (data == null) {
            data = Collections.synchronizedMap(new LinkedHashMap<>());
        }
        return data;
    }

    private PendingAcks acks() {
        PendingAcks pending = acks;
        return pending != null ? pending : makeAcks();
    }

    private synchronized PendingAcks makeAcks() {
        if (acks == null) {
            acks = new PendingAcks(observers(), nsp.name());
        }
        return acks;
    }

    @Override
    public Namespace nsp() {
        return nsp;
    }

    NamespaceImpl namespace() {
        return nsp;
    }

    ClientConnection clientConnection() {
        return client;
    }

    @Override
    public Client client() {
        return client;
    }

    @Override
    public boolean connected() {
        return connected;
    }

    @Override
    public boolean recovered() {
        return recovered;
    }

    @Override
    public Set<String> rooms() {
        return nsp.adapter().socketRooms(id);
    }

    @Override
    public String toString() {
        return "Socket[" + id + " " + nsp.name() + "]";
    }

    // ---- lifecycle

    /**
     * Called in the socket's queue once the middlewares agreed and the client registered it: joins
     * the socket's own room and sends the CONNECT reply ({@code {"sid":…}}, with recovery on
     * {@code {"sid":…,"pid":…}}); false when the reply could not go out.
     */
    boolean onConnect() {
        connected = true;
        observers().current().onSocketConnect(this);
        join(id);
        // A v2 client knows its id already (ClientConnection.newSocketId) and expects no payload.
        ObjectNode reply =
                client.isV2Client() ? null : mapper.createObjectNode().put("sid", id);
        if (reply != null && pid != null) {
            reply.put("pid", pid);
        }
        return client.write(encode(new Packet(PacketType.CONNECT, nsp.name(), reply, null)), false, true);
    }

    /** A packet for this socket, on the engine's thread; user code is queued, never run here. */
    void onPacket(Packet packet) {
        switch (packet.type()) {
            case EVENT, BINARY_EVENT -> {
                JsonNode array = packet.data();
                String event = array.get(0).asString();
                List<JsonNode> args = new ArrayList<>(array.size() - 1);
                for (int i = 1; i < array.size(); i++) {
                    args.add(array.get(i));
                }
                Long ackId = packet.id();
                observers().current().onEventReceived(this, event);
                queue.execute(() -> IncomingEvent.run(this, event, new Args(args, mapper), ackId), event);
            }
            case ACK, BINARY_ACK -> {
                PendingAcks pending = acks;
                if (pending == null || !pending.complete(packet.id(), packet.data())) {
                    log.debug("socket {}: ack {} matches no pending emit, ignored", id, packet.id());
                }
            }
            case DISCONNECT -> onClose(DisconnectReason.CLIENT_NAMESPACE_DISCONNECT);
            default -> log.debug("socket {}: unexpected packet type {}", id, packet.type());
        }
    }

    /**
     * Disconnects with {@code reason}: {@code disconnecting} handlers (rooms intact), leave every
     * room, pending acks fail, {@code disconnect} handlers. Once; the work runs in the socket's queue.
     */
    void onClose(DisconnectReason reason) {
        if (CLOSING.compareAndSet(this, false, true)) {
            closeClaimed(reason);
        }
    }

    /** The rest of {@link #onClose}, for the caller that won {@code closing}. */
    private void closeClaimed(DisconnectReason reason) {
        client.remove(this);
        queue.execute(() -> {
            if (connected) {
                observers().current().onSocketDisconnect(this, reason);
            }
            for (DisconnectHandler handler : disconnectingHandlers()) {
                safely(() -> handler.onDisconnect(reason), "disconnecting handler");
            }
            boolean keep = pid != null && connected && Recovery.keepsSession(reason);
            Set<String> lastRooms = keep ? rooms() : Set.of();
            leaveAllRooms();
            if (keep) {
                // Once the socket left its rooms: a recovered socket with the same id may come right
                // after, and this one's cleanup must not touch its rooms. (Leaving the namespace
                // removes this very object only.)
                nsp.persistSession(session(lastRooms));
            }
            nsp.removeSocket(this);
            connected = false;
            failAcks(reason);
            for (DisconnectHandler handler : disconnectHandlers()) {
                safely(() -> handler.onDisconnect(reason), "disconnect handler");
            }
        });
    }

    private void failAcks(DisconnectReason reason) {
        PendingAcks pending = acks;
        if (pending != null) {
            pending.failAll(new SocketDisconnectedException(reason.wire()));
        }
    }

    /**
     * Does nothing unless the socket is connected, as in Node: in a connect middleware the socket is
     * not connected yet (a middleware refuses with {@code next.fail}).
     */
    @Override
    public void disconnect(boolean close) {
        if (closing || !connected) {
            return;
        }
        if (close) {
            client.disconnectAll();
        } else if (CLOSING.compareAndSet(this, false, true)) {
            // Claim the close before the DISCONNECT goes out: the client answers it by closing its
            // transport, and that close, seen on an I/O thread, must not win with "transport close".
            client.write(encode(new Packet(PacketType.DISCONNECT, nsp.name(), null, null)), false, true);
            closeClaimed(DisconnectReason.SERVER_NAMESPACE_DISCONNECT);
        }
    }

    // ---- rooms

    @Override
    public void join(Collection<String> rooms) {
        if (roomsLeft) {
            return;
        }
        nsp.adapter().addAll(id, rooms);
        if (roomsLeft) {
            // Another thread made the socket leave its rooms while this join ran (a disconnect racing
            // with socketsJoin or a join from another socket's handler): undo it, whichever came first.
            nsp.adapter().delAll(id);
        }
    }

    /**
     * Leaves every room for good: on disconnection, and when a socket that never connected is
     * dropped (refused by a middleware, replaced by a newer CONNECT, its connection gone), so that
     * rooms joined in a connect middleware keep no ghost member (Node's {@code _cleanup}).
     */
    void leaveAllRooms() {
        roomsLeft = true; // before delAll: a join that missed the flag sees it after its addAll (see join)
        nsp.adapter().delAll(id);
    }

    @Override
    public void leave(String room) {
        nsp.adapter().del(id, room);
    }

    // ---- emitting

    @Override
    public boolean emit(String event, Object... args) {
        return emit(Flags.NONE, event, args);
    }

    @Override
    public boolean emit(String event, AckCallback ack, Object... args) {
        return emit(Flags.NONE, event, ack, args);
    }

    @Override
    public <T> CompletableFuture<T> emitWithAck(String event, Class<T> responseType, Object... args) {
        return emitWithAck(Flags.NONE, event, responseType, args);
    }

    @Override
    public SocketEmitter timeout(Duration timeout) {
        return new FlaggedEmitter(this, Flags.NONE.withTimeout(timeout));
    }

    @Override
    public SocketEmitter compress(boolean compress) {
        return new FlaggedEmitter(this, Flags.NONE.withCompress(compress));
    }

    @Override
    public SocketEmitter asVolatile() {
        return new FlaggedEmitter(this, Flags.NONE.withVolatile());
    }

    /** An emit whose last argument may be the ack (Node's convention). */
    boolean emit(Flags flags, String event, Object[] args) {
        AckCallback ack = EmitArgs.trailingAck(args, AckCallback.class);
        return emit(flags, event, ack, ack == null ? args : EmitArgs.withoutLast(args));
    }

    boolean emit(Flags flags, String event, AckCallback callback, Object[] args) {
        Reserved.checkEmit(event);
        EmitArgs.checkValues(args, AckCallback.class);
        return emit(flags, event, args, callback == null ? null : PendingAcks.callingBack(this, callback));
    }

    <T> CompletableFuture<T> emitWithAck(Flags flags, String event, Class<T> type, Object[] args) {
        Reserved.checkEmit(event);
        EmitArgs.checkValues(args, AckCallback.class);
        CompletableFuture<T> future = new CompletableFuture<>();
        emit(
                flags,
                event,
                args,
                PendingAcks.completing(future, type, client.server().executor(), mapper));
        return future;
    }

    @SuppressWarnings("unchecked")
    static <T> T bind(Args args, Class<T> type) {
        if (type == Args.class) {
            return (T) args;
        }
        return args.get(0, type);
    }

    private boolean emit(Flags flags, String event, Object[] args, PendingAck ack) {
        Reserved.checkEmit(event);
        ArrayNode array = PacketData.eventData(mapper, event, args);
        Long ackId = null;
        if (ack != null) {
            ackId = nsp.nextDirectAckId(this);
            register(ackId, ack, flags.timeout());
        }
        Packet packet = new Packet(PacketType.EVENT, nsp.name(), array, ackId);
        if (pid != null && connected) {
            BroadcastOptions toSelf = BroadcastOptions.toRooms(List.of(id))
                    .withVolatile(flags.isVolatile())
                    .withCompress(flags.compress());
            if (ConnectionStateRecovery.isRecoverable(packet, toSelf)) {
                // As Node with recovery on: through the adapter, which gives the packet its offset and
                // keeps it, so that it is replayed if the connection drops before the client gets it.
                nsp.broadcast(packet, toSelf);
                return client.isOpen();
            }
        }
        notifyOutgoing(packet);
        observers().current().onEventSent(this, event);
        return client.write(encode(packet), flags.isVolatile(), flags.compress());
    }

    private void register(long ackId, PendingAck ack, Duration timeout) {
        PendingAcks pending = acks();
        pending.register(ackId, ack, timeout);
        if (closing && !connected) {
            // Registered after the socket went away: fail it now rather than never.
            pending.fail(ackId, new SocketDisconnectedException("socket already disconnected"));
        }
    }

    static List<JsonNode> elements(JsonNode array) {
        if (array == null || !array.isArray()) {
            return List.of();
        }
        List<JsonNode> list = new ArrayList<>(array.size());
        for (JsonNode node : array) {
            list.add(node);
        }
        return list;
    }

    ObjectMapper mapper() {
        return mapper;
    }

    private Observers observers() {
        return client.server().observers();
    }

    EncodedPacket encode(Packet packet) {
        return client.server().parser().encoder().encode(packet);
    }

    // ---- LocalSocket (used by the adapter)

    @Override
    public boolean write(EncodedPacket packet, boolean volatileFlag, boolean compress) {
        return client.write(packet, volatileFlag, compress);
    }

    @Override
    public void notifyOutgoing(Packet packet) {
        if (anyOutgoingListeners().isEmpty()
                || packet.data() == null
                || !packet.data().isArray()) {
            return;
        }
        List<JsonNode> all = elements(packet.data());
        String event = all.isEmpty() ? "" : all.get(0).asString();
        Args args = new Args(all.isEmpty() ? all : all.subList(1, all.size()), mapper);
        for (AnyListener listener : anyOutgoingListeners()) {
            safely(() -> listener.onEvent(event, args), "outgoing catch-all listener");
        }
    }

    @Override
    public void registerAck(long ackId, Duration timeout, Consumer<JsonNode> callback) {
        register(ackId, PendingAcks.forBroadcast(callback), timeout);
    }

    @Override
    public SocketDetails details() {
        return new SocketDetails(id, mapper.valueToTree(handshake()), rooms(), dataTree());
    }

    /** A snapshot of {@link #data()} as a JSON object. */
    private JsonNode dataTree() {
        Map<String, Object> snapshot = new LinkedHashMap<>();
        Map<String, Object> stored = data;
        if (stored != null) {
            synchronized (stored) {
                snapshot.putAll(stored);
            }
        }
        return mapper.valueToTree(snapshot);
    }

    // ---- broadcasting from this socket

    /** Every socket of the namespace but this one: where {@link Socket}'s {@code to}, {@code except} and {@code local} start. */
    @Override
    public BroadcastOperator broadcast() {
        return new Operator(nsp, BroadcastOptions.all().except(id).withBroadcast(true));
    }

    void safely(ThrowingRunnable action, String what) {
        try {
            action.run();
        } catch (Exception e) {
            failed(what, e);
        }
    }

    /** Logs that user code of this socket threw ({@code what}: which code); the socket goes on. */
    void failed(String what, Exception e) {
        log.warn("{} of socket {} failed", what, id, e);
    }

    /** User code that may throw. */
    @FunctionalInterface
    interface ThrowingRunnable {
        void run() throws Exception;
    }
}
