package dev.sockeye.engine.spi;

/**
 * An open WebSocket as the engine writes to it. Implemented by HTTP fronts. Any thread may call
 * these methods; frames go out in call order. Writes after the connection closed are dropped.
 */
public interface WebSocketConnection {

    /**
     * Sends a text frame whose payload is these UTF-8 bytes. The array is not copied (one encoded
     * message may be shared by many connections) and must not change afterwards.
     *
     * @param compress whether permessage-deflate may compress this frame (when negotiated)
     */
    void sendText(byte[] utf8, boolean compress);

    /** Sends a binary frame; the array is not copied and must not change afterwards. */
    void sendBinary(byte[] data, boolean compress);

    /** Sends a close frame without status, then closes the connection. */
    void close();

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
}
