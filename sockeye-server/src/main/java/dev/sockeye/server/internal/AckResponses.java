package dev.sockeye.server.internal;

import dev.sockeye.server.BroadcastAckCallback;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import tools.jackson.databind.JsonNode;

/** The responses of an ack that collects one answer per client or server, as a future of bound values. */
final class AckResponses {
    private AckResponses() {}

    /**
     * A callback that completes {@code future} with every response bound by {@code bind}; it fails the future with
     * the ack's error, or with the first response that does not bind, so that the future never hangs.
     */
    static <T> BroadcastAckCallback completing(CompletableFuture<List<T>> future, Function<JsonNode, T> bind) {
        return (error, responses) -> {
            if (error != null) {
                future.completeExceptionally(error);
                return;
            }
            try {
                List<T> bound = new ArrayList<>(responses.size());
                for (JsonNode response : responses) {
                    bound.add(bind.apply(response));
                }
                future.complete(bound);
            } catch (RuntimeException e) {
                future.completeExceptionally(e);
            }
        };
    }
}
