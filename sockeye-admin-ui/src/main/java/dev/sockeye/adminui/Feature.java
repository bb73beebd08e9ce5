package dev.sockeye.adminui;

/**
 * What the Admin UI may offer, sent to it in the {@code config} event ({@code supportedFeatures}), named as
 * {@code @socket.io/admin-ui} names them.
 */
public enum Feature {
    /** Emit an event to a socket, a room or a namespace. */
    EMIT,
    /** Make a socket join a room. */
    JOIN,
    /** Make a socket leave a room. */
    LEAVE,
    /** Disconnect a socket. */
    DISCONNECT,
    /** Make every socket of a room or namespace join a room. */
    MJOIN,
    /** Make every socket of a room or namespace leave a room. */
    MLEAVE,
    /** Disconnect every socket of a room or namespace. */
    MDISCONNECT,
    /** Per-second counts of connections, packets and bytes in {@code server_stats}. */
    AGGREGATED_EVENTS,
    /** Every socket, room and event as it happens (development mode only). */
    ALL_EVENTS
}
