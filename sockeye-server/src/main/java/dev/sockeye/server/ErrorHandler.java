package dev.sockeye.server;

/** Receives the errors of a socket's {@link Socket#use event middlewares}. */
@FunctionalInterface
public interface ErrorHandler {

    /**
     * @param error what the middleware failed with
     * @throws Exception logged with the socket id
     */
    void onError(Exception error) throws Exception;
}
