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
     * When the request arrived, on the {@link System#nanoTime()} clock, as early as the front can
     * vouch for; the same value on every call. A front that reads connections on several threads may
     * hand two requests of one session to the engine in the other order than they arrived; where the
     * outcome depends on that order (a poll and a posted close packet, two overlapping polls) the engine
     * goes by this time, as a single-threaded server reading them in arrival order would. The accept
     * time of a new connection is a good value for its first request (connections are accepted in the
     * order they come, and a client writes its request right after connecting); for a later request on
     * the same connection, the end of the previous exchange. A read time is not: it is later than the
     * arrival by however long the reading thread was busy elsewhere.
     */
    long arrivalNanos();

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
