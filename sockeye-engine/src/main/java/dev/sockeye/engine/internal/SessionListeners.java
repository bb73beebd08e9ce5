package dev.sockeye.engine.internal;

import dev.sockeye.engine.CloseReason;
import dev.sockeye.engine.EnginePacket;
import dev.sockeye.engine.EngineSocket;
import java.util.Arrays;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReferenceFieldUpdater;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The listeners of one session, by event ({@link EngineSocket}'s {@code on…} methods), and their calls: the base
 * class of {@link EngineSession}. A listener that throws is logged with the session and the others still run.
 *
 * <p>Every session keeps these for its whole life, and most sessions have two listeners (the Socket.IO connection's
 * message and close listeners) of eight events, so they are one array of typed entries in the session itself
 * rather than an object with a list per event (which cost about 270 bytes per session). The array is an immutable
 * copy replaced on each addition: listeners are added at any time, from any thread, and called in the order added,
 * without a lock.
 */
abstract class SessionListeners implements EngineSocket {
    private static final Logger log = LoggerFactory.getLogger(SessionListeners.class);
    private static final Entry[] NONE = new Entry[0];
    private static final AtomicReferenceFieldUpdater<SessionListeners, Entry[]> ENTRIES =
            AtomicReferenceFieldUpdater.newUpdater(SessionListeners.class, Entry[].class, "entries");

    /** One listener with the event it listens to: the record's type is the event. */
    private sealed interface Entry {}

    private record OnMessage(MessageListener listener) implements Entry {}

    private record OnClose(CloseListener listener) implements Entry {}

    private record OnPacket(Consumer<EnginePacket> listener) implements Entry {}

    private record OnPacketCreate(Consumer<EnginePacket> listener) implements Entry {}

    private record OnDrain(Runnable listener) implements Entry {}

    private record OnUpgrading(Consumer<String> listener) implements Entry {}

    private record OnUpgrade(Consumer<String> listener) implements Entry {}

    private record OnHeartbeat(Runnable listener) implements Entry {}

    /** The listeners in the order added; replaced, never changed. */
    @SuppressWarnings("unused") // through ENTRIES too
    private volatile Entry[] entries = NONE;

    @Override
    public final void onMessage(MessageListener listener) {
        add(new OnMessage(Objects.requireNonNull(listener, "listener")));
    }

    @Override
    public final void onClose(CloseListener listener) {
        add(new OnClose(Objects.requireNonNull(listener, "listener")));
    }

    @Override
    public final void onPacket(Consumer<EnginePacket> listener) {
        add(new OnPacket(Objects.requireNonNull(listener, "listener")));
    }

    @Override
    public final void onPacketCreate(Consumer<EnginePacket> listener) {
        add(new OnPacketCreate(Objects.requireNonNull(listener, "listener")));
    }

    @Override
    public final void onDrain(Runnable listener) {
        add(new OnDrain(Objects.requireNonNull(listener, "listener")));
    }

    @Override
    public final void onUpgrading(Consumer<String> listener) {
        add(new OnUpgrading(Objects.requireNonNull(listener, "listener")));
    }

    @Override
    public final void onUpgrade(Consumer<String> listener) {
        add(new OnUpgrade(Objects.requireNonNull(listener, "listener")));
    }

    @Override
    public final void onHeartbeat(Runnable listener) {
        add(new OnHeartbeat(Objects.requireNonNull(listener, "listener")));
    }

    private void add(Entry entry) {
        Entry[] old;
        Entry[] copy;
        do {
            old = entries;
            copy = Arrays.copyOf(old, old.length + 1);
            copy[old.length] = entry;
        } while (!ENTRIES.compareAndSet(this, old, copy));
    }

    /** Whether no one listens to the event of {@code type}: a caller then need not make the event's value. */
    private boolean isEmpty(Class<? extends Entry> type) {
        for (Entry entry : entries) {
            if (type.isInstance(entry)) {
                return false;
            }
        }
        return true;
    }

    /** Calls {@code call} with every entry of {@code type}, in the order added; one that throws is logged. */
    private <E extends Entry> void call(Class<E> type, String event, Consumer<E> call) {
        for (Entry entry : entries) {
            if (type.isInstance(entry)) {
                try {
                    call.accept(type.cast(entry));
                } catch (RuntimeException e) {
                    log.warn("{} listener failed for {}", event, this, e);
                }
            }
        }
    }

    /** A message from the client: text (an empty one when the packet has no data) or binary. */
    final void fireMessage(EnginePacket received) {
        byte[] binary = received.binary();
        if (binary != null) {
            call(OnMessage.class, "message", entry -> entry.listener().onBinary(binary));
        } else {
            String text = received.text() == null ? "" : received.text();
            call(OnMessage.class, "message", entry -> entry.listener().onText(text));
        }
    }

    final void fireClose(CloseReason reason, Object description) {
        call(OnClose.class, "close", entry -> entry.listener().onClose(reason, description));
    }

    /** A packet received; nothing is made when no one listens. */
    final void firePacket(EnginePacket received) {
        if (!isEmpty(OnPacket.class)) {
            call(OnPacket.class, "packet", entry -> entry.listener().accept(received));
        }
    }

    /** A packet sent; its {@link EnginePacket} is made only when someone listens. */
    final void firePacketCreate(EnginePacket.Type type, String text, byte[] binary) {
        if (!isEmpty(OnPacketCreate.class)) {
            EnginePacket sent = new EnginePacket(type, text, binary);
            call(OnPacketCreate.class, "packetCreate", entry -> entry.listener().accept(sent));
        }
    }

    final void fireDrain() {
        call(OnDrain.class, "drain", entry -> entry.listener().run());
    }

    final void fireUpgrading(String transport) {
        call(OnUpgrading.class, "upgrading", entry -> entry.listener().accept(transport));
    }

    final void fireUpgrade(String transport) {
        call(OnUpgrade.class, "upgrade", entry -> entry.listener().accept(transport));
    }

    final void fireHeartbeat() {
        call(OnHeartbeat.class, "heartbeat", entry -> entry.listener().run());
    }
}
