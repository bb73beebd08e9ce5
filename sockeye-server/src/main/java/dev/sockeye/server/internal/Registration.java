package dev.sockeye.server.internal;

import dev.sockeye.server.Ack;
import dev.sockeye.server.Args;
import dev.sockeye.server.EventHandlers;
import dev.sockeye.server.InvalidArgumentException;
import dev.sockeye.server.TypeRef;
import java.util.Objects;

/**
 * One {@code on}/{@code once} listener of a socket: the event, the user's handler, the argument types to bind, and
 * which {@link EventHandlers} shape the handler has. One object of 32 bytes per listener, with no wrapper lambda:
 * a server holds these for every listener of every socket (a lambda per listener was 16 more bytes each).
 */
final class Registration {

    /** The {@link EventHandlers} interface of the handler, i.e. how to call it. */
    enum Shape {
        RAW,
        NO_ARGS,
        ACK_ONLY,
        ONE,
        ONE_ACK,
        TWO,
        TWO_ACK,
        THREE,
        THREE_ACK,
        FOUR,
        FOUR_ACK
    }

    private static final Object[] NONE = new Object[0];

    final String event;
    final Object handler;
    /** The argument types, each a {@code Class} or a {@link TypeRef}: null, one of them, or an array for two to four. */
    private final Object types;

    private final Shape shape;
    final boolean once;

    Registration(String event, Object handler, Shape shape, boolean once, Object... types) {
        this.event = Objects.requireNonNull(event, "event");
        this.handler = Objects.requireNonNull(handler, "handler");
        this.shape = shape;
        this.once = once;
        this.types = types.length == 0 ? null : types.length == 1 ? types[0] : types;
    }

    /**
     * The arguments bound to the handler's types, before the handler runs, so that a binding failure
     * is told apart from an exception of the handler.
     *
     * @throws InvalidArgumentException for the first argument that does not bind
     */
    Object[] bind(Args args) {
        if (types == null) {
            return NONE;
        }
        if (!(types instanceof Object[] all)) {
            return new Object[] {bind(args, 0, types)};
        }
        Object[] values = new Object[all.length];
        for (int i = 0; i < all.length; i++) {
            values[i] = bind(args, i, all[i]);
        }
        return values;
    }

    private Object bind(Args args, int index, Object type) {
        try {
            return type instanceof Class<?> c ? args.get(index, c) : args.get(index, (TypeRef<?>) type);
        } catch (RuntimeException e) {
            throw new InvalidArgumentException(
                    event, index, type instanceof Class<?> c ? c : ((TypeRef<?>) type).type(), e);
        }
    }

    /** Calls the handler with the values {@link #bind} returned. */
    @SuppressWarnings({"unchecked", "rawtypes"})
    void invoke(Args args, Object[] v, Ack ack) throws Exception {
        switch (shape) {
            case RAW -> ((EventHandlers.Raw) handler).handle(args, ack);
            case NO_ARGS -> ((EventHandlers.NoArgs) handler).handle();
            case ACK_ONLY -> ((EventHandlers.AckOnly) handler).handle(ack);
            case ONE -> ((EventHandlers.One) handler).handle(v[0]);
            case ONE_ACK -> ((EventHandlers.OneAck) handler).handle(v[0], ack);
            case TWO -> ((EventHandlers.Two) handler).handle(v[0], v[1]);
            case TWO_ACK -> ((EventHandlers.TwoAck) handler).handle(v[0], v[1], ack);
            case THREE -> ((EventHandlers.Three) handler).handle(v[0], v[1], v[2]);
            case THREE_ACK -> ((EventHandlers.ThreeAck) handler).handle(v[0], v[1], v[2], ack);
            case FOUR -> ((EventHandlers.Four) handler).handle(v[0], v[1], v[2], v[3]);
            case FOUR_ACK -> ((EventHandlers.FourAck) handler).handle(v[0], v[1], v[2], v[3], ack);
            default -> throw new IllegalStateException("unknown shape " + shape);
        }
    }
}
