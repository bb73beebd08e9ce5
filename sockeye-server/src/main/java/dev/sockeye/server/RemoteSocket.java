package dev.sockeye.server;

import java.util.Collection;
import java.util.Map;
import java.util.Set;

/**
 * A socket returned by {@link BroadcastOperator#fetchSockets()}: a local {@link Socket}, or a
 * socket held by another server of the cluster, reached through the adapter.
 */
public interface RemoteSocket extends SocketEmitter {

    /** The socket id (20 characters), distinct from the Engine.IO session id. */
    String id();

    /** The handshake details. */
    Handshake handshake();

    /** The rooms the socket is in, its own id included (a snapshot for remote sockets). */
    Set<String> rooms();

    /**
     * The application's data attached to the socket. Mutable for a local socket (thread-safe);
     * a read-only copy for a remote one. Values must be serialisable to cross servers.
     */
    Map<String, Object> data();

    /** Joins a room. */
    void join(String room);

    /** Joins several rooms. */
    void join(Collection<String> rooms);

    /** Leaves a room. */
    void leave(String room);

    /** Leaves the namespace ({@code server namespace disconnect}); the connection stays open. */
    void disconnect();

    /**
     * Leaves the namespace; with {@code close} the whole connection closes, every namespace of it
     * included ({@code forced server close}).
     */
    void disconnect(boolean close);
}
