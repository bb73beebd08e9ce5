package dev.sockeye.server;

import dev.sockeye.engine.EngineRequest;
import dev.sockeye.engine.EngineSocket;
import java.util.Collection;
import java.util.List;
import java.util.Set;

/**
 * One client in one namespace (Node's {@code Socket}). Thread-safe. Its handlers run one at a
 * time, in the order the packets arrived, on the server's handler executor (never on a network
 * I/O thread).
 *
 * <pre>{@code
 * io.onConnection(socket -> {
 *     socket.join("lobby");
 *     socket.on("chat", ChatMessage.class, msg -> socket.to("lobby").emit("chat", msg));
 *     socket.on("add", Sum.class, (sum, ack) -> ack.send(sum.a() + sum.b()));
 *     socket.onDisconnect(reason -> log.info("{} left: {}", socket.id(), reason));
 * });
 * }</pre>
 *
 * <p><b>The reserved-name rule.</b> {@code on} and {@code once} refuse the reserved event names
 * ({@code connect}, {@code connect_error}, {@code disconnect}, {@code disconnecting},
 * {@code newListener}, {@code removeListener}) with an {@link IllegalArgumentException} that names
 * the method to use ({@link #onDisconnect}, {@link #onDisconnecting}, {@link Namespace#onConnection}),
 * and {@code emit} refuses them with {@code "connect" is a reserved event name}, as Node does. In
 * Node {@code socket.on("disconnect", reason => …)} works; in Java {@code reason -> …} would compile
 * as an {@link EventHandlers.AckOnly} handler and receive an {@link Ack}, so Sockeye refuses the
 * registration rather than accept a handler that would never see a reason.
 */
public interface Socket extends RemoteSocket {

    /** The namespace this socket belongs to. */
    Namespace nsp();

    /** The Engine.IO connection carrying this socket. */
    Client client();

    /** The Engine.IO connection ({@code client().conn()}). */
    default EngineSocket conn() {
        return client().conn();
    }

    /** The first HTTP request of the connection ({@code client().request()}). */
    default EngineRequest request() {
        return client().request();
    }

    /** Whether the socket is connected: false in connect middlewares and after disconnection. */
    boolean connected();

    /** Whether the socket is disconnected ({@code !connected()}). */
    default boolean disconnected() {
        return !connected();
    }

    /**
     * Whether connection state recovery restored this socket: its id, rooms and {@link #data()}
     * are those it had before its connection dropped, and the packets it missed were sent before
     * its CONNECT reply. Always false while recovery is off. Restored {@code data} values are JSON
     * values ({@code Map}, {@code List}, {@code String}, numbers, booleans, {@code byte[]}), not
     * the objects that were stored.
     */
    boolean recovered();

    // ---- incoming events

    /**
     * Handles an event with its raw arguments and the ack.
     *
     * @throws IllegalArgumentException for a reserved event name (see the reserved-name rule above);
     *                                  every {@code on} and {@code once} overload does the same
     */
    Socket on(String event, EventHandlers.Raw handler);

    /** Handles an event ignoring its arguments. */
    Socket on(String event, EventHandlers.NoArgs handler);

    /** Handles an event using only its ack. */
    Socket on(String event, EventHandlers.AckOnly handler);

    /** Handles an event with one typed argument. */
    <A> Socket on(String event, Class<A> a, EventHandlers.One<A> handler);

    /** Handles an event with one typed argument and the ack. */
    <A> Socket on(String event, Class<A> a, EventHandlers.OneAck<A> handler);

    /** Handles an event with two typed arguments. */
    <A, B> Socket on(String event, Class<A> a, Class<B> b, EventHandlers.Two<A, B> handler);

    /** Handles an event with two typed arguments and the ack. */
    <A, B> Socket on(String event, Class<A> a, Class<B> b, EventHandlers.TwoAck<A, B> handler);

    /** Handles an event with three typed arguments. */
    <A, B, C> Socket on(String event, Class<A> a, Class<B> b, Class<C> c, EventHandlers.Three<A, B, C> handler);

    /** Handles an event with three typed arguments and the ack. */
    <A, B, C> Socket on(String event, Class<A> a, Class<B> b, Class<C> c, EventHandlers.ThreeAck<A, B, C> handler);

    /** Handles an event with four typed arguments. */
    <A, B, C, D> Socket on(
            String event, Class<A> a, Class<B> b, Class<C> c, Class<D> d, EventHandlers.Four<A, B, C, D> handler);

    /** Handles an event with four typed arguments and the ack. */
    <A, B, C, D> Socket on(
            String event, Class<A> a, Class<B> b, Class<C> c, Class<D> d, EventHandlers.FourAck<A, B, C, D> handler);

    /** Handles an event with one argument of a generic type ({@code new TypeRef<List<Item>>() { }}). */
    <A> Socket on(String event, TypeRef<A> a, EventHandlers.One<A> handler);

    /** Handles an event with one argument of a generic type and the ack. */
    <A> Socket on(String event, TypeRef<A> a, EventHandlers.OneAck<A> handler);

    /** Handles an event with two arguments of generic types ({@link TypeRef#of} for plain classes). */
    <A, B> Socket on(String event, TypeRef<A> a, TypeRef<B> b, EventHandlers.Two<A, B> handler);

    /** Handles an event with two arguments of generic types and the ack. */
    <A, B> Socket on(String event, TypeRef<A> a, TypeRef<B> b, EventHandlers.TwoAck<A, B> handler);

    /** Handles an event with three arguments of generic types. */
    <A, B, C> Socket on(String event, TypeRef<A> a, TypeRef<B> b, TypeRef<C> c, EventHandlers.Three<A, B, C> handler);

    /** Handles an event with three arguments of generic types and the ack. */
    <A, B, C> Socket on(
            String event, TypeRef<A> a, TypeRef<B> b, TypeRef<C> c, EventHandlers.ThreeAck<A, B, C> handler);

    /** Handles an event with four arguments of generic types. */
    <A, B, C, D> Socket on(
            String event,
            TypeRef<A> a,
            TypeRef<B> b,
            TypeRef<C> c,
            TypeRef<D> d,
            EventHandlers.Four<A, B, C, D> handler);

    /** Handles an event with four arguments of generic types and the ack. */
    <A, B, C, D> Socket on(
            String event,
            TypeRef<A> a,
            TypeRef<B> b,
            TypeRef<C> c,
            TypeRef<D> d,
            EventHandlers.FourAck<A, B, C, D> handler);

    /** Like {@link #on(String, EventHandlers.Raw)}, removed after its first call. */
    Socket once(String event, EventHandlers.Raw handler);

    /** Like {@link #on(String, EventHandlers.NoArgs)}, removed after its first call. */
    Socket once(String event, EventHandlers.NoArgs handler);

    /** Like {@link #on(String, Class, EventHandlers.One)}, removed after its first call. */
    <A> Socket once(String event, Class<A> a, EventHandlers.One<A> handler);

    /** Like {@link #on(String, Class, EventHandlers.OneAck)}, removed after its first call. */
    <A> Socket once(String event, Class<A> a, EventHandlers.OneAck<A> handler);

    /** Removes a handler (the same object given to {@code on} or {@code once}). */
    Socket off(String event, Object handler);

    /** Removes every handler of an event. */
    Socket removeAllListeners(String event);

    /** Removes every event handler (catch-all, error and disconnect handlers stay). */
    Socket removeAllListeners();

    /** The events with at least one handler. */
    Set<String> eventNames();

    /** The handlers of an event, as given to {@code on} and {@code once}. */
    List<Object> listeners(String event);

    /** The number of handlers of an event. */
    default int listenerCount(String event) {
        return listeners(event).size();
    }

    /** Adds a catch-all listener for incoming events (not acks), run before the event handlers. */
    Socket onAny(AnyListener listener);

    /** Adds a catch-all listener before the others. */
    Socket prependAny(AnyListener listener);

    /** Removes a catch-all listener. */
    Socket offAny(AnyListener listener);

    /** Removes every catch-all listener. */
    Socket offAny();

    /** The catch-all listeners for incoming events. */
    List<AnyListener> listenersAny();

    /** Adds a catch-all listener for outgoing events (not acks); runs on the emitting thread. */
    Socket onAnyOutgoing(AnyListener listener);

    /** Adds an outgoing catch-all listener before the others. */
    Socket prependAnyOutgoing(AnyListener listener);

    /** Removes an outgoing catch-all listener. */
    Socket offAnyOutgoing(AnyListener listener);

    /** Removes every outgoing catch-all listener. */
    Socket offAnyOutgoing();

    /** The catch-all listeners for outgoing events. */
    List<AnyListener> listenersAnyOutgoing();

    /** Adds a middleware run for every incoming event before the handlers. */
    Socket use(SocketMiddleware middleware);

    /**
     * Receives the errors of the event middlewares (Node's {@code error} event) and an
     * {@link InvalidArgumentException} for each argument that did not bind to a handler's declared
     * type (that handler was skipped). An event the client names {@code "error"} is an ordinary event
     * for {@link #on}, never delivered here.
     */
    Socket onError(ErrorHandler handler);

    /** Called when the socket is about to disconnect; {@link #rooms()} is still intact. */
    Socket onDisconnecting(DisconnectHandler handler);

    /** Called once the socket has disconnected and left every room. */
    Socket onDisconnect(DisconnectHandler handler);

    // ---- broadcasting from this socket

    // Each of these is broadcast() with one modifier, as Node's socket.to(room) is a new broadcast operator's to(room).

    /** Broadcasts to every socket of the namespace but this one. */
    BroadcastOperator broadcast();

    /** Broadcasts to a room, this socket excluded. */
    default BroadcastOperator to(String room) {
        return broadcast().to(room);
    }

    /** Broadcasts to several rooms (each client once), this socket excluded. */
    default BroadcastOperator to(Collection<String> rooms) {
        return broadcast().to(rooms);
    }

    /** Same as {@link #to(String)}. */
    default BroadcastOperator in(String room) {
        return to(room);
    }

    /** Same as {@link #to(Collection)}. */
    default BroadcastOperator in(Collection<String> rooms) {
        return to(rooms);
    }

    /** Broadcasts to everyone but the sockets in {@code room} and this socket. */
    default BroadcastOperator except(String room) {
        return broadcast().except(room);
    }

    /** Broadcasts to everyone but the sockets in these rooms and this socket. */
    default BroadcastOperator except(Collection<String> rooms) {
        return broadcast().except(rooms);
    }

    /** Broadcasts to every socket of the namespace on this server only, this one excluded. */
    default BroadcastOperator local() {
        return broadcast().local();
    }
}
