package dev.sockeye.engine.internal;

import dev.sockeye.engine.CloseReason;
import dev.sockeye.engine.ConnectionError;
import dev.sockeye.engine.EngineMessage;
import dev.sockeye.engine.EngineOptions;
import dev.sockeye.engine.EngineSocket.ReadyState;
import dev.sockeye.engine.spi.PollingExchange;

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
 */
final class PollingTransport implements Transport {

    private static final Logger log = LoggerFactory.getLogger(PollingTransport.class);
    /** The most packets buffered for a client that does not poll; {@link #send} refuses beyond. */
    static final int MAX_BUFFERED_PACKETS = 10_000;
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
    private boolean bufferCompress;
    private boolean flushScheduled;
    /** A ping is in the buffer that no poll has carried to the client yet. */
    private boolean pingUncollected;
    /** The session moved to a WebSocket: requests of this transport are a transport mismatch. */
    private boolean discarded;

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
        if (buffer.size() >= MAX_BUFFERED_PACKETS) {
            return Sent.REFUSED;
        }
        buffer.add(new Packet.Message(message));
        bufferCompress |= compress;
        scheduleFlush();
        return Sent.QUEUED;
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
        synchronized (session) {
            if (session.readyState() == ReadyState.CLOSED) {
                gone = true;
            } else if (discarded) {
                mismatch = true;
            } else if (session.timedOutBefore(exchange.arrivalNanos(), !pingUncollected)) {
                timedOut = true;
            } else if (pendingGet != null) {
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
                    // upgrading: answer at once so the client can pause polling and send "5"
                    buffer.add(Packet.NOOP);
                    response = takePollResponse();
                }
            }
        }
        if (timedOut) {
            session.closeNow(CloseReason.PING_TIMEOUT, null, false);
        }
        if (gone || timedOut) {
            server.unknownSid(exchange, session.id());
        } else if (mismatch) {
            refuseMismatch(exchange);
        } else if (overlap != null) {
            badRequest(overlap);
            session.closeNow(CloseReason.TRANSPORT_ERROR, "overlap from client", false); // the other poll gets the close packet
        } else if (response != null) {
            respond(response);
            if (closing) {
                session.closeNow(CloseReason.FORCED_CLOSE, null, false);
            }
        } else {
            exchange.onAbort(() -> onPollAborted(exchange));
        }
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
        boolean gone = false;
        boolean mismatch = false;
        boolean timedOut = false;
        boolean binary = jsonp == null && "application/octet-stream".equalsIgnoreCase(exchange.request().header("content-type"));
        synchronized (session) {
            if (session.readyState() == ReadyState.CLOSED) {
                gone = true;
            } else if (discarded) {
                mismatch = true;
            } else if (session.timedOutBefore(exchange.arrivalNanos(), !pingUncollected)) {
                timedOut = true;
            } else if (pendingPost != null) {
                problem = "data request overlap from client";
            } else if (binary && codec.protocol() == 4) {
                problem = "invalid content"; // binary payloads are base64 in protocol v4
            } else {
                pendingPost = exchange;
            }
        }
        if (timedOut) {
            session.closeNow(CloseReason.PING_TIMEOUT, null, false);
        }
        if (gone || timedOut) {
            server.unknownSid(exchange, session.id());
            return;
        }
        if (mismatch) {
            refuseMismatch(exchange);
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

    private void refuseMismatch(PollingExchange exchange) {
        server.refuse(exchange, exchange.request(), ConnectionError.BAD_REQUEST,
                Map.of("name", "TRANSPORT_MISMATCH", "transport", EngineOptions.POLLING, "previousTransport", EngineOptions.WEBSOCKET));
    }

    private static void badRequest(PollingExchange exchange) {
        exchange.responseHeaders().put("Content-Type", List.of("application/json"));
        exchange.respond(400, Json.error(ConnectionError.BAD_REQUEST, ConnectionError.messageOf(ConnectionError.BAD_REQUEST))
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

    /** What a polling transport hands to the WebSocket that replaces it. */
    record HandOver(List<Packet> buffered, PollingExchange pendingGet) {
    }

    /**
     * Locked. The session moves to a WebSocket: the buffered packets go there, the pending poll is to be
     * answered with a noop, and later requests of this transport are a transport mismatch.
     */
    HandOver handOver() {
        HandOver handOver = new HandOver(buffer, pendingGet);
        discarded = true;
        pendingGet = null;
        buffer = null;
        return handOver;
    }

    // ---------------------------------------------------------------- responses

    /** A poll response taken from the transport under the session's lock, written once it is released. */
    record PollResponse(PollingExchange exchange, EngineCodec.Payload payload, boolean compress) {
    }

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
