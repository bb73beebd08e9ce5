package dev.sockeye.engine.internal;

import dev.sockeye.engine.spi.WebSocketConnection;
import dev.sockeye.engine.spi.WebSocketHandler;
import java.util.concurrent.ScheduledFuture;

/**
 * A WebSocket opened for a polling session: a probe ({@code 2probe}, answered {@code 3probe}) until the
 * client sends {@code 5}, then the session's transport, to which it hands its frames. Its state is
 * guarded by the session's lock.
 */
final class UpgradeProbe implements WebSocketHandler {
    private final EngineSession session;
    /** The wire format of this WebSocket. */
    final EngineCodec codec;

    WebSocketConnection connection;
    ScheduledFuture<?> timer;
    /** The probe was answered: the client may send {@code 5} any time. */
    boolean probed;
    /** The transport this WebSocket became, once upgraded. */
    volatile WebSocketTransport upgraded;

    UpgradeProbe(EngineSession session, EngineCodec codec) {
        this.session = session;
        this.codec = codec;
    }

    @Override
    public void onOpen(WebSocketConnection c) {
        session.probeOpened(this, c);
    }

    @Override
    public void onText(String text) {
        WebSocketTransport transport = upgraded;
        if (transport != null) {
            transport.onText(text);
        } else {
            session.probeText(this, text);
        }
    }

    @Override
    public void onBinary(byte[] data) {
        WebSocketTransport transport = upgraded;
        if (transport != null) {
            transport.onBinary(data);
        } else {
            session.abortProbe(this);
        }
    }

    @Override
    public void onClose(int code) {
        WebSocketTransport transport = upgraded;
        if (transport != null) {
            transport.onClose(code);
        } else {
            session.abortProbe(this);
        }
    }

    @Override
    public void onError(Throwable cause) {
        WebSocketTransport transport = upgraded;
        if (transport != null) {
            transport.onError(cause);
        } else {
            session.abortProbe(this);
        }
    }

    /** Stops the probe's timer and closes its connection. */
    void close() {
        if (timer != null) {
            timer.cancel(false);
        }
        if (connection != null) {
            connection.close();
        }
    }

    /** The handler of a WebSocket a session does not take: closed as soon as it is open. */
    static final class ClosedAtOnce implements WebSocketHandler {
        static final ClosedAtOnce INSTANCE = new ClosedAtOnce();

        @Override
        public void onOpen(WebSocketConnection connection) {
            connection.close();
        }

        @Override
        public void onText(String text) {}

        @Override
        public void onBinary(byte[] data) {}

        @Override
        public void onClose(int code) {}

        @Override
        public void onError(Throwable cause) {}
    }
}
