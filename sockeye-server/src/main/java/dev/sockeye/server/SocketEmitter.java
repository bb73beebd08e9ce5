package dev.sockeye.server;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/**
 * Emits to one client. Modifiers ({@link #timeout}, {@link #compress}, {@link #asVolatile}) return a
 * new emitter and leave this one unchanged.
 *
 * <pre>{@code
 * socket.emit("hello", "world", Map.of("n", 1), new byte[] {1, 2, 3});
 * socket.timeout(Duration.ofSeconds(5)).emit("question", (err, answer) -> { ... }, "what?");
 * CompletableFuture<Integer> sum = socket.emitWithAck("add", Integer.class, 1, 2);
 * socket.send((err, answer) -> { ... }, "hi");      // a "message" event, with an ack
 * }</pre>
 */
public interface SocketEmitter {

    /**
     * Sends an event. Arguments are any values the JSON mapper can serialise; {@code byte[]} and
     * {@code ByteBuffer} (also nested in objects) travel as binary attachments. An {@link AckCallback}
     * as the last argument is the ack, as in Node ({@code socket.emit("question", "what?", ack)} is
     * {@link #emit(String, AckCallback, Object...) emit("question", ack, "what?")}).
     *
     * @return whether the packet was queued (false when the connection is closed or full, or when a
     *         volatile packet was dropped)
     * @throws IllegalArgumentException for a reserved event name ({@code connect}, {@code connect_error},
     *                                  {@code disconnect}, {@code disconnecting}, {@code newListener},
     *                                  {@code removeListener}), and for an ack callback that is not
     *                                  the last argument or is a {@link BroadcastAckCallback}
     */
    boolean emit(String event, Object... args);

    /**
     * Sends an event and asks the client to acknowledge it; {@code ack} runs once with the answer,
     * with an {@link AckTimeoutException} after the {@link #timeout}, or with a
     * {@link SocketDisconnectedException} when the socket goes away first.
     *
     * @return whether the packet was queued
     */
    boolean emit(String event, AckCallback ack, Object... args);

    /**
     * Sends an event and completes with the first argument of the client's acknowledgement bound to
     * {@code responseType} ({@code Args.class} gives every argument, {@code JsonNode.class} the raw
     * tree). Fails with {@link AckTimeoutException} after the {@link #timeout} and with
     * {@link SocketDisconnectedException} when the socket goes away first; never hangs past either.
     */
    <T> CompletableFuture<T> emitWithAck(String event, Class<T> responseType, Object... args);

    /**
     * Like {@link #emitWithAck(String, Class, Object...)} for a generic response type
     * ({@code new TypeRef<List<Item>>() { }}).
     */
    default <T> CompletableFuture<T> emitWithAck(String event, TypeRef<T> responseType, Object... args) {
        return emitWithAck(event, Args.class, args).thenApply(response -> response.get(0, responseType));
    }

    /** Sends a {@code message} event ({@code emit("message", args)}). */
    default boolean send(Object... args) {
        return emit("message", args);
    }

    /**
     * Sends a {@code message} event and asks the client to acknowledge it, as
     * {@link #emit(String, AckCallback, Object...) emit("message", ack, args)}.
     *
     * @return whether the packet was queued
     */
    default boolean send(AckCallback ack, Object... args) {
        return emit("message", ack, args);
    }

    /**
     * Sends a {@code message} event and completes with the client's acknowledgement, as
     * {@link #emitWithAck(String, Class, Object...) emitWithAck("message", responseType, args)}.
     */
    default <T> CompletableFuture<T> sendWithAck(Class<T> responseType, Object... args) {
        return emitWithAck("message", responseType, args);
    }

    /** An emitter whose acknowledgements fail after {@code timeout}. */
    SocketEmitter timeout(Duration timeout);

    /** An emitter that allows ({@code true}, the default) or forbids compression of the next packets. */
    SocketEmitter compress(boolean compress);

    /** An emitter whose packets are dropped when the connection cannot take them right now. */
    SocketEmitter asVolatile();
}
