package dev.sockeye.server;

/**
 * The shapes an event handler can take in {@link Socket#on}. Java picks the overload from the
 * lambda's arity, so a handler names only what it uses: typed arguments bound from JSON by the
 * server's mapper (missing ones are {@code null}), and an {@link Ack} as last parameter when it
 * answers. Every handler may throw; the exception is logged with the socket id.
 *
 * <p>An argument that does not bind to its declared type is never skipped silently: that handler
 * does not run, the client's ack (when it asked for one) is answered with
 * {@code {"error":"invalid argument","event":"add","index":0}} ({@code index} counts the arguments
 * from 0, the event name excluded), the socket's {@link Socket#onError error handlers} receive an
 * {@link InvalidArgumentException}, and the server logs it at WARN once per event and type. Node has
 * no such case: it hands handlers whatever the client sent.
 *
 * <pre>{@code
 * socket.on("ping", () -> socket.emit("pong"));
 * socket.on("chat", ChatMessage.class, msg -> ...);
 * socket.on("add", Integer.class, Integer.class, (a, b, ack) -> ack.send(a + b));
 * socket.on("raw", (args, ack) -> ...);
 * socket.on("items", new TypeRef<List<Item>>() { }, items -> ...);
 * }</pre>
 *
 * <p>Every typed shape takes its types as {@code Class}es or, for generic types such as
 * {@code List<Item>} or {@code Map<String, Item>}, as {@link TypeRef}s ({@link TypeRef#of} turns a
 * class into one to mix both). Up to four typed arguments; beyond, a {@link Raw} handler binds each
 * one with {@link Args#get(int, TypeRef)}.
 */
public final class EventHandlers {
    private EventHandlers() {}

    /** Every argument as {@link Args}, plus the ack. */
    @FunctionalInterface
    public interface Raw {
        /** Handles the event. */
        void handle(Args args, Ack ack) throws Exception;
    }

    /** No argument used. */
    @FunctionalInterface
    public interface NoArgs {
        /** Handles the event. */
        void handle() throws Exception;
    }

    /** Only the ack. */
    @FunctionalInterface
    public interface AckOnly {
        /** Handles the event. */
        void handle(Ack ack) throws Exception;
    }

    /** One typed argument. */
    @FunctionalInterface
    public interface One<A> {
        /** Handles the event. */
        void handle(A a) throws Exception;
    }

    /** One typed argument and the ack. */
    @FunctionalInterface
    public interface OneAck<A> {
        /** Handles the event. */
        void handle(A a, Ack ack) throws Exception;
    }

    /** Two typed arguments. */
    @FunctionalInterface
    public interface Two<A, B> {
        /** Handles the event. */
        void handle(A a, B b) throws Exception;
    }

    /** Two typed arguments and the ack. */
    @FunctionalInterface
    public interface TwoAck<A, B> {
        /** Handles the event. */
        void handle(A a, B b, Ack ack) throws Exception;
    }

    /** Three typed arguments. */
    @FunctionalInterface
    public interface Three<A, B, C> {
        /** Handles the event. */
        void handle(A a, B b, C c) throws Exception;
    }

    /** Three typed arguments and the ack. */
    @FunctionalInterface
    public interface ThreeAck<A, B, C> {
        /** Handles the event. */
        void handle(A a, B b, C c, Ack ack) throws Exception;
    }

    /** Four typed arguments (more: a {@link Raw} handler with {@link Args#get(int, TypeRef)}). */
    @FunctionalInterface
    public interface Four<A, B, C, D> {
        /** Handles the event. */
        void handle(A a, B b, C c, D d) throws Exception;
    }

    /** Four typed arguments and the ack. */
    @FunctionalInterface
    public interface FourAck<A, B, C, D> {
        /** Handles the event. */
        void handle(A a, B b, C c, D d, Ack ack) throws Exception;
    }
}
