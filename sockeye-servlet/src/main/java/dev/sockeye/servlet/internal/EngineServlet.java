package dev.sockeye.servlet.internal;

import dev.sockeye.clientbundle.ClientBundle;
import dev.sockeye.engine.EngineOptions;
import dev.sockeye.engine.EngineRequest;
import dev.sockeye.engine.EngineServer;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Optional;

/**
 * The servlet mapped to {@code <path>/*}: hands requests for the engine's path to the engine (polling
 * exchanges on an {@link jakarta.servlet.AsyncContext}, WebSocket upgrades through the container's
 * {@code ServerContainer}), serves the client files next to it, and answers {@code 404} to the rest.
 */
public final class EngineServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;

    private final transient EngineServer engine;
    private final transient ClientBundle clientFiles;
    private final String path;
    private final transient ConnectionArrivals arrivals = new ConnectionArrivals();

    /**
     * @param engine      the engine to serve
     * @param serveClient whether to serve the official client files under the engine's path
     */
    public EngineServlet(EngineServer engine, boolean serveClient) {
        this.engine = engine;
        this.clientFiles = serveClient ? ClientBundle.standard() : null;
        String p = engine.options().path();
        this.path = p.endsWith("/") ? p.substring(0, p.length() - 1) : p;
    }

    /** The engine's path without a trailing slash, e.g. {@code /socket.io}. */
    public String path() {
        return path;
    }

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
        long calledAt = System.nanoTime();
        String target = ServletRequests.target(request);
        if (isEnginePath(target)) {
            EngineRequest engineRequest = ServletRequests.toEngineRequest(request, target);
            if (ServletRequests.isWebSocketUpgrade(request)) {
                ServletWebSocketUpgrade.handle(engine, request, response, engineRequest);
            } else {
                String connection = ConnectionArrivals.connectionId(request);
                String sid = engineRequest.query("sid");
                boolean post = "POST".equals(request.getMethod());
                long arrival = arrivals.arrival(connection, sid, post, calledAt);
                ServletPollingExchange.start(
                        engine,
                        request,
                        response,
                        engineRequest,
                        arrival,
                        body -> arrivals.answered(connection, sid, post, body));
            }
            return;
        }
        if (!serveClientFile(request, response, target)) {
            response.setStatus(HttpServletResponse.SC_NOT_FOUND);
            response.setContentLength(0);
        }
    }

    /**
     * Whether a request target is the engine's: {@code <path>/} when {@code addTrailingSlash} (Node's
     * default), {@code <path>} or {@code <path>/} otherwise. Other paths below it are not.
     */
    private boolean isEnginePath(String target) {
        int q = target.indexOf('?');
        String p = q < 0 ? target : target.substring(0, q);
        EngineOptions options = engine.options();
        return p.equals(path + '/') || (!options.addTrailingSlash() && p.equals(path));
    }

    private boolean serveClientFile(HttpServletRequest request, HttpServletResponse response, String target)
            throws IOException {
        boolean head = "HEAD".equals(request.getMethod());
        if (clientFiles == null || !(head || "GET".equals(request.getMethod()))) {
            return false;
        }
        Optional<ClientBundle.Response> reply = clientFiles.serve(
                path, target, request.getHeader("If-None-Match"), request.getHeader("Accept-Encoding"));
        if (reply.isEmpty()) {
            return false;
        }
        ClientBundle.Response file = reply.get();
        response.setStatus(file.status());
        file.headers().forEach(response::setHeader);
        ByteBuffer body = file.body().duplicate();
        response.setContentLength(body.remaining());
        if (!head && body.hasRemaining()) {
            byte[] bytes = new byte[body.remaining()];
            body.get(bytes);
            response.getOutputStream().write(bytes);
        }
        return true;
    }
}
