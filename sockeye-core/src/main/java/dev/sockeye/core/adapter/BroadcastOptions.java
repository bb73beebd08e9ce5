package dev.sockeye.core.adapter;

import java.time.Duration;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Whom a broadcast (or {@code fetchSockets}, {@code socketsJoin}, …) targets and how: Node's
 * {@code BroadcastOptions} {@code {rooms, except, flags}}. Immutable; every {@code with…}/{@code to}/
 * {@code except} method returns a new instance.
 *
 * <p>Targets: with no rooms, every socket of the namespace; otherwise the union of the rooms,
 * each socket once. Then every socket that is in one of the {@code except} rooms is removed. A
 * socket's own id is a room, so {@code socket.broadcast} is {@code except(socket.id())}.
 *
 * <pre>{@code
 * BroadcastOptions opts = BroadcastOptions.all().to("lobby").except(sender.id()).withBroadcast(true);
 * }</pre>
 *
 * @param rooms                the target rooms, in insertion order; empty means everyone
 * @param except               the rooms whose sockets are excluded, in insertion order
 * @param isVolatile           the packet may be dropped for clients that are not ready
 * @param compress             the transport may compress the packet (defaults to {@code true})
 * @param local                act on this node only, never on the cluster
 * @param broadcast            set by {@code socket.broadcast}; informational (the sender is in
 *                             {@code except})
 * @param timeout              for broadcasts with ack: how long the caller waits, or {@code null}
 * @param expectSingleResponse for a remote socket's {@code timeout().emit()} with ack: one answer
 *                             is expected, not a list
 */
public record BroadcastOptions(
        Set<String> rooms,
        Set<String> except,
        boolean isVolatile,
        boolean compress,
        boolean local,
        boolean broadcast,
        Duration timeout,
        boolean expectSingleResponse) {

    private static final BroadcastOptions ALL =
            new BroadcastOptions(Set.of(), Set.of(), false, true, false, false, null, false);

    /** Copies {@code rooms} and {@code except} into immutable sets that keep insertion order. */
    public BroadcastOptions {
        rooms = freeze(rooms);
        except = freeze(except);
        if (timeout != null && timeout.isNegative()) {
            throw new IllegalArgumentException("negative timeout: " + timeout);
        }
    }

    /**
     * Every socket of the namespace, no flags, compression allowed.
     *
     * @return the options
     */
    public static BroadcastOptions all() {
        return ALL;
    }

    /**
     * The sockets of the given rooms.
     *
     * @param rooms the rooms
     * @return the options
     */
    public static BroadcastOptions toRooms(Collection<String> rooms) {
        return ALL.to(rooms);
    }

    /**
     * Adds target rooms (union).
     *
     * @param more the rooms to add
     * @return a new instance
     */
    public BroadcastOptions to(Collection<String> more) {
        return new BroadcastOptions(
                union(rooms, more), except, isVolatile, compress, local, broadcast, timeout, expectSingleResponse);
    }

    /**
     * Adds target rooms (union).
     *
     * @param more the rooms to add
     * @return a new instance
     */
    public BroadcastOptions to(String... more) {
        return to(List.of(more));
    }

    /**
     * Adds excluded rooms.
     *
     * @param more the rooms whose sockets are excluded
     * @return a new instance
     */
    public BroadcastOptions except(Collection<String> more) {
        return new BroadcastOptions(
                rooms, union(except, more), isVolatile, compress, local, broadcast, timeout, expectSingleResponse);
    }

    /**
     * Adds excluded rooms.
     *
     * @param more the rooms whose sockets are excluded
     * @return a new instance
     */
    public BroadcastOptions except(String... more) {
        return except(List.of(more));
    }

    /**
     * Sets the {@code volatile} flag.
     *
     * @param value the flag
     * @return a new instance
     */
    public BroadcastOptions withVolatile(boolean value) {
        return new BroadcastOptions(rooms, except, value, compress, local, broadcast, timeout, expectSingleResponse);
    }

    /**
     * Sets the {@code compress} flag.
     *
     * @param value the flag
     * @return a new instance
     */
    public BroadcastOptions withCompress(boolean value) {
        return new BroadcastOptions(rooms, except, isVolatile, value, local, broadcast, timeout, expectSingleResponse);
    }

    /**
     * Sets the {@code local} flag.
     *
     * @param value the flag
     * @return a new instance
     */
    public BroadcastOptions withLocal(boolean value) {
        return new BroadcastOptions(
                rooms, except, isVolatile, compress, value, broadcast, timeout, expectSingleResponse);
    }

    /**
     * Sets the {@code broadcast} flag.
     *
     * @param value the flag
     * @return a new instance
     */
    public BroadcastOptions withBroadcast(boolean value) {
        return new BroadcastOptions(rooms, except, isVolatile, compress, local, value, timeout, expectSingleResponse);
    }

    /**
     * Sets the ack timeout.
     *
     * @param value the timeout, or {@code null} for none
     * @return a new instance
     */
    public BroadcastOptions withTimeout(Duration value) {
        return new BroadcastOptions(rooms, except, isVolatile, compress, local, broadcast, value, expectSingleResponse);
    }

    /**
     * Sets the {@code expectSingleResponse} flag.
     *
     * @param value the flag
     * @return a new instance
     */
    public BroadcastOptions withExpectSingleResponse(boolean value) {
        return new BroadcastOptions(rooms, except, isVolatile, compress, local, broadcast, timeout, value);
    }

    /**
     * Whether a socket in these rooms (its own id among them) is a target: no target rooms or one
     * of them, and none of the {@code except} rooms. Used to pick the packets a recovering socket
     * missed (Node's {@code shouldIncludePacket}).
     *
     * @param socketRooms the rooms of the socket
     * @return whether the options reach it
     */
    public boolean reaches(Collection<String> socketRooms) {
        boolean included = rooms.isEmpty();
        for (String room : socketRooms) {
            if (except.contains(room)) {
                return false;
            }
            included |= rooms.contains(room);
        }
        return included;
    }

    private static Set<String> freeze(Set<String> set) {
        if (set == null || set.isEmpty()) {
            return Set.of();
        }
        return Collections.unmodifiableSet(new LinkedHashSet<>(set));
    }

    private static Set<String> union(Set<String> base, Collection<String> more) {
        LinkedHashSet<String> result = new LinkedHashSet<>(base);
        result.addAll(more);
        return result;
    }
}
