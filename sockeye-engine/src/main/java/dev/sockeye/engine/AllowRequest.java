package dev.sockeye.engine;

/**
 * Decides, possibly asynchronously, whether a handshake or upgrade request may go on (Node's
 * {@code allowRequest}). A denied request gets HTTP 403 {@code {"code":4,"message":"Forbidden"}}.
 */
@FunctionalInterface
public interface AllowRequest {

    /** Calls {@code verdict.allow()} or {@code verdict.deny(message)} exactly once, now or later. */
    void check(EngineRequest request, Verdict verdict) throws Exception;

    /** The answer to {@link #check}. */
    interface Verdict {
        /** Let the request through. */
        void allow();

        /** Refuse the request; the message goes to {@code connection_error} listeners. */
        void deny(String message);
    }
}
