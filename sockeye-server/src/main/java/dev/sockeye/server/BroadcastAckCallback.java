package dev.sockeye.server;

import java.util.List;
import tools.jackson.databind.JsonNode;

/** Receives the acknowledgements of a broadcast: one response per client. */
@FunctionalInterface
public interface BroadcastAckCallback {

    /**
     * @param error     {@code null} when every client answered; an {@link AckTimeoutException} when
     *                  some did not answer in time
     * @param responses the first argument of each client's ack, in arrival order (the ones received
     *                  so far when {@code error} is set)
     * @throws Exception logged
     */
    void onAck(Throwable error, List<JsonNode> responses) throws Exception;
}
