package dev.sockeye.adminui.internal;

import at.favre.lib.crypto.bcrypt.BCrypt;
import dev.sockeye.server.ConnectError;
import dev.sockeye.server.ConnectMiddleware;
import dev.sockeye.server.Socket;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Collections;
import java.util.Map;
import java.util.WeakHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;

/**
 * The admin namespace's login (Node's basic authentication middleware): a valid {@code auth.sessionId} lets the
 * socket in; else {@code auth.username} must match and {@code auth.password} must match the bcrypt hash, which
 * creates a session whose id the socket gets in a {@code session} event once connected; anything else is refused
 * with {@code invalid credentials}. A remote address with too many recent failures is refused with
 * {@code too many attempts} before any check (Node has no such limit).
 */
public final class AdminAuth implements ConnectMiddleware {
    /** The refusal Node sends, which the UI recognises (it shows its login form again). */
    public static final String INVALID_CREDENTIALS = "invalid credentials";
    /** The refusal while the address is blocked by the rate limit. */
    public static final String TOO_MANY_ATTEMPTS = "too many attempts";

    private static final Logger log = LoggerFactory.getLogger(AdminAuth.class);

    private final byte[] username;
    private final byte[] passwordHash;
    private final Sessions sessions;
    private final LoginLimiter limiter;
    /** Sessions created by a login, until the socket connects and is told its id. */
    private final Map<Socket, String> newSessions = Collections.synchronizedMap(new WeakHashMap<>());

    /**
     * @param username     the user name to match
     * @param passwordHash the bcrypt hash of the password
     * @param sessions     the session store
     * @param limiter      the failed-login counter
     */
    public AdminAuth(String username, String passwordHash, Sessions sessions, LoginLimiter limiter) {
        this.username = username.getBytes(StandardCharsets.UTF_8);
        this.passwordHash = passwordHash.getBytes(StandardCharsets.UTF_8);
        this.sessions = sessions;
        this.limiter = limiter;
    }

    @Override
    public void handle(Socket socket, Next next) throws ConnectError {
        JsonNode auth = socket.handshake().auth();
        if (sessions.isValid(text(auth, "sessionId"))) {
            next.proceed();
            return;
        }
        String address = socket.handshake().address();
        if (limiter.isBlocked(address)) {
            log.debug("admin login from {} refused: too many failed attempts", address);
            throw new ConnectError(TOO_MANY_ATTEMPTS);
        }
        if (credentialsMatch(text(auth, "username"), text(auth, "password"))) {
            newSessions.put(socket, sessions.create());
            next.proceed();
            return;
        }
        limiter.recordFailure(address);
        log.debug("admin login from {} refused: invalid credentials", address);
        throw new ConnectError(INVALID_CREDENTIALS);
    }

    /** The session id created by this socket's login, once; {@code null} when it came in with a session. */
    public String takeNewSession(Socket socket) {
        return newSessions.remove(socket);
    }

    private boolean credentialsMatch(String user, String password) {
        if (user == null || password == null) {
            return false;
        }
        // Both checks always run, so that the time taken does not tell whether the user name was right.
        boolean userMatches = MessageDigest.isEqual(username, user.getBytes(StandardCharsets.UTF_8));
        boolean passwordMatches;
        try {
            passwordMatches =
                    BCrypt.verifyer().verify(password.getBytes(StandardCharsets.UTF_8), passwordHash).verified;
        } catch (IllegalArgumentException tooLong) {
            passwordMatches = false; // bcrypt reads at most 72 bytes; the library refuses longer passwords
        }
        return userMatches && passwordMatches;
    }

    private static String text(JsonNode auth, String field) {
        if (auth == null) {
            return null;
        }
        JsonNode value = auth.get(field);
        return value != null && value.isString() ? value.asString() : null;
    }
}
