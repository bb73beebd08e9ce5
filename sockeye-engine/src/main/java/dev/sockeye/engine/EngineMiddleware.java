package dev.sockeye.engine;

/**
 * An HTTP middleware of the engine (Node's {@code engine.use}): runs for every engine request,
 * upgrades included, before the engine handles it. It must call exactly one of
 * {@link Next#proceed()} or {@link Next#fail(int, String)}.
 */
@FunctionalInterface
public interface EngineMiddleware {

    /** Looks at (and may add response headers to) the request, then decides. */
    void handle(EngineRequest request, java.util.Map<String, java.util.List<String>> responseHeaders, Next next) throws Exception;

    /** The continuation of a middleware. */
    interface Next {
        /** Pass the request on to the next middleware, then to the engine. */
        void proceed();

        /** Stop here and answer the request with this HTTP status and text body. */
        void fail(int status, String body);
    }
}
