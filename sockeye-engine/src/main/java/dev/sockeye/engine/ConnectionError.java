package dev.sockeye.engine;

import java.util.Map;

/**
 * A refused Engine.IO request, as given to {@link EngineServer#onConnectionError}: the Node.js
 * server's {@code connection_error} event.
 *
 * @param request the refused request
 * @param code    0 {@code Transport unknown}, 1 {@code Session ID unknown}, 2 {@code Bad handshake method},
 *                3 {@code Bad request}, 4 {@code Forbidden}, 5 {@code Unsupported protocol version}
 * @param message the message of the code, as in the HTTP body
 * @param context more detail, e.g. {@code name: "TRANSPORT_MISMATCH"}, {@code transport}, {@code sid}
 */
public record ConnectionError(EngineRequest request, int code, String message, Map<String, Object> context) {
    public static final int UNKNOWN_TRANSPORT = 0;
    public static final int UNKNOWN_SID = 1;
    public static final int BAD_HANDSHAKE_METHOD = 2;
    public static final int BAD_REQUEST = 3;
    public static final int FORBIDDEN = 4;
    public static final int UNSUPPORTED_PROTOCOL_VERSION = 5;

    /** The message the Node.js server uses for a code. */
    public static String messageOf(int code) {
        switch (code) {
            case UNKNOWN_TRANSPORT:
                return "Transport unknown";
            case UNKNOWN_SID:
                return "Session ID unknown";
            case BAD_HANDSHAKE_METHOD:
                return "Bad handshake method";
            case BAD_REQUEST:
                return "Bad request";
            case FORBIDDEN:
                return "Forbidden";
            case UNSUPPORTED_PROTOCOL_VERSION:
                return "Unsupported protocol version";
            default:
                throw new IllegalArgumentException("no Engine.IO error code " + code);
        }
    }
}
