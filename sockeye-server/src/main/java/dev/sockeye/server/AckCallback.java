package dev.sockeye.server;

/** Receives a client's acknowledgement of an event sent to one socket. */
@FunctionalInterface
public interface AckCallback {

    /**
     * @param error    {@code null} on success; an {@link AckTimeoutException} after the timeout, a
     *                 {@link SocketDisconnectedException} when the socket went away first
     * @param response the client's ack arguments; empty when {@code error} is set
     * @throws Exception logged with the socket id
     */
    void onAck(Throwable error, Args response) throws Exception;
}
