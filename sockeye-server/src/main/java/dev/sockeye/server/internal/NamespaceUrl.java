package dev.sockeye.server.internal;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The namespace of a packet from a Socket.IO v2 client (Engine.IO 3), which may carry a query
 * string: such a client sends its {@code query} option in the namespace of its CONNECT
 * ({@code 40/admin?token=1,}), where a v3+ client sends an auth object. As the Node server, the
 * namespace is the part before {@code ?} (and {@code #}) and the query's parameters, decoded as a
 * form ({@code +} is a space; the last of a repeated name wins), become the socket's auth.
 *
 * @param name  the namespace name, {@code /admin}
 * @param query the decoded parameters in order; empty when there is no query
 */
record NamespaceUrl(String name, Map<String, String> query) {

    static NamespaceUrl parse(String nsp) {
        int hash = nsp.indexOf('#');
        String url = hash < 0 ? nsp : nsp.substring(0, hash);
        int q = url.indexOf('?');
        if (q < 0) {
            return new NamespaceUrl(url, Map.of());
        }
        Map<String, String> query = new LinkedHashMap<>();
        for (String pair : url.substring(q + 1).split("&")) {
            if (!pair.isEmpty()) {
                int eq = pair.indexOf('=');
                query.put(decode(eq < 0 ? pair : pair.substring(0, eq)), eq < 0 ? "" : decode(pair.substring(eq + 1)));
            }
        }
        return new NamespaceUrl(url.substring(0, q), query);
    }

    /** The query as a JSON object of strings: the auth of the socket. */
    ObjectNode auth(ObjectMapper mapper) {
        ObjectNode auth = mapper.createObjectNode();
        query.forEach(auth::put);
        return auth;
    }

    private static String decode(String s) {
        try {
            return URLDecoder.decode(s, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException malformedEscape) {
            return s; // kept as sent rather than refusing the CONNECT
        }
    }
}
