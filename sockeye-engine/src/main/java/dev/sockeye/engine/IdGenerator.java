package dev.sockeye.engine;

import java.security.SecureRandom;
import java.util.Base64;

/**
 * Makes session ids (Node's {@code generateId}). Ids must be unique across a cluster and
 * unguessable. The default gives 20 URL-safe base64 characters from 15 bytes of {@link SecureRandom}.
 */
@FunctionalInterface
public interface IdGenerator {

    /** A new id for a session opened by this request. */
    String generate(EngineRequest request);

    /** The default generator: 20 URL-safe characters, 120 random bits. */
    static IdGenerator secureRandom() {
        SecureRandom random = new SecureRandom();
        Base64.Encoder encoder = Base64.getUrlEncoder().withoutPadding();
        return request -> {
            byte[] bytes = new byte[15];
            random.nextBytes(bytes);
            return encoder.encodeToString(bytes);
        };
    }
}
