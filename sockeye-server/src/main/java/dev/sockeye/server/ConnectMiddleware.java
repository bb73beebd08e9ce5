package dev.sockeye.server;

/**
 * Runs for every namespace connection before the socket connects ({@link Namespace#use}). Call
 * {@code next.proceed()} to continue, {@code next.fail(error)} to refuse; either may be called
 * later from any thread. A thrown exception refuses the connection like {@code fail}.
 */
@FunctionalInterface
public interface ConnectMiddleware {

    /**
     * @param socket the socket about to connect (not yet connected; its handshake is complete). Its
     *               {@code disconnect()} does nothing here, as in Node: refuse with {@code next.fail};
     *               rooms it joins here are left if the connection is refused
     * @param next   continues or refuses
     * @throws Exception refuses the connection with the exception's message
     */
    void handle(Socket socket, Next next) throws Exception;

    /** Continues or stops a middleware chain. Only the first call counts. */
    interface Next {
        /** Runs the next middleware, or connects the socket after the last one. */
        void proceed();

        /**
         * Refuses the connection: the client gets CONNECT_ERROR with the error's message, and its
         * {@link ConnectError#data()} when it is a {@link ConnectError}.
         */
        void fail(Exception error);
    }
}
