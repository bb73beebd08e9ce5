package dev.sockeye.core.adapter;

/**
 * One result of {@link Adapter#fetchSockets}: either a socket of this node
 * ({@link FetchedSocket.Local}, the server uses its own socket object) or a socket of another
 * node ({@link SocketDetails}, the server wraps it into a {@code RemoteSocket}).
 *
 * <pre>{@code
 * if (fetched instanceof FetchedSocket.Local local) use((MySocket) local.socket());
 * else useRemote((SocketDetails) fetched);
 * }</pre>
 */
public sealed interface FetchedSocket permits FetchedSocket.Local, SocketDetails {

    /**
     * The socket id.
     *
     * @return the id
     */
    String id();

    /**
     * A socket connected to this node.
     *
     * @param socket the server's socket
     */
    record Local(LocalSocket socket) implements FetchedSocket {

        /** {@inheritDoc} */
        @Override
        public String id() {
            return socket.id();
        }
    }
}
