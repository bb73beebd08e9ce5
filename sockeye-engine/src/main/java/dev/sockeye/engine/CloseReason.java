package dev.sockeye.engine;

/**
 * The reasons an Engine.IO session closes with, as {@link EngineSocket#onClose} listeners receive them.
 * {@link #wire()} (and {@link #toString()}) is the Node.js server's spelling, the one its {@code close} event
 * gives and Socket.IO's disconnect reasons repeat.
 *
 * <pre>{@code
 * socket.onClose((reason, description) -> {
 *     if (reason == CloseReason.PING_TIMEOUT) {
 *         log.info("{} went quiet", socket.id());
 *     }
 * });
 * }</pre>
 */
public enum CloseReason {
    /** The client sent a close packet, or its transport closed cleanly. */
    TRANSPORT_CLOSE("transport close"),
    /**
     * The transport failed: I/O error, overlapping polls, aborted poll, protocol violation, or a client past its
     * outbound budget (described as {@link #OUTBOUND_BUFFER_FULL}).
     */
    TRANSPORT_ERROR("transport error"),
    /** A packet could not be decoded. */
    PARSE_ERROR("parse error"),
    /** The client did not answer a ping within {@code pingTimeout}. */
    PING_TIMEOUT("ping timeout"),
    /** The server closed the session ({@link EngineSocket#close()}). */
    FORCED_CLOSE("forced close"),
    /** The whole server is shutting down. */
    SERVER_SHUTTING_DOWN("server shutting down");

    /**
     * The description of a {@link #TRANSPORT_ERROR} close of a client that did not take what was sent to it fast
     * enough: the bytes waiting for it would have passed {@link EngineOptions.Builder#maxOutboundBufferSize}.
     */
    public static final String OUTBOUND_BUFFER_FULL = "outbound buffer full";

    private final String wire;

    CloseReason(String wire) {
        this.wire = wire;
    }

    /**
     * Node's spelling of the reason.
     *
     * @return the reason's string, e.g. {@code "ping timeout"}
     */
    public String wire() {
        return wire;
    }

    /**
     * The reason of a given spelling.
     *
     * @param wire Node's spelling, e.g. {@code "transport close"}
     * @return the reason
     * @throws IllegalArgumentException when no reason is spelled so
     */
    public static CloseReason fromWire(String wire) {
        for (CloseReason reason : values()) {
            if (reason.wire.equals(wire)) {
                return reason;
            }
        }
        throw new IllegalArgumentException("not a close reason: " + wire);
    }

    /** {@link #wire()}, so that logs and string concatenation read as in Node. */
    @Override
    public String toString() {
        return wire;
    }
}
