package dev.sockeye.engine.internal;

import dev.sockeye.engine.AllowRequest;
import dev.sockeye.engine.CloseReason;
import dev.sockeye.engine.ConnectionError;
import dev.sockeye.engine.EngineMiddleware;
import dev.sockeye.engine.EngineOptions;
import dev.sockeye.engine.EngineRequest;
import dev.sockeye.engine.EngineServer;
import dev.sockeye.engine.EngineSocket;
import dev.sockeye.engine.spi.PollingExchange;
import dev.sockeye.engine.spi.WebSocketConnection;
import dev.sockeye.engine.spi.WebSocketUpgrade;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The engine: checks requests as the Node.js server does ({@code verify}), opens sessions and routes
 * requests of known sessions to them. Knows no HTTP library: fronts call {@link #handleRequest} and
 * {@link #handleUpgrade}.
 */
public final class DefaultEngineServer implements EngineServer {
    private static final Logger log = LoggerFactory.getLogger(DefaultEngineServer.class);

    /** Timers of sessions whose front gave no scheduler: one shared daemon thread for all engines. */
    private static final class FallbackScheduler {
        static final ScheduledExecutorService INSTANCE = create();

        private static ScheduledExecutorService create() {
            ScheduledThreadPoolExecutor executor = new ScheduledThreadPoolExecutor(1, r -> {
                Thread t = new Thread(r, "sockeye-engine-timer");
                t.setDaemon(true);
                return t;
            });
            executor.setRemoveOnCancelPolicy(true);
            return executor;
        }
    }

    /**
     * How long a session closed by a posted close packet, with no poll pending, is remembered for a poll
     * that arrived before the close but reaches the engine after it (another I/O thread was slower).
     */
    static final long LATE_POLL_GRACE_MILLIS = 5_000;

    final EngineOptions options;
    private final ConcurrentHashMap<String, EngineSession> clients = new ConcurrentHashMap<>();
    /** Sessions closed by a posted close packet with no poll pending: sid to that close. */
    private final ConcurrentHashMap<String, ClientClose> closedByClient = new ConcurrentHashMap<>();

    private final Map<String, EngineSocket> clientsView = Collections.unmodifiableMap(clients);
    private final Listeners<Consumer<EngineSocket>> connectionListeners = new Listeners<>("connection listener");
    private final Listeners<Consumer<ConnectionError>> errorListeners = new Listeners<>("connection_error listener");
    private final Listeners<HeadersListener> headersListeners = new Listeners<>("headers listener");
    private final Listeners<HeadersListener> initialHeadersListeners = new Listeners<>("initial_headers listener");
    private final List<EngineMiddleware> middlewares = new CopyOnWriteArrayList<>();
    private volatile boolean closed;
    /** The constant tail of every open packet: {@code ,"pingInterval":…,"pingTimeout":…,"maxPayload":…}}. */
    private final String openPacketTail;

    /** A close packet posted by a client: when it arrived, and the polling transport that answers a late poll. */
    private record ClientClose(long arrival, PollingTransport transport) {}

    /** A new engine; see {@link EngineServer#create}. */
    public DefaultEngineServer(EngineOptions options) {
        this.options = options;
        this.openPacketTail = ",\"pingInterval\":" + options.pingInterval().toMillis()
                + ",\"pingTimeout\":" + options.pingTimeout().toMillis()
                + ",\"maxPayload\":" + options.maxHttpBufferSize() + "}";
    }

    @Override
    public EngineOptions options() {
        return options;
    }

    @Override
    public void onConnection(Consumer<EngineSocket> listener) {
        connectionListeners.add(listener);
    }

    @Override
    public void onConnectionError(Consumer<ConnectionError> listener) {
        errorListeners.add(listener);
    }

    @Override
    public void onHeaders(HeadersListener listener) {
        headersListeners.add(listener);
    }

    @Override
    public void onInitialHeaders(HeadersListener listener) {
        initialHeadersListeners.add(listener);
    }

    @Override
    public void use(EngineMiddleware middleware) {
        middlewares.add(middleware);
    }

    @Override
    public int clientsCount() {
        return clients.size();
    }

    @Override
    public Map<String, EngineSocket> clients() {
        return clientsView;
    }

    @Override
    public void close() {
        closed = true;
        for (EngineSession session : new ArrayList<>(clients.values())) {
            session.closeNow(CloseReason.SERVER_SHUTTING_DOWN, null, false);
        }
    }

    // ---------------------------------------------------------------- plain HTTP requests

    @Override
    public void handleRequest(PollingExchange exchange) {
        try {
            EngineRequest request = exchange.request();
            Map<String, List<String>> headers = exchange.responseHeaders();
            if (options.cors() != null && Cors.apply(options.cors(), request, headers)) {
                headers.put("Content-Length", List.of("0"));
                exchange.respond(204, new byte[0]);
                return;
            }
            runMiddlewares(
                    request,
                    headers,
                    0,
                    () -> verify(request, false, (code, context) -> {
                        if (code == ConnectionError.UNKNOWN_SID) {
                            unknownSid(exchange, request.query("sid"));
                        } else if (code >= 0) {
                            refuse(exchange, request, code, context);
                        } else {
                            dispatchRequest(exchange, request);
                        }
                    }),
                    (status, body) -> {
                        emitError(request, ConnectionError.BAD_REQUEST, Map.of("name", "MIDDLEWARE_FAILURE"));
                        headers.put("Content-Type", List.of("text/plain; charset=UTF-8"));
                        exchange.respond(status, body.getBytes(StandardCharsets.UTF_8));
                    });
        } catch (RuntimeException e) {
            log.warn("engine failed on {}", exchange.request(), e);
            exchange.respond(500, new byte[0]);
        }
    }

    private void dispatchRequest(PollingExchange exchange, EngineRequest request) {
        String sid = request.query("sid");
        if (sid != null) {
            EngineSession session = clients.get(sid);
            if (session == null) { // closed between verify and now
                unknownSid(exchange, sid);
                return;
            }
            session.onPollingRequest(exchange);
            return;
        }
        // JSONP (a "j" parameter, as Node) answers with scripts, which carry text only
        String jsonp = request.query("j");
        EngineSession session = handshake(
                request,
                exchange.scheduler(),
                jsonp == null && supportsBinary(request),
                (code, context) -> refuse(exchange, request, code, context));
        if (session == null) {
            return;
        }
        clients.put(session.id(), session);
        session.openPolling(exchange, jsonp, openPacket(session.id(), true), () -> fireConnection(session));
    }

    /**
     * Answers a request for a session that is gone: {@code 400}, unless it is the poll of a session its
     * client closed with a POST that arrived after this poll. Then it gets the close's {@code 6}, as it
     * would have had it reached the engine first, as in a server that reads requests in arrival order.
     */
    void unknownSid(PollingExchange exchange, String sid) {
        ClientClose close = closedByClient.get(sid);
        if (close != null
                && "GET".equals(exchange.request().method())
                && exchange.arrivalNanos() - close.arrival() < 0
                && closedByClient.remove(sid, close)) {
            close.transport().respondControl(exchange, Packet.NOOP);
            return;
        }
        refuse(exchange, exchange.request(), ConnectionError.UNKNOWN_SID, Map.of("sid", sid));
    }

    /** Remembers for {@link #LATE_POLL_GRACE_MILLIS} that a client closed session {@code id} with a POST that arrived then. */
    void closedByClient(String id, long closeArrival, PollingTransport transport, ScheduledExecutorService scheduler) {
        ClientClose close = new ClientClose(closeArrival, transport);
        closedByClient.put(id, close);
        try {
            scheduler.schedule(() -> closedByClient.remove(id, close), LATE_POLL_GRACE_MILLIS, TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException shuttingDown) {
            log.debug("session {}: the scheduler is shutting down, its close is forgotten at once", id);
            closedByClient.remove(id, close);
        }
    }

    /** Answers a refused request as Node does: 400 (403 for code 4) with {@code {"code":N,"message":"…"}}. */
    void refuse(PollingExchange exchange, EngineRequest request, int code, Map<String, Object> context) {
        emitError(request, code, context);
        Object custom = context.get("message");
        String message = code == ConnectionError.FORBIDDEN && custom instanceof String
                ? (String) custom
                : ConnectionError.messageOf(code);
        exchange.responseHeaders().put("Content-Type", List.of("application/json"));
        exchange.respond(
                code == ConnectionError.FORBIDDEN ? 403 : 400,
                Json.error(code, message).getBytes(StandardCharsets.UTF_8));
    }

    /** Refuses a polling request of a session that has moved to a WebSocket, as Node: a transport mismatch. */
    void refusePollAfterUpgrade(PollingExchange exchange) {
        refuse(
                exchange,
                exchange.request(),
                ConnectionError.BAD_REQUEST,
                Map.of(
                        "name",
                        "TRANSPORT_MISMATCH",
                        "transport",
                        EngineOptions.POLLING,
                        "previousTransport",
                        EngineOptions.WEBSOCKET));
    }

    // ---------------------------------------------------------------- WebSocket upgrades

    @Override
    public void handleUpgrade(WebSocketUpgrade upgrade) {
        try {
            EngineRequest request = upgrade.request();
            Map<String, List<String>> headers = upgrade.responseHeaders();
            if (options.cors() != null) {
                Cors.apply(options.cors(), request, headers);
            }
            runMiddlewares(
                    request,
                    headers,
                    0,
                    () -> verify(request, true, (code, context) -> {
                        if (code >= 0) {
                            refuseUpgrade(upgrade, request, code, context);
                        } else {
                            dispatchUpgrade(upgrade, request);
                        }
                    }),
                    (status, body) -> {
                        emitError(request, ConnectionError.BAD_REQUEST, Map.of("name", "MIDDLEWARE_FAILURE"));
                        upgrade.reject(status, body.getBytes(StandardCharsets.UTF_8));
                    });
        } catch (RuntimeException e) {
            log.warn("engine failed on upgrade {}", upgrade.request(), e);
            upgrade.reject(500, new byte[0]);
        }
    }

    /**
     * Node answers a refused upgrade with a bare {@code 400} whose body is the message, for every
     * code: its {@code abortUpgrade} writes {@code 400 Bad Request} even for {@code allowRequest}'s code 4.
     */
    void refuseUpgrade(WebSocketUpgrade upgrade, EngineRequest request, int code, Map<String, Object> context) {
        emitError(request, code, context);
        Object custom = context.get("message");
        String message = custom instanceof String ? (String) custom : ConnectionError.messageOf(code);
        upgrade.responseHeaders().put("Content-Type", List.of("text/html"));
        upgrade.reject(400, message.getBytes(StandardCharsets.UTF_8));
    }

    private void dispatchUpgrade(WebSocketUpgrade upgrade, EngineRequest request) {
        if (!EngineOptions.WEBSOCKET.equals(request.query("transport"))) {
            // a polling transport cannot take an upgraded connection
            refuseUpgrade(upgrade, request, ConnectionError.BAD_REQUEST, Map.of("name", "TRANSPORT_HANDSHAKE_ERROR"));
            return;
        }
        String sid = request.query("sid");
        if (sid != null) {
            EngineSession session = clients.get(sid);
            if (session == null) {
                refuseUpgrade(upgrade, request, ConnectionError.UNKNOWN_SID, Map.of("sid", sid));
                return;
            }
            session.upgrade(upgrade);
            return;
        }
        EngineSession session = handshake(
                request,
                upgrade.scheduler(),
                supportsBinary(request),
                (code, context) -> refuseUpgrade(upgrade, request, code, context));
        if (session == null) {
            return;
        }
        addInitialHeaders(upgrade.responseHeaders(), request, session.id());
        fireHeaders(upgrade.responseHeaders(), request);
        upgrade.accept(new WebSocketTransport(session, session.codec()));
    }

    /** The direct WebSocket of {@code session} is open: the session opens on it, unless the engine closed meanwhile. */
    void webSocketOpened(EngineSession session, WebSocketTransport transport, WebSocketConnection connection) {
        if (closed) {
            connection.close();
            return;
        }
        clients.put(session.id(), session);
        session.openWebSocket(transport, openPacket(session.id(), false));
        fireConnection(session);
    }

    // ---------------------------------------------------------------- shared steps

    /** An error callback: {@code code < 0} means the request may go on. */
    @FunctionalInterface
    interface Verdict {
        void done(int code, Map<String, Object> context);
    }

    @FunctionalInterface
    private interface Failure {
        void fail(int status, String body);
    }

    private void runMiddlewares(
            EngineRequest request, Map<String, List<String>> headers, int index, Runnable then, Failure failure) {
        if (index >= middlewares.size()) {
            then.run();
            return;
        }
        EngineMiddleware middleware = middlewares.get(index);
        AtomicBoolean decided = new AtomicBoolean();
        try {
            middleware.handle(request, headers, new EngineMiddleware.Next() {
                @Override
                public void proceed() {
                    if (decided.compareAndSet(false, true)) {
                        runMiddlewares(request, headers, index + 1, then, failure);
                    }
                }

                @Override
                public void fail(int status, String body) {
                    if (decided.compareAndSet(false, true)) {
                        failure.fail(status, body == null ? "" : body);
                    }
                }
            });
        } catch (Exception e) {
            log.debug("engine middleware failed on {}", request, e);
            if (decided.compareAndSet(false, true)) {
                failure.fail(
                        400,
                        Json.error(
                                ConnectionError.BAD_REQUEST, ConnectionError.messageOf(ConnectionError.BAD_REQUEST)));
            }
        }
    }

    /** Node's {@code verify}: transport, origin, sid, handshake method, allowRequest. */
    private void verify(EngineRequest request, boolean upgrade, Verdict verdict) {
        String transport = request.query("transport");
        if (transport == null || !options.transports().contains(transport)) {
            verdict.done(ConnectionError.UNKNOWN_TRANSPORT, context("transport", transport));
            return;
        }
        String origin = request.header("origin");
        if (origin != null && hasInvalidHeaderChar(origin)) {
            verdict.done(ConnectionError.BAD_REQUEST, Map.of("name", "INVALID_ORIGIN", "origin", origin));
            return;
        }
        String sid = request.query("sid");
        if (sid != null) {
            EngineSession session = clients.get(sid);
            if (session == null) {
                verdict.done(ConnectionError.UNKNOWN_SID, Map.of("sid", sid));
                return;
            }
            String previous = session.transport();
            if (!upgrade && !previous.equals(transport)) {
                verdict.done(
                        ConnectionError.BAD_REQUEST,
                        Map.of("name", "TRANSPORT_MISMATCH", "transport", transport, "previousTransport", previous));
                return;
            }
            verdict.done(-1, Map.of());
            return;
        }
        if (!"GET".equals(request.method())) {
            verdict.done(ConnectionError.BAD_HANDSHAKE_METHOD, Map.of("method", request.method()));
            return;
        }
        if (EngineOptions.WEBSOCKET.equals(transport) && !upgrade) {
            verdict.done(ConnectionError.BAD_REQUEST, Map.of("name", "TRANSPORT_HANDSHAKE_ERROR"));
            return;
        }
        AllowRequest allow = options.allowRequest();
        if (allow == null) {
            verdict.done(-1, Map.of());
            return;
        }
        AtomicBoolean decided = new AtomicBoolean();
        try {
            allow.check(request, new AllowRequest.Verdict() {
                @Override
                public void allow() {
                    if (decided.compareAndSet(false, true)) {
                        verdict.done(-1, Map.of());
                    }
                }

                @Override
                public void deny(String message) {
                    if (decided.compareAndSet(false, true)) {
                        verdict.done(ConnectionError.FORBIDDEN, context("message", message));
                    }
                }
            });
        } catch (Exception e) {
            log.debug("allowRequest failed on {}", request, e);
            if (decided.compareAndSet(false, true)) {
                verdict.done(
                        ConnectionError.FORBIDDEN,
                        context("message", ConnectionError.messageOf(ConnectionError.FORBIDDEN)));
            }
        }
    }

    /**
     * Node's {@code handshake}: the checks, then a new session with a fresh id, not yet among the clients.
     *
     * @param frontScheduler the front's scheduler for the session's timers, or {@code null} for the engine's own
     * @param binary         whether the session's transport carries binary as such (else base64)
     * @param refusal        answers the request when it is refused
     * @return the session, or {@code null} when refused
     */
    private EngineSession handshake(
            EngineRequest request, ScheduledExecutorService frontScheduler, boolean binary, Verdict refusal) {
        if (!checkHandshake(request, refusal)) {
            return null;
        }
        String id = newId(request, refusal);
        if (id == null) {
            return null;
        }
        ScheduledExecutorService scheduler = frontScheduler != null ? frontScheduler : FallbackScheduler.INSTANCE;
        return new EngineSession(this, id, request, scheduler, EngineCodec.of(protocolOf(request), binary));
    }

    /** The checks Node makes in {@code handshake}: protocol version, server state, connection cap. */
    private boolean checkHandshake(EngineRequest request, Verdict verdict) {
        if (protocolOf(request) == 3 && !options.allowEIO3()) {
            verdict.done(ConnectionError.UNSUPPORTED_PROTOCOL_VERSION, Map.of("protocol", 3));
            return false;
        }
        if (closed) {
            verdict.done(ConnectionError.FORBIDDEN, Map.of("name", "SERVER_CLOSED"));
            return false;
        }
        if (options.maxConnections() > 0 && clients.size() >= options.maxConnections()) {
            verdict.done(ConnectionError.FORBIDDEN, Map.of("name", "CONNECTION_LIMIT_EXCEEDED"));
            return false;
        }
        return true;
    }

    /** The protocol revision a request asks for: 4 for {@code EIO=4}, else 3 (a missing or other {@code EIO} too, as Node). */
    static int protocolOf(EngineRequest request) {
        return "4".equals(request.query("EIO")) ? 4 : 3;
    }

    /** Whether the client takes binary data, that is did not ask for base64 with a non-empty {@code b64} (as Node). */
    static boolean supportsBinary(EngineRequest request) {
        String b64 = request.query("b64");
        return b64 == null || b64.isEmpty();
    }

    private String newId(EngineRequest request, Verdict verdict) {
        try {
            for (int attempt = 0; attempt < 3; attempt++) {
                String id = options.idGenerator().generate(request);
                if (id != null && !id.isEmpty() && !clients.containsKey(id)) {
                    return id;
                }
            }
            verdict.done(ConnectionError.BAD_REQUEST, Map.of("name", "ID_GENERATION_ERROR"));
        } catch (RuntimeException e) {
            verdict.done(ConnectionError.BAD_REQUEST, Map.of("name", "ID_GENERATION_ERROR", "error", e));
        }
        return null;
    }

    /** The open packet's JSON. */
    private String openPacket(String id, boolean polling) {
        boolean upgrades =
                polling && options.allowUpgrades() && options.transports().contains(EngineOptions.WEBSOCKET);
        return "{\"sid\":" + Json.quote(id) + ",\"upgrades\":" + (upgrades ? "[\"websocket\"]" : "[]") + openPacketTail;
    }

    void emitError(EngineRequest request, int code, Map<String, Object> context) {
        if (errorListeners.isEmpty()) {
            return;
        }
        ConnectionError error = new ConnectionError(request, code, ConnectionError.messageOf(code), context);
        errorListeners.call(listener -> listener.accept(error), request);
    }

    private void fireConnection(EngineSession session) {
        connectionListeners.call(listener -> listener.accept(session), session);
    }

    /** The cookie and {@code initial_headers} of a handshake response. */
    void addInitialHeaders(Map<String, List<String>> headers, EngineRequest request, String id) {
        if (options.cookie() != null) {
            headers.put("Set-Cookie", List.of(Cookies.serialize(options.cookie(), id)));
        }
        initialHeadersListeners.call(listener -> listener.onHeaders(headers, request), request);
    }

    /** The {@code headers} event of every engine response. */
    void fireHeaders(Map<String, List<String>> headers, EngineRequest request) {
        headersListeners.call(listener -> listener.onHeaders(headers, request), request);
    }

    void removed(EngineSession session) {
        clients.remove(session.id(), session);
    }

    private static Map<String, Object> context(String key, Object value) {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put(key, value); // value may be null (absent query parameter), which Map.of refuses
        return Collections.unmodifiableMap(map);
    }

    /** Node's {@code checkInvalidHeaderChar}: only TAB, visible ASCII and Latin-1 bytes are allowed. */
    private static boolean hasInvalidHeaderChar(String value) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if ((c < 0x20 && c != '\t') || c == 0x7f || c > 0xff) {
                return true;
            }
        }
        return false;
    }
}
