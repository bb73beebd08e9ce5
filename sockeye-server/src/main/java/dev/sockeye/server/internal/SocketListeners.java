package dev.sockeye.server.internal;

import dev.sockeye.server.AnyListener;
import dev.sockeye.server.DisconnectHandler;
import dev.sockeye.server.ErrorHandler;
import dev.sockeye.server.EventHandlers;
import dev.sockeye.server.Socket;
import dev.sockeye.server.SocketMiddleware;
import dev.sockeye.server.TypeRef;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The listener half of a {@link Socket}: what user code registers on it ({@code on}, {@code once},
 * {@code off}, catch-all listeners, socket middlewares, error and disconnect handlers), kept as
 * immutable snapshots. {@link SocketImpl} reads them to dispatch; nothing here runs user code.
 */
abstract class SocketListeners implements Socket {

    private static final Registration[] NO_HANDLERS = new Registration[0];

    // Immutable snapshots replaced while holding the socket's own monitor, read without locking. A server holds
    // one socket per connection, so these cost nothing until used (the empty ones are shared) and far less than a
    // concurrent collection each once used. The monitor is held only for a copy, never while user code runs.
    /** Every on/once registration in registration order, one flat array: a map of lists costs a socket 2-3 times more. */
    private volatile Registration[] handlers = NO_HANDLERS;

    private volatile List<AnyListener> anyListeners = List.of();
    private volatile List<AnyListener> anyOutgoingListeners = List.of();
    private volatile List<SocketMiddleware> middlewares = List.of();
    private volatile List<ErrorHandler> errorHandlers = List.of();
    private volatile List<DisconnectHandler> disconnectingHandlers = List.of();
    private volatile List<DisconnectHandler> disconnectHandlers = List.of();

    /** Every on/once registration, in registration order. */
    final Registration[] registrations() {
        return handlers;
    }

    final List<AnyListener> anyListeners() {
        return anyListeners;
    }

    final List<AnyListener> anyOutgoingListeners() {
        return anyOutgoingListeners;
    }

    final List<SocketMiddleware> middlewares() {
        return middlewares;
    }

    final List<ErrorHandler> errorHandlers() {
        return errorHandlers;
    }

    final List<DisconnectHandler> disconnectingHandlers() {
        return disconnectingHandlers;
    }

    final List<DisconnectHandler> disconnectHandlers() {
        return disconnectHandlers;
    }

    private Socket add(Registration registration) {
        Reserved.checkListen(registration.event);
        synchronized (this) {
            handlers = ListSnapshots.with(handlers, registration);
        }
        return this;
    }

    /** Removes one registration; false when it was not there (any more). */
    final boolean removeRegistration(Registration registration) {
        synchronized (this) {
            Registration[] rest = ListSnapshots.without(handlers, registration);
            if (rest == handlers) {
                return false;
            }
            handlers = rest;
            return true;
        }
    }

    /** Removes every registration for {@code event} (all of them when {@code event} is null). */
    private void removeRegistrations(String event) {
        synchronized (this) {
            handlers = event == null
                    ? NO_HANDLERS
                    : Arrays.stream(handlers)
                            .filter(r -> !r.event.equals(event))
                            .toArray(Registration[]::new);
        }
    }

    @Override
    public Socket on(String event, EventHandlers.Raw handler) {
        return add(new Registration(event, handler, Registration.Shape.RAW, false));
    }

    @Override
    public Socket on(String event, EventHandlers.NoArgs handler) {
        return add(new Registration(event, handler, Registration.Shape.NO_ARGS, false));
    }

    @Override
    public Socket on(String event, EventHandlers.AckOnly handler) {
        return add(new Registration(event, handler, Registration.Shape.ACK_ONLY, false));
    }

    @Override
    public <A> Socket on(String event, Class<A> a, EventHandlers.One<A> handler) {
        return add(new Registration(event, handler, Registration.Shape.ONE, false, a));
    }

    @Override
    public <A> Socket on(String event, Class<A> a, EventHandlers.OneAck<A> handler) {
        return add(new Registration(event, handler, Registration.Shape.ONE_ACK, false, a));
    }

    @Override
    public <A, B> Socket on(String event, Class<A> a, Class<B> b, EventHandlers.Two<A, B> handler) {
        return add(new Registration(event, handler, Registration.Shape.TWO, false, a, b));
    }

    @Override
    public <A, B> Socket on(String event, Class<A> a, Class<B> b, EventHandlers.TwoAck<A, B> handler) {
        return add(new Registration(event, handler, Registration.Shape.TWO_ACK, false, a, b));
    }

    @Override
    public <A, B, C> Socket on(String event, Class<A> a, Class<B> b, Class<C> c, EventHandlers.Three<A, B, C> handler) {
        return add(new Registration(event, handler, Registration.Shape.THREE, false, a, b, c));
    }

    @Override
    public <A, B, C> Socket on(
            String event, Class<A> a, Class<B> b, Class<C> c, EventHandlers.ThreeAck<A, B, C> handler) {
        return add(new Registration(event, handler, Registration.Shape.THREE_ACK, false, a, b, c));
    }

    @Override
    public <A, B, C, D> Socket on(
            String event, Class<A> a, Class<B> b, Class<C> c, Class<D> d, EventHandlers.Four<A, B, C, D> handler) {
        return add(new Registration(event, handler, Registration.Shape.FOUR, false, a, b, c, d));
    }

    @Override
    public <A, B, C, D> Socket on(
            String event, Class<A> a, Class<B> b, Class<C> c, Class<D> d, EventHandlers.FourAck<A, B, C, D> handler) {
        return add(new Registration(event, handler, Registration.Shape.FOUR_ACK, false, a, b, c, d));
    }

    @Override
    public <A> Socket on(String event, TypeRef<A> a, EventHandlers.One<A> handler) {
        return add(new Registration(event, handler, Registration.Shape.ONE, false, a));
    }

    @Override
    public <A> Socket on(String event, TypeRef<A> a, EventHandlers.OneAck<A> handler) {
        return add(new Registration(event, handler, Registration.Shape.ONE_ACK, false, a));
    }

    @Override
    public <A, B> Socket on(String event, TypeRef<A> a, TypeRef<B> b, EventHandlers.Two<A, B> handler) {
        return add(new Registration(event, handler, Registration.Shape.TWO, false, a, b));
    }

    @Override
    public <A, B> Socket on(String event, TypeRef<A> a, TypeRef<B> b, EventHandlers.TwoAck<A, B> handler) {
        return add(new Registration(event, handler, Registration.Shape.TWO_ACK, false, a, b));
    }

    @Override
    public <A, B, C> Socket on(
            String event, TypeRef<A> a, TypeRef<B> b, TypeRef<C> c, EventHandlers.Three<A, B, C> handler) {
        return add(new Registration(event, handler, Registration.Shape.THREE, false, a, b, c));
    }

    @Override
    public <A, B, C> Socket on(
            String event, TypeRef<A> a, TypeRef<B> b, TypeRef<C> c, EventHandlers.ThreeAck<A, B, C> handler) {
        return add(new Registration(event, handler, Registration.Shape.THREE_ACK, false, a, b, c));
    }

    @Override
    public <A, B, C, D> Socket on(
            String event,
            TypeRef<A> a,
            TypeRef<B> b,
            TypeRef<C> c,
            TypeRef<D> d,
            EventHandlers.Four<A, B, C, D> handler) {
        return add(new Registration(event, handler, Registration.Shape.FOUR, false, a, b, c, d));
    }

    @Override
    public <A, B, C, D> Socket on(
            String event,
            TypeRef<A> a,
            TypeRef<B> b,
            TypeRef<C> c,
            TypeRef<D> d,
            EventHandlers.FourAck<A, B, C, D> handler) {
        return add(new Registration(event, handler, Registration.Shape.FOUR_ACK, false, a, b, c, d));
    }

    @Override
    public Socket once(String event, EventHandlers.Raw handler) {
        return add(new Registration(event, handler, Registration.Shape.RAW, true));
    }

    @Override
    public Socket once(String event, EventHandlers.NoArgs handler) {
        return add(new Registration(event, handler, Registration.Shape.NO_ARGS, true));
    }

    @Override
    public <A> Socket once(String event, Class<A> a, EventHandlers.One<A> handler) {
        return add(new Registration(event, handler, Registration.Shape.ONE, true, a));
    }

    @Override
    public <A> Socket once(String event, Class<A> a, EventHandlers.OneAck<A> handler) {
        return add(new Registration(event, handler, Registration.Shape.ONE_ACK, true, a));
    }

    @Override
    public Socket off(String event, Object handler) {
        for (Registration registration : handlers) {
            if (registration.event.equals(event) && registration.handler == handler) {
                removeRegistration(registration);
                break;
            }
        }
        return this;
    }

    @Override
    public Socket removeAllListeners(String event) {
        if (event != null) {
            removeRegistrations(event);
        }
        return this;
    }

    @Override
    public Socket removeAllListeners() {
        removeRegistrations(null);
        return this;
    }

    @Override
    public Set<String> eventNames() {
        Set<String> names = new LinkedHashSet<>();
        for (Registration registration : handlers) {
            names.add(registration.event);
        }
        return names;
    }

    @Override
    public List<Object> listeners(String event) {
        List<Object> result = new ArrayList<>();
        for (Registration registration : handlers) {
            if (registration.event.equals(event)) {
                result.add(registration.handler);
            }
        }
        return result;
    }

    @Override
    public synchronized Socket onAny(AnyListener listener) {
        anyListeners = ListSnapshots.plus(anyListeners, listener);
        return this;
    }

    @Override
    public synchronized Socket prependAny(AnyListener listener) {
        anyListeners = ListSnapshots.plusFirst(anyListeners, listener);
        return this;
    }

    @Override
    public synchronized Socket offAny(AnyListener listener) {
        anyListeners = ListSnapshots.minus(anyListeners, listener);
        return this;
    }

    @Override
    public synchronized Socket offAny() {
        anyListeners = List.of();
        return this;
    }

    @Override
    public List<AnyListener> listenersAny() {
        return anyListeners;
    }

    @Override
    public synchronized Socket onAnyOutgoing(AnyListener listener) {
        anyOutgoingListeners = ListSnapshots.plus(anyOutgoingListeners, listener);
        return this;
    }

    @Override
    public synchronized Socket prependAnyOutgoing(AnyListener listener) {
        anyOutgoingListeners = ListSnapshots.plusFirst(anyOutgoingListeners, listener);
        return this;
    }

    @Override
    public synchronized Socket offAnyOutgoing(AnyListener listener) {
        anyOutgoingListeners = ListSnapshots.minus(anyOutgoingListeners, listener);
        return this;
    }

    @Override
    public synchronized Socket offAnyOutgoing() {
        anyOutgoingListeners = List.of();
        return this;
    }

    @Override
    public List<AnyListener> listenersAnyOutgoing() {
        return anyOutgoingListeners;
    }

    @Override
    public synchronized Socket use(SocketMiddleware middleware) {
        middlewares = ListSnapshots.plus(middlewares, middleware);
        return this;
    }

    @Override
    public synchronized Socket onError(ErrorHandler handler) {
        errorHandlers = ListSnapshots.plus(errorHandlers, handler);
        return this;
    }

    @Override
    public synchronized Socket onDisconnecting(DisconnectHandler handler) {
        disconnectingHandlers = ListSnapshots.plus(disconnectingHandlers, handler);
        return this;
    }

    @Override
    public synchronized Socket onDisconnect(DisconnectHandler handler) {
        disconnectHandlers = ListSnapshots.plus(disconnectHandlers, handler);
        return this;
    }
}
