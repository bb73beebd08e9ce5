package dev.sockeye.engine.internal;

import dev.sockeye.engine.CloseReason;
import dev.sockeye.engine.EngineMessage;
import dev.sockeye.engine.EngineOptions;
import dev.sockeye.engine.EngineSocket.ReadyState;
import dev.sockeye.engine.spi.OutboundFrame;
import dev.sockeye.engine.spi.WebSocketConnection;
import dev.sockeye.engine.spi.WebSocketHandler;

/**
 * A session's WebSocket (engine.io {@code transports/websocket.ts}): every packet is one frame, written to
 * the front at once, under the session's lock so that frames keep their order. Never buffers itself; what the
 * front has not yet written counts against the session's outbound budget
 * ({@link EngineOptions#maxOutboundBufferSize()}), and past it the connection is aborted rather than closed.
 *
 * <p>It is the front's handler of a direct WebSocket (the session opens when the connection does); an
 * upgraded session's WebSocket keeps its {@link UpgradeProbe} as handler, which hands the frames here.
 */
final class WebSocketTransport implements Transport, WebSocketHandler {
    private final EngineSession session;
    private final EngineCodec codec;
    /** Set before the session opens on it and never changed; written to under the session's lock only. */
    private WebSocketConnection connection;
    /** A message did not fit the outbound budget: the connection is aborted, not closed, when the session closes. Locked. */
    private boolean overBudget;

    /** The transport of a session upgraded to {@code connection}. */
    WebSocketTransport(EngineSession session, WebSocketConnection connection, EngineCodec codec) {
        this(session, codec);
        this.connection = connection;
    }

    /** The handler of a direct WebSocket for {@code session}, not yet open. */
    WebSocketTransport(EngineSession session, EngineCodec codec) {
        this.session = session;
        this.codec = codec;
    }

    @Override
    public String name() {
        return EngineOptions.WEBSOCKET;
    }

    @Override
    public Sent send(EngineMessage message, boolean compress) {
        OutboundFrame frame = codec.encodeFrame(message);
        long queued = connection.queuedBytes();
        if (queued > 0 && queued + frame.size() > session.server().options.maxOutboundBufferSize()) {
            overBudget = true;
            return Sent.OVER_BUDGET;
        }
        connection.send(frame, compress);
        return Sent.WRITTEN;
    }

    @Override
    public void send(Packet.Control packet) {
        connection.send(codec.encodeFrame(packet), false);
    }

    @Override
    public Runnable sendPing() {
        send(Packet.PING);
        return null;
    }

    @Override
    public boolean isWritable() {
        return connection.isWritable();
    }

    @Override
    public Runnable close() {
        // everything queued is already written, before the close frame
        return () -> session.closeNow(CloseReason.FORCED_CLOSE, null, false);
    }

    @Override
    public Runnable closed(boolean clientClose, long closeArrival) {
        // a client past its budget does not read: a close frame would wait behind everything queued for it
        return overBudget ? connection::abort : connection::close;
    }

    // ---------------------------------------------------------------- from the front

    @Override
    public void onOpen(WebSocketConnection opened) {
        connection = opened;
        session.server().webSocketOpened(session, this, opened);
    }

    @Override
    public void onText(String text) {
        if (session.readyState() == ReadyState.CLOSED) {
            // frames read together with the one that closed the session: nothing to decode them for, and a bad
            // base64 frame costs a JDK exception with its stack trace each (found by the engine-websocket fuzz target)
            return;
        }
        try {
            session.onPacket(codec.decodeFrame(text), NOT_POSTED);
        } catch (EngineCodec.MalformedPacketException e) {
            session.closeNow(CloseReason.PARSE_ERROR, e.getMessage(), false);
        }
    }

    @Override
    public void onBinary(byte[] data) {
        if (session.readyState() == ReadyState.CLOSED) {
            return;
        }
        try {
            session.onPacket(codec.decodeFrame(data), NOT_POSTED);
        } catch (EngineCodec.MalformedPacketException e) {
            session.closeNow(CloseReason.PARSE_ERROR, e.getMessage(), false);
        }
    }

    @Override
    public void onClose(int code) {
        if (connection != null) { // else the handshake never completed: there is no session to close
            session.closeNow(CloseReason.TRANSPORT_CLOSE, "websocket closed with " + code, false);
        }
    }

    @Override
    public void onError(Throwable cause) {
        if (connection != null) {
            session.closeNow(CloseReason.TRANSPORT_ERROR, cause, false);
        }
    }
}
