package dev.sockeye.engine;

import java.time.Duration;

/**
 * The session cookie set on the handshake response (Node's {@code cookie} option), used by load
 * balancers for sticky sessions. Off unless given to {@link EngineOptions.Builder#cookie(CookieOptions)}.
 * Node's defaults: {@code io=<sid>; Path=/; HttpOnly; SameSite=Lax}.
 *
 * @param name     cookie name; default {@code io}
 * @param path     {@code Path}; default {@code /}
 * @param httpOnly {@code HttpOnly}; default true
 * @param sameSite {@code SameSite} value, or {@code null} for none; default {@code Lax}
 * @param secure   {@code Secure}; default false
 * @param maxAge   {@code Max-Age}, or {@code null} for a session cookie; default null
 * @param domain   {@code Domain}, or {@code null}; default null
 */
public record CookieOptions(
        String name, String path, boolean httpOnly, String sameSite, boolean secure, Duration maxAge, String domain) {

    /** Node's defaults: {@code io=<sid>; Path=/; HttpOnly; SameSite=Lax}. */
    public static CookieOptions defaults() {
        return new CookieOptions("io", "/", true, "Lax", false, null, null);
    }

    /** A copy with another cookie name. */
    public CookieOptions withName(String value) {
        return new CookieOptions(value, path, httpOnly, sameSite, secure, maxAge, domain);
    }
}
