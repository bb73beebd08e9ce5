package dev.sockeye.engine.internal;

import dev.sockeye.engine.CloseReason;
import dev.sockeye.engine.EnginePacket;
import dev.sockeye.engine.EngineSocket;
import dev.sockeye.engine.EngineSocket.CloseListener;
import dev.sockeye.engine.EngineSocket.MessageListener;
import java.util.function.Consumer;

/**
 * The listeners of one session, by event ({@link EngineSocket}'s {@code on…} methods), and their calls. A listener
 * that throws is logged with the session and the others still run.
 */
final class SessionListeners {
    final Listeners<MessageListener> message = new Listeners<>("message listener");
    final Listeners<CloseListener> close = new Listeners<>("close listener");
    final Listeners<Consumer<EnginePacket>> packet = new Listeners<>("packet listener");
    final Listeners<Consumer<EnginePacket>> packetCreate = new Listeners<>("packetCreate listener");
    final Listeners<Runnable> drain = new Listeners<>("drain listener");
    final Listeners<Consumer<String>> upgrading = new Listeners<>("upgrading listener");
    final Listeners<Consumer<String>> upgrade = new Listeners<>("upgrade listener");
    final Listeners<Runnable> heartbeat = new Listeners<>("heartbeat listener");

    /** The session, for the log. */
    private final EngineSocket session;

    SessionListeners(EngineSocket session) {
        this.session = session;
    }

    /** A message from the client: text (an empty one when the packet has no data) or binary. */
    void message(EnginePacket received) {
        byte[] binary = received.binary();
        if (binary != null) {
            message.call(listener -> listener.onBinary(binary), session);
        } else {
            String text = received.text() == null ? "" : received.text();
            message.call(listener -> listener.onText(text), session);
        }
    }

    void close(CloseReason reason, Object description) {
        close.call(listener -> listener.onClose(reason, description), session);
    }

    /** A packet received; nothing is made when no one listens. */
    void packet(EnginePacket received) {
        if (!packet.isEmpty()) {
            packet.call(listener -> listener.accept(received), session);
        }
    }

    /** A packet sent; its {@link EnginePacket} is made only when someone listens. */
    void packetCreate(EnginePacket.Type type, String text, byte[] binary) {
        if (!packetCreate.isEmpty()) {
            EnginePacket sent = new EnginePacket(type, text, binary);
            packetCreate.call(listener -> listener.accept(sent), session);
        }
    }

    void drain() {
        if (!drain.isEmpty()) {
            drain.call(Runnable::run, session);
        }
    }

    void upgrading(String transport) {
        upgrading.call(listener -> listener.accept(transport), session);
    }

    void upgrade(String transport) {
        upgrade.call(listener -> listener.accept(transport), session);
    }

    void heartbeat() {
        heartbeat.call(Runnable::run, session);
    }
}
