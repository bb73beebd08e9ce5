package dev.sockeye.server;

import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * A broadcast target: the sockets of a namespace in some rooms, minus some rooms, with flags.
 * Immutable: each modifier returns a new operator. {@code to("a").to("b")} is a union (a socket in
 * both receives once); {@code except} removes. Cluster-aware through the namespace's adapter unless
 * {@link #local()} is set.
 *
 * <pre>{@code
 * io.to("room1").except("muted").emit("news", article);
 * CompletableFuture<List<Status>> replies =
 *         io.to("workers").timeout(Duration.ofSeconds(5)).emitWithAck("status", Status.class);
 * }</pre>
 */
public interface BroadcastOperator {

    /** Adds a room to the targets. */
    BroadcastOperator to(String room);

    /** Adds rooms to the targets. */
    BroadcastOperator to(Collection<String> rooms);

    /** Same as {@link #to(String)}. */
    default BroadcastOperator in(String room) {
        return to(room);
    }

    /** Same as {@link #to(Collection)}. */
    default BroadcastOperator in(Collection<String> rooms) {
        return to(rooms);
    }

    /** Excludes the sockets of a room. */
    BroadcastOperator except(String room);

    /** Excludes the sockets of these rooms. */
    BroadcastOperator except(Collection<String> rooms);

    /** Reaches the sockets of this server only. */
    BroadcastOperator local();

    /** Drops the packet for clients that cannot take it right now. */
    BroadcastOperator asVolatile();

    /** Allows ({@code true}, the default) or forbids compression. */
    BroadcastOperator compress(boolean compress);

    /** Acknowledgements fail after {@code timeout} ({@link AckTimeoutException}). */
    BroadcastOperator timeout(Duration timeout);

    /**
     * Emits to every matching socket; arguments as in {@link SocketEmitter#emit(String, Object...)}.
     * The packet is encoded once. A {@link BroadcastAckCallback} as the last argument is the ack, as
     * in Node: this is then {@link #emit(String, BroadcastAckCallback, Object...)}.
     *
     * <p>What it returns is what this server knows when the call returns: whether each of its own
     * matching sockets took the packet. Node's {@code emit} always returns {@code true}; Sockeye
     * returns {@code false} when at least one socket of this server dropped it: a volatile packet
     * ({@link #asVolatile()}) its transport was not ready for, a connection closing meanwhile or past
     * its outbound budget. Sockets on other servers of a cluster are not reported (the adapter
     * publishes and does not wait), nor, with connection state recovery on a Redis Streams adapter,
     * this server's own sockets, which get the packet once it is read back from the stream.
     *
     * <pre>{@code
     * if (!io.to("tickers").asVolatile().emit("price", tick)) {
     *     skippedTicks.increment(); // some local client was not ready: it misses this one
     * }
     * }</pre>
     *
     * @return false when a socket of this server that the packet was for did not take it; true
     *         otherwise (also when no socket here matched)
     * @throws IllegalArgumentException for a reserved event name, and for an ack callback that is not
     *                                  the last argument or is an {@link AckCallback}
     */
    boolean emit(String event, Object... args);

    /**
     * Emits and collects one acknowledgement per client. The callback runs once: when every client
     * answered, or with an {@link AckTimeoutException} and the responses so far after the
     * {@link #timeout}.
     *
     * <p>The timeout is mandatory, as Node's documentation says: {@code io.timeout(Duration.ofSeconds(5)).emit(…)}.
     * Without one the call is refused, since a client that never answers (or a server of the cluster
     * that went away) would keep the callback waiting forever. (Node does not check: its timer,
     * armed with no delay, fires at once with "operation has timed out".)
     *
     * @return true: with an ack, the callback reports what happened (responses, timeout)
     * @throws IllegalStateException when no {@link #timeout(Duration)} was set; nothing is sent
     */
    boolean emit(String event, BroadcastAckCallback ack, Object... args);

    /**
     * Emits and completes with one response per client (the first ack argument, bound to
     * {@code responseType}); fails with {@link AckTimeoutException} after the {@link #timeout}, which
     * is mandatory as for {@link #emit(String, BroadcastAckCallback, Object...)}.
     *
     * @throws IllegalStateException when no {@link #timeout(Duration)} was set; nothing is sent
     */
    <T> CompletableFuture<List<T>> emitWithAck(String event, Class<T> responseType, Object... args);

    /**
     * Like {@link #emitWithAck(String, Class, Object...)} for a generic response type
     * ({@code new TypeRef<List<Item>>() { }}).
     */
    <T> CompletableFuture<List<T>> emitWithAck(String event, TypeRef<T> responseType, Object... args);

    /**
     * Emits a {@code message} event.
     *
     * @return as {@link #emit(String, Object...)}
     */
    default boolean send(Object... args) {
        return emit("message", args);
    }

    /** The matching sockets: local {@link Socket}s and sockets of other servers. */
    CompletableFuture<List<RemoteSocket>> fetchSockets();

    /** Makes the matching sockets join a room. */
    default void socketsJoin(String room) {
        socketsJoin(List.of(room));
    }

    /** Makes the matching sockets join rooms. */
    void socketsJoin(Collection<String> rooms);

    /** Makes the matching sockets leave a room. */
    default void socketsLeave(String room) {
        socketsLeave(List.of(room));
    }

    /** Makes the matching sockets leave rooms. */
    void socketsLeave(Collection<String> rooms);

    /** Disconnects the matching sockets ({@code server namespace disconnect}). */
    default void disconnectSockets() {
        disconnectSockets(false);
    }

    /** Disconnects the matching sockets; with {@code close}, closes their connections too. */
    void disconnectSockets(boolean close);

    /**
     * The ids of the matching sockets, on every server of the cluster unless {@link #local()} is set:
     * the ids of {@link #fetchSockets()}. Node's documentation promises the cluster too, but its
     * {@code allSockets()} asks {@code adapter.sockets()}, which the current Redis and cluster
     * adapters answer from the local node only.
     *
     * @deprecated use {@link #fetchSockets()}, as in Node.js
     */
    @Deprecated
    CompletableFuture<Set<String>> allSockets();
}
