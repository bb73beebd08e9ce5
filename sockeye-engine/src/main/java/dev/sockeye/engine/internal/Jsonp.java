package dev.sockeye.engine.internal;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * JSONP polling framing (engine.io {@code transports/polling-jsonp.ts}), for clients that cannot use
 * XHR: a poll response is a script calling {@code ___eio[<j>]} with the payload as a JavaScript string;
 * a POST is a form whose field {@code d} holds the payload, newlines escaped. Pure functions.
 */
final class Jsonp {
    /** A {@code \n} (backslash, n) the client wrote for a newline; one after a further backslash is kept. */
    private static final Pattern ESCAPED_NEWLINE = Pattern.compile("(\\\\)?\\\\n");
    /** A {@code \\n} the client wrote for an escaped newline in the data. */
    private static final String DOUBLY_ESCAPED_NEWLINE = "\\\\n";

    private Jsonp() {}

    /**
     * The script answering a poll: {@code ___eio[<j>]("<payload>");}, the index keeping only the digits of
     * the {@code j} parameter, the payload quoted as {@code JSON.stringify} does and {@code U+2028},
     * {@code U+2029} escaped too (JSON allows them raw in strings, JavaScript before ES2019 does not).
     */
    static String script(String index, String payload) {
        StringBuilder b = new StringBuilder(payload.length() + 16).append("___eio[");
        for (int i = 0; i < index.length(); i++) {
            char c = index.charAt(i);
            if (c >= '0' && c <= '9') {
                b.append(c);
            }
        }
        return b.append("](").append(Json.quote(payload)).append(");").toString();
    }

    /**
     * The payload of a JSONP POST: the form field {@code d} ({@code application/x-www-form-urlencoded}),
     * with the client's newline escapes undone, or {@code null} when the form has no single {@code d}.
     */
    static String payload(String form) {
        String data = null;
        int count = 0;
        for (String pair : form.split("&", -1)) {
            int eq = pair.indexOf('=');
            String key = formDecode(eq < 0 ? pair : pair.substring(0, eq));
            if ("d".equals(key)) {
                count++;
                data = eq < 0 ? "" : formDecode(pair.substring(eq + 1));
            }
        }
        if (count != 1) {
            return null; // Node's querystring makes several into an array, which its JSONP transport ignores
        }
        Matcher m = ESCAPED_NEWLINE.matcher(data);
        String newlines =
                m.replaceAll(match -> match.group(1) != null ? Matcher.quoteReplacement(match.group()) : "\n");
        return newlines.replace(DOUBLY_ESCAPED_NEWLINE, "\\n");
    }

    /** Form decoding: {@code +} is a space, {@code %XX} a byte of UTF-8; a malformed escape is kept as it is. */
    private static String formDecode(String s) {
        if (s.indexOf('%') < 0 && s.indexOf('+') < 0) {
            return s;
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(s.length());
        int i = 0;
        while (i < s.length()) {
            int c = s.codePointAt(i);
            int hi;
            int lo;
            if (c == '+') {
                out.write(' ');
                i++;
            } else if (c == '%'
                    && i + 2 < s.length()
                    && (hi = Character.digit(s.charAt(i + 1), 16)) >= 0
                    && (lo = Character.digit(s.charAt(i + 2), 16)) >= 0) {
                out.write(hi << 4 | lo);
                i += 3;
            } else {
                byte[] bytes = new String(Character.toChars(c)).getBytes(StandardCharsets.UTF_8);
                out.write(bytes, 0, bytes.length);
                i += Character.charCount(c);
            }
        }
        return out.toString(StandardCharsets.UTF_8);
    }
}
