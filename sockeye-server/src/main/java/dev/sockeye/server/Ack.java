package dev.sockeye.server;

/**
 * Answers an event the client sent with an acknowledgement callback. Only the first call sends
 * anything; when the client asked for no acknowledgement, {@link #expected()} is false and
 * {@link #send} does nothing.
 */
public interface Ack {

    /** Sends the acknowledgement with these arguments (any serialisable values, {@code byte[]} as binary). */
    void send(Object... args);

    /** Whether the client asked for an acknowledgement. */
    boolean expected();
}
