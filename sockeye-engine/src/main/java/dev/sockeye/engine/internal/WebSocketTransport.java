package dev.sockeye.engine.internal;

import dev.sockeye.engine.CloseReason;
import dev.sockeye.engine.EngineMessage;
import dev.sockeye.engine.EngineOptions;
import dev.sockeye.engine.spi.WebSocketConnection;

/**
 * A session's WebSocket (engine.io {@code transports/websocket.ts}): every packet is one frame, written to
 * the front at once, under the session's lock so that frames keep their order. Never buffers.
 */
final class WebSocketTransport implements Transport {
    private final EngineSession session;
    private final WebSocketConnection connection;
    private final EngineCodec codec;

    WebSocketTransport(EngineSession session, WebSocketConnection connection, EngineCodec codec) {
        this.session = session;
        this.connection = connection;
        this.codec = codec;
    }

    @Override
    public String name() {
        return EngineOptions.WEBSOCKET;
    }

    @Override
    public Sent send(EngineMessage message, boolean compress) {
        if (codec.isBinaryFrame(message)) {
            connection.sendBinary(codec.encodeFrame(message), compress);
        } else {
            connection.sendText(codec.encodeFrame(message), compress);
        }
        return Sent.WRITTEN;
    }

    @Override
    public void send(Packet.Control packet) {
        connection.sendText(codec.encodeFrame(packet), false);
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
        return connection::close;
    }

    // ---------------------------------------------------------------- from the front

    /** A text frame. */
    void onText(String text) {
        try {
            session.onPacket(codec.decodeFrame(text), NOT_POSTED);
        } catch (EngineCodec.MalformedPacketException e) {
            session.closeNow(CloseReason.PARSE_ERROR, e.getMessage(), false);
        }
    }

    /** A binary frame. */
    void onBinary(byte[] data) {
        try {
            session.onPacket(codec.decodeFrame(data), NOT_POSTED);
        } catch (EngineCodec.MalformedPacketException e) {
            session.closeNow(CloseReason.PARSE_ERROR, e.getMessage(), false);
        }
    }

    /** The connection closed. */
    void onClose(int code) {
        session.closeNow(CloseReason.TRANSPORT_CLOSE, "websocket closed with " + code, false);
    }

    /** The connection failed. */
    void onError(Throwable cause) {
        session.closeNow(CloseReason.TRANSPORT_ERROR, cause, false);
    }
}
