package dev.sockeye.server;

/**
 * Refuses a namespace connection from a connect middleware: the client receives a CONNECT_ERROR
 * packet {@code {"message": …, "data": …}} and its {@code connect_error} handler fires. It is the
 * only exception whose text reaches a client: a middleware failing with any other one is logged
 * and the client reads {@code "server error"} (see {@link ConnectMiddleware}).
 *
 * <pre>{@code
 * io.use((socket, next) -> next.fail(new ConnectError("not authorized", Map.of("code", 401))));
 * }</pre>
 */
public class ConnectError extends Exception {
    private final transient Object data;

    /** A refusal with a message and no data. */
    public ConnectError(String message) {
        this(message, null);
    }

    /**
     * A refusal with a message and extra data for the client.
     *
     * @param message the {@code message} the client sees
     * @param data    any value the JSON mapper can serialise, sent as {@code data}; {@code null} for none
     */
    public ConnectError(String message, Object data) {
        super(message);
        this.data = data;
    }

    /** The extra data sent to the client, or {@code null}. */
    public Object data() {
        return data;
    }
}
