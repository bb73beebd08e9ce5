package dev.sockeye.core.adapter;

import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.Set;
import tools.jackson.databind.JsonNode;

/**
 * The state of a socket kept for connection state recovery when it disconnects for a reason
 * that allows a recovery (transport close or error, ping timeout, …): Node's
 * {@code SessionToPersist}.
 *
 * @param sid   the socket id, given back to the recovered socket
 * @param pid   the private session id, a bearer credential: never log it
 * @param rooms the rooms to re-join, the socket's own id included, in the order the socket joined
 *              them (Node's {@code [...socket.rooms]}; stores that encode the session keep it)
 * @param data  the socket's {@code data}
 */
public record SessionToPersist(String sid, String pid, Set<String> rooms, JsonNode data) {

    /** Copies {@code rooms} into an immutable set that keeps their order. */
    public SessionToPersist {
        rooms = Collections.unmodifiableSet(new LinkedHashSet<>(rooms));
    }

    /** Names the socket and its rooms, never the {@code pid} (a credential) nor the data. */
    @Override
    public String toString() {
        return "SessionToPersist[sid=" + sid + ", rooms=" + rooms + "]";
    }
}
