package dev.sockeye.engine.internal;

import dev.sockeye.engine.CloseReason;
import dev.sockeye.engine.EnginePacket;
import dev.sockeye.engine.EngineSocket;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.Arrays;
import java.util.Objects;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The listeners of one session, by event ({@link EngineSocket}'s {@code on…} methods), and their calls: the base
 * class of {@link EngineSession}. A listener that throws is logged with the session and the others still run.
 *
 * <p>Every session keeps these for its whole life, and most sessions have two listeners (the Socket.IO connection's
 * message and close listeners) of eight events, so they are one flat array of {@code event, listener} pairs in the
 * session itself rather than an object with a list per event (which cost about 270 bytes per session). The array
 * is an immutable copy replaced on each addition: listeners are added at any time, from any thread, and called in
 * the order added, without a lock.
 */
abstract class SessionListeners implements EngineSocket {
    private static final Logger log = LoggerFactory.getLogger(SessionListeners.class);
    private static final Object[] NONE = new Object[0];
    private static final VarHandle ENTRIES;

    static {
        try {
            ENTRIES = MethodHandles.lookup().findVarHandle(SessionListeners.class, "entries", Object[].class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** The events a session's listeners are registered for; the text is what a failing listener is called in the log. */
    private enum Event {
        MESSAGE("message listener"),
        CLOSE("close listener"),
        PACKET("packet listener"),
        PACKET_CREATE("packetCreate listener"),
        DRAIN("drain listener"),
        UPGRADING("upgrading listener"),
        UPGRADE("upgrade listener"),
        HEARTBEAT("heartbeat listener");

        private final String text;

        Event(String text) {
            this.text = text;
        }
    }

    /** {@code Event, listener} pairs in the order added; replaced, never changed. */
    @SuppressWarnings("unused") // through ENTRIES too
    private volatile Object[] entries = NONE;

    @Override
    public final void onMessage(MessageListener listener) {
        add(Event.MESSAGE, listener);
    }

    @Override
    public final void onClose(CloseListener listener) {
        add(Event.CLOSE, listener);
    }

    @Override
    public final void onPacket(Consumer<EnginePacket> listener) {
        add(Event.PACKET, listener);
    }

    @Override
    public final void onPacketCreate(Consumer<EnginePacket> listener) {
        add(Event.PACKET_CREATE, listener);
    }

    @Override
    public final void onDrain(Runnable listener) {
        add(Event.DRAIN, listener);
    }

    @Override
    public final void onUpgrading(Consumer<String> listener) {
        add(Event.UPGRADING, listener);
    }

    @Override
    public final void onUpgrade(Consumer<String> listener) {
        add(Event.UPGRADE, listener);
    }

    @Override
    public final void onHeartbeat(Runnable listener) {
        add(Event.HEARTBEAT, listener);
    }

    private void add(Event event, Object listener) {
        Objects.requireNonNull(listener, "listener");
        Object[] old;
        Object[] copy;
        do {
            old = entries;
            copy = Arrays.copyOf(old, old.length + 2);
            copy[old.length] = event;
            copy[old.length + 1] = listener;
        } while (!ENTRIES.compareAndSet(this, old, copy));
    }

    /** Whether no one listens to {@code event}: a caller then need not make the event's value. */
    private boolean isEmpty(Event event) {
        Object[] all = entries;
        for (int i = 0; i < all.length; i += 2) {
            if (all[i] == event) {
                return false;
            }
        }
        return true;
    }

    /** Calls every listener of {@code event}; {@code L} is the type its {@code on…} method takes. */
    @SuppressWarnings("unchecked")
    private <L> void call(Event event, Consumer<? super L> call) {
        Object[] all = entries;
        for (int i = 0; i < all.length; i += 2) {
            if (all[i] == event) {
                try {
                    call.accept((L) all[i + 1]);
                } catch (RuntimeException e) {
                    log.warn("{} failed for {}", event.text, this, e);
                }
            }
        }
    }

    /** A message from the client: text (an empty one when the packet has no data) or binary. */
    final void fireMessage(EnginePacket received) {
        byte[] binary = received.binary();
        if (binary != null) {
            this.<MessageListener>call(Event.MESSAGE, listener -> listener.onBinary(binary));
        } else {
            String text = received.text() == null ? "" : received.text();
            this.<MessageListener>call(Event.MESSAGE, listener -> listener.onText(text));
        }
    }

    final void fireClose(CloseReason reason, Object description) {
        this.<CloseListener>call(Event.CLOSE, listener -> listener.onClose(reason, description));
    }

    /** A packet received; nothing is made when no one listens. */
    final void firePacket(EnginePacket received) {
        if (!isEmpty(Event.PACKET)) {
            this.<Consumer<EnginePacket>>call(Event.PACKET, listener -> listener.accept(received));
        }
    }

    /** A packet sent; its {@link EnginePacket} is made only when someone listens. */
    final void firePacketCreate(EnginePacket.Type type, String text, byte[] binary) {
        if (!isEmpty(Event.PACKET_CREATE)) {
            EnginePacket sent = new EnginePacket(type, text, binary);
            this.<Consumer<EnginePacket>>call(Event.PACKET_CREATE, listener -> listener.accept(sent));
        }
    }

    final void fireDrain() {
        if (!isEmpty(Event.DRAIN)) {
            this.<Runnable>call(Event.DRAIN, Runnable::run);
        }
    }

    final void fireUpgrading(String transport) {
        this.<Consumer<String>>call(Event.UPGRADING, listener -> listener.accept(transport));
    }

    final void fireUpgrade(String transport) {
        this.<Consumer<String>>call(Event.UPGRADE, listener -> listener.accept(transport));
    }

    final void fireHeartbeat() {
        this.<Runnable>call(Event.HEARTBEAT, Runnable::run);
    }
}
