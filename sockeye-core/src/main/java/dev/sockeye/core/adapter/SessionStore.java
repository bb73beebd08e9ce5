package dev.sockeye.core.adapter;

import java.util.concurrent.CompletableFuture;
import tools.jackson.databind.node.ArrayNode;

/**
 * Where {@link SessionAwareAdapter} keeps, for connection state recovery, the recoverable packets
 * of a server's namespaces and the sessions of disconnected sockets. {@link InMemorySessionStore}
 * is the built-in one (one node); a shared backend (a database table, a key-value store) makes
 * recovery work on any node that uses the same store. An adapter that already has a cluster-wide
 * log of its packets (the Redis Streams adapter, whose offsets are stream entry ids) implements
 * {@link Adapter#persistSession} and {@link Adapter#restoreSession} itself instead.
 *
 * <p>One store serves every namespace of a server; each call names its namespace, and a session
 * is only restored in the namespace it was persisted in. Every method may be called from any
 * thread.
 */
public interface SessionStore {

    /**
     * Keeps a recoverable packet ({@link ConnectionStateRecovery#isRecoverable}) about to be
     * broadcast: gives it the next offset of the store, appends that offset to {@code data} as its
     * last element, and keeps {@code data} with {@code opts}. The caller hands {@code data} over:
     * it is not changed afterwards. Offsets are opaque to clients, never repeat, and the packets
     * of one namespace are kept in the order of their offsets.
     *
     * @param nsp  the namespace
     * @param data the packet data, {@code [event, ...args]}, to which the offset is appended
     * @param opts the targets, to select the packets a session missed
     * @return the offset
     */
    String append(String nsp, ArrayNode data, BroadcastOptions opts);

    /**
     * Keeps the session of a socket that disconnected for a reason allowing a recovery.
     *
     * @param nsp     the namespace
     * @param session the state; its {@code pid} is a bearer credential: never log it
     */
    void persist(String nsp, SessionToPersist session);

    /**
     * Takes a session out of the store (a session is restored at most once) with the packets of
     * its namespace kept after {@code offset} that its rooms would have received, oldest first.
     * Completes with {@code null}, never with an error a client would see, when the session is
     * unknown, expired or already restored, or the offset is unknown or no longer kept.
     *
     * @param nsp    the namespace
     * @param pid    the private session id the client sent
     * @param offset the offset of the last packet the client received
     * @return the session, or {@code null}
     */
    CompletableFuture<Session> restore(String nsp, String pid, String offset);
}
