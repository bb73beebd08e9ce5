package dev.sockeye.engine.internal;

import dev.sockeye.engine.EnginePacket;
import dev.sockeye.engine.EngineSocket.CloseListener;
import dev.sockeye.engine.EngineSocket.MessageListener;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The listeners of one session, by event, and their calls. Each list is an immutable copy replaced on
 * registration, so that events are fired without a lock; a listener that throws is logged with the
 * session id and the others still run.
 */
final class SessionListeners {
    private static final Logger log = LoggerFactory.getLogger(EngineSession.class);

    private final String id;
    private volatile List<MessageListener> message = List.of();
    private volatile List<CloseListener> close = List.of();
    private volatile List<Consumer<EnginePacket>> packet = List.of();
    private volatile List<Consumer<EnginePacket>> packetCreate = List.of();
    private volatile List<Runnable> drain = List.of();
    private volatile List<Consumer<String>> upgrading = List.of();
    private volatile List<Consumer<String>> upgrade = List.of();
    private volatile List<Runnable> heartbeat = List.of();

    /** @param id the session id, for the log */
    SessionListeners(String id) {
        this.id = id;
    }

    synchronized void addMessage(MessageListener listener) {
        message = plus(message, listener);
    }

    synchronized void addClose(CloseListener listener) {
        close = plus(close, listener);
    }

    synchronized void addPacket(Consumer<EnginePacket> listener) {
        packet = plus(packet, listener);
    }

    synchronized void addPacketCreate(Consumer<EnginePacket> listener) {
        packetCreate = plus(packetCreate, listener);
    }

    synchronized void addDrain(Runnable listener) {
        drain = plus(drain, listener);
    }

    synchronized void addUpgrading(Consumer<String> listener) {
        upgrading = plus(upgrading, listener);
    }

    synchronized void addUpgrade(Consumer<String> listener) {
        upgrade = plus(upgrade, listener);
    }

    synchronized void addHeartbeat(Runnable listener) {
        heartbeat = plus(heartbeat, listener);
    }

    private static <T> List<T> plus(List<T> list, T item) {
        List<T> copy = new ArrayList<>(list.size() + 1);
        copy.addAll(list);
        copy.add(Objects.requireNonNull(item, "listener"));
        return List.copyOf(copy);
    }

    /** A message from the client: text (an empty one when the packet has no data) or binary. */
    void message(EnginePacket received) {
        byte[] binary = received.binary();
        String text = binary == null && received.text() == null ? "" : received.text();
        for (MessageListener listener : message) {
            try {
                if (binary != null) {
                    listener.onBinary(binary);
                } else {
                    listener.onText(text);
                }
            } catch (RuntimeException e) {
                log.warn("message listener failed for session {}", id, e);
            }
        }
    }

    void close(String reason, Object description) {
        for (CloseListener listener : close) {
            try {
                listener.onClose(reason, description);
            } catch (RuntimeException e) {
                log.warn("close listener failed for session {}", id, e);
            }
        }
    }

    /** A packet received; nothing is made when no one listens. */
    void packet(EnginePacket received) {
        if (!packet.isEmpty()) {
            fire(packet, received);
        }
    }

    /** Whether anyone listens to packets sent: only then is an {@link EnginePacket} made for each. */
    boolean hasPacketCreate() {
        return !packetCreate.isEmpty();
    }

    void packetCreate(EnginePacket sent) {
        fire(packetCreate, sent);
    }

    void drain() {
        if (!drain.isEmpty()) {
            fire(drain);
        }
    }

    void upgrading(String transport) {
        fire(upgrading, transport);
    }

    void upgrade(String transport) {
        fire(upgrade, transport);
    }

    void heartbeat() {
        fire(heartbeat);
    }

    private <T> void fire(List<Consumer<T>> listeners, T value) {
        for (Consumer<T> listener : listeners) {
            try {
                listener.accept(value);
            } catch (RuntimeException e) {
                log.warn("listener failed for session {}", id, e);
            }
        }
    }

    private void fire(List<Runnable> listeners) {
        for (Runnable listener : listeners) {
            try {
                listener.run();
            } catch (RuntimeException e) {
                log.warn("listener failed for session {}", id, e);
            }
        }
    }
}
