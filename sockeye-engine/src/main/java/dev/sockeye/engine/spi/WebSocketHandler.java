package dev.sockeye.engine.spi;

/**
 * What the engine does with an accepted WebSocket. Implemented by the engine, called by the
 * front: frames of one connection are delivered one at a time, in order.
 */
public interface WebSocketHandler {

    /** The handshake completed; frames may be sent from now on. */
    void onOpen(WebSocketConnection connection);

    /** A complete text message (reassembled from fragments, UTF-8 validated). */
    void onText(String text);

    /** A complete binary message; the array belongs to the engine. */
    void onBinary(byte[] data);

    /**
     * The connection closed: the peer sent a close frame or went away, or {@link WebSocketConnection#close()}
     * was called. Called at most once, and never after {@link #onError}.
     *
     * @param code the peer's close status, or 1005 when none, or 1006 when the connection dropped
     */
    void onClose(int code);

    /**
     * The connection failed (I/O error, protocol violation, message too large) and has been or is
     * being closed by the front. Called at most once, and never after {@link #onClose}.
     */
    void onError(Throwable cause);
}
