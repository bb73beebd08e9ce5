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
}
