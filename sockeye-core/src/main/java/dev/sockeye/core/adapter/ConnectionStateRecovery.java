package dev.sockeye.core.adapter;

import dev.sockeye.core.Packet;
import dev.sockeye.core.PacketType;
import java.time.Duration;
import java.util.Objects;

/**
 * Connection state recovery (Node's {@code connectionStateRecovery} server option): a client whose
 * connection dropped gets back, on reconnection, its socket id, rooms, {@code data} and the packets
 * broadcast to it meanwhile, if it comes back within {@link #maxDisconnectionDuration()}.
 * Immutable; every {@code with…} method returns a new instance.
 *
 * <pre>{@code
 * SocketIoServer.builder()
 *         .connectionStateRecovery(ConnectionStateRecovery.defaults()
 *                 .withMaxDisconnectionDuration(Duration.ofMinutes(5)))
 *         .build();
 * }</pre>
 *
 * <p>Which packets can be recovered ({@link #isRecoverable}): EVENT packets without an ack id and
 * not volatile, whether broadcast or emitted to one socket. Each gets an offset, appended as the
 * last element of its data so that the client knows the last packet it received.
 *
 * @param maxDisconnectionDuration how long a disconnected socket's session and the packets
 *                                 broadcast since are kept; Node's default, 2 minutes
 * @param skipMiddlewares          whether a recovered socket skips the namespace's connect
 *                                 middlewares; Node's default, {@code true}
 * @param maxRetainedBytes         the most memory, in bytes (an estimate of the heap the packet
 *                                 trees take), that the built-in in-memory store
 *                                 ({@link InMemorySessionStore}) of a server keeps for packets,
 *                                 all namespaces together; past it the oldest packets are dropped
 *                                 and a client whose offset fell off is not recovered (Node bounds
 *                                 the store by time only). Adapters that keep packets elsewhere
 *                                 (a Redis stream) ignore it. Defaults to 64 MiB
 */
public record ConnectionStateRecovery(
        Duration maxDisconnectionDuration, boolean skipMiddlewares, long maxRetainedBytes) {

    /** The default of {@link #maxRetainedBytes()}: 64 MiB. */
    public static final long DEFAULT_MAX_RETAINED_BYTES = 64L * 1024 * 1024;

    private static final ConnectionStateRecovery DEFAULTS =
            new ConnectionStateRecovery(Duration.ofMinutes(2), true, DEFAULT_MAX_RETAINED_BYTES);

    /** Checks the values. */
    public ConnectionStateRecovery {
        Objects.requireNonNull(maxDisconnectionDuration, "maxDisconnectionDuration");
        if (maxDisconnectionDuration.isNegative() || maxDisconnectionDuration.isZero()) {
            throw new IllegalArgumentException(
                    "maxDisconnectionDuration must be positive: " + maxDisconnectionDuration);
        }
        if (maxRetainedBytes <= 0) {
            throw new IllegalArgumentException("maxRetainedBytes must be positive: " + maxRetainedBytes);
        }
    }

    /**
     * Node's defaults: 2 minutes, middlewares skipped, and a 64 MiB bound on the in-memory store.
     *
     * @return the options
     */
    public static ConnectionStateRecovery defaults() {
        return DEFAULTS;
    }

    /**
     * Sets {@link #maxDisconnectionDuration()}. Defaults to 2 minutes.
     *
     * @param value a positive duration
     * @return a new instance
     */
    public ConnectionStateRecovery withMaxDisconnectionDuration(Duration value) {
        return new ConnectionStateRecovery(value, skipMiddlewares, maxRetainedBytes);
    }

    /**
     * Sets {@link #skipMiddlewares()}. Defaults to {@code true}.
     *
     * @param value whether recovered sockets skip the connect middlewares
     * @return a new instance
     */
    public ConnectionStateRecovery withSkipMiddlewares(boolean value) {
        return new ConnectionStateRecovery(maxDisconnectionDuration, value, maxRetainedBytes);
    }

    /**
     * Sets {@link #maxRetainedBytes()}. Defaults to 64 MiB.
     *
     * @param value a positive number of bytes
     * @return a new instance
     */
    public ConnectionStateRecovery withMaxRetainedBytes(long value) {
        return new ConnectionStateRecovery(maxDisconnectionDuration, skipMiddlewares, value);
    }

    /**
     * Whether a packet gets an offset and is kept for recovery, as in Node: an EVENT without ack
     * id (an ack callback cannot be restored) that is not volatile.
     *
     * @param packet the packet
     * @param opts   how it is sent
     * @return whether it is recoverable
     */
    public static boolean isRecoverable(Packet packet, BroadcastOptions opts) {
        return (packet.type() == PacketType.EVENT || packet.type() == PacketType.BINARY_EVENT)
                && packet.id() == null
                && !opts.isVolatile()
                && packet.data() != null
                && packet.data().isArray();
    }
}
