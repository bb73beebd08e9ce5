package dev.sockeye.engine.internal;

import dev.sockeye.engine.EngineMessage;

/**
 * How packets travel between a session and its client (engine.io {@code lib/transport.ts}): long-polling
 * or a WebSocket. A transport decodes what its client sends with the session's {@link EngineCodec} and
 * hands each packet to {@link EngineSession#onPacket}; the session sends through it.
 *
 * <p>Methods marked <em>locked</em> run with the session's lock held. They write to the front at once
 * only where frames must keep their order (a WebSocket); anything that runs listeners (a poll response
 * fires the {@code headers} listeners) is handed back as a {@link Runnable} to run once the lock is released.
 */
sealed interface Transport permits PollingTransport, WebSocketTransport {

    /** The arrival of a packet that no POST carried: no poll can have arrived before it and still matter. */
    long NOT_POSTED = Long.MIN_VALUE;

    /** What became of a message handed to {@link #send(EngineMessage, boolean)}. */
    enum Sent {
        /**
         * Not taken: the client's queued bytes would pass {@link dev.sockeye.engine.EngineOptions#maxOutboundBufferSize()};
         * the session is to close, and the transport then drops what it holds.
         */
        OVER_BUDGET,
        /** Queued for the next poll. */
        QUEUED,
        /** Handed to the front: the transport is drained. */
        WRITTEN
    }

    /** {@code "polling"} or {@code "websocket"}. */
    String name();

    /** Locked. Queues or writes one message, unless the client's outbound budget does not leave room for it. */
    Sent send(EngineMessage message, boolean compress);

    /** Locked. Queues or writes one control packet (the open packet, a v3 pong). */
    void send(Packet.Control packet);

    /**
     * Locked. Queues or writes a protocol 4 ping. A poll waiting when the ping is queued carries it at once,
     * not through one more turn of the scheduler: its timeout clock has started already.
     *
     * @return what to do once the lock is released, or {@code null}
     */
    Runnable sendPing();

    /** Locked. Whether a message sent now would go out at once. */
    boolean isWritable();

    /**
     * Locked. The open session starts to close gracefully: what is queued goes first, then the close
     * packet. The transport calls {@link EngineSession#closeNow} when it has nothing left to deliver, or asks
     * the session for a timeout ({@link EngineSession#closeWhenTimedOut()}).
     *
     * @return what to do once the lock is released, or {@code null}
     */
    Runnable close();

    /**
     * Locked. The session has closed: pending requests are answered (a pending poll gets {@code 6} when the
     * client asked to close, {@code 1} otherwise, as Node), a WebSocket is closed.
     *
     * @param clientClose  whether the client sent the close packet
     * @param closeArrival when the POST that carried it arrived, or {@link #NOT_POSTED}
     * @return what to do once the lock is released, or {@code null}
     */
    Runnable closed(boolean clientClose, long closeArrival);
}
