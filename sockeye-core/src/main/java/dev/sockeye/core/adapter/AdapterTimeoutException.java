package dev.sockeye.core.adapter;

import java.util.List;

/**
 * A cluster request (fetchSockets, serverSideEmit with ack, …) did not get every expected
 * answer in time. The future of the request fails with it; the answers that did arrive are kept.
 */
public class AdapterTimeoutException extends RuntimeException {

    private final transient List<?> partialResults;

    /**
     * Creates the exception.
     *
     * @param message        what timed out
     * @param partialResults the results received before the timeout
     */
    public AdapterTimeoutException(String message, List<?> partialResults) {
        super(message, null, false, false);
        this.partialResults = List.copyOf(partialResults);
    }

    /**
     * The results received before the timeout: {@link FetchedSocket}s for {@code fetchSockets},
     * {@code JsonNode}s for {@code serverSideEmitWithAck}.
     *
     * @return an immutable list
     */
    public List<?> partialResults() {
        return partialResults;
    }
}
