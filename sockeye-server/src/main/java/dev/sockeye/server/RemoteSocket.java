package dev.sockeye.server;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A socket returned by {@link BroadcastOperator#fetchSockets()}: a socket of this server (the
 * {@link Socket} itself, live), or a snapshot of a socket held by another server of the cluster,
 * reached through the adapter with the socket id as room. For such a remote socket, {@code emit}
 * always returns true (the adapter reports no backpressure), an emit with an ack completes with the
 * socket's answer (set a {@link #timeout}), and {@code join}, {@code leave} and {@code disconnect}
 * are requests to its server that do not change this snapshot.
 */
public interface RemoteSocket extends SocketEmitter {

    /** The socket id (20 characters), distinct from the Engine.IO session id. */
    String id();

    /** The handshake details (for a remote socket, as its server reported them). */
    Handshake handshake();

    /**
     * The rooms the socket is in, its own id included, in the order it joined them: a new snapshot at
     * each call for a local socket, the rooms at fetch time for a remote one.
     */
    Set<String> rooms();

    /**
     * The application's data attached to the socket. Mutable for a local socket (thread-safe);
     * a read-only copy made at fetch time for a remote one (it cannot be changed from here). Values
     * must be serialisable to cross servers.
     */
    Map<String, Object> data();

    /** Joins a room (for a remote socket, its server makes it join). */
    default void join(String room) {
        join(List.of(room));
    }

    /** Joins several rooms (for a remote socket, its server makes it join). */
    void join(Collection<String> rooms);

    /** Leaves a room (for a remote socket, its server makes it leave). */
    void leave(String room);

    /** Leaves the namespace ({@link DisconnectReason#SERVER_NAMESPACE_DISCONNECT}); the connection stays open. */
    default void disconnect() {
        disconnect(false);
    }

    /**
     * Leaves the namespace ({@link DisconnectReason#SERVER_NAMESPACE_DISCONNECT}); with {@code close},
     * every socket of the same connection leaves its namespace with that reason too, then the
     * connection closes.
     */
    void disconnect(boolean close);
}
