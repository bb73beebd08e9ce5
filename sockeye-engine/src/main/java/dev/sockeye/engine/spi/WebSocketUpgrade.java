package dev.sockeye.engine.spi;

import dev.sockeye.engine.EngineRequest;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ScheduledExecutorService;

/**
 * An HTTP request asking for a WebSocket ({@code Upgrade: websocket}) on an engine path, not yet
 * answered. Implemented by HTTP fronts. The engine calls exactly one of {@link #accept} or
 * {@link #reject}, from any thread.
 */
public interface WebSocketUpgrade {

    /** The request line and headers. */
    EngineRequest request();

    /** Extra headers for the {@code 101} (or refusal) response, mutable. */
    Map<String, List<String>> responseHeaders();

    /** See {@link PollingExchange#scheduler()}. */
    ScheduledExecutorService scheduler();

    /**
     * Completes the WebSocket handshake with {@link #responseHeaders()}. Once the connection is
     * open the front calls {@link WebSocketHandler#onOpen}; if the handshake fails it calls
     * {@link WebSocketHandler#onError} instead (then nothing else). After {@code onOpen} the front
     * delivers frames to the handler until exactly one {@code onClose} or {@code onError}.
     */
    void accept(WebSocketHandler handler);

    /** Refuses the upgrade with a plain HTTP response, then closes the connection. */
    void reject(int status, byte[] body);
}
