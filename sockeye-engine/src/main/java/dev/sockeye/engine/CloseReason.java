package dev.sockeye.engine;

/** The reasons an Engine.IO session closes with, spelled as the Node.js server spells them. */
public final class CloseReason {
    /** The client sent a close packet, or its transport closed cleanly. */
    public static final String TRANSPORT_CLOSE = "transport close";
    /**
     * The transport failed: I/O error, overlapping polls, aborted poll, protocol violation, or a client past its
     * outbound budget ({@link #OUTBOUND_BUFFER_FULL}).
     */
    public static final String TRANSPORT_ERROR = "transport error";
    /**
     * The description of a {@link #TRANSPORT_ERROR} close of a client that did not take what was sent to it fast
     * enough: the bytes waiting for it would have passed {@link EngineOptions.Builder#maxOutboundBufferSize}.
     */
    public static final String OUTBOUND_BUFFER_FULL = "outbound buffer full";
    /** A packet could not be decoded. */
    public static final String PARSE_ERROR = "parse error";
    /** The client did not answer a ping within {@code pingTimeout}. */
    public static final String PING_TIMEOUT = "ping timeout";
    /** The server closed the session ({@link EngineSocket#close()}). */
    public static final String FORCED_CLOSE = "forced close";
    /** The whole server is shutting down. */
    public static final String SERVER_SHUTTING_DOWN = "server shutting down";

    private CloseReason() {}
}
