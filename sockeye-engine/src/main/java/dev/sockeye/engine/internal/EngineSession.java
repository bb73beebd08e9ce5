package dev.sockeye.engine.internal;

import dev.sockeye.engine.CloseReason;
import dev.sockeye.engine.ConnectionError;
import dev.sockeye.engine.EngineMessage;
import dev.sockeye.engine.EngineOptions;
import dev.sockeye.engine.EnginePacket;
import dev.sockeye.engine.EngineRequest;
import dev.sockeye.engine.spi.PollingExchange;
import dev.sockeye.engine.spi.WebSocketConnection;
import dev.sockeye.engine.spi.WebSocketUpgrade;
import java.util.Map;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One Engine.IO session (engine.io {@code lib/socket.ts}): its state, its heartbeat and close timers,
 * the upgrade from polling to WebSocket, and what its packets mean. How packets are written and read is
 * its {@link Transport}'s business, in the wire format of its {@link EngineCodec}.
 *
 * <p>All mutable state, the transport's included, is guarded by {@code this}: requests of one session
 * may arrive on different I/O threads, and timers fire on the scheduler. Listeners are never called
 * while the lock is held (a listener may send to other sessions, whose locks it then takes).
 */
final class EngineSession extends SessionListeners {
    private static final Logger log = LoggerFactory.getLogger(EngineSession.class);

    private final DefaultEngineServer server;
    private final String id;
    private final EngineRequest request;
    private final ScheduledExecutorService scheduler;
    private final EngineCodec codec;

    // guarded by this (state and transport are volatile too for lock-free reads)
    private volatile ReadyState state = ReadyState.OPENING;
    private volatile Transport transport;
    private boolean awaitingPong;
    /** Protocol 4: when the next ping is due ({@link System#nanoTime()}), whether or not its timer is late. */
    private long pingDueNanos;
    /** Protocol 4: when the ping awaiting its pong was queued: no pong can have arrived before. */
    private long pingQueuedNanos;

    private int heartbeatSeq;
    private ScheduledFuture<?> heartbeat;
    private ScheduledFuture<?> closeTimer;
    private UpgradeProbe probe;

    EngineSession(
            DefaultEngineServer server,
            String id,
            EngineRequest request,
            ScheduledExecutorService scheduler,
            EngineCodec codec) {
        this.server = server;
        this.id = id;
        this.request = request;
        this.scheduler = scheduler;
        this.codec = codec;
    }

    private EngineOptions options() {
        return server.options;
    }

    ScheduledExecutorService scheduler() {
        return scheduler;
    }

    DefaultEngineServer server() {
        return server;
    }

    /** The wire format of the transport the session opened on. */
    EngineCodec codec() {
        return codec;
    }

    // ---------------------------------------------------------------- EngineSocket

    @Override
    public String id() {
        return id;
    }

    @Override
    public int protocol() {
        return codec.protocol();
    }

    @Override
    public String transport() {
        Transport current = transport;
        return current != null ? current.name() : EngineOptions.POLLING;
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
        Transport.Sent sent;
        synchronized (this) {
            if (state != ReadyState.OPEN) {
                return false;
            }
            sent = transport.send(message, compress);
            if (sent == Transport.Sent.OVER_BUDGET) {
                state =
                        ReadyState
                                .CLOSING; // no other send gets this far: the close below, and its warning, happen once
            }
        }
        if (sent == Transport.Sent.OVER_BUDGET) {
            log.warn(
                    "session {} ({}) closed: {}: the client left over {} bytes unread (maxOutboundBufferSize)",
                    id,
                    transport(),
                    CloseReason.OUTBOUND_BUFFER_FULL,
                    options().maxOutboundBufferSize());
            closeNow(CloseReason.TRANSPORT_ERROR, CloseReason.OUTBOUND_BUFFER_FULL, false);
            return false;
        }
        firePacketCreate(EnginePacket.Type.MESSAGE, message.text(), message.binary());
        if (sent == Transport.Sent.WRITTEN) {
            fireDrain();
        }
        return true;
    }

    @Override
    public synchronized boolean isWritable() {
        return state == ReadyState.OPEN && transport.isWritable();
    }

    @Override
    public void close() {
        Runnable then;
        UpgradeProbe dropped;
        synchronized (this) {
            if (state != ReadyState.OPEN) {
                return;
            }
            state = ReadyState.CLOSING;
            cancelHeartbeat();
            // Once the probe is answered the client pauses polling and sends "5": no poll would carry the close
            // packet, so the upgrade completes and the session closes on the WebSocket (onUpgradePacket), as Node's.
            // Before that, the client keeps polling and the next poll carries it.
            dropped = isProbed() ? null : probe;
            if (dropped != null) {
                probe = null;
            }
            then = transport.close();
        }
        closeProbe(dropped);
        if (then != null) {
            then.run();
        }
    }

    // ---------------------------------------------------------------- opening

    /**
     * Opens the session on its handshake GET. The connection listeners run before the handshake is
     * answered: the client may send as soon as it has its sid, possibly on another I/O thread, and
     * its first messages must find the application's listeners in place. What they send goes out
     * with the open packet.
     *
     * @param jsonp the {@code j} parameter of a JSONP client, else {@code null}
     */
    void openPolling(PollingExchange exchange, String jsonp, String openJson, Runnable fireConnection) {
        server.addInitialHeaders(exchange.responseHeaders(), exchange.request(), id);
        PollingTransport polling = new PollingTransport(this, server, codec, jsonp);
        synchronized (this) {
            state = ReadyState.OPEN;
            transport = polling;
            open(openJson);
        }
        fireConnection.run();
        PollingTransport.PollResponse first;
        boolean closing;
        synchronized (this) {
            closing = state == ReadyState.CLOSING; // a connection listener closed it at once
            first = state == ReadyState.CLOSED ? null : polling.firstPoll(exchange, closing);
        }
        if (first == null) {
            server.refuse(exchange, exchange.request(), ConnectionError.UNKNOWN_SID, Map.of("sid", id));
            return;
        }
        polling.respond(first);
        if (closing) {
            closeNow(CloseReason.FORCED_CLOSE, null, false);
        }
    }

    /** Opens the session on a direct WebSocket, now open: the open packet is its first frame. */
    void openWebSocket(WebSocketTransport webSocket, String openJson) {
        synchronized (this) {
            state = ReadyState.OPEN;
            transport = webSocket;
            open(openJson);
        }
    }

    /** Sends the open packet and the initial packet, starts the heartbeat. Locked. */
    private void open(String openJson) {
        transport.send(Packet.Control.open(openJson));
        if (options().initialPacket() != null) {
            transport.send(options().initialPacket(), true);
        }
        if (codec.protocol() == 3) {
            // protocol 3: the client pings, the server answers; it waits a ping interval plus a timeout
            scheduleHeartbeat(pingTimeoutV3());
        } else {
            schedulePing(System.nanoTime());
        }
    }

    // ---------------------------------------------------------------- requests and packets

    /** A polling request for this session. */
    void onPollingRequest(PollingExchange exchange) {
        if (transport instanceof PollingTransport polling) {
            polling.onRequest(exchange);
        } else if (state == ReadyState.CLOSED) {
            server.unknownSid(exchange, id);
        } else {
            server.refusePollAfterUpgrade(exchange);
        }
    }

    /** Handles the packets of a polling body, stopping at the first that ends the session; then its parse error, if any. */
    void onPayload(EngineCodec.DecodedPayload payload, long arrival) {
        for (EnginePacket packet : payload.packets()) {
            if (!onPacket(packet, arrival)) {
                return;
            }
        }
        if (payload.error() != null) {
            closeNow(CloseReason.PARSE_ERROR, payload.error(), false);
        }
    }

    /**
     * Handles one packet from the client; false when the session is no longer open afterwards.
     *
     * @param arrival when the POST that carried it arrived ({@link PollingExchange#arrivalNanos()}),
     *                or {@link Transport#NOT_POSTED}
     */
    boolean onPacket(EnginePacket packet, long arrival) {
        if (state != ReadyState.OPEN) {
            return false;
        }
        firePacket(packet);
        switch (packet.type()) {
            case CLOSE:
                closeNow(CloseReason.TRANSPORT_CLOSE, "client close", true, arrival);
                return false;
            case PING:
                if (codec.protocol() != 3) {
                    closeNow(CloseReason.TRANSPORT_ERROR, "invalid heartbeat direction", false);
                    return false;
                }
                onPing();
                break;
            case PONG:
                if (codec.protocol() == 3) {
                    closeNow(CloseReason.TRANSPORT_ERROR, "invalid heartbeat direction", false);
                    return false;
                }
                onPong(arrival);
                break;
            case MESSAGE:
                fireMessage(packet);
                break;
            default:
                break; // open, upgrade and noop from a client mean nothing here (as in Node)
        }
        return state == ReadyState.OPEN;
    }

    // ---------------------------------------------------------------- upgrade

    /**
     * A WebSocket for this session. Refused with {@code 400} when upgrades are off (stricter than
     * Node). When the session is closing, already upgrading or already upgraded, the handshake
     * completes and the new WebSocket is closed at once, as Node's {@code onWebSocket} does; the
     * session goes on untouched.
     */
    void upgrade(WebSocketUpgrade upgrade) {
        if (!options().allowUpgrades()) {
            server.refuseUpgrade(
                    upgrade,
                    upgrade.request(),
                    ConnectionError.BAD_REQUEST,
                    Map.of("name", "UPGRADE_REFUSED", "sid", id));
            return;
        }
        UpgradeProbe candidate = null;
        synchronized (this) {
            if (state == ReadyState.OPEN && transport instanceof PollingTransport && probe == null) {
                // the WebSocket's own b64 says how it carries binary, as Node's new transport reads it
                candidate = new UpgradeProbe(
                        this, EngineCodec.of(codec.protocol(), DefaultEngineServer.supportsBinary(upgrade.request())));
                probe = candidate;
            }
        }
        server.fireHeaders(upgrade.responseHeaders(), upgrade.request());
        upgrade.accept(candidate != null ? candidate : UpgradeProbe.ClosedAtOnce.INSTANCE);
    }

    /** Locked. Whether an upgrade probe was answered: a poll is then answered with a noop. */
    boolean isProbed() {
        return probe != null && probe.probed;
    }

    /** Locked. The WebSocket of the upgrade in progress, or {@code null}. */
    WebSocketConnection probeConnection() {
        return probe != null ? probe.connection : null;
    }

    void probeOpened(UpgradeProbe candidate, WebSocketConnection connection) {
        synchronized (this) {
            if (probe == candidate && state == ReadyState.OPEN) {
                candidate.connection = connection;
                candidate.timer = schedule(
                        () -> abortProbe(candidate), options().upgradeTimeout().toMillis());
                return;
            }
        }
        connection.close();
    }

    void probeText(UpgradeProbe candidate, String text) {
        EnginePacket packet;
        try {
            packet = candidate.codec.decodeFrame(text);
        } catch (EngineCodec.MalformedPacketException e) {
            log.debug("session {}: malformed upgrade probe ({}), upgrade aborted", id, e.getMessage());
            abortProbe(candidate);
            return;
        }
        if (packet.type() == EnginePacket.Type.PING && "probe".equals(packet.text())) {
            onProbe(candidate);
        } else if (packet.type() == EnginePacket.Type.UPGRADE) {
            onUpgradePacket(candidate);
        } else {
            abortProbe(candidate);
        }
    }

    private void onProbe(UpgradeProbe candidate) {
        PollingExchange noop = null;
        PollingTransport polling;
        synchronized (this) {
            if (probe != candidate || !(transport instanceof PollingTransport p)) {
                return;
            }
            polling = p;
            candidate.connection.send(candidate.codec.encodeFrame(Packet.PONG_PROBE), false);
            candidate.probed = true;
            noop = polling.takeIdlePoll();
        }
        if (noop != null) {
            polling.respondControl(noop, Packet.NOOP);
        }
        fireUpgrading(EngineOptions.WEBSOCKET);
    }

    private void onUpgradePacket(UpgradeProbe candidate) {
        PollingTransport polling;
        PollingTransport.HandOver handOver;
        boolean closing;
        synchronized (this) {
            if (probe != candidate || state == ReadyState.CLOSED || !(transport instanceof PollingTransport p)) {
                return;
            }
            polling = p;
            if (candidate.timer != null) {
                candidate.timer.cancel(false);
            }
            probe = null;
            WebSocketTransport webSocket = new WebSocketTransport(this, candidate.connection, candidate.codec);
            handOver = polling.handOver();
            transport = webSocket;
            candidate.upgraded = webSocket;
            for (Packet packet : handOver.buffered()) {
                if (packet instanceof Packet.Message message) {
                    webSocket.send(message.message(), true);
                } else {
                    webSocket.send((Packet.Control) packet);
                }
            }
            closing = state == ReadyState.CLOSING;
        }
        polling.answerHandedOver(handOver);
        fireUpgrade(EngineOptions.WEBSOCKET);
        if (closing) {
            closeNow(CloseReason.FORCED_CLOSE, null, false);
        }
    }

    void abortProbe(UpgradeProbe candidate) {
        boolean closing;
        synchronized (this) {
            if (probe != candidate) {
                return;
            }
            probe = null;
            // a closing session kept its answered probe for the close (see close()): its client polls no more
            closing = state == ReadyState.CLOSING && candidate.probed;
        }
        candidate.close();
        if (closing) {
            closeNow(CloseReason.FORCED_CLOSE, null, false);
        }
    }

    private static void closeProbe(UpgradeProbe candidate) {
        if (candidate != null) {
            candidate.close();
        }
    }

    // ---------------------------------------------------------------- heartbeat

    /** Protocol 4: arms the heartbeat timer for the next ping, {@code pingInterval} after {@code from} ({@link System#nanoTime()}). Locked. */
    private void schedulePing(long from) {
        pingDueNanos = from + options().pingInterval().toNanos();
        scheduleHeartbeat(Math.max(0, TimeUnit.NANOSECONDS.toMillis(pingDueNanos - System.nanoTime())));
    }

    /**
     * Locked. Whether a polling request that arrived at {@code arrival} ({@link PollingExchange#arrivalNanos()})
     * finds the session timed out already, in arrival order: the client has not collected the ping due at
     * {@link #pingDueNanos} (it has not even been queued if its timer is late), and {@code pingTimeout} has
     * passed since it was due. On one thread with timers on time, as Node's, the session would be closed by
     * then. Protocol 3 has its client's pings, and its timer alone.
     *
     * @param pingCollected whether a poll has carried the queued ping to the client
     */
    boolean timedOutBefore(long arrival, boolean pingCollected) {
        if (codec.protocol() != 4 || state != ReadyState.OPEN || (awaitingPong && pingCollected)) {
            return false;
        }
        return arrival - (pingDueNanos + options().pingTimeout().toNanos()) >= 0; // nanoTime: compare by difference
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

    /** How long a protocol 3 session waits for its client's next ping, as Node: a ping interval plus a ping timeout. */
    private long pingTimeoutV3() {
        return options().pingInterval().toMillis() + options().pingTimeout().toMillis();
    }

    private void onHeartbeatTimer(int seq) {
        Runnable carry = null;
        synchronized (this) {
            if (seq != heartbeatSeq || state != ReadyState.OPEN) {
                return; // a stale timer that fired while being cancelled
            }
            if (!awaitingPong && codec.protocol() == 4) {
                awaitingPong = true;
                pingQueuedNanos = System.nanoTime();
                carry = transport.sendPing();
                // the timeout clock starts when the ping is queued, not when a poll carries it
                scheduleHeartbeat(options().pingTimeout().toMillis());
                seq = -1;
            }
        }
        if (seq != -1) {
            closeNow(CloseReason.PING_TIMEOUT, null, false);
            return;
        }
        firePacketCreate(EnginePacket.Type.PING, null, null);
        if (carry != null) {
            carry.run();
        }
        fireHeartbeat();
    }

    /** @param arrival when the POST carrying the pong arrived, or {@link Transport#NOT_POSTED} */
    private void onPong(long arrival) {
        synchronized (this) {
            if (state != ReadyState.OPEN || !awaitingPong) {
                return;
            }
            awaitingPong = false;
            // the next ping is due pingInterval after the pong arrived, however late this thread got to it; a
            // front's arrival is as early as it can vouch for (a keep-alive connection's may be older than the ping)
            long from = arrival == Transport.NOT_POSTED ? System.nanoTime() : arrival;
            schedulePing(from - pingQueuedNanos > 0 ? from : pingQueuedNanos); // nanoTime: compare by difference
        }
        fireHeartbeat();
    }

    /** Protocol 3: the client's ping, answered with a pong; the ping timeout starts again. */
    private void onPing() {
        synchronized (this) {
            if (state != ReadyState.OPEN) {
                return;
            }
            scheduleHeartbeat(pingTimeoutV3());
            transport.send(Packet.PONG);
        }
        firePacketCreate(EnginePacket.Type.PONG, null, null);
        fireHeartbeat();
    }

    private ScheduledFuture<?> schedule(Runnable task, long millis) {
        try {
            return scheduler.schedule(task, millis, TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException shuttingDown) {
            log.debug("session {}: the scheduler is shutting down, a timer was not set", id);
            return null;
        }
    }

    // ---------------------------------------------------------------- closing

    /**
     * Locked. A closing polling session waits for its client's next poll to deliver the close packet, at
     * most a ping interval plus a ping timeout (30 s at most, as Node's polling close timeout).
     */
    void closeWhenTimedOut() {
        long wait = Math.min(
                30_000,
                options().pingInterval().toMillis() + options().pingTimeout().toMillis());
        closeTimer = schedule(() -> closeNow(CloseReason.FORCED_CLOSE, null, false), wait);
    }

    /** Closes at once; see {@link Transport#closed}. */
    void closeNow(CloseReason reason, Object description, boolean clientClose) {
        closeNow(reason, description, clientClose, Transport.NOT_POSTED);
    }

    /**
     * @param closeArrival when a close packet posted by the client arrived: a poll that arrived before
     *                     it but reaches the engine only now is answered as if it had been pending
     *                     ({@link DefaultEngineServer#unknownSid})
     */
    private void closeNow(CloseReason reason, Object description, boolean clientClose, long closeArrival) {
        Runnable then;
        UpgradeProbe dropped;
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
            then = transport != null ? transport.closed(clientClose, closeArrival) : null;
            dropped = probe;
            probe = null;
        }
        server.removed(this);
        if (then != null) {
            then.run();
        }
        closeProbe(dropped);
        if (log.isDebugEnabled()) {
            log.debug("session {} closed: {} ({})", id, reason, description);
        }
        fireClose(reason, description);
    }

    @Override
    public String toString() {
        return "EngineSession[" + id + ", " + state + "]";
    }
}
