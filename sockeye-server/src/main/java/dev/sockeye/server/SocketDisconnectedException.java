package dev.sockeye.server;

/** A pending acknowledgement can never arrive: its socket disconnected first. */
public final class SocketDisconnectedException extends SocketIoException {

    /** The exception, naming the disconnect reason. */
    public SocketDisconnectedException(String reason) {
        super("socket has been disconnected (" + reason + ")");
    }
}
