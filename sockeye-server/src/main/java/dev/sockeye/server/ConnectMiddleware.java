package dev.sockeye.server;

/**
 * Runs for every namespace connection before the socket connects ({@link Namespace#use}). Call
 * {@code next.proceed()} to continue, {@code next.fail(error)} to refuse; either may be called
 * later from any thread. A thrown exception refuses the connection like {@code fail}.
 *
 * <p>Only a {@link ConnectError} is a refusal the client reads: its message and data arrive in the
 * client's {@code connect_error}. Any other exception, thrown or given to {@code fail}, is a failure
 * of the server: it is logged at WARN with its stack and the client gets
 * {@code {"message":"server error"}}. This differs from Node, which sends the {@code message} of any
 * error: Sockeye never lets internal exception text reach a client.
 */
@FunctionalInterface
public interface ConnectMiddleware {

    /**
     * @param socket the socket about to connect (not yet connected; its handshake is complete). Its
     *               {@code disconnect()} does nothing here, as in Node: refuse with {@code next.fail};
     *               rooms it joins here are left if the connection is refused
     * @param next   continues or refuses
     * @throws Exception refuses the connection: a {@link ConnectError} with its message and data, anything
     *                   else with {@code "server error"} (the exception is logged)
     */
    void handle(Socket socket, Next next) throws Exception;

    /** Continues or stops a middleware chain. Only the first call counts. */
    interface Next {
        /** Runs the next middleware, or connects the socket after the last one. */
        void proceed();

        /**
         * Refuses the connection: the client gets CONNECT_ERROR with a {@link ConnectError}'s message
         * and {@link ConnectError#data()}; for any other exception, {@code "server error"} (and the
         * exception is logged with its stack).
         */
        void fail(Exception error);
    }
}
