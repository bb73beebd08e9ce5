package dev.sockeye.core.adapter;

import java.util.List;
import tools.jackson.databind.JsonNode;

/**
 * A session restored by {@link Adapter#restoreSession}: the persisted state and the packets the
 * client missed since its last offset, to be sent before the CONNECT ack (Node's {@code Session}).
 *
 * @param state         the persisted state
 * @param missedPackets the data arrays ({@code ["event", ...args, offset]}) of the missed EVENT
 *                      packets, oldest first, each with its offset as last element
 */
public record Session(SessionToPersist state, List<JsonNode> missedPackets) {

    /** Copies {@code missedPackets} into an immutable list. */
    public Session {
        missedPackets = List.copyOf(missedPackets);
    }
}
