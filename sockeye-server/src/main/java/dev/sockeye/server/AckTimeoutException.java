package dev.sockeye.server;

import java.util.List;
import tools.jackson.databind.JsonNode;

/**
 * Not every client acknowledged within the delay given to {@code timeout(Duration)}. For a
 * broadcast, {@link #responses()} holds the answers received so far (one per client that did answer).
 */
public final class AckTimeoutException extends SocketIoException {
    private final transient List<JsonNode> responses;

    /** A timeout with the responses received before it. */
    public AckTimeoutException(List<JsonNode> responses) {
        super("operation has timed out");
        this.responses = List.copyOf(responses);
    }

    /** The responses received before the timeout (the first argument of each client's ack). */
    public List<JsonNode> responses() {
        return responses;
    }
}
