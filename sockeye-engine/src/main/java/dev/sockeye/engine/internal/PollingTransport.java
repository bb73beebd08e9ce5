package dev.sockeye.engine.internal;

import dev.sockeye.engine.CloseReason;
import dev.sockeye.engine.ConnectionError;
import dev.sockeye.engine.EngineMessage;
import dev.sockeye.engine.EngineOptions;
import dev.sockeye.engine.EngineSocket.ReadyState;
import dev.sockeye.engine.spi.PollingExchange;
import dev.sockeye.engine.spi.WebSocketConnection;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.RejectedExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A session's long-polling (engine.io {@code transports/polling.ts}): packets wait in a buffer for the
 * next GET, which takes them all as one payload; a POST carries a payload of the client's packets. At
 * most one GET and one POST are pending; a second of either is an overlap that ends the session.
 *
 * <p>The buffer is bounded in bytes by {@link EngineOptions#maxOutboundBufferSize()}: a message that does not fit is
 * not buffered, and the session closes (see {@link Transport.Sent#OVER_BUDGET}), dropping what it buffered.
 */
final class PollingTransport implements Transport {
    private static final Logger log = LoggerFactory.getLogger(PollingTransport.class);
    private static final byte[] OK = {'o', 'k'};

    private final EngineSession session;
    private final DefaultEngineServer server;
    private final EngineCodec codec;
    /** The {@code j} parameter of a JSONP client, else {@code null}. */
    private final String jsonp;

    // guarded by the session's lock
    private PollingExchange pendingGet;
    private PollingExchange pendingPost;
    private ArrayList<Packet> buffer = new ArrayList<>(4);
    /** What the messages in {@link #buffer} count against the outbound budget (control packets count nothing). */
    private long bufferedBytes;

    private boolean bufferCompress;
    private boolean flushScheduled;
    /** A ping is in the buffer that no poll has carried to the client yet. */
    private boolean pingUncollected;
    /** The session moved to a WebSocket: requests of this transport are a transport mismatch. */
    private boolean discarded;
    /** The pending GET came while the upgrade probe was answered, and waits for the probe's WebSocket input. */
    private PollingExchange pollDuringProbe;

    PollingTransport(EngineSession session, DefaultEngineServer server, EngineCodec codec, String jsonp) {
        this.session = session;
        this.server = server;
        this.codec = codec;
        this.jsonp = jsonp;
    }

    @Override
    public String name() {
        return EngineOptions.POLLING;
    }

    @Override
    public Sent send(EngineMessage message, boolean compress) {
        long size = payloadSize(message);
        if (bufferedBytes > 0 && bufferedBytes + size > server.options.maxOutboundBufferSize()) {
            return Sent.OVER_BUDGET;
        }
        bufferedBytes += size;
        buffer.add(new Packet.Message(message));
        bufferCompress |= compress;
        scheduleFlush();
        return Sent.QUEUED;
    }

    /**
     * What a message counts against the outbound budget: its length in a polling payload, a character as one byte
     * and binary as base64, plus its separator. Exact for ASCII text; computed without encoding anything.
     */
    private static long payloadSize(EngineMessage message) {
        return message.isBinary()
                ? 2 + 4L * ((message.binary().length + 2) / 3)
                : 2L + message.text().length();
    }

    @Override
    public void send(Packet.Control packet) {
        buffer.add(packet);
        bufferCompress = true;
        scheduleFlush();
    }

    @Override
    public Runnable sendPing() {
        buffer.add(Packet.PING);
        bufferCompress = true;
        pingUncollected = true;
        PollResponse carrier = takePollResponse();
        return carrier == null ? null : () -> respond(carrier);
    }

    @Override
    public boolean isWritable() {
        return pendingGet != null && buffer.isEmpty();
    }

    @Override
    public Runnable close() {
        if (pendingGet != null && buffer.isEmpty()) {
            buffer.add(Packet.CLOSE);
            PollResponse last = takePollResponse();
            return () -> {
                respond(last);
                session.closeNow(CloseReason.FORCED_CLOSE, null, false);
            };
        }
        // As Node: what is buffered goes first (its "drain"), the close packet on the poll after,
        // alone, so that a client handles the last messages (DISCONNECTs) before the close.
        PollResponse last = takePollResponse();
        session.closeWhenTimedOut();
        return last == null ? null : () -> respond(last);
    }

    @Override
    public Runnable closed(boolean clientClose, long closeArrival) {
        PollingExchange get = pendingGet;
        pendingGet = null;
        pendingPost = null;
        if (buffer != null) {
            buffer.clear();
            bufferedBytes = 0;
        }
        if (clientClose && get == null && closeArrival != NOT_POSTED) {
            // before the session leaves the server's map, so that a late poll finds one or the other
            server.closedByClient(session.id(), closeArrival, this, session.scheduler());
        }
        if (get == null) {
            return null;
        }
        return () -> respondControl(get, clientClose ? Packet.NOOP : Packet.CLOSE);
    }

    // ---------------------------------------------------------------- the session's first request

    /**
     * Locked. Takes the handshake GET, which carries the open packet (and whatever the connection
     * listeners sent), then the close packet when they closed the session at once.
     */
    PollResponse firstPoll(PollingExchange exchange, boolean closing) {
        pendingGet = exchange;
        if (closing) {
            buffer.add(Packet.CLOSE);
        }
        return takePollResponse();
    }

    // ---------------------------------------------------------------- requests

    /** A request of this session: a GET polls, a POST sends. */
    void onRequest(PollingExchange exchange) {
        String method = exchange.request().method();
        if ("GET".equals(method)) {
            onPoll(exchange);
        } else if ("POST".equals(method)) {
            onData(exchange);
        } else {
            server.refuse(
                    exchange,
                    exchange.request(),
                    ConnectionError.BAD_REQUEST,
                    Map.of("name", "BAD_METHOD", "method", method));
        }
    }

    /** Why a request of this transport is not served, decided under the session's lock. */
    private enum Refusal {
        /** The session is closed: the sid is unknown. */
        CLOSED,
        /** The session has moved to a WebSocket: a transport mismatch. */
        UPGRADED,
        /** The session timed out before the request arrived ({@link EngineSession#timedOutBefore}): it closes. */
        TIMED_OUT
    }

    /** Locked. Why {@code exchange} is not served, or {@code null} when it is. */
    private Refusal refusalOf(PollingExchange exchange) {
        if (session.readyState() == ReadyState.CLOSED) {
            return Refusal.CLOSED;
        }
        if (discarded) {
            return Refusal.UPGRADED;
        }
        if (session.timedOutBefore(exchange.arrivalNanos(), !pingUncollected)) {
            return Refusal.TIMED_OUT;
        }
        return null;
    }

    /** Answers a request refused under the lock, once it is released; a timed-out session closes first. */
    private void refuse(PollingExchange exchange, Refusal refusal) {
        if (refusal == Refusal.TIMED_OUT) {
            session.closeNow(CloseReason.PING_TIMEOUT, null, false);
        }
        if (refusal == Refusal.UPGRADED) {
            server.refusePollAfterUpgrade(exchange);
        } else {
            server.unknownSid(exchange, session.id());
        }
    }

    private void onPoll(PollingExchange exchange) {
        PollResponse response = null;
        PollingExchange overlap = null;
        Refusal refusal;
        boolean closing = false;
        WebSocketConnection probe = null;
        synchronized (session) {
            refusal = refusalOf(exchange);
            if (refusal == null) {
                if (pendingGet != null) {
                    // the poll that arrived second is the overlap, whichever thread got here first
                    if (exchange.arrivalNanos() - pendingGet.arrivalNanos() < 0) { // nanoTime: compare by difference
                        overlap = pendingGet;
                        pendingGet = exchange;
                    } else {
                        overlap = exchange;
                    }
                } else {
                    pendingGet = exchange;
                    if (session.readyState() == ReadyState.CLOSING) {
                        closing = buffer.isEmpty(); // else the buffer drains first, see close()
                        if (closing) {
                            buffer.add(Packet.CLOSE);
                        }
                        response = takePollResponse();
                    } else if (!buffer.isEmpty()) {
                        response = takePollResponse();
                    } else if (session.isProbed()) {
                        // upgrading: a noop lets the client pause polling and send "5", but only once the WebSocket,
                        // read on another thread, has handled what came before this poll: a "5" sent first wins
                        pollDuringProbe = exchange;
                        probe = session.probeConnection();
                    }
                }
            }
        }
        if (refusal != null) {
            refuse(exchange, refusal);
        } else if (overlap != null) {
            badRequest(overlap);
            session.closeNow(
                    CloseReason.TRANSPORT_ERROR, "overlap from client", false); // the other poll gets the close packet
        } else if (response != null) {
            respond(response);
            if (closing) {
                session.closeNow(CloseReason.FORCED_CLOSE, null, false);
            }
        } else {
            exchange.onAbort(() -> onPollAborted(exchange));
            if (probe != null) {
                probe.afterPendingInput(() -> answerPollDuringProbe(exchange));
            }
        }
    }

    /** Answers a poll that came during the upgrade with a noop, unless the upgrade or the session's end took it. */
    private void answerPollDuringProbe(PollingExchange exchange) {
        synchronized (session) {
            if (pendingGet != exchange || pollDuringProbe != exchange || discarded) {
                return;
            }
            pollDuringProbe = null;
            if (!session.isProbed()) {
                return; // the probe failed: an ordinary long poll again
            }
            pendingGet = null;
        }
        respondControl(exchange, Packet.NOOP);
    }

    private void onPollAborted(PollingExchange exchange) {
        synchronized (session) {
            if (pendingGet != exchange) {
                return;
            }
            pendingGet = null;
        }
        session.closeNow(CloseReason.TRANSPORT_ERROR, "poll connection closed prematurely", false);
    }

    private void onData(PollingExchange exchange) {
        String problem = null;
        Refusal refusal;
        boolean binary = jsonp == null
                && "application/octet-stream"
                        .equalsIgnoreCase(exchange.request().header("content-type"));
        synchronized (session) {
            refusal = refusalOf(exchange);
            if (refusal == null) {
                if (pendingPost != null) {
                    problem = "data request overlap from client";
                } else if (binary && codec.protocol() == 4) {
                    problem = "invalid content"; // binary payloads are base64 in protocol v4
                } else {
                    pendingPost = exchange;
                }
            }
        }
        if (refusal != null) {
            refuse(exchange, refusal);
            return;
        }
        if (problem != null) {
            badRequest(exchange);
            session.closeNow(CloseReason.TRANSPORT_ERROR, problem, false);
            return;
        }
        exchange.onAbort(() -> {
            if (release(exchange)) {
                session.closeNow(CloseReason.TRANSPORT_ERROR, "data request connection closed prematurely", false);
            }
        });
        exchange.readBody(server.options.maxHttpBufferSize(), new PollingExchange.BodyCallback() {
            @Override
            public void onBody(byte[] body) {
                session.onPayload(decode(body, binary), exchange.arrivalNanos());
                release(exchange);
                Map<String, List<String>> headers = exchange.responseHeaders();
                // text/html, not text/plain, avoids a download dialog in some browsers (as Node)
                headers.put("Content-Type", List.of("text/html"));
                headers.put("cache-control", List.of("no-store"));
                server.fireHeaders(headers, exchange.request());
                exchange.respond(200, OK);
            }

            @Override
            public void onTooLarge() {
                release(exchange);
                exchange.respond(413, new byte[0]);
            }
        });
    }

    private EngineCodec.DecodedPayload decode(byte[] body, boolean binary) {
        if (binary) {
            return codec.decodePayload(body);
        }
        String text = new String(body, StandardCharsets.UTF_8);
        if (jsonp != null) {
            text = Jsonp.payload(text);
            if (text == null) {
                return new EngineCodec.DecodedPayload(List.of(), null); // no packets, as Node
            }
        }
        return codec.decodePayload(text);
    }

    /** Forgets the POST {@code exchange}; false when it was no longer pending. */
    private boolean release(PollingExchange exchange) {
        synchronized (session) {
            if (pendingPost != exchange) {
                return false;
            }
            pendingPost = null;
            return true;
        }
    }

    private static void badRequest(PollingExchange exchange) {
        exchange.responseHeaders().put("Content-Type", List.of("application/json"));
        exchange.respond(
                400,
                Json.error(ConnectionError.BAD_REQUEST, ConnectionError.messageOf(ConnectionError.BAD_REQUEST))
                        .getBytes(StandardCharsets.UTF_8));
    }

    // ---------------------------------------------------------------- upgrade

    /** Locked. The pending poll when nothing waits to be sent (the probe answers it with a noop), else {@code null}. */
    PollingExchange takeIdlePoll() {
        if (pendingGet == null || !buffer.isEmpty()) {
            return null;
        }
        PollingExchange get = pendingGet;
        pendingGet = null;
        return get;
    }

    /**
     * What a polling transport hands to the WebSocket that replaces it.
     *
     * @param pendingGetAfterUpgrade whether the pending GET came during the probe and the {@code 5} was read before
     *                               its noop went out: it came after the {@code 5} (a client pauses polling before it
     *                               sends {@code 5}), and is refused like any later poll
     */
    record HandOver(List<Packet> buffered, PollingExchange pendingGet, boolean pendingGetAfterUpgrade) {}

    /**
     * Locked. The session moves to a WebSocket: the buffered packets go there, the pending poll is to be
     * answered ({@link #answerHandedOver}), and later requests of this transport are a transport mismatch.
     */
    HandOver handOver() {
        HandOver handOver = new HandOver(buffer, pendingGet, pendingGet != null && pendingGet == pollDuringProbe);
        discarded = true;
        bufferedBytes = 0;
        pendingGet = null;
        pollDuringProbe = null;
        buffer = null;
        return handOver;
    }

    /** Answers the poll pending at the upgrade: a noop, or a transport mismatch when it came after the {@code 5}. */
    void answerHandedOver(HandOver handOver) {
        if (handOver.pendingGet() == null) {
            return;
        }
        if (handOver.pendingGetAfterUpgrade()) {
            server.refusePollAfterUpgrade(handOver.pendingGet());
        } else {
            respondControl(handOver.pendingGet(), Packet.NOOP);
        }
    }

    // ---------------------------------------------------------------- responses

    /** A poll response taken from the transport under the session's lock, written once it is released. */
    record PollResponse(PollingExchange exchange, EngineCodec.Payload payload, boolean compress) {}

    /** Takes the pending GET and everything buffered; {@code null} when either is missing. Locked. */
    private PollResponse takePollResponse() {
        if (pendingGet == null || buffer.isEmpty()) {
            return null;
        }
        PollResponse response = new PollResponse(pendingGet, codec.encodePayload(buffer), bufferCompress);
        pendingGet = null;
        pingUncollected = false;
        int size = buffer.size();
        buffer.clear();
        bufferedBytes = 0;
        if (size > 64) {
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
            session.scheduler().execute(this::flushPending);
        } catch (RejectedExecutionException shuttingDown) {
            log.debug("session {}: the scheduler is shutting down, the pending poll is not flushed", session.id());
            flushScheduled = false;
        }
    }

    private void flushPending() {
        PollResponse response;
        synchronized (session) {
            flushScheduled = false;
            response = session.readyState() == ReadyState.OPEN && !discarded ? takePollResponse() : null;
        }
        if (response != null) {
            respond(response);
        }
    }

    /** Writes a poll response taken under the lock, then fires the session's drain listeners. */
    void respond(PollResponse response) {
        write(response.exchange(), response.payload(), response.compress());
        session.fireDrain();
    }

    /** Answers a poll with one control packet (noop, close), outside the buffer. */
    void respondControl(PollingExchange exchange, Packet.Control packet) {
        write(exchange, codec.encodePayload(List.of(packet)), false);
    }

    private void write(PollingExchange exchange, EngineCodec.Payload payload, boolean compress) {
        Map<String, List<String>> headers = exchange.responseHeaders();
        byte[] body;
        if (payload instanceof EngineCodec.Payload.Binary binary) {
            headers.put("Content-Type", List.of("application/octet-stream"));
            body = binary.bytes();
        } else {
            headers.put("Content-Type", List.of("text/plain; charset=UTF-8"));
            String text = ((EngineCodec.Payload.Text) payload).text();
            body = (jsonp != null ? Jsonp.script(jsonp, text) : text).getBytes(StandardCharsets.UTF_8);
        }
        headers.put("cache-control", List.of("no-store"));
        server.fireHeaders(headers, exchange.request());
        EngineOptions options = server.options;
        if (options.httpCompression() && compress && body.length >= options.httpCompressionThreshold()) {
            String encoding = HttpCompression.negotiate(exchange.request().header("accept-encoding"));
            if (encoding != null) {
                body = HttpCompression.compress(body, encoding);
                headers.put("Content-Encoding", List.of(encoding));
            }
        }
        exchange.respond(200, body);
    }
}
