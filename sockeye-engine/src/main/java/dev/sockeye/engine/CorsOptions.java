package dev.sockeye.engine;

import java.time.Duration;
import java.util.List;
import java.util.function.Predicate;

/**
 * Cross-origin settings of the polling transport (Node's {@code cors}, from the {@code cors}
 * npm package). Off unless given to {@link EngineOptions.Builder#cors(CorsOptions)}.
 *
 * @param origin         which {@code Origin} values are allowed; the allowed origin is echoed back
 * @param wildcard       answer {@code Access-Control-Allow-Origin: *} (Node's {@code origin: "*"})
 * @param methods        allowed methods for preflight; default GET, HEAD, PUT, PATCH, POST, DELETE
 * @param allowedHeaders allowed request headers; empty = reflect {@code Access-Control-Request-Headers}
 * @param exposedHeaders headers exposed to the page
 * @param credentials    send {@code Access-Control-Allow-Credentials: true}
 * @param maxAge         preflight cache time, or {@code null} for none
 */
public record CorsOptions(
        Predicate<String> origin,
        boolean wildcard,
        List<String> methods,
        List<String> allowedHeaders,
        List<String> exposedHeaders,
        boolean credentials,
        Duration maxAge) {

    private static final List<String> DEFAULT_METHODS = List.of("GET", "HEAD", "PUT", "PATCH", "POST", "DELETE");

    /** Every origin allowed, answered with {@code *}. */
    public static CorsOptions allowAll() {
        return new CorsOptions(o -> true, true, DEFAULT_METHODS, List.of(), List.of(), false, null);
    }

    /** Only these exact origins (e.g. {@code https://example.com}) allowed, echoed back. */
    public static CorsOptions origins(List<String> origins) {
        List<String> copy = List.copyOf(origins);
        return new CorsOptions(copy::contains, false, DEFAULT_METHODS, List.of(), List.of(), false, null);
    }

    /** Origins allowed by a function, echoed back. */
    public static CorsOptions origins(Predicate<String> allowed) {
        return new CorsOptions(allowed, false, DEFAULT_METHODS, List.of(), List.of(), false, null);
    }

    /** A copy with {@code Access-Control-Allow-Credentials} on or off. */
    public CorsOptions withCredentials(boolean on) {
        return new CorsOptions(origin, wildcard, methods, allowedHeaders, exposedHeaders, on, maxAge);
    }

    /** A copy with these preflight methods. */
    public CorsOptions withMethods(List<String> list) {
        return new CorsOptions(
                origin, wildcard, List.copyOf(list), allowedHeaders, exposedHeaders, credentials, maxAge);
    }

    /** A copy with these allowed request headers. */
    public CorsOptions withAllowedHeaders(List<String> list) {
        return new CorsOptions(origin, wildcard, methods, List.copyOf(list), exposedHeaders, credentials, maxAge);
    }

    /** A copy with these exposed headers. */
    public CorsOptions withExposedHeaders(List<String> list) {
        return new CorsOptions(origin, wildcard, methods, allowedHeaders, List.copyOf(list), credentials, maxAge);
    }

    /** A copy with this preflight max age. */
    public CorsOptions withMaxAge(Duration value) {
        return new CorsOptions(origin, wildcard, methods, allowedHeaders, exposedHeaders, credentials, value);
    }
}
