package dev.sockeye.server.internal;

import dev.sockeye.server.Ack;
import dev.sockeye.server.Args;
import dev.sockeye.server.EventHandlers;
import java.util.Objects;

/**
 * One {@code on}/{@code once} listener of a socket: the event, the user's handler, the argument types to bind, and
 * which {@link EventHandlers} shape the handler has. One object of 32 bytes per listener, with no wrapper lambda:
 * a server holds these for every listener of every socket (a lambda per listener was 16 more bytes each).
 */
final class Registration {

    /** The {@link EventHandlers} interface of the handler, i.e. how to call it. */
    enum Shape { RAW, NO_ARGS, ACK_ONLY, ONE, ONE_ACK, TWO, TWO_ACK, THREE, THREE_ACK }

    final String event;
    final Object handler;
    /** The argument types: null, one {@code Class}, or a {@code Class[]} for two or three. */
    private final Object types;
    private final Shape shape;
    final boolean once;

    Registration(String event, Object handler, Shape shape, boolean once, Class<?>... types) {
        this.event = Objects.requireNonNull(event, "event");
        this.handler = Objects.requireNonNull(handler, "handler");
        this.shape = shape;
        this.once = once;
        this.types = types.length == 0 ? null : types.length == 1 ? types[0] : types;
    }

    /** Calls the handler with the arguments bound to its types. */
    @SuppressWarnings({"unchecked", "rawtypes"})
    void invoke(Args args, Ack ack) throws Exception {
        switch (shape) {
            case RAW -> ((EventHandlers.Raw) handler).handle(args, ack);
            case NO_ARGS -> ((EventHandlers.NoArgs) handler).handle();
            case ACK_ONLY -> ((EventHandlers.AckOnly) handler).handle(ack);
            case ONE -> ((EventHandlers.One) handler).handle(args.get(0, (Class<?>) types));
            case ONE_ACK -> ((EventHandlers.OneAck) handler).handle(args.get(0, (Class<?>) types), ack);
            case TWO -> ((EventHandlers.Two) handler).handle(args.get(0, type(0)), args.get(1, type(1)));
            case TWO_ACK -> ((EventHandlers.TwoAck) handler).handle(args.get(0, type(0)), args.get(1, type(1)), ack);
            case THREE -> ((EventHandlers.Three) handler).handle(args.get(0, type(0)), args.get(1, type(1)),
                    args.get(2, type(2)));
            case THREE_ACK -> ((EventHandlers.ThreeAck) handler).handle(args.get(0, type(0)), args.get(1, type(1)),
                    args.get(2, type(2)), ack);
            default -> throw new IllegalStateException("unknown shape " + shape);
        }
    }

    private Class<?> type(int index) {
        return ((Class<?>[]) types)[index];
    }
}
