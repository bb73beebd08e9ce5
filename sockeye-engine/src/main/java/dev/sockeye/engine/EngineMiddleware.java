package dev.sockeye.engine;

/**
 * An HTTP middleware of the engine (Node's {@code engine.use}): runs for every engine request,
 * upgrades included, before the engine handles it. It must call exactly one of
 * {@link Next#proceed()} or {@link Next#fail(int, String)}.
 *
 * <p>Node's {@code express-session} pattern: look a value up once per connection and attach it to
 * the handshake request ({@link EngineRequest#setAttribute}); the session keeps that request, so every
 * socket of the connection, in every namespace, reads the value back from {@code socket.request()}.
 * The handshake is the request without a {@code sid} query parameter; later polling requests and the
 * upgrade carry one and pass through.
 *
 * <pre>{@code
 * io.engine().use((request, responseHeaders, next) -> {
 *     if (request.query("sid") == null) {                       // the handshake only
 *         Session session = sessions.find(request.header("cookie"));
 *         if (session == null) {
 *             next.fail(401, "no session");
 *             return;
 *         }
 *         request.setAttribute("session", session);
 *     }
 *     next.proceed();
 * });
 * io.of("/chat").onConnection(socket -> {
 *     Session session = socket.request().attribute("session", Session.class);  // the same in every namespace
 * });
 * }</pre>
 */
@FunctionalInterface
public interface EngineMiddleware {

    /** Looks at (and may add response headers to) the request, then decides. */
    void handle(EngineRequest request, java.util.Map<String, java.util.List<String>> responseHeaders, Next next)
            throws Exception;

    /** The continuation of a middleware. */
    interface Next {
        /** Pass the request on to the next middleware, then to the engine. */
        void proceed();

        /** Stop here and answer the request with this HTTP status and text body. */
        void fail(int status, String body);
    }
}
