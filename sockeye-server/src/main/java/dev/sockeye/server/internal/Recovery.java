package dev.sockeye.server.internal;

import dev.sockeye.server.DisconnectReason;
import java.util.EnumSet;
import java.util.Set;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** The rules of connection state recovery that Node spells out in its socket and namespace. */
final class Recovery {
    /**
     * The reasons after which a session is kept (Node's {@code RECOVERABLE_DISCONNECT_REASONS}):
     * the connection dropped, not the client or the server leaving the namespace on purpose.
     */
    private static final Set<DisconnectReason> RECOVERABLE_REASONS = EnumSet.of(
            DisconnectReason.TRANSPORT_ERROR,
            DisconnectReason.TRANSPORT_CLOSE,
            DisconnectReason.FORCED_CLOSE,
            DisconnectReason.PING_TIMEOUT,
            DisconnectReason.SERVER_SHUTTING_DOWN,
            DisconnectReason.FORCED_SERVER_CLOSE);

    /** The Engine.IO protocol revision whose clients get no pid and no offsets (Node: {@code conn.protocol === 3}). */
    static final int PROTOCOL_WITHOUT_RECOVERY = 3;

    private Recovery() {}

    /** Whether a socket that disconnects for this reason keeps its session. */
    static boolean keepsSession(DisconnectReason reason) {
        return RECOVERABLE_REASONS.contains(reason);
    }

    /** Whether a CONNECT's auth asks for a recovery: both {@code pid} and {@code offset} are strings, as Node checks. */
    static boolean requested(JsonNode auth) {
        return auth != null
                && auth.path("pid").isString()
                && auth.path("offset").isString();
    }

    /**
     * The auth object the application sees: without the client's {@code pid}, a credential that handlers,
     * logs, {@code fetchSockets()} on other nodes or an admin UI must not see (Node leaves it in
     * {@code handshake.auth}). The {@code offset} stays.
     */
    static JsonNode withoutPid(JsonNode auth) {
        if (auth instanceof ObjectNode object && object.has("pid")) {
            ObjectNode copy = object.deepCopy();
            copy.remove("pid");
            return copy;
        }
        return auth;
    }
}
