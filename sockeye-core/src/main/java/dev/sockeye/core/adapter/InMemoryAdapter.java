package dev.sockeye.core.adapter;

import dev.sockeye.core.Packet;
import dev.sockeye.core.adapter.internal.ReadOnlySetMapView;
import dev.sockeye.core.adapter.internal.SmallIdSet;
import dev.sockeye.core.parser.EncodedPacket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CopyOnWriteArraySet;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import java.util.function.IntConsumer;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.NullNode;

/**
 * The default adapter: rooms of this node only, in two maps (socket id → rooms, room → socket
 * ids), Node's in-memory {@code Adapter}. Without a cluster, {@code serverCount()} is 1,
 * {@code serverSideEmit} goes nowhere and {@code serverSideEmitWithAck} completes with no answers.
 *
 * <h2>Thread-safety</h2>
 * Both maps are concurrent; their sets are immutable snapshots while small (replaced on each change) and
 * concurrent sets beyond; a socket's rooms keep the order it joined them in. Changes ({@link #addAll}, {@link #del},
 * {@link #delAll}) are serialised by one lock, which also orders the room events; reads
 * (broadcasts, {@link #sockets}, {@link #fetchSockets}, the views) take no lock and see each
 * set in a weakly consistent way: a socket joining or leaving during a broadcast may or may not
 * get it, every other one gets it exactly once. A broadcast first collects its recipients, then
 * calls them without any lock held, so sockets may call back into the adapter.
 *
 * <p>Subclass it to add a cluster ({@code ClusterAdapter}) or recovery support.
 */
public class InMemoryAdapter implements Adapter {

    private static final Logger log = LoggerFactory.getLogger(InMemoryAdapter.class);

    private final NamespaceHost host;
    /**
     * Sets up to this size are {@link SmallIdSet}s, replaced on each change; larger ones are concurrent sets changed
     * in place. Most sets are small: each socket's own room has one member, most sockets are in a few rooms.
     */
    private static final int SMALL_SET = 8;

    private final ConcurrentHashMap<String, Set<String>> rooms = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, Set<String>> sids = new ConcurrentHashMap<>();
    private final Map<String, Set<String>> roomsView = new ReadOnlySetMapView(rooms);
    private final Map<String, Set<String>> sidsView = new ReadOnlySetMapView(sids);
    private final ReentrantLock writeLock = new ReentrantLock();
    private final List<AdapterListener> listeners = new CopyOnWriteArrayList<>();

    /**
     * Creates the adapter of a namespace.
     *
     * @param host the namespace
     */
    public InMemoryAdapter(NamespaceHost host) {
        this.host = host;
    }

    /**
     * The factory of in-memory adapters, the server's default.
     *
     * @return the factory
     */
    public static AdapterFactory factory() {
        return InMemoryAdapter::new;
    }

    /**
     * The namespace this adapter serves.
     *
     * @return the host
     */
    protected final NamespaceHost host() {
        return host;
    }

    @Override
    public CompletableFuture<Void> init() {
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public CompletableFuture<Void> close() {
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public CompletableFuture<Integer> serverCount() {
        return CompletableFuture.completedFuture(1);
    }

    @Override
    public void addAll(String id, Collection<String> newRooms) {
        writeLock.lock();
        try {
            // in join order, as Node's Set: delAll leaves (and fires leave-room) in that order
            Set<String> own = sids.get(id);
            if (own == null) {
                own = SmallIdSet.EMPTY;
                sids.put(id, own);
            }
            for (String room : newRooms) {
                if (!own.contains(room)) {
                    own = plus(own, room, CopyOnWriteArraySet::new);
                    sids.put(id, own);
                }
                Set<String> members = rooms.get(room);
                if (members == null) {
                    // the room of the socket's own id, joined first: its members and the socket's rooms are both
                    // {id}, one immutable set for the two maps (either is replaced, not changed, when it grows)
                    boolean ownRoom = room.equals(id) && own.size() == 1 && own instanceof SmallIdSet;
                    rooms.put(room, ownRoom ? own : SmallIdSet.of(id));
                    fire(l -> l.onCreateRoom(room));
                    fire(l -> l.onJoinRoom(room, id));
                } else if (!members.contains(id)) {
                    rooms.put(room, plus(members, id, ConcurrentHashMap::newKeySet));
                    fire(l -> l.onJoinRoom(room, id));
                }
            }
        } finally {
            writeLock.unlock();
        }
    }

    /**
     * {@code set} with {@code id} added: a new small set while it stays small, else a concurrent set (made by
     * {@code large}, from then on changed in place). The caller holds the write lock and stores the result.
     */
    private static Set<String> plus(Set<String> set, String id, Supplier<Set<String>> large) {
        if (set instanceof SmallIdSet small) {
            if (small.size() < SMALL_SET) {
                return small.plus(id);
            }
            Set<String> grown = large.get();
            grown.addAll(small);
            set = grown;
        }
        set.add(id);
        return set;
    }

    /** {@code set} without {@code id}: a new small set, or the concurrent set changed in place. */
    private static Set<String> minus(Set<String> set, String id) {
        if (set instanceof SmallIdSet small) {
            return small.minus(id);
        }
        set.remove(id);
        return set;
    }

    @Override
    public void del(String id, String room) {
        writeLock.lock();
        try {
            Set<String> own = sids.get(id);
            if (own != null && own.contains(room)) {
                sids.put(id, minus(own, room));
            }
            removeFromRoom(room, id);
        } finally {
            writeLock.unlock();
        }
    }

    @Override
    public void delAll(String id) {
        writeLock.lock();
        try {
            Set<String> own = sids.remove(id);
            if (own != null) {
                for (String room : own) {
                    removeFromRoom(room, id);
                }
            }
        } finally {
            writeLock.unlock();
        }
    }

    private void removeFromRoom(String room, String id) {
        Set<String> members = rooms.get(room);
        if (members == null || !members.contains(id)) {
            return;
        }
        Set<String> rest = minus(members, id);
        rooms.put(room, rest);
        fire(l -> l.onLeaveRoom(room, id));
        if (rest.isEmpty() && rooms.remove(room, rest)) {
            fire(l -> l.onDeleteRoom(room));
        }
    }

    private void fire(Consumer<AdapterListener> event) {
        for (AdapterListener listener : listeners) {
            try {
                event.accept(listener);
            } catch (RuntimeException e) {
                log.warn("adapter listener of namespace {} failed", host.name(), e);
            }
        }
    }

    @Override
    public boolean broadcast(Packet packet, BroadcastOptions opts) {
        Packet withNsp = packet.withNsp(host.name());
        EncodedPacket encoded = host.encoder().encode(withNsp);
        Delivery delivery = new Delivery();
        host.deliver(() -> {
            for (LocalSocket socket : targets(opts)) {
                try {
                    socket.notifyOutgoing(withNsp);
                    delivery.allTaken &= socket.write(encoded, opts.isVolatile(), opts.compress());
                    delivery.count++;
                } catch (RuntimeException e) {
                    delivery.allTaken = false;
                    log.warn("broadcast to socket {} failed", socket.id(), e);
                }
            }
        });
        host.adapterObserver().onBroadcastDelivered(host.name(), delivery.count);
        return delivery.allTaken;
    }

    /** What a broadcast's loop over its recipients counted, run inside {@link NamespaceHost#deliver}. */
    private static final class Delivery {
        int count;
        boolean allTaken = true;
    }

    @Override
    public void broadcastWithAck(
            Packet packet, BroadcastOptions opts, IntConsumer clientCountCallback, Consumer<JsonNode> ackCallback) {
        long ackId = host.nextAckId();
        Packet withId = packet.withNsp(host.name()).withId(ackId);
        EncodedPacket encoded = host.encoder().encode(withId);
        Duration timeout = opts.timeout();
        Delivery delivery = new Delivery();
        host.deliver(() -> {
            for (LocalSocket socket : targets(opts)) {
                try {
                    // registered before the write, so that a fast answer finds its callback
                    socket.registerAck(ackId, timeout, args -> ackCallback.accept(firstArgument(args)));
                    socket.notifyOutgoing(withId);
                    socket.write(encoded, opts.isVolatile(), opts.compress());
                    delivery.count++;
                } catch (RuntimeException e) {
                    log.warn("broadcast to socket {} failed", socket.id(), e);
                }
            }
        });
        host.adapterObserver().onBroadcastDelivered(host.name(), delivery.count);
        clientCountCallback.accept(delivery.count);
    }

    /**
     * The first element of an ACK data array, the only answer forwarded across nodes.
     *
     * @param args the ACK data (normally an array)
     * @return its first element, or {@code NullNode} when there is none
     */
    protected static JsonNode firstArgument(JsonNode args) {
        if (args == null || !args.isArray() || args.isEmpty()) {
            return NullNode.getInstance();
        }
        return args.get(0);
    }

    @Override
    public CompletableFuture<Set<String>> sockets(Set<String> targetRooms) {
        Set<String> ids = new HashSet<>();
        for (LocalSocket socket : targets(BroadcastOptions.toRooms(targetRooms))) {
            ids.add(socket.id());
        }
        return CompletableFuture.completedFuture(ids);
    }

    @Override
    public Set<String> socketRooms(String id) {
        Set<String> own = sids.get(id);
        return own == null ? Set.of() : Collections.unmodifiableSet(new LinkedHashSet<>(own));
    }

    @Override
    public CompletableFuture<List<FetchedSocket>> fetchSockets(BroadcastOptions opts) {
        return CompletableFuture.completedFuture(localFetch(opts));
    }

    /**
     * The matching sockets of this node, for {@link #fetchSockets}.
     *
     * @param opts the targets
     * @return a new mutable list
     */
    protected final List<FetchedSocket> localFetch(BroadcastOptions opts) {
        List<LocalSocket> sockets = targets(opts);
        List<FetchedSocket> result = new ArrayList<>(sockets.size());
        for (LocalSocket socket : sockets) {
            result.add(new FetchedSocket.Local(socket));
        }
        return result;
    }

    @Override
    public void addSockets(BroadcastOptions opts, Collection<String> newRooms) {
        List<String> copy = List.copyOf(newRooms);
        for (LocalSocket socket : targets(opts)) {
            safely(socket, () -> socket.join(copy));
        }
    }

    @Override
    public void delSockets(BroadcastOptions opts, Collection<String> oldRooms) {
        List<String> copy = List.copyOf(oldRooms);
        for (LocalSocket socket : targets(opts)) {
            safely(socket, () -> copy.forEach(socket::leave));
        }
    }

    @Override
    public void disconnectSockets(BroadcastOptions opts, boolean close) {
        for (LocalSocket socket : targets(opts)) {
            safely(socket, () -> socket.disconnect(close));
        }
    }

    private static void safely(LocalSocket socket, Runnable action) {
        try {
            action.run();
        } catch (RuntimeException e) {
            log.warn("adapter operation on socket {} failed", socket.id(), e);
        }
    }

    @Override
    public void serverSideEmit(ArrayNode packet) {
        log.debug("serverSideEmit on namespace {} without a cluster: nobody to send to", host.name());
    }

    @Override
    public CompletableFuture<List<JsonNode>> serverSideEmitWithAck(ArrayNode packet, Duration timeout) {
        return CompletableFuture.completedFuture(new ArrayList<>());
    }

    @Override
    public Map<String, Set<String>> rooms() {
        return roomsView;
    }

    @Override
    public Map<String, Set<String>> sids() {
        return sidsView;
    }

    @Override
    public void addListener(AdapterListener listener) {
        listeners.add(listener);
    }

    @Override
    public void removeListener(AdapterListener listener) {
        listeners.remove(listener);
    }

    /**
     * The sockets of this node matched by the options: the union of the rooms (or everyone),
     * each once, minus the sockets of the except rooms. Sockets the host no longer knows are
     * skipped. Takes no lock.
     *
     * @param opts the targets
     * @return a new list, in no particular order
     */
    protected final List<LocalSocket> targets(BroadcastOptions opts) {
        Set<String> excluded = exceptIds(opts.except());
        Set<String> targetRooms = opts.rooms();
        List<LocalSocket> result;
        if (targetRooms.isEmpty()) {
            result = new ArrayList<>(sids.size());
            for (String id : sids.keySet()) {
                addIfPresent(result, id, excluded);
            }
        } else if (targetRooms.size() == 1) {
            // one room: its set has no duplicates, no need to track what was seen
            Set<String> members = rooms.get(targetRooms.iterator().next());
            result = new ArrayList<>(members == null ? 0 : members.size());
            if (members != null) {
                for (String id : members) {
                    addIfPresent(result, id, excluded);
                }
            }
        } else {
            result = new ArrayList<>();
            Set<String> seen = new HashSet<>();
            for (String room : targetRooms) {
                Set<String> members = rooms.get(room);
                if (members == null) {
                    continue;
                }
                for (String id : members) {
                    if (seen.add(id)) {
                        addIfPresent(result, id, excluded);
                    }
                }
            }
        }
        return result;
    }

    private void addIfPresent(List<LocalSocket> result, String id, Set<String> excluded) {
        if (excluded.contains(id)) {
            return;
        }
        LocalSocket socket = host.socket(id);
        if (socket != null) {
            result.add(socket);
        }
    }

    private Set<String> exceptIds(Set<String> exceptRooms) {
        if (exceptRooms.isEmpty()) {
            return Set.of();
        }
        Set<String> ids = new HashSet<>();
        for (String room : exceptRooms) {
            Set<String> members = rooms.get(room);
            if (members != null) {
                ids.addAll(members);
            }
        }
        return ids;
    }
}
