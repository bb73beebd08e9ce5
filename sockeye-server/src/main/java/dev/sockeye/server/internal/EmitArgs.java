package dev.sockeye.server.internal;

import dev.sockeye.server.AckCallback;
import dev.sockeye.server.BroadcastAckCallback;
import java.util.Arrays;

/**
 * The arguments of an emit, with Node's convention: a callback as the last argument is the ack.
 * A callback anywhere else, or of the wrong kind, is refused: serialised, it would reach the client
 * as an empty object {@code {}} while the ack never came.
 */
final class EmitArgs {
    private EmitArgs() {}

    /**
     * The ack given as the last argument, or null.
     *
     * @param kind {@link AckCallback} for an emit to one socket, {@link BroadcastAckCallback} for a broadcast
     * @throws IllegalArgumentException for a callback that is not last or not of {@code kind}
     */
    static <C> C trailingAck(Object[] args, Class<C> kind) {
        if (args == null || args.length == 0) {
            return null;
        }
        Object last = args[args.length - 1];
        C ack = kind.isInstance(last) ? kind.cast(last) : null;
        check(args, ack == null ? args.length : args.length - 1, kind);
        return ack;
    }

    /** The arguments without the trailing ack. */
    static Object[] withoutLast(Object[] args) {
        return Arrays.copyOf(args, args.length - 1);
    }

    /**
     * Refuses every callback among values that are all sent as data.
     *
     * @param kind the callback kind this emit takes, named in the message
     */
    static void checkValues(Object[] args, Class<?> kind) {
        if (args != null) {
            check(args, args.length, kind);
        }
    }

    private static void check(Object[] args, int count, Class<?> kind) {
        for (int i = 0; i < count; i++) {
            Object value = args[i];
            if (!(value instanceof AckCallback) && !(value instanceof BroadcastAckCallback)) {
                continue;
            }
            if (!kind.isInstance(value)) {
                throw new IllegalArgumentException(
                        kind == AckCallback.class
                                ? "a BroadcastAckCallback cannot acknowledge an emit to one socket: pass an AckCallback"
                                : "an AckCallback cannot acknowledge a broadcast: pass a BroadcastAckCallback"
                                        + " (one response per client)");
            }
            throw new IllegalArgumentException("an ack callback must be the last argument of emit (argument " + (i + 1)
                    + " of " + args.length + " is one)");
        }
    }
}
