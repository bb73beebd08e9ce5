package dev.sockeye.engine.internal;

import dev.sockeye.engine.CookieOptions;

/** Serialises the sticky-session cookie in the attribute order of the Node {@code cookie} package. */
final class Cookies {
    private Cookies() {}

    static String serialize(CookieOptions c, String value) {
        StringBuilder b = new StringBuilder(c.name()).append('=').append(value);
        if (c.maxAge() != null) {
            b.append("; Max-Age=").append(c.maxAge().toSeconds());
        }
        if (c.domain() != null) {
            b.append("; Domain=").append(c.domain());
        }
        if (c.path() != null) {
            b.append("; Path=").append(c.path());
        }
        if (c.httpOnly()) {
            b.append("; HttpOnly");
        }
        if (c.sameSite() != null) {
            b.append("; SameSite=").append(c.sameSite());
        }
        if (c.secure()) {
            b.append("; Secure");
        }
        return b.toString();
    }
}
