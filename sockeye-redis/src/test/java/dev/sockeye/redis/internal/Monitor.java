package dev.sockeye.redis.internal;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/** Turns a value as {@code redis-cli MONITOR} prints it (C escapes, {@code \xNN}) back into bytes. */
final class Monitor {

    private Monitor() {}

    static byte[] bytes(String printed) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int i = 0; i < printed.length(); i++) {
            char c = printed.charAt(i);
            if (c != '\\') {
                byte[] utf8 = String.valueOf(c).getBytes(StandardCharsets.UTF_8);
                out.write(utf8, 0, utf8.length);
                continue;
            }
            char e = printed.charAt(++i);
            switch (e) {
                case 'x' -> {
                    out.write(Integer.parseInt(printed.substring(i + 1, i + 3), 16));
                    i += 2;
                }
                case 'a' -> out.write(7);
                case 'b' -> out.write(8);
                case 't' -> out.write(9);
                case 'n' -> out.write(10);
                case 'r' -> out.write(13);
                case '"' -> out.write('"');
                case '\\' -> out.write('\\');
                default -> throw new IllegalArgumentException("unknown escape \\" + e);
            }
        }
        return out.toByteArray();
    }

    static String text(String printed) {
        return new String(bytes(printed), StandardCharsets.UTF_8);
    }
}
