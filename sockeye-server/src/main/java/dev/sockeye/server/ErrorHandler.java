package dev.sockeye.server;

/**
 * Receives the errors of a socket's {@link Socket#use event middlewares}, and an
 * {@link InvalidArgumentException} for each event argument that did not bind to a handler's type.
 */
@FunctionalInterface
public interface ErrorHandler {

    /**
     * @param error what the middleware failed with
     * @throws Exception logged with the socket id
     */
    void onError(Exception error) throws Exception;
}
