package dev.sockeye.engine.spi;

import dev.sockeye.engine.EngineRequest;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ScheduledExecutorService;

/**
 * One plain HTTP request to an engine path (a long-polling GET or POST, a CORS preflight, or a
 * request the engine refuses), together with the means to answer it. Implemented by HTTP fronts.
 *
 * <p>Every method may be called from any thread. The engine calls {@link #respond} exactly once.
 */
public interface PollingExchange {

    /** The request line and headers. */
    EngineRequest request();

    /**
     * The response headers, mutable, written with the response. Names keep the case the engine
     * gives them; the front adds {@code Content-Length} itself.
     */
    Map<String, List<String>> responseHeaders();

    /**
     * The scheduler the engine may use for the timers of a session opened by this request (for
     * Netty: the channel's event loop), or {@code null} to let the engine use its own.
     */
    ScheduledExecutorService scheduler();

    /**
     * Reads the request body. Exactly one method of {@code callback} is called, now or later.
     * Past {@code maxBytes} the front stops accumulating and calls {@link BodyCallback#onTooLarge()};
     * it closes the connection after the response, since the rest of the body is not read.
     */
    void readBody(long maxBytes, BodyCallback callback);

    /**
     * Answers the request with {@link #responseHeaders()} and this body. Ignored when the client
     * has already gone away or the exchange was already answered.
     */
    void respond(int status, byte[] body);

    /**
     * Registers the listener run when the client goes away before {@link #respond} (a cancelled
     * long-poll). Runs at once when that has already happened; never runs after the response.
     */
    void onAbort(Runnable listener);

    /** Receives the request body. */
    interface BodyCallback {
        /** The whole body; the array belongs to the engine. */
        void onBody(byte[] body);

        /** The body is larger than allowed; the engine should answer 413. */
        void onTooLarge();
    }
}
