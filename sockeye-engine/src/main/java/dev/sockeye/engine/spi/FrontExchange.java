package dev.sockeye.engine.spi;

import dev.sockeye.engine.EngineRequest;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ScheduledExecutorService;

/**
 * What a front's {@link PollingExchange} and {@link WebSocketUpgrade} keep alike: the request, the response headers
 * the engine fills in, and the scheduler for a new session's timers. A front extends it and adds the I/O of its HTTP
 * library; the methods here implement those interfaces' methods of the same names.
 */
public abstract class FrontExchange {
    private final EngineRequest request;
    private final ScheduledExecutorService scheduler;
    private final Map<String, List<String>> responseHeaders = new LinkedHashMap<>();

    /**
     * @param request   the request line and headers
     * @param scheduler the timers of a session this request opens (for Netty: the channel's event loop), or
     *                  {@code null} for the engine's own
     */
    protected FrontExchange(EngineRequest request, ScheduledExecutorService scheduler) {
        this.request = request;
        this.scheduler = scheduler;
    }

    /** The request line and headers. */
    public EngineRequest request() {
        return request;
    }

    /**
     * The response headers, mutable, written with the response. Names keep the case the engine gives them; the front
     * adds {@code Content-Length} itself.
     */
    public Map<String, List<String>> responseHeaders() {
        return responseHeaders;
    }

    /** See {@link PollingExchange#scheduler()}. */
    public ScheduledExecutorService scheduler() {
        return scheduler;
    }
}
