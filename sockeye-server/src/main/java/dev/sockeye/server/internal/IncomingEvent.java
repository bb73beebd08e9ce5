package dev.sockeye.server.internal;

import dev.sockeye.core.Packet;
import dev.sockeye.core.PacketType;
import dev.sockeye.core.parser.PacketData;
import dev.sockeye.server.Ack;
import dev.sockeye.server.AnyListener;
import dev.sockeye.server.Args;
import dev.sockeye.server.ErrorHandler;
import dev.sockeye.server.InvalidArgumentException;
import dev.sockeye.server.SocketMiddleware;
import java.util.List;
import java.util.concurrent.atomic.AtomicIntegerFieldUpdater;

/**
 * One event a client sent to a socket, on its way through the socket's catch-all listeners, its
 * middlewares and the handlers registered for it; also the event's {@link Ack}, answered at most
 * once. Runs in the socket's queue.
 */
final class IncomingEvent implements Ack {
    private static final AtomicIntegerFieldUpdater<IncomingEvent> SENT =
            AtomicIntegerFieldUpdater.newUpdater(IncomingEvent.class, "sent");

    private final SocketImpl socket;
    private final String event;
    private final Args args;
    private final Long ackId;
    /** 1 once the ack is sent; a field rather than an {@code AtomicBoolean}, one object less per event. */
    private volatile int sent;

    private IncomingEvent(SocketImpl socket, String event, Args args, Long ackId) {
        this.socket = socket;
        this.event = event;
        this.args = args;
        this.ackId = ackId;
    }

    /** Runs the event through the socket's listeners, unless the socket disconnected meanwhile. */
    static void run(SocketImpl socket, String event, Args args, Long ackId) {
        if (!socket.connected()) {
            return;
        }
        IncomingEvent incoming = new IncomingEvent(socket, event, args, ackId);
        for (AnyListener listener : socket.anyListeners()) {
            socket.safely(() -> listener.onEvent(event, args), "catch-all listener");
        }
        incoming.runMiddlewares(socket.middlewares(), 0);
    }

    private void runMiddlewares(List<SocketMiddleware> chain, int index) {
        if (index == chain.size()) {
            dispatch();
            return;
        }
        Continuation next = new Continuation(socket.queue, error -> {
            if (error != null) {
                toErrorHandlers(error);
            } else {
                runMiddlewares(chain, index + 1);
            }
        });
        try {
            chain.get(index).handle(event, args, next);
        } catch (Exception e) {
            next.fail(e);
        }
    }

    private void dispatch() {
        if (!socket.connected()) {
            return; // the socket disconnected while a middleware was deciding
        }
        for (Registration registration : socket.registrations()) {
            if (!registration.event.equals(event)) {
                continue;
            }
            if (registration.once && !socket.removeRegistration(registration)) {
                continue; // another thread's dispatch ran it
            }
            Object[] values;
            try {
                values = registration.bind(args);
            } catch (InvalidArgumentException e) {
                onInvalidArgument(e);
                continue;
            }
            try {
                registration.invoke(args, values, this);
            } catch (Exception e) {
                // the description is built on failure only: every event passes here
                socket.failed("handler of event '" + event + "'", e);
            }
        }
    }

    /**
     * An argument did not bind to a handler's type, so the handler was skipped: never silently. The
     * client's ack gets an error it can see (our own words, never the mapper's text), the error
     * handlers get the exception, the log a line once per event and type.
     */
    private void onInvalidArgument(InvalidArgumentException error) {
        socket.clientConnection().server().invalidArguments().log(socket.id(), error);
        if (expected()) {
            send(socket.mapper()
                    .createObjectNode()
                    .put("error", "invalid argument")
                    .put("event", error.event())
                    .put("index", error.index()));
        }
        toErrorHandlers(error);
    }

    private void toErrorHandlers(Exception error) {
        for (ErrorHandler handler : socket.errorHandlers()) {
            socket.safely(() -> handler.onError(error), "error handler");
        }
    }

    @Override
    public void send(Object... values) {
        if (ackId == null || !SENT.compareAndSet(this, 0, 1)) {
            return;
        }
        Packet ack = new Packet(
                PacketType.ACK, socket.namespace().name(), PacketData.ackData(socket.mapper(), values), ackId);
        socket.clientConnection().write(socket.encode(ack), false, true);
    }

    @Override
    public boolean expected() {
        return ackId != null;
    }
}
