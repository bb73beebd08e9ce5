package dev.sockeye.servlet.internal;

import dev.sockeye.engine.EngineRequest;
import jakarta.servlet.http.HttpServletRequest;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Conversions from the servlet API's requests to the engine's. */
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
