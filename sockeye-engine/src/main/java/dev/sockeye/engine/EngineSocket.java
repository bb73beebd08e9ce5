package dev.sockeye.engine;

import java.util.Objects;
import java.util.function.Consumer;

/**
 * One Engine.IO session, whatever its transport (polling, then maybe WebSocket after an upgrade).
 * Thread-safe: any thread may send or close. Listeners run on the engine's I/O thread and must
 * not block.
 */
public interface EngineSocket {

    /** The session id: 20 URL-safe characters from {@link EngineOptions#idGenerator()}. */
    String id();

    /** The Engine.IO protocol revision of the client: 4 (or 3 when {@code allowEIO3} is on). */
    int protocol();

    /** The current transport name: {@code "polling"} or {@code "websocket"}. */
    String transport();

    /** The HTTP request that opened the session. */
    EngineRequest request();

    /** Where the session is in its life. */
    ReadyState readyState();

    /**
     * Queues a message. Returns {@code false} (and sends nothing) when the session is closing or
     * closed, or when the message does not fit the client's outbound budget
     * ({@link EngineOptions.Builder#maxOutboundBufferSize}): the session then closes with
     * {@link CloseReason#TRANSPORT_ERROR}, dropping what was queued for it.
     */
    boolean send(EngineMessage message, boolean compress);

    /** {@link #send(EngineMessage, boolean)} with compression allowed. */
    default boolean send(EngineMessage message) {
        return send(message, true);
    }

    /** Queues a text message. */
    default boolean send(String text) {
        return send(EngineMessage.text(text), true);
    }

    /** Queues a binary message; the array must not change afterwards. */
    default boolean send(byte[] data) {
        return send(EngineMessage.binary(data), true);
    }

    /**
     * Whether a message sent now would go out at once (open, transport writable, nothing
     * waiting). Volatile emits are dropped when this is false.
     */
    boolean isWritable();

    /** Closes the session; the close listeners get {@link CloseReason#FORCED_CLOSE}. */
    void close();

    /** Called for every message (packet type 4) the client sends. */
    void onMessage(MessageListener listener);

    /** Called once when the session closes, with its {@link CloseReason}. */
    void onClose(CloseListener listener);

    /** Called for every packet received from the client (any type), before it is handled. */
    void onPacket(Consumer<EnginePacket> listener);

    /** Called for every packet about to be sent to the client (any type). */
    void onPacketCreate(Consumer<EnginePacket> listener);

    /** Called when the outbound buffer has been flushed to the transport. */
    void onDrain(Runnable listener);

    /** Called when the client starts an upgrade, with the new transport's name. */
    void onUpgrading(Consumer<String> listener);

    /** Called when an upgrade is complete, with the new transport's name. */
    void onUpgrade(Consumer<String> listener);

    /** Called on every ping sent or pong received. */
    void onHeartbeat(Runnable listener);

    /** A session's life stages. */
    enum ReadyState {
        OPENING,
        OPEN,
        CLOSING,
        CLOSED
    }

    /** Receives the client's messages. */
    interface MessageListener {
        /** A text message. */
        void onText(String text);

        /** A binary message; the array belongs to the listener. */
        void onBinary(byte[] data);

        /**
         * A listener of two lambdas, e.g. an echo: {@code socket.onMessage(MessageListener.of(socket::send, socket::send))}.
         *
         * @param onText   receives each text message
         * @param onBinary receives each binary message (the array belongs to it)
         * @return the listener
         */
        static MessageListener of(Consumer<String> onText, Consumer<byte[]> onBinary) {
            Objects.requireNonNull(onText, "onText");
            Objects.requireNonNull(onBinary, "onBinary");
            return new MessageListener() {
                @Override
                public void onText(String text) {
                    onText.accept(text);
                }

                @Override
                public void onBinary(byte[] data) {
                    onBinary.accept(data);
                }
            };
        }
    }

    /** Receives the close of a session. */
    @FunctionalInterface
    interface CloseListener {
        /**
         * @param reason      why the session closed
         * @param description more detail (an exception, a message), or {@code null}
         */
        void onClose(CloseReason reason, Object description);
    }
}
