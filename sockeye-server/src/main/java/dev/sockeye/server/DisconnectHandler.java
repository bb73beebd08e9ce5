package dev.sockeye.server;

/** Called when a socket disconnects (or is about to), with one of {@link DisconnectReason}'s values. */
@FunctionalInterface
public interface DisconnectHandler {

    /**
     * @param reason why the socket disconnects
     * @throws Exception logged with the socket id
     */
    void onDisconnect(DisconnectReason reason) throws Exception;
}
