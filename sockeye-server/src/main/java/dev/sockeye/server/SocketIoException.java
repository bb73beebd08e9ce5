package dev.sockeye.server;

/** The base of the exceptions Sockeye completes futures and callbacks with. */
public class SocketIoException extends RuntimeException {

    /** An exception with a message. */
    public SocketIoException(String message) {
        super(message);
    }

    /** An exception with a message and a cause. */
    public SocketIoException(String message, Throwable cause) {
        super(message, cause);
    }
}
