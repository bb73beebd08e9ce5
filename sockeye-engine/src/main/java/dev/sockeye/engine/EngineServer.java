package dev.sockeye.engine;

import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The Engine.IO server: accepts sessions, runs their heartbeats and upgrades, and tells the
 * application about them. It knows no HTTP library; an HTTP front feeds it requests (see
 * {@code dev.sockeye.engine.spi}).
 *
 * <pre>{@code
 * EngineServer engine = EngineServer.create(EngineOptions.builder().build());
 * engine.onConnection(socket -> socket.onMessage(EngineSocket.MessageListener.of(socket::send, socket::send)));
 * }</pre>
 */
public interface EngineServer {

    /** A new engine with the given options. */
    static EngineServer create(EngineOptions options) {
        return new dev.sockeye.engine.internal.DefaultEngineServer(options);
    }

    /** The options this engine was built with. */
    EngineOptions options();

    /**
     * Called for every new session, before any message of the client is handled (so listeners
     * registered here see the first one); what the listener sends goes out right after the open packet.
     */
    void onConnection(Consumer<EngineSocket> listener);

    /** Called for every refused request (the Node.js {@code connection_error} event). */
    void onConnectionError(Consumer<ConnectionError> listener);

    /** Lets the application edit the headers of every HTTP response (the {@code headers} event). */
    void onHeaders(HeadersListener listener);

    /** Lets the application edit the headers of the handshake response only ({@code initial_headers}). */
    void onInitialHeaders(HeadersListener listener);

    /** Adds a middleware run for every engine request, upgrades included, before the engine handles it. */
    void use(EngineMiddleware middleware);

    /** The number of open sessions. */
    int clientsCount();

    /** The open sessions by id (read-only view). */
    Map<String, EngineSocket> clients();

    /** Closes every session (reason {@code "server shutting down"}) and refuses new ones. */
    void close();

    /**
     * Handles a plain HTTP request to this engine's path (long-polling GET/POST, CORS preflight).
     * Called by HTTP fronts; see {@link dev.sockeye.engine.spi}.
     */
    void handleRequest(dev.sockeye.engine.spi.PollingExchange exchange);

    /**
     * Handles a WebSocket upgrade request (Node's {@code engine.handleUpgrade}): a direct WebSocket
     * handshake or the upgrade of a polling session. Fronts call it for upgrade requests on the
     * engine's path; an application routing upgrades itself may call it through its front's helper
     * (for Netty: {@code NettyEngineHandler.handleUpgrade}).
     */
    void handleUpgrade(dev.sockeye.engine.spi.WebSocketUpgrade upgrade);

    /** Edits response headers before they are written. */
    @FunctionalInterface
    interface HeadersListener {
        /**
         * @param headers the response headers, mutable; names as they will be written
         * @param request the request being answered
         */
        void onHeaders(Map<String, List<String>> headers, EngineRequest request);
    }
}
