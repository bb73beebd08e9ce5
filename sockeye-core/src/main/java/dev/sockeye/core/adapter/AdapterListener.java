package dev.sockeye.core.adapter;

/**
 * Room events of an adapter (Node's {@code create-room}, {@code delete-room}, {@code join-room},
 * {@code leave-room}). Every method has an empty default, so a listener overrides what it needs.
 *
 * <p>Listeners run synchronously on the thread that changed the rooms, while the adapter holds
 * its write lock, so events arrive in the order the changes happened (a {@code delete-room} never
 * overtakes the {@code create-room} of the same room). Keep them short and non-blocking; they may
 * read the adapter but must not block on another thread that writes to it. An exception thrown
 * by a listener is logged and does not stop the change or the other listeners.
 */
public interface AdapterListener {

    /**
     * A room got its first socket. Fired before the matching {@link #onJoinRoom}.
     *
     * @param room the room
     */
    default void onCreateRoom(String room) {}

    /**
     * A room lost its last socket and no longer exists. Fired after the matching
     * {@link #onLeaveRoom}.
     *
     * @param room the room
     */
    default void onDeleteRoom(String room) {}

    /**
     * A socket joined a room it was not in.
     *
     * @param room     the room
     * @param socketId the socket
     */
    default void onJoinRoom(String room, String socketId) {}

    /**
     * A socket left a room it was in.
     *
     * @param room     the room
     * @param socketId the socket
     */
    default void onLeaveRoom(String room, String socketId) {}
}
