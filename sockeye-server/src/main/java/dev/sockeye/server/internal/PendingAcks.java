package dev.sockeye.server.internal;

import dev.sockeye.server.AckCallback;
import dev.sockeye.server.AckTimeoutException;
import dev.sockeye.server.Args;
import dev.sockeye.server.SocketIoException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * The emits of one socket that wait for the client's ACK, by ack id: each with its timeout timer,
 * completed by the ACK, failed by the timeout or, all of them, when the socket goes away. A socket
 * makes this on its first emit with an ack (most sockets never do).
 */
final class PendingAcks {

    private final Map<Long, PendingAck> byId = new ConcurrentHashMap<>();
    private final Observers observers;
    private final String nsp;

    PendingAcks(Observers observers, String nsp) {
        this.observers = observers;
        this.nsp = nsp;
    }

    /** Waits for the ACK {@code ackId}; with a {@code timeout}, fails it with {@link AckTimeoutException} after that. */
    void register(long ackId, PendingAck ack, Duration timeout) {
        if (observers.active()) {
            ack.sentNanos = System.nanoTime();
        }
        byId.put(ackId, ack);
        if (timeout != null) {
            ack.timer = Shared.timers()
                    .schedule(
                            () -> {
                                PendingAck expired = byId.remove(ackId);
                                if (expired != null) {
                                    observers.current().onAckTimeout(nsp);
                                    expired.fail(new AckTimeoutException(List.of()));
                                }
                            },
                            timeout.toNanos(),
                            TimeUnit.NANOSECONDS);
        }
    }

    /** The client's ACK {@code ackId} arrived with {@code data}; false when no emit waits for it. */
    boolean complete(Long ackId, JsonNode data) {
        PendingAck ack = ackId == null ? null : byId.remove(ackId);
        if (ack == null) {
            return false;
        }
        ack.cancelTimer();
        if (ack.sentNanos != 0) {
            observers.current().onAck(nsp, System.nanoTime() - ack.sentNanos);
        }
        ack.complete(data);
        return true;
    }

    /** Fails the emit waiting for {@code ackId}, if it still waits. */
    void fail(long ackId, SocketIoException error) {
        PendingAck ack = byId.remove(ackId);
        if (ack != null) {
            ack.cancelTimer();
            ack.fail(error);
        }
    }

    /** Fails every emit still waiting (the socket went away). */
    void failAll(SocketIoException error) {
        for (Long ackId : new ArrayList<>(byId.keySet())) {
            fail(ackId, error);
        }
    }

    /** An ack handed to the emitter's {@code AckCallback}, in the socket's queue. */
    static PendingAck callingBack(SocketImpl socket, AckCallback callback) {
        return new PendingAck() {
            @Override
            void complete(JsonNode data) {
                Args response = new Args(SocketImpl.elements(data), socket.mapper());
                socket.queue.execute(() -> socket.safely(() -> callback.onAck(null, response), "ack callback"));
            }

            @Override
            void fail(SocketIoException error) {
                Args none = new Args(List.of(), socket.mapper());
                socket.queue.execute(() -> socket.safely(() -> callback.onAck(error, none), "ack callback"));
            }
        };
    }

    /**
     * An ack that completes {@code future} with the first value as {@code type}, on {@code executor} (the handler
     * pool), not in the socket's queue: a handler of the socket may be blocked waiting for the very future.
     */
    static <T> PendingAck completing(
            CompletableFuture<T> future, Class<T> type, Executor executor, ObjectMapper mapper) {
        return new PendingAck() {
            @Override
            void complete(JsonNode data) {
                executor.execute(() -> {
                    try {
                        future.complete(SocketImpl.bind(new Args(SocketImpl.elements(data), mapper), type));
                    } catch (RuntimeException e) {
                        future.completeExceptionally(e);
                    }
                });
            }

            @Override
            void fail(SocketIoException error) {
                executor.execute(() -> future.completeExceptionally(error));
            }
        };
    }

    /** The ack of one socket in a broadcast with an ack: the broadcaster has its own timeout and stops waiting by itself. */
    static PendingAck forBroadcast(Consumer<JsonNode> callback) {
        return new PendingAck() {
            @Override
            void complete(JsonNode data) {
                callback.accept(data);
            }

            @Override
            void fail(SocketIoException error) {
                // see above
            }
        };
    }

    /** An emit waiting for the client's ACK. */
    abstract static class PendingAck {
        volatile ScheduledFuture<?> timer;
        /** When the emit was registered, for the observers; 0 when none watched then. */
        long sentNanos;

        void cancelTimer() {
            ScheduledFuture<?> t = timer;
            if (t != null) {
                t.cancel(false);
            }
        }

        /** The ACK arrived; called on the engine's thread, so hand user code off. */
        abstract void complete(JsonNode data);

        /** Timed out or the socket went away. */
        abstract void fail(SocketIoException error);
    }
}
