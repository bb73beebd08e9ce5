package dev.sockeye.server;

import java.lang.reflect.Type;

/**
 * An argument a client sent does not bind to the type a handler declared for it, so that handler
 * did not run. The socket's {@link Socket#onError error handlers} receive it; the client's ack,
 * when it asked for one, is answered with {@code {"error":"invalid argument","event":…,"index":…}};
 * the server logs it at WARN once per event and type (then at DEBUG), so a client cannot flood the
 * log. The cause (the mapper's exception) is for the server only: its text never reaches the client.
 */
public final class InvalidArgumentException extends SocketIoException {
    private final String event;
    private final int index;
    private final transient Type type;

    /**
     * @param event the event name
     * @param index the argument's position, from 0 (the event name excluded)
     * @param type  the type the handler declared
     * @param cause why binding failed
     */
    public InvalidArgumentException(String event, int index, Type type, Throwable cause) {
        super("argument " + index + " of event \"" + event + "\" does not bind to " + type.getTypeName(), cause);
        this.event = event;
        this.index = index;
        this.type = type;
    }

    /** The event name. */
    public String event() {
        return event;
    }

    /** The argument's position, from 0 (the event name excluded). */
    public int index() {
        return index;
    }

    /** The type the handler declared for the argument. */
    public Type type() {
        return type;
    }
}
