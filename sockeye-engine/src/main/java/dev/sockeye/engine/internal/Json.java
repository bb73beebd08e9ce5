package dev.sockeye.engine.internal;

/** The little JSON the engine writes itself (open packet, error bodies, JSONP scripts): string quoting only, as {@code JSON.stringify}. */
final class Json {
    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private Json() {}

    /** {@code s} as a JSON string literal, quotes included; {@code U+2028} and {@code U+2029} escaped too, for JSONP. */
    static String quote(String s) {
        StringBuilder b = new StringBuilder(s.length() + 2).append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"':
                    b.append("\\\"");
                    break;
                case '\\':
                    b.append("\\\\");
                    break;
                case '\n':
                    b.append("\\n");
                    break;
                case '\r':
                    b.append("\\r");
                    break;
                case '\t':
                    b.append("\\t");
                    break;
                case '\b':
                    b.append("\\b");
                    break;
                case '\f':
                    b.append("\\f");
                    break;
                default:
                    if (c < 0x20 || c == '\u2028' || c == '\u2029' || isLoneSurrogate(s, i)) {
                        b.append("\\u")
                                .append(HEX[c >> 12 & 15])
                                .append(HEX[c >> 8 & 15])
                                .append(HEX[c >> 4 & 15])
                                .append(HEX[c & 15]);
                    } else {
                        b.append(c);
                    }
            }
        }
        return b.append('"').toString();
    }

    /** Whether the char at {@code i} is half of no surrogate pair: {@code JSON.stringify} escapes it, UTF-8 cannot carry it. */
    private static boolean isLoneSurrogate(String s, int i) {
        char c = s.charAt(i);
        if (Character.isHighSurrogate(c)) {
            return i + 1 == s.length() || !Character.isLowSurrogate(s.charAt(i + 1));
        }
        return Character.isLowSurrogate(c) && (i == 0 || !Character.isHighSurrogate(s.charAt(i - 1)));
    }

    /** The body of an error response: {@code {"code":N,"message":"…"}}. */
    static String error(int code, String message) {
        return "{\"code\":" + code + ",\"message\":" + quote(message) + "}";
    }
}
