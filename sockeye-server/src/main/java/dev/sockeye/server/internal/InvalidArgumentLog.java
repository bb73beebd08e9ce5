package dev.sockeye.server.internal;

import dev.sockeye.server.InvalidArgumentException;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Logs the arguments that did not bind to a handler's types: at WARN the first time for each event
 * and type of a server, then at DEBUG, so that a client sending bad arguments in a loop cannot
 * flood the log. The pairs come from the application's registrations; past {@link #MAX_PAIRS} of
 * them (names made up at run time) everything goes to DEBUG.
 */
final class InvalidArgumentLog {
    private static final Logger log = LoggerFactory.getLogger(InvalidArgumentLog.class);
    private static final int MAX_PAIRS = 1024;
    private static final int MAX_DETAIL = 200;

    private final Set<String> warned = ConcurrentHashMap.newKeySet();

    void log(String socketId, InvalidArgumentException error) {
        String key = error.event() + '\u0000' + error.type().getTypeName();
        boolean first = warned.size() < MAX_PAIRS && warned.add(key);
        String detail = detail(error.getCause());
        if (first) {
            log.warn(
                    "socket {}: {}; its handler was skipped (logged once per event and type, then at DEBUG): {}",
                    socketId,
                    error.getMessage(),
                    detail);
        } else {
            log.debug("socket {}: {}; its handler was skipped: {}", socketId, error.getMessage(), detail);
        }
    }

    /** The mapper's message, cut short: it may quote what the client sent. */
    private static String detail(Throwable cause) {
        String text = cause == null ? "" : String.valueOf(cause.getMessage());
        int newline = text.indexOf('\n');
        if (newline >= 0) {
            text = text.substring(0, newline);
        }
        return text.length() > MAX_DETAIL ? text.substring(0, MAX_DETAIL) + "…" : text;
    }
}
