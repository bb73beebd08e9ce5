package dev.sockeye.server;

/**
 * Runs for every event a socket receives, before its handlers ({@link Socket#use}). Call
 * {@code next.proceed()} to continue or {@code next.fail(error)} to drop the event; the error then
 * goes to the socket's {@link Socket#onError error handlers}.
 */
@FunctionalInterface
public interface SocketMiddleware {

    /**
     * @param event the event name
     * @param args  the event arguments
     * @param next  continues or drops the event
     * @throws Exception drops the event like {@code fail}
     */
    void handle(String event, Args args, Next next) throws Exception;

    /** Continues or stops the chain. Only the first call counts. */
    interface Next {
        /** Runs the next middleware, or the event handlers after the last one. */
        void proceed();

        /** Drops the event and hands {@code error} to the socket's error handlers. */
        void fail(Exception error);
    }
}
