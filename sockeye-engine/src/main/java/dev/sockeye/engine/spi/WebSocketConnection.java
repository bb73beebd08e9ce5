package dev.sockeye.engine.spi;

/**
 * An open WebSocket as the engine writes to it. Implemented by HTTP fronts. Any thread may call
 * these methods; frames go out in call order. Writes after the connection closed are dropped.
 */
public interface WebSocketConnection {

    /**
     * Sends a data frame. The frame is not copied: one frame may be shared by many connections (a broadcast), and a
     * front should write its {@link OutboundFrame#wire()} form where no extension rewrites the frame.
     *
     * @param compress whether permessage-deflate may compress this frame (when negotiated)
     */
    void send(OutboundFrame frame, boolean compress);

    /** Sends a close frame without status, then closes the connection once it is written. */
    void close();

    /**
     * Closes the connection at once, dropping every frame not yet written (a client that does not read would never
     * take them), and releases what they hold.
     */
    void abort();

    /** Whether the front would write at once: nothing sent is still waiting, its outbound buffer below its high-water mark. */
    boolean isWritable();

    /**
     * Runs {@code task} on the thread that reads this connection once it has read, and handed to its
     * {@link WebSocketHandler}, every frame that reached the connection before this call. The engine answers a poll
     * that comes during an upgrade this way: a {@code 5} the client sent before that poll, read on another thread
     * than the poll, still takes effect first, as on a server that reads every connection in arrival order.
     * The default runs {@code task} at once, which is right for a front that reads on one thread in arrival order.
     */
    default void afterPendingInput(Runnable task) {
        task.run();
    }

    /**
     * How many bytes sent on this connection are not yet written to the network (frames queued in the front and in
     * its channel's outbound buffer): what the engine holds against the session's outbound budget.
     */
    long queuedBytes();
}
