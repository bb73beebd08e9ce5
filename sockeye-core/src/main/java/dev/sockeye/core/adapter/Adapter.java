package dev.sockeye.core.adapter;

import dev.sockeye.core.Packet;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import java.util.function.IntConsumer;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;

/**
 * Keeps the rooms of one namespace and reaches its sockets: Node's {@code socket.io-adapter}
 * {@code Adapter}. The default, {@link InMemoryAdapter}, knows this node only; a cluster adapter
 * ({@code dev.sockeye.core.adapter.cluster.ClusterAdapter}) forwards the cluster-aware
 * operations to the other nodes, unless the options carry the {@code local} flag.
 *
 * <h2>How the server uses it</h2>
 * <ul>
 *   <li>On connect the socket joins its own room: {@code addAll(id, Set.of(id))}; {@code join}
 *       and {@code leave} call {@link #addAll} and {@link #del}; after {@code disconnecting},
 *       {@link #delAll}.</li>
 *   <li>{@code io.to(room).emit(…)} calls {@link #broadcast}; with an ack,
 *       {@link #broadcastWithAck} together with {@link #serverCount()}: the broadcast is complete
 *       when {@code clientCountCallback} was called {@code serverCount} times and as many acks
 *       arrived as the counts add up to.</li>
 *   <li>{@code fetchSockets}, {@code socketsJoin}, {@code socketsLeave}, {@code disconnectSockets}
 *       and {@code serverSideEmit} map to the methods of the same meaning.</li>
 * </ul>
 *
 * <h2>Threads</h2>
 * Every method may be called from any thread. Implementations call {@link LocalSocket} and
 * {@link NamespaceHost} methods without holding their own locks, and call callbacks
 * ({@code clientCountCallback}, {@code ackCallback}, futures) from whichever thread produced the
 * result (the caller's, a socket's, a cluster bus thread, or the adapter's timer thread when a
 * request times out): callers hand off if they must, and never block there.
 */
public interface Adapter {

    /**
     * Starts the adapter (subscribes to the cluster bus, announces this node). The server waits
     * for it before the namespace accepts sockets.
     *
     * @return completes when ready
     */
    CompletableFuture<Void> init();

    /**
     * Stops the adapter (announces the departure to the cluster, unsubscribes, fails pending
     * requests). Called when the namespace is removed or the server closes.
     *
     * @return completes when closed
     */
    CompletableFuture<Void> close();

    /**
     * The number of nodes serving this namespace, this one included; 1 without a cluster.
     *
     * @return the count
     */
    CompletableFuture<Integer> serverCount();

    /**
     * Adds a socket to rooms. Fires {@code create-room} for each new room and {@code join-room}
     * for each room the socket was not in.
     *
     * @param id    the socket id
     * @param rooms the rooms
     */
    void addAll(String id, Collection<String> rooms);

    /**
     * Removes a socket from a room. Fires {@code leave-room} if it was in it, then
     * {@code delete-room} if the room became empty (empty rooms are removed).
     *
     * @param id   the socket id
     * @param room the room
     */
    void del(String id, String room);

    /**
     * Removes a socket from all its rooms (the socket is forgotten).
     *
     * @param id the socket id
     */
    void delAll(String id);

    /**
     * Sends a packet to the matching sockets: encoded once with the host's encoder, then for each
     * recipient {@link LocalSocket#notifyOutgoing} and {@link LocalSocket#write}. Cluster
     * adapters also publish it, unless {@link BroadcastOptions#local()}.
     *
     * @param packet the packet (an EVENT; its namespace is set by the adapter)
     * @param opts   the targets and flags
     * @return false when a socket of this server that the packet was for did not take it
     *         ({@link LocalSocket#write} returned false or threw); true otherwise, also when it
     *         reached no socket here. What other servers deliver is not known here: a cluster
     *         adapter publishes and does not wait, and when this server's own sockets get the
     *         packet only once it is read back from the bus (offsets for recovery), the answer is true.
     */
    boolean broadcast(Packet packet, BroadcastOptions opts);

    /**
     * Sends a packet that asks for acknowledgements: like {@link #broadcast}, with a fresh ack
     * id from {@link NamespaceHost#nextAckId()} registered on every recipient.
     *
     * @param packet              the packet (an EVENT)
     * @param opts                the targets and flags ({@link BroadcastOptions#timeout()} bounds
     *                            how long remote nodes keep the request)
     * @param clientCountCallback called once per node with the number of sockets the node sent
     *                            the packet to; this node's count is reported before the method
     *                            returns, other nodes' counts later, from the bus thread
     * @param ackCallback         called once per acknowledging client with the first argument of
     *                            its answer ({@code NullNode} when it answered without arguments)
     */
    void broadcastWithAck(
            Packet packet, BroadcastOptions opts, IntConsumer clientCountCallback, Consumer<JsonNode> ackCallback);

    /**
     * The ids of this node's sockets in any of the rooms (all sockets for an empty set).
     *
     * @param rooms the rooms
     * @return a new mutable set
     */
    CompletableFuture<Set<String>> sockets(Set<String> rooms);

    /**
     * The rooms of a socket of this node.
     *
     * @param id the socket id
     * @return an immutable snapshot in the order the socket joined them (Node's {@code Set}), empty
     *         when the socket is unknown
     */
    Set<String> socketRooms(String id);

    /**
     * The matching sockets, of this node and (without {@code local}) of the other nodes.
     * Fails with {@link AdapterTimeoutException} when some node does not answer within the
     * options' timeout (or the adapter's request timeout).
     *
     * @param opts the targets
     * @return local sockets as {@link FetchedSocket.Local}, remote ones as {@link SocketDetails}
     */
    CompletableFuture<List<FetchedSocket>> fetchSockets(BroadcastOptions opts);

    /**
     * Makes the matching sockets join rooms, on every node unless {@code local}
     * ({@code socketsJoin}).
     *
     * @param opts  the targets
     * @param rooms the rooms to join
     */
    void addSockets(BroadcastOptions opts, Collection<String> rooms);

    /**
     * Makes the matching sockets leave rooms, on every node unless {@code local}
     * ({@code socketsLeave}).
     *
     * @param opts  the targets
     * @param rooms the rooms to leave
     */
    void delSockets(BroadcastOptions opts, Collection<String> rooms);

    /**
     * Disconnects the matching sockets, on every node unless {@code local}.
     *
     * @param opts  the targets
     * @param close whether to close the underlying connections
     */
    void disconnectSockets(BroadcastOptions opts, boolean close);

    /**
     * Sends an event to the other nodes of the namespace, delivered through
     * {@link NamespaceHost#onServerSideEmit} there. A no-op without a cluster.
     *
     * @param packet {@code ["event", ...args]}
     */
    void serverSideEmit(ArrayNode packet);

    /**
     * Sends an event to the other nodes and collects one answer (the first ack argument) per
     * node. Completes with an empty list without a cluster; fails with
     * {@link AdapterTimeoutException} (carrying the answers received) when some node does not
     * answer in time.
     *
     * @param packet  {@code ["event", ...args]}
     * @param timeout how long to wait, or {@code null} for the adapter's default (5 s)
     * @return the answers, in arrival order
     */
    CompletableFuture<List<JsonNode>> serverSideEmitWithAck(ArrayNode packet, Duration timeout);

    /**
     * Room → ids of this node's sockets in it. A read-only live view, safe to read from any
     * thread (iteration is weakly consistent); the sets in it are read-only too.
     *
     * @return the view
     */
    Map<String, Set<String>> rooms();

    /**
     * Socket id → its rooms, for this node's sockets. A read-only live view, safe to read from
     * any thread (iteration is weakly consistent); the sets in it are read-only too.
     *
     * @return the view
     */
    Map<String, Set<String>> sids();

    /**
     * Registers a room-event listener.
     *
     * @param listener the listener
     */
    void addListener(AdapterListener listener);

    /**
     * Removes a room-event listener.
     *
     * @param listener the listener
     */
    void removeListener(AdapterListener listener);

    /**
     * Connection state recovery: keeps a disconnected socket's state so that it can be restored.
     * Adapters without recovery support ignore it (the default).
     *
     * <p>With recovery on ({@link NamespaceHost#connectionStateRecovery()}), an adapter that
     * supports it gives every recoverable packet it broadcasts
     * ({@link ConnectionStateRecovery#isRecoverable}) an offset, appended as the last element of
     * the packet's data, and delivers the packets to each socket in the order of their offsets.
     * The server calls this method once the socket left its rooms, for the reasons Node persists on
     * ({@code transport error}, {@code transport close}, {@code forced close}, {@code ping timeout},
     * {@code server shutting down}, {@code forced server close}).
     *
     * @param session the state to keep
     */
    default void persistSession(SessionToPersist session) {}

    /**
     * Connection state recovery: restores a session and the packets missed since
     * {@code offset}. A session is restored at most once. Adapters without recovery support
     * complete with {@code null} (the default).
     *
     * <p>The server never lets a client see a failure here: {@code null}, an exception or a failed
     * future all give the client a new session. It calls this method and its recoverable
     * broadcasts of the namespace one at a time: an adapter whose future is complete when the
     * method returns (the in-memory store) gets an exact handover, the recovered socket joining its
     * rooms before any later broadcast. An adapter whose future completes later must make the
     * handover itself: the Redis Streams adapter completes it on its stream reader's thread, right
     * after the last replayed entry, so that every broadcast of the cluster reaches the recovered
     * socket once (Node's adapters lose or repeat the ones read meanwhile).
     *
     * @param pid    the private session id sent by the client
     * @param offset the offset of the last packet the client received
     * @return the session, or {@code null} when it cannot be restored
     */
    default CompletableFuture<Session> restoreSession(String pid, String offset) {
        return CompletableFuture.completedFuture(null);
    }
}
