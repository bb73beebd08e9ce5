package dev.sockeye.servlet.internal;

import dev.sockeye.engine.EngineOptions;
import dev.sockeye.engine.EngineRequest;
import dev.sockeye.engine.EngineServer;
import dev.sockeye.engine.spi.FrontExchange;
import dev.sockeye.engine.spi.WebSocketHandler;
import dev.sockeye.engine.spi.WebSocketUpgrade;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.websocket.DeploymentException;
import jakarta.websocket.Endpoint;
import jakarta.websocket.Extension;
import jakarta.websocket.HandshakeResponse;
import jakarta.websocket.server.HandshakeRequest;
import jakarta.websocket.server.ServerContainer;
import jakarta.websocket.server.ServerEndpointConfig;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A WebSocket upgrade request on a servlet, answered by the engine. The container can only upgrade a
 * request from the thread that is serving it, before the servlet returns; so that thread waits for the
 * engine's verdict (given at once unless an {@code allowRequest} check is slow, and at most the engine's
 * {@code upgradeTimeout}), then upgrades through {@link ServerContainer#upgradeHttpToWebSocket} or writes the
 * refusal: refusals are the engine's own JSON, as on the Netty front.
 */
final class ServletWebSocketUpgrade extends FrontExchange implements WebSocketUpgrade {
    private static final Logger log = LoggerFactory.getLogger(ServletWebSocketUpgrade.class);
    private static final String SERVER_CONTAINER = ServerContainer.class.getName();
    /** The engine's refusal of an upgrade it cannot serve (its code 3; refused upgrades carry the bare message, as Node's). */
    private static final byte[] BAD_REQUEST = "Bad request".getBytes(StandardCharsets.UTF_8);

    private final EngineOptions options;
    private final CompletableFuture<Verdict> verdict = new CompletableFuture<>();

    /** The engine's answer: a handler to accept with, or a refusal. */
    private record Verdict(WebSocketHandler handler, int status, byte[] body) {}

    private ServletWebSocketUpgrade(EngineRequest request, EngineOptions options) {
        super(request, null); // the engine's own scheduler
        this.options = options;
    }

    /** Hands an upgrade request to the engine and carries out its verdict. On the container's request thread. */
    static void handle(
            EngineServer engine,
            HttpServletRequest httpRequest,
            HttpServletResponse httpResponse,
            EngineRequest request)
            throws IOException {
        ServerContainer container =
                (ServerContainer) httpRequest.getServletContext().getAttribute(SERVER_CONTAINER);
        if (container == null) {
            log.warn(
                    "WebSocket request to {} refused: the servlet container has no WebSocket support enabled",
                    request.path());
            ServletRequests.writeResponse(
                    httpResponse, 400, Map.of("Content-Type", List.of("text/html")), true, BAD_REQUEST);
            return;
        }
        ServletWebSocketUpgrade upgrade = new ServletWebSocketUpgrade(request, engine.options());
        engine.handleUpgrade(upgrade);
        Verdict answer;
        try {
            answer = upgrade.verdict.get(engine.options().upgradeTimeout().toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            // too late: an accept after this finds the verdict given and fails the handler
            upgrade.verdict.complete(new Verdict(null, 503, BAD_REQUEST));
            answer = upgrade.verdict.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            upgrade.verdict.complete(new Verdict(null, 503, BAD_REQUEST));
            answer = upgrade.verdict.join();
        } catch (ExecutionException e) {
            throw new IllegalStateException(e.getCause());
        }
        if (answer.handler() == null) {
            ServletRequests.writeResponse(
                    httpResponse, answer.status(), upgrade.responseHeaders(), true, answer.body());
            return;
        }
        ServletWebSocketConnection connection =
                new ServletWebSocketConnection(answer.handler(), upgrade.options.maxHttpBufferSize());
        try {
            container.upgradeHttpToWebSocket(httpRequest, httpResponse, upgrade.endpointConfig(connection), Map.of());
        } catch (DeploymentException | IOException | RuntimeException e) {
            // e.g. no Sec-WebSocket-Key or an unsupported version: the container may have answered already
            connection.handshakeFailed(e);
            if (!httpResponse.isCommitted()) {
                ServletRequests.writeResponse(httpResponse, 400, Map.of(), true, new byte[0]);
            }
        }
    }

    private ServerEndpointConfig endpointConfig(ServletWebSocketConnection connection) {
        boolean deflate = options.perMessageDeflate();
        ServerEndpointConfig.Configurator configurator = new ServerEndpointConfig.Configurator() {
            @Override
            @SuppressWarnings("unchecked")
            public <T> T getEndpointInstance(Class<T> type) {
                return (T) connection;
            }

            @Override
            public void modifyHandshake(
                    ServerEndpointConfig config, HandshakeRequest handshake, HandshakeResponse response) {
                responseHeaders()
                        .forEach((name, values) -> response.getHeaders().put(name, List.copyOf(values)));
            }

            @Override
            public String getNegotiatedSubprotocol(List<String> supported, List<String> requested) {
                // the first one the client offers, as Node's ws does without handleProtocols
                // (browsers fail a handshake whose response names none of the offered ones)
                return requested.isEmpty() ? "" : requested.get(0);
            }

            @Override
            public List<Extension> getNegotiatedExtensions(List<Extension> installed, List<Extension> requested) {
                return deflate ? super.getNegotiatedExtensions(installed, requested) : List.of();
            }

            @Override
            public boolean checkOrigin(String origin) {
                return true; // the engine's allowRequest and CORS settings decide, as on the Netty front
            }
        };
        Class<? extends Endpoint> type = ServletWebSocketConnection.class;
        return ServerEndpointConfig.Builder.create(type, "/")
                .configurator(configurator)
                .build();
    }

    @Override
    public void accept(WebSocketHandler handler) {
        if (!verdict.complete(new Verdict(handler, 101, null))) {
            handler.onError(new IllegalStateException("the upgrade request was answered already (upgradeTimeout)"));
        }
    }

    @Override
    public void reject(int status, byte[] body) {
        verdict.complete(new Verdict(null, status, body));
    }
}
