package dev.sockeye.engine.internal;

import dev.sockeye.engine.CloseReason;
import dev.sockeye.engine.ConnectionError;
import dev.sockeye.engine.EngineMessage;
import dev.sockeye.engine.EngineOptions;
import dev.sockeye.engine.EnginePacket;
import dev.sockeye.engine.EngineRequest;
import dev.sockeye.engine.EngineSocket;
import dev.sockeye.engine.spi.PollingExchange;
import dev.sockeye.engine.spi.WebSocketConnection;
import dev.sockeye.engine.spi.WebSocketHandler;
import dev.sockeye.engine.spi.WebSocketUpgrade;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * One Engine.IO session. All mutable state is guarded by {@code this}: requests of one session may
 * arrive on different I/O threads, and timers fire on the scheduler. Listeners are never called
 * while the lock is held (a listener may send to other sessions, whose locks it then takes).
 * Writes to the front happen under the lock so that frames keep their order.
 */
final class EngineSession implements EngineSocket {
    private static final Logger log = LoggerFactory.getLogger(EngineSession.class);

    /** The most packets buffered for a polling client that does not poll; {@link #send} refuses beyond. */
    static final int MAX_BUFFERED_PACKETS = 10_000;
    private static final String PING = "2";
    private static final byte[] PING_FRAME = {'2'};
    private static final byte[] PONG_PROBE_FRAME = "3probe".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] OK = {'o', 'k'};
    private static final char SEPARATOR = '\u001e';
    /** The arrival of a packet that came over a WebSocket: no poll can have arrived before it and still matter. */
    private static final long OVER_WEBSOCKET = Long.MIN_VALUE;

    private final DefaultEngineServer server;
    private final String id;
    private final EngineRequest request;
    private final ScheduledExecutorService scheduler;

    // guarded by this (state is volatile too for lock-free reads)
    private volatile ReadyState state = ReadyState.OPENING;
    private WebSocketConnection ws;
    private PollingExchange pendingGet;
    private PollingExchange pendingPost;
    private ArrayList<Object> buffer; // outbound while polling: EngineMessage, or String control packet
    private boolean bufferCompress;
    private boolean flushScheduled;
    private boolean awaitingPong;
    /** While polling: the pending ping is still in the buffer, no poll has carried it to the client yet. */
    private boolean pingUncollected;
    /** When the next ping is due ({@link System#nanoTime()}), whether or not its timer is late. */
    private long pingDueNanos;
    /** When the ping awaiting its pong was queued: no pong can have arrived before. */
    private long pingQueuedNanos;
    private int heartbeatSeq;
    private ScheduledFuture<?> heartbeat;
    private ScheduledFuture<?> closeTimer;
    private Probe probe;

    private volatile List<MessageListener> messageListeners = List.of();
    private volatile List<CloseListener> closeListeners = List.of();
    private volatile List<Consumer<EnginePacket>> packetListeners = List.of();
    private volatile List<Consumer<EnginePacket>> packetCreateListeners = List.of();
    private volatile List<Runnable> drainListeners = List.of();
    private volatile List<Consumer<String>> upgradingListeners = List.of();
    private volatile List<Consumer<String>> upgradeListeners = List.of();
    private volatile List<Runnable> heartbeatListeners = List.of();

    EngineSession(DefaultEngineServer server, String id, EngineRequest request, ScheduledExecutorService scheduler) {
        this.server = server;
        this.id = id;
        this.request = request;
        this.scheduler = scheduler;
    }

    private EngineOptions options() {
        return server.options;
    }

    // ---------------------------------------------------------------- EngineSocket

    @Override
    public String id() {
        return id;
    }

    @Override
    public int protocol() {
        return 4;
    }

    @Override
    public synchronized String transport() {
        return ws != null ? EngineOptions.WEBSOCKET : EngineOptions.POLLING;
    }

    @Override
    public EngineRequest request() {
        return request;
    }

    @Override
    public ReadyState readyState() {
        return state;
    }

    @Override
    public boolean send(EngineMessage message, boolean compress) {
        synchronized (this) {
            if (state != ReadyState.OPEN) {
                return false;
            }
            if (ws != null) {
                writeFrame(ws, message, compress);
            } else {
                if (buffer.size() >= MAX_BUFFERED_PACKETS) {
                    return false;
                }
                buffer.add(message);
                bufferCompress |= compress;
                scheduleFlush();
            }
        }
        if (!packetCreateListeners.isEmpty()) {
            fire(packetCreateListeners, new EnginePacket(EnginePacket.Type.MESSAGE, message.text(), message.binary()));
        }
        if (!drainListeners.isEmpty() && ws != null) {
            fireRunnables(drainListeners);
        }
        return true;
    }

    @Override
    public synchronized boolean isWritable() {
        if (state != ReadyState.OPEN) {
            return false;
        }
        return ws != null ? ws.isWritable() : pendingGet != null && buffer.isEmpty();
    }

    @Override
    public void close() {
        PollResponse last = null;
        boolean finish = false;
        Probe dropped;
        synchronized (this) {
            if (state != ReadyState.OPEN) {
                return;
            }
            state = ReadyState.CLOSING;
            cancelHeartbeat();
            dropped = probe;
            probe = null;
            if (ws != null) {
                finish = true; // everything queued is already written to the WebSocket, before its close frame
            } else if (pendingGet != null && buffer.isEmpty()) {
                buffer.add("1");
                last = takePollResponse();
                finish = true;
            } else {
                // As Node: what is buffered goes first (its "drain"), the close packet on the poll after,
                // alone, so that a client handles the last messages (DISCONNECTs) before the close.
                last = takePollResponse();
                long wait = Math.min(30_000, options().pingInterval().toMillis() + options().pingTimeout().toMillis());
                closeTimer = schedule(() -> closeNow(CloseReason.FORCED_CLOSE, null, false), wait);
            }
        }
        closeProbe(dropped);
        if (last != null) {
            respondPoll(last);
        }
        if (finish) {
            closeNow(CloseReason.FORCED_CLOSE, null, false);
        }
    }

    @Override
    public synchronized void onMessage(MessageListener listener) {
        messageListeners = plus(messageListeners, listener);
    }

    @Override
    public synchronized void onClose(CloseListener listener) {
        closeListeners = plus(closeListeners, listener);
    }

    @Override
    public synchronized void onPacket(Consumer<EnginePacket> listener) {
        packetListeners = plus(packetListeners, listener);
    }

    @Override
    public synchronized void onPacketCreate(Consumer<EnginePacket> listener) {
        packetCreateListeners = plus(packetCreateListeners, listener);
    }

    @Override
    public synchronized void onDrain(Runnable listener) {
        drainListeners = plus(drainListeners, listener);
    }

    @Override
    public synchronized void onUpgrading(Consumer<String> listener) {
        upgradingListeners = plus(upgradingListeners, listener);
    }

    @Override
    public synchronized void onUpgrade(Consumer<String> listener) {
        upgradeListeners = plus(upgradeListeners, listener);
    }

    @Override
    public synchronized void onHeartbeat(Runnable listener) {
        heartbeatListeners = plus(heartbeatListeners, listener);
    }

    private static <T> List<T> plus(List<T> list, T item) {
        List<T> copy = new ArrayList<>(list.size() + 1);
        copy.addAll(list);
        copy.add(java.util.Objects.requireNonNull(item, "listener"));
        return List.copyOf(copy);
    }

    // ---------------------------------------------------------------- opening

    /**
     * Opens the session on its handshake GET. The connection listeners run before the handshake is
     * answered: the client may send as soon as it has its sid, possibly on another I/O thread, and
     * its first messages must find the application's listeners in place. What they send goes out
     * with the open packet.
     */
    void openPolling(PollingExchange exchange, String openPacket, Runnable fireConnection) {
        server.addInitialHeaders(exchange.responseHeaders(), exchange.request(), id);
        synchronized (this) {
            state = ReadyState.OPEN;
            buffer = new ArrayList<>(4);
            buffer.add(openPacket);
            if (options().initialPacket() != null) {
                buffer.add(options().initialPacket());
            }
            bufferCompress = true;
            schedulePing(System.nanoTime());
        }
        fireConnection.run();
        PollResponse first;
        boolean closing;
        synchronized (this) {
            closing = state == ReadyState.CLOSING; // a connection listener closed it at once
            if (state == ReadyState.CLOSED) {
                first = null;
            } else {
                pendingGet = exchange;
                if (closing) {
                    buffer.add("1");
                }
                first = takePollResponse();
            }
        }
        if (first != null) {
            respondPoll(first);
            if (closing) {
                closeNow(CloseReason.FORCED_CLOSE, null, false);
            }
        } else {
            server.refuse(exchange, exchange.request(), ConnectionError.UNKNOWN_SID, Map.of("sid", id));
        }
    }

    /** Opens the session on a direct WebSocket: the open packet is its first frame. */
    void openWebSocket(WebSocketConnection connection, String openPacket) {
        synchronized (this) {
            state = ReadyState.OPEN;
            ws = connection;
            connection.sendText(openPacket.getBytes(StandardCharsets.UTF_8), false);
            if (options().initialPacket() != null) {
                writeFrame(connection, options().initialPacket(), true);
            }
            schedulePing(System.nanoTime());
        }
    }

    // ---------------------------------------------------------------- long-polling

    void onPollingRequest(PollingExchange exchange) {
        String method = exchange.request().method();
        if ("GET".equals(method)) {
            onPoll(exchange);
        } else if ("POST".equals(method)) {
            onData(exchange);
        } else {
            server.refuse(exchange, exchange.request(), ConnectionError.BAD_REQUEST, Map.of("name", "BAD_METHOD", "method", method));
        }
    }

    private void onPoll(PollingExchange exchange) {
        PollResponse response = null;
        PollingExchange overlap = null;
        boolean gone = false;
        boolean mismatch = false;
        boolean closing = false;
        boolean timedOut = false;
        synchronized (this) {
            if (state == ReadyState.CLOSED) {
                gone = true;
            } else if (ws != null) {
                mismatch = true;
            } else if (timedOutBefore(exchange.arrivalNanos())) {
                timedOut = true;
            } else if (pendingGet != null) {
                // the poll that arrived second is the overlap, whichever thread got here first
                if (exchange.arrivalNanos() - pendingGet.arrivalNanos() < 0) {
                    overlap = pendingGet;
                    pendingGet = exchange;
                } else {
                    overlap = exchange;
                }
            } else {
                pendingGet = exchange;
                if (state == ReadyState.CLOSING) {
                    closing = buffer.isEmpty(); // else the buffer drains first, see close()
                    if (closing) {
                        buffer.add("1");
                    }
                    response = takePollResponse();
                } else if (!buffer.isEmpty()) {
                    response = takePollResponse();
                } else if (probe != null && probe.probed) {
                    // upgrading: answer at once so the client can pause polling and send "5"
                    buffer.add("6");
                    response = takePollResponse();
                }
            }
        }
        if (timedOut) {
            closeNow(CloseReason.PING_TIMEOUT, null, false);
        }
        if (gone || timedOut) {
            server.unknownSid(exchange, id);
        } else if (mismatch) {
            server.refuse(exchange, exchange.request(), ConnectionError.BAD_REQUEST,
                    Map.of("name", "TRANSPORT_MISMATCH", "transport", EngineOptions.POLLING, "previousTransport", EngineOptions.WEBSOCKET));
        } else if (overlap != null) {
            badRequest(overlap);
            closeNow(CloseReason.TRANSPORT_ERROR, "overlap from client", false); // the other poll gets the close packet
        } else if (response != null) {
            respondPoll(response);
            if (closing) {
                closeNow(CloseReason.FORCED_CLOSE, null, false);
            }
        } else {
            exchange.onAbort(() -> onPollAborted(exchange));
        }
    }

    private void onPollAborted(PollingExchange exchange) {
        synchronized (this) {
            if (pendingGet != exchange) {
                return;
            }
            pendingGet = null;
        }
        closeNow(CloseReason.TRANSPORT_ERROR, "poll connection closed prematurely", false);
    }

    private void onData(PollingExchange exchange) {
        String problem = null;
        boolean gone = false;
        boolean mismatch = false;
        boolean timedOut = false;
        synchronized (this) {
            if (state == ReadyState.CLOSED) {
                gone = true;
            } else if (ws != null) {
                mismatch = true;
            } else if (timedOutBefore(exchange.arrivalNanos())) {
                timedOut = true;
            } else if (pendingPost != null) {
                problem = "data request overlap from client";
            } else if ("application/octet-stream".equalsIgnoreCase(exchange.request().header("content-type"))) {
                problem = "invalid content"; // binary payloads are base64 in protocol v4
            } else {
                pendingPost = exchange;
            }
        }
        if (timedOut) {
            closeNow(CloseReason.PING_TIMEOUT, null, false);
        }
        if (gone || timedOut) {
            server.unknownSid(exchange, id);
            return;
        }
        if (mismatch) {
            server.refuse(exchange, exchange.request(), ConnectionError.BAD_REQUEST,
                    Map.of("name", "TRANSPORT_MISMATCH", "transport", EngineOptions.POLLING, "previousTransport", EngineOptions.WEBSOCKET));
            return;
        }
        if (problem != null) {
            badRequest(exchange);
            closeNow(CloseReason.TRANSPORT_ERROR, problem, false);
            return;
        }
        exchange.onAbort(() -> {
            synchronized (this) {
                if (pendingPost != exchange) {
                    return;
                }
                pendingPost = null;
            }
            closeNow(CloseReason.TRANSPORT_ERROR, "data request connection closed prematurely", false);
        });
        exchange.readBody(options().maxHttpBufferSize(), new PollingExchange.BodyCallback() {
            @Override
            public void onBody(byte[] body) {
                onPayload(new String(body, StandardCharsets.UTF_8), exchange.arrivalNanos());
                synchronized (EngineSession.this) {
                    if (pendingPost == exchange) {
                        pendingPost = null;
                    }
                }
                Map<String, List<String>> headers = exchange.responseHeaders();
                // text/html, not text/plain, avoids a download dialog in some browsers (as Node)
                headers.put("Content-Type", List.of("text/html"));
                headers.put("cache-control", List.of("no-store"));
                server.fireHeaders(headers, exchange.request());
                exchange.respond(200, OK);
            }

            @Override
            public void onTooLarge() {
                synchronized (EngineSession.this) {
                    if (pendingPost == exchange) {
                        pendingPost = null;
                    }
                }
                exchange.respond(413, new byte[0]);
            }
        });
    }

    /** Handles every packet of a polling body, stopping at the first that ends the session. */
    private void onPayload(String payload, long arrival) {
        int start = 0;
        int length = payload.length();
        while (start <= length) {
            int end = payload.indexOf(SEPARATOR, start);
            if (end < 0) {
                end = length;
            }
            if (!onPacketText(payload.substring(start, end), arrival)) {
                return;
            }
            start = end + 1;
        }
    }

    private void badRequest(PollingExchange exchange) {
        exchange.responseHeaders().put("Content-Type", List.of("application/json"));
        exchange.respond(400, Json.error(ConnectionError.BAD_REQUEST, ConnectionError.messageOf(ConnectionError.BAD_REQUEST))
                .getBytes(StandardCharsets.UTF_8));
    }

    /** A poll response taken from the session under its lock, written after the lock is released. */
    private static final class PollResponse {
        final PollingExchange exchange;
        final String payload;
        final boolean compress;

        PollResponse(PollingExchange exchange, String payload, boolean compress) {
            this.exchange = exchange;
            this.payload = payload;
            this.compress = compress;
        }
    }

    /** Takes the pending GET and everything buffered; {@code null} when either is missing. Locked. */
    private PollResponse takePollResponse() {
        if (pendingGet == null || buffer.isEmpty()) {
            return null;
        }
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < buffer.size(); i++) {
            if (i > 0) {
                b.append(SEPARATOR);
            }
            Object packet = buffer.get(i);
            b.append(packet instanceof EngineMessage ? ((EngineMessage) packet).pollingPacket() : (String) packet);
        }
        PollResponse response = new PollResponse(pendingGet, b.toString(), bufferCompress);
        pendingGet = null;
        buffer.clear();
        pingUncollected = false;
        if (buffer.size() == 0 && b.length() > 4096) {
            buffer.trimToSize(); // do not keep a big array for an idle session after a burst
        }
        bufferCompress = false;
        return response;
    }

    /** Flushes to the pending GET on the scheduler, so that packets queued in the same turn go together. Locked. */
    private void scheduleFlush() {
        if (pendingGet == null || flushScheduled) {
            return;
        }
        flushScheduled = true;
        try {
            scheduler.execute(this::flushPending);
        } catch (RejectedExecutionException shuttingDown) {
            flushScheduled = false;
        }
    }

    private void flushPending() {
        PollResponse response;
        synchronized (this) {
            flushScheduled = false;
            response = state == ReadyState.OPEN ? takePollResponse() : null;
        }
        if (response != null) {
            respondPoll(response);
        }
    }

    private void respondPoll(PollResponse response) {
        PollingExchange exchange = response.exchange;
        Map<String, List<String>> headers = exchange.responseHeaders();
        headers.put("Content-Type", List.of("text/plain; charset=UTF-8"));
        headers.put("cache-control", List.of("no-store"));
        server.fireHeaders(headers, exchange.request());
        byte[] body = response.payload.getBytes(StandardCharsets.UTF_8);
        EngineOptions options = options();
        if (options.httpCompression() && response.compress && body.length >= options.httpCompressionThreshold()) {
            String encoding = HttpCompression.negotiate(exchange.request().header("accept-encoding"));
            if (encoding != null) {
                body = HttpCompression.compress(body, encoding);
                headers.put("Content-Encoding", List.of(encoding));
            }
        }
        exchange.respond(200, body);
        if (!drainListeners.isEmpty()) {
            fireRunnables(drainListeners);
        }
    }

    // ---------------------------------------------------------------- WebSocket

    void onWebSocketText(String text) {
        onPacketText(text, OVER_WEBSOCKET);
    }

    void onWebSocketBinary(byte[] data) {
        if (state != ReadyState.OPEN) {
            return;
        }
        if (!packetListeners.isEmpty()) {
            fire(packetListeners, new EnginePacket(EnginePacket.Type.MESSAGE, null, data));
        }
        for (MessageListener listener : messageListeners) {
            try {
                listener.onBinary(data);
            } catch (RuntimeException e) {
                log.warn("message listener failed for session {}", id, e);
            }
        }
    }

    /** Writes one outbound packet as a frame. Locked (frames keep their order). */
    private static void writeFrame(WebSocketConnection connection, Object packet, boolean compress) {
        if (packet instanceof EngineMessage) {
            EngineMessage message = (EngineMessage) packet;
            if (message.isBinary()) {
                connection.sendBinary(message.binary(), compress);
            } else {
                connection.sendText(message.webSocketTextFrame(), compress);
            }
        } else {
            connection.sendText(((String) packet).getBytes(StandardCharsets.UTF_8), false);
        }
    }

    // ---------------------------------------------------------------- upgrade

    /** A WebSocket opened for this polling session: first a probe, the session's transport after "5". */
    private final class Probe implements WebSocketHandler {
        WebSocketConnection connection;
        ScheduledFuture<?> timer;
        boolean probed;
        volatile boolean upgraded;

        @Override
        public void onOpen(WebSocketConnection c) {
            probeOpened(this, c);
        }

        @Override
        public void onText(String text) {
            if (upgraded) {
                onWebSocketText(text);
            } else {
                probeText(this, text);
            }
        }

        @Override
        public void onBinary(byte[] data) {
            if (upgraded) {
                onWebSocketBinary(data);
            } else {
                abortProbe(this);
            }
        }

        @Override
        public void onClose(int code) {
            if (upgraded) {
                closeNow(CloseReason.TRANSPORT_CLOSE, "websocket closed with " + code, false);
            } else {
                abortProbe(this);
            }
        }

        @Override
        public void onError(Throwable cause) {
            if (upgraded) {
                closeNow(CloseReason.TRANSPORT_ERROR, cause, false);
            } else {
                abortProbe(this);
            }
        }
    }

    /**
     * A WebSocket for this session. Refused with {@code 400} when upgrades are off (stricter than
     * Node). When the session is closing, already upgrading or already upgraded, the handshake
     * completes and the new WebSocket is closed at once, as Node's {@code onWebSocket} does; the
     * session goes on untouched.
     */
    void upgrade(WebSocketUpgrade upgrade) {
        if (!options().allowUpgrades()) {
            server.refuseUpgrade(upgrade, upgrade.request(), ConnectionError.BAD_REQUEST, Map.of("name", "UPGRADE_REFUSED", "sid", id));
            return;
        }
        Probe candidate = null;
        synchronized (this) {
            if (state == ReadyState.OPEN && ws == null && probe == null) {
                candidate = new Probe();
                probe = candidate;
            }
        }
        server.fireHeaders(upgrade.responseHeaders(), upgrade.request());
        upgrade.accept(candidate != null ? candidate : ClosedAtOnce.INSTANCE);
    }

    /** The handler of a WebSocket this session does not take: closed as soon as it is open. */
    private static final class ClosedAtOnce implements WebSocketHandler {
        static final ClosedAtOnce INSTANCE = new ClosedAtOnce();

        @Override
        public void onOpen(WebSocketConnection connection) {
            connection.close();
        }

        @Override
        public void onText(String text) {
        }

        @Override
        public void onBinary(byte[] data) {
        }

        @Override
        public void onClose(int code) {
        }

        @Override
        public void onError(Throwable cause) {
        }
    }

    private void probeOpened(Probe candidate, WebSocketConnection connection) {
        synchronized (this) {
            if (probe == candidate && state == ReadyState.OPEN) {
                candidate.connection = connection;
                candidate.timer = schedule(() -> abortProbe(candidate), options().upgradeTimeout().toMillis());
                return;
            }
        }
        connection.close();
    }

    private void probeText(Probe candidate, String text) {
        if ("2probe".equals(text)) {
            PollingExchange noop = null;
            synchronized (this) {
                if (probe != candidate) {
                    return;
                }
                candidate.connection.sendText(PONG_PROBE_FRAME, false);
                candidate.probed = true;
                if (pendingGet != null && buffer.isEmpty()) {
                    noop = pendingGet;
                    pendingGet = null;
                }
            }
            if (noop != null) {
                server.respondControl(noop, "6");
            }
            fire(upgradingListeners, EngineOptions.WEBSOCKET);
        } else if ("5".equals(text)) {
            PollingExchange discarded;
            boolean closing;
            synchronized (this) {
                if (probe != candidate || state == ReadyState.CLOSED) {
                    return;
                }
                if (candidate.timer != null) {
                    candidate.timer.cancel(false);
                }
                probe = null;
                candidate.upgraded = true;
                ws = candidate.connection;
                discarded = pendingGet;
                pendingGet = null;
                for (Object packet : buffer) {
                    writeFrame(ws, packet, true);
                }
                buffer = null;
                closing = state == ReadyState.CLOSING;
            }
            if (discarded != null) {
                server.respondControl(discarded, "6");
            }
            fire(upgradeListeners, EngineOptions.WEBSOCKET);
            if (closing) {
                closeNow(CloseReason.FORCED_CLOSE, null, false);
            }
        } else {
            abortProbe(candidate);
        }
    }

    private void abortProbe(Probe candidate) {
        synchronized (this) {
            if (probe != candidate) {
                return;
            }
            probe = null;
        }
        closeProbe(candidate);
    }

    private static void closeProbe(Probe candidate) {
        if (candidate == null) {
            return;
        }
        if (candidate.timer != null) {
            candidate.timer.cancel(false);
        }
        if (candidate.connection != null) {
            candidate.connection.close();
        }
    }

    // ---------------------------------------------------------------- inbound packets

    /**
     * Handles one encoded packet; false when the session is no longer open afterwards.
     *
     * @param arrival when the POST that carried it arrived ({@link PollingExchange#arrivalNanos()}),
     *                or {@link #OVER_WEBSOCKET}
     */
    private boolean onPacketText(String packet, long arrival) {
        if (state != ReadyState.OPEN) {
            return false;
        }
        if (packet.isEmpty()) {
            closeNow(CloseReason.PARSE_ERROR, "empty packet", false);
            return false;
        }
        char c = packet.charAt(0);
        if (c == 'b') {
            byte[] data;
            try {
                data = Base64.getDecoder().decode(withoutWhitespace(packet.substring(1)));
            } catch (IllegalArgumentException e) {
                closeNow(CloseReason.PARSE_ERROR, "invalid base64", false);
                return false;
            }
            onWebSocketBinary(data);
            return state == ReadyState.OPEN;
        }
        EnginePacket.Type type = EnginePacket.Type.fromCode(c);
        if (type == null) {
            closeNow(CloseReason.PARSE_ERROR, "unknown packet type", false);
            return false;
        }
        String data = packet.length() > 1 ? packet.substring(1) : null;
        if (!packetListeners.isEmpty()) {
            fire(packetListeners, new EnginePacket(type, data, null));
        }
        switch (type) {
            case CLOSE:
                closeNow(CloseReason.TRANSPORT_CLOSE, "client close", true, arrival);
                return false;
            case PING:
                closeNow(CloseReason.TRANSPORT_ERROR, "invalid heartbeat direction", false);
                return false;
            case PONG:
                onPong(arrival);
                break;
            case MESSAGE:
                String text = data == null ? "" : data;
                for (MessageListener listener : messageListeners) {
                    try {
                        listener.onText(text);
                    } catch (RuntimeException e) {
                        log.warn("message listener failed for session {}", id, e);
                    }
                }
                break;
            default:
                break; // open, upgrade and noop from a client mean nothing here (as in Node)
        }
        return state == ReadyState.OPEN;
    }

    /**
     * Base64 without line breaks: the Java client (Android-style encoder) ends its base64 with a
     * newline and wraps long ones every 76 characters; Node's decoder skips them, so do we.
     */
    private static String withoutWhitespace(String base64) {
        int i = 0;
        int n = base64.length();
        while (i < n && !Character.isWhitespace(base64.charAt(i))) {
            i++;
        }
        if (i == n) {
            return base64;
        }
        StringBuilder b = new StringBuilder(n).append(base64, 0, i);
        for (; i < n; i++) {
            char c = base64.charAt(i);
            if (!Character.isWhitespace(c)) {
                b.append(c);
            }
        }
        return b.toString();
    }

    // ---------------------------------------------------------------- heartbeat

    /** Arms the heartbeat timer for the next ping, {@code pingInterval} after {@code from} ({@link System#nanoTime()}). Locked. */
    private void schedulePing(long from) {
        pingDueNanos = from + options().pingInterval().toNanos();
        scheduleHeartbeat(Math.max(0, TimeUnit.NANOSECONDS.toMillis(pingDueNanos - System.nanoTime())));
    }

    /**
     * Whether a polling request that arrived at {@code arrival} finds the session timed out already, in
     * arrival order: the client has not collected the ping due at {@link #pingDueNanos} (it has not even
     * been queued if its timer is late), and {@code pingTimeout} has passed since it was due. On one thread
     * with timers on time, as Node's, the session would be closed by then. Locked.
     */
    private boolean timedOutBefore(long arrival) {
        boolean pingCollected = awaitingPong && !pingUncollected;
        long deadline = pingDueNanos + options().pingTimeout().toNanos();
        return ws == null && !pingCollected && arrival - deadline >= 0;
    }

    /** (Re)arms the single heartbeat timer: next ping, or ping timeout while a pong is awaited. Locked. */
    private void scheduleHeartbeat(long millis) {
        if (heartbeat != null) {
            heartbeat.cancel(false);
        }
        int seq = ++heartbeatSeq;
        heartbeat = schedule(() -> onHeartbeatTimer(seq), millis);
    }

    private void cancelHeartbeat() {
        heartbeatSeq++;
        if (heartbeat != null) {
            heartbeat.cancel(false);
            heartbeat = null;
        }
    }

    private void onHeartbeatTimer(int seq) {
        PollResponse carrier = null;
        synchronized (this) {
            if (seq != heartbeatSeq || state != ReadyState.OPEN) {
                return; // a stale timer that fired while being cancelled
            }
            if (!awaitingPong) {
                awaitingPong = true;
                pingQueuedNanos = System.nanoTime();
                if (ws != null) {
                    ws.sendText(PING_FRAME, false);
                } else {
                    buffer.add(PING);
                    pingUncollected = true;
                    bufferCompress = true;
                    carrier = takePollResponse(); // a waiting poll carries it now, else the next one
                }
                // the timeout clock starts when the ping is queued, not when a poll carries it
                scheduleHeartbeat(options().pingTimeout().toMillis());
                seq = -1;
            }
        }
        if (seq != -1) {
            closeNow(CloseReason.PING_TIMEOUT, null, false);
            return;
        }
        if (!packetCreateListeners.isEmpty()) {
            fire(packetCreateListeners, new EnginePacket(EnginePacket.Type.PING, null, null));
        }
        if (carrier != null) {
            respondPoll(carrier);
        }
        fireRunnables(heartbeatListeners);
    }

    /** @param arrival when the POST carrying the pong arrived, or {@link #OVER_WEBSOCKET} */
    private void onPong(long arrival) {
        synchronized (this) {
            if (state != ReadyState.OPEN || !awaitingPong) {
                return;
            }
            awaitingPong = false;
            pingUncollected = false;
            // the next ping is due pingInterval after the pong arrived, however late this thread got to it; a
            // front's arrival is as early as it can vouch for (a keep-alive connection's may be older than the ping)
            long from = arrival == OVER_WEBSOCKET ? System.nanoTime() : arrival;
            schedulePing(from - pingQueuedNanos > 0 ? from : pingQueuedNanos);
        }
        fireRunnables(heartbeatListeners);
    }

    private ScheduledFuture<?> schedule(Runnable task, long millis) {
        try {
            return scheduler.schedule(task, millis, TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException shuttingDown) {
            return null;
        }
    }

    // ---------------------------------------------------------------- closing

    /**
     * Closes at once. A pending poll gets {@code 6} when the client asked to close, {@code 1} otherwise
     * (as Node); the WebSocket gets a close frame.
     */
    void closeNow(String reason, Object description, boolean clientClose) {
        closeNow(reason, description, clientClose, OVER_WEBSOCKET);
    }

    /**
     * @param closeArrival when a close packet posted by the client arrived: a poll that arrived before
     *                     it but reaches the engine only now is answered as if it had been pending
     *                     ({@link DefaultEngineServer#unknownSid})
     */
    private void closeNow(String reason, Object description, boolean clientClose, long closeArrival) {
        PollingExchange get;
        WebSocketConnection connection;
        Probe dropped;
        synchronized (this) {
            if (state == ReadyState.CLOSED) {
                return;
            }
            state = ReadyState.CLOSED;
            cancelHeartbeat();
            if (closeTimer != null) {
                closeTimer.cancel(false);
                closeTimer = null;
            }
            get = pendingGet;
            pendingGet = null;
            pendingPost = null;
            connection = ws;
            if (clientClose && get == null && connection == null && closeArrival != OVER_WEBSOCKET) {
                // before the session leaves the server's map, so that a late poll finds one or the other
                server.closedByClient(id, closeArrival, scheduler);
            }
            dropped = probe;
            probe = null;
            if (buffer != null) {
                buffer.clear();
            }
        }
        server.removed(this);
        if (get != null) {
            server.respondControl(get, clientClose ? "6" : "1");
        }
        if (connection != null) {
            connection.close();
        }
        closeProbe(dropped);
        if (log.isDebugEnabled()) {
            log.debug("session {} closed: {} ({})", id, reason, description);
        }
        for (CloseListener listener : closeListeners) {
            try {
                listener.onClose(reason, description);
            } catch (RuntimeException e) {
                log.warn("close listener failed for session {}", id, e);
            }
        }
    }

    // ---------------------------------------------------------------- listeners

    private <T> void fire(List<Consumer<T>> listeners, T value) {
        for (Consumer<T> listener : listeners) {
            try {
                listener.accept(value);
            } catch (RuntimeException e) {
                log.warn("listener failed for session {}", id, e);
            }
        }
    }

    private void fireRunnables(List<Runnable> listeners) {
        for (Runnable listener : listeners) {
            try {
                listener.run();
            } catch (RuntimeException e) {
                log.warn("listener failed for session {}", id, e);
            }
        }
    }

    @Override
    public String toString() {
        return "EngineSession[" + id + ", " + state + "]";
    }
}
