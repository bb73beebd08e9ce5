package dev.sockeye.server.internal;

import java.security.SecureRandom;
import java.util.Base64;

/** Socket ids: 20 URL-safe characters (120 random bits), like the Node server's {@code base64id}. */
final class Ids {
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();

    private Ids() {}

    static String socketId() {
        byte[] bytes = new byte[15];
        RANDOM.nextBytes(bytes);
        return ENCODER.encodeToString(bytes);
    }
}
