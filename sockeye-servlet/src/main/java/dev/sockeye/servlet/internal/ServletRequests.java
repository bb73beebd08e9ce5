package dev.sockeye.servlet.internal;

import dev.sockeye.engine.EngineRequest;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Conversions between the servlet API's requests and responses and the engine's. */
final class ServletRequests {
    private ServletRequests() {}

    /**
     * The request target below the context path, as received (path still encoded, raw query):
     * {@code /socket.io/?EIO=4&transport=polling} for {@code /app/socket.io/?EIO=4&transport=polling}
     * in context {@code /app}. The engine and the client files match paths in this form.
     */
    static String target(HttpServletRequest request) {
        String uri = request.getRequestURI();
        String context = request.getContextPath();
        String path = !context.isEmpty() && uri.startsWith(context) ? uri.substring(context.length()) : uri;
        String query = request.getQueryString();
        return query == null ? path : path + '?' + query;
    }

    /** The engine's view of a servlet request whose target (below the context path) is {@code target}. */
    static EngineRequest toEngineRequest(HttpServletRequest request, String target) {
        Map<String, List<String>> headers = new LinkedHashMap<>();
        for (String name : Collections.list(request.getHeaderNames())) {
            headers.put(name, new ArrayList<>(Collections.list(request.getHeaders(name))));
        }
        String remote = request.getRemoteAddr();
        // an IP literal (what containers give) is parsed, not looked up
        InetSocketAddress address = remote == null ? null : new InetSocketAddress(remote, request.getRemotePort());
        return new EngineRequest(request.getMethod(), target, headers, address, request.isSecure());
    }

    /**
     * Writes a whole response: the status, the engine's headers, {@code Connection: close} when the connection is not
     * to be used again, and the body with its length.
     */
    static void writeResponse(
            HttpServletResponse response,
            int status,
            Map<String, List<String>> headers,
            boolean closeConnection,
            byte[] body)
            throws IOException {
        response.setStatus(status);
        headers.forEach((name, values) -> values.forEach(value -> response.addHeader(name, value)));
        if (closeConnection) {
            response.setHeader("Connection", "close");
        }
        response.setContentLength(body.length);
        OutputStream out = response.getOutputStream();
        out.write(body);
        out.flush();
    }

    /** Whether a request asks for a WebSocket. */
    static boolean isWebSocketUpgrade(HttpServletRequest request) {
        if (!"GET".equals(request.getMethod())) {
            return false;
        }
        for (String value : Collections.list(request.getHeaders("Upgrade"))) {
            if (value.trim().equalsIgnoreCase("websocket")) {
                return true;
            }
        }
        return false;
    }
}
