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
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * An HTTP request as the engine sees it: method, URI, headers, peer address. Immutable but for its
 * {@linkplain #setAttribute attributes}; built by
 * the HTTP front, so the engine never sees the front's own request type.
 *
 * <p>Header names are case-insensitive ({@link #header(String)}); {@link #headers()} keys are
 * lower case. Query parameters are decoded; a parameter given twice keeps both values and
 * {@link #query(String)} returns the first ("first wins").
 *
 * <p>Every session keeps the request that opened it for its whole life, so the request is stored
 * compactly: the request target and the headers as one string, the query as received. {@link #headers()} and
 * {@link #queryParameters()} build their maps on each call; {@link #header(String)} and
 * {@link #query(String)} read the compact form directly.
 *
 * <p>The one mutable part: {@linkplain #setAttribute attributes} the application attaches, usually
 * in an {@link EngineMiddleware} on the handshake request, which is the request the session (and
 * every Socket.IO socket of its connection, through {@code socket.request()}) keeps; see
 * {@link EngineMiddleware} for the session example.
 */
public final class EngineRequest {
    private final String method;
    /**
     * The request target as received, then every header value as a {@code name:value\n} line, names in lower case,
     * in arrival order: one string rather than two, since every session keeps its request for its whole life.
     */
    private final String text;
    /** Where the headers start in {@link #text}: the length of the request target. */
    private final int uriLength;

    private final InetSocketAddress remoteAddress;
    private final boolean secure;
    /** Attributes the application attached; made on first use (most requests never get one). */
    private volatile Map<String, Object> attributes;

    /**
     * @param method        HTTP method, upper case ({@code GET}, {@code POST}, …)
     * @param uri           the request target as received: path and raw query ({@code /engine.io/?EIO=4&transport=polling})
     * @param headers       header name → values; names in any case; line breaks in values (impossible
     *                      in HTTP/1.1) become spaces
     * @param remoteAddress the peer, or {@code null} when unknown
     * @param secure        whether the request came over TLS
     */
    public EngineRequest(
            String method,
            String uri,
            Map<String, List<String>> headers,
            InetSocketAddress remoteAddress,
            boolean secure) {
        this.method = commonMethod(method);
        this.uriLength = uri.length();
        StringBuilder lines = new StringBuilder(uri.length() + 256).append(uri);
        headers.forEach((name, values) -> {
            String lower = name.toLowerCase(Locale.ROOT).replace('\n', ' ').replace(':', ' ');
            for (String value : values) {
                lines.append(lower).append(':').append(value.replace('\n', ' ')).append('\n');
            }
        });
        this.text = lines.toString();
        this.remoteAddress = remoteAddress;
        this.secure = secure;
    }

    /** The shared constant for the usual methods, so that a long-lived request holds no copy of its own. */
    private static String commonMethod(String method) {
        switch (method) {
            case "GET":
                return "GET";
            case "POST":
                return "POST";
            case "OPTIONS":
                return "OPTIONS";
            default:
                return method;
        }
    }

    /** HTTP method, upper case. */
    public String method() {
        return method;
    }

    /** The request target as received, path plus raw query. */
    public String uri() {
        return text.substring(0, uriLength);
    }

    /** The path part of {@link #uri()}, without the query. */
    public String path() {
        int q = queryStart();
        return text.substring(0, q < 0 ? uriLength : q);
    }

    /** Decoded query parameters, in request order; a repeated parameter keeps every value. A new map on each call. */
    public Map<String, List<String>> queryParameters() {
        return Collections.unmodifiableMap(parseQuery(rawQuery()));
    }

    /** First value of a query parameter, or {@code null}. */
    public String query(String name) {
        String raw = rawQuery();
        int start = 0;
        while (start < raw.length()) {
            int amp = raw.indexOf('&', start);
            int end = amp < 0 ? raw.length() : amp;
            if (end > start) {
                int eq = raw.indexOf('=', start);
                int nameEnd = eq < 0 || eq > end ? end : eq;
                if (decode(raw.substring(start, nameEnd)).equals(name)) {
                    return nameEnd == end ? "" : decode(raw.substring(nameEnd + 1, end));
                }
            }
            start = end + 1;
        }
        return null;
    }

    private String rawQuery() {
        int q = queryStart();
        return q < 0 ? "" : text.substring(q + 1, uriLength);
    }

    /** Where the request target's {@code ?} is in {@link #text}, or -1 when it has none. */
    private int queryStart() {
        int q = text.indexOf('?');
        return q < uriLength ? q : -1;
    }

    /** Headers with lower-case names, in arrival order. A new map on each call. */
    public Map<String, List<String>> headers() {
        Map<String, List<String>> map = new LinkedHashMap<>();
        int start = uriLength;
        while (start < text.length()) {
            int end = text.indexOf('\n', start);
            int colon = text.indexOf(':', start);
            map.computeIfAbsent(text.substring(start, colon), k -> new ArrayList<>(1))
                    .add(text.substring(colon + 1, end));
            start = end + 1;
        }
        map.replaceAll((k, v) -> List.copyOf(v));
        return Collections.unmodifiableMap(map);
    }

    /** First value of a header (name in any case), or {@code null}. */
    public String header(String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        int start = uriLength;
        while (start < text.length()) {
            int end = text.indexOf('\n', start);
            if (text.startsWith(lower, start)
                    && start + lower.length() < end
                    && text.charAt(start + lower.length()) == ':') {
                return text.substring(start + lower.length() + 1, end);
            }
            start = end + 1;
        }
        return null;
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

    /**
     * Attaches a value to this request under {@code name}, replacing any earlier one; a {@code null}
     * value removes it. Thread-safe.
     */
    public void setAttribute(String name, Object value) {
        Objects.requireNonNull(name, "name");
        if (value == null) {
            Map<String, Object> map = attributes;
            if (map != null) {
                map.remove(name);
            }
        } else {
            attributes().put(name, value);
        }
    }

    /**
     * The value attached under {@code name}, or {@code null} when there is none.
     *
     * @throws ClassCastException when the value is not a {@code type}
     */
    public <T> T attribute(String name, Class<T> type) {
        Map<String, Object> map = attributes;
        return map == null ? null : type.cast(map.get(name));
    }

    private synchronized Map<String, Object> attributes() {
        if (attributes == null) {
            attributes = new ConcurrentHashMap<>();
        }
        return attributes;
    }

    @Override
    public String toString() {
        return method + " " + uri();
    }
}
