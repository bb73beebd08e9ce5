package dev.sockeye.engine;

import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * An HTTP request as the engine sees it: method, URI, headers, peer address. Immutable; built by
 * the HTTP front, so the engine never sees the front's own request type.
 *
 * <p>Header names are case-insensitive ({@link #header(String)}); {@link #headers()} keys are
 * lower case. Query parameters are decoded; a parameter given twice keeps both values and
 * {@link #query(String)} returns the first ("first wins").
 */
public final class EngineRequest {
    private final String method;
    private final String uri;
    private final String path;
    private final Map<String, List<String>> query;
    private final Map<String, List<String>> headers;
    private final InetSocketAddress remoteAddress;
    private final boolean secure;

    /**
     * @param method        HTTP method, upper case ({@code GET}, {@code POST}, …)
     * @param uri           the request target as received: path and raw query ({@code /engine.io/?EIO=4&transport=polling})
     * @param headers       header name → values; names in any case
     * @param remoteAddress the peer, or {@code null} when unknown
     * @param secure        whether the request came over TLS
     */
    public EngineRequest(String method, String uri, Map<String, List<String>> headers,
                         InetSocketAddress remoteAddress, boolean secure) {
        this.method = method;
        this.uri = uri;
        int q = uri.indexOf('?');
        this.path = q < 0 ? uri : uri.substring(0, q);
        this.query = Collections.unmodifiableMap(parseQuery(q < 0 ? "" : uri.substring(q + 1)));
        Map<String, List<String>> lower = new LinkedHashMap<>();
        headers.forEach((name, values) -> lower.computeIfAbsent(name.toLowerCase(Locale.ROOT), k -> new ArrayList<>()).addAll(values));
        lower.replaceAll((k, v) -> List.copyOf(v));
        this.headers = Collections.unmodifiableMap(lower);
        this.remoteAddress = remoteAddress;
        this.secure = secure;
    }

    /** HTTP method, upper case. */
    public String method() {
        return method;
    }

    /** The request target as received, path plus raw query. */
    public String uri() {
        return uri;
    }

    /** The path part of {@link #uri()}, without the query. */
    public String path() {
        return path;
    }

    /** Decoded query parameters, in request order; a repeated parameter keeps every value. */
    public Map<String, List<String>> queryParameters() {
        return query;
    }

    /** First value of a query parameter, or {@code null}. */
    public String query(String name) {
        List<String> values = query.get(name);
        return values == null || values.isEmpty() ? null : values.get(0);
    }

    /** Headers with lower-case names. */
    public Map<String, List<String>> headers() {
        return headers;
    }

    /** First value of a header (name in any case), or {@code null}. */
    public String header(String name) {
        List<String> values = headers.get(name.toLowerCase(Locale.ROOT));
        return values == null || values.isEmpty() ? null : values.get(0);
    }

    /** The peer's address, or {@code null} when the front does not know it. */
    public InetSocketAddress remoteAddress() {
        return remoteAddress;
    }

    /** Whether the request came over TLS. */
    public boolean secure() {
        return secure;
    }

    private static Map<String, List<String>> parseQuery(String raw) {
        Map<String, List<String>> params = new LinkedHashMap<>();
        if (raw.isEmpty()) {
            return params;
        }
        for (String pair : raw.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String name = decode(eq < 0 ? pair : pair.substring(0, eq));
            String value = eq < 0 ? "" : decode(pair.substring(eq + 1));
            params.computeIfAbsent(name, k -> new ArrayList<>(1)).add(value);
        }
        params.replaceAll((k, v) -> List.copyOf(v));
        return params;
    }

    private static String decode(String s) {
        try {
            return URLDecoder.decode(s, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException malformedEscape) {
            return s; // a broken %-escape is kept as sent rather than failing the whole request
        }
    }

    @Override
    public String toString() {
        return method + " " + uri;
    }
}
