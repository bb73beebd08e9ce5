package dev.sockeye.engine.internal;

import dev.sockeye.engine.CorsOptions;
import dev.sockeye.engine.EngineRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The CORS headers of the Node {@code cors} package as engine.io configures it: run first for every
 * engine request, a preflight ({@code OPTIONS}) is answered {@code 204} right away.
 */
final class Cors {
    private Cors() {}

    /** Adds the headers for {@code request}; returns true when it is a preflight to answer with 204. */
    static boolean apply(CorsOptions cors, EngineRequest request, Map<String, List<String>> headers) {
        String origin = request.header("origin");
        if (cors.wildcard()) {
            headers.put("Access-Control-Allow-Origin", List.of("*"));
        } else {
            if (origin != null && cors.origin().test(origin)) {
                headers.put("Access-Control-Allow-Origin", List.of(origin));
            }
            addVary(headers, "Origin");
        }
        if (cors.credentials()) {
            headers.put("Access-Control-Allow-Credentials", List.of("true"));
        }
        if (!cors.exposedHeaders().isEmpty()) {
            headers.put("Access-Control-Expose-Headers", List.of(String.join(",", cors.exposedHeaders())));
        }
        if (!"OPTIONS".equals(request.method())) {
            return false;
        }
        headers.put("Access-Control-Allow-Methods", List.of(String.join(",", cors.methods())));
        if (!cors.allowedHeaders().isEmpty()) {
            headers.put("Access-Control-Allow-Headers", List.of(String.join(",", cors.allowedHeaders())));
        } else {
            String requested = request.header("access-control-request-headers");
            if (requested != null) {
                headers.put("Access-Control-Allow-Headers", List.of(requested));
            }
            addVary(headers, "Access-Control-Request-Headers");
        }
        if (cors.maxAge() != null) {
            headers.put(
                    "Access-Control-Max-Age",
                    List.of(Long.toString(cors.maxAge().toSeconds())));
        }
        return true;
    }

    private static void addVary(Map<String, List<String>> headers, String value) {
        List<String> vary = headers.get("Vary");
        if (vary == null) {
            headers.put("Vary", List.of(value));
        } else if (!vary.contains(value)) {
            List<String> more = new ArrayList<>(vary);
            more.add(value);
            headers.put("Vary", List.of(String.join(", ", more)));
        }
    }
}
