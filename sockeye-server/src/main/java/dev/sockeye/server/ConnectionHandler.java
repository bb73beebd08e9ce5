package dev.sockeye.server;

/** Called when a socket has connected to a namespace. */
@FunctionalInterface
public interface ConnectionHandler {

    /**
     * @param socket the connected socket
     * @throws Exception logged with the socket id; the socket stays connected
     */
    void onConnection(Socket socket) throws Exception;
}
