package dev.sockeye.spring;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Handles one event of the sockets of the namespace of its {@link SocketIoController}.
 *
 * <p>Parameters of the types {@code Socket}, {@code SocketIoServer}, {@code Ack} and {@code Args} get those; every
 * other parameter is the event's next argument, bound by the server's JSON mapper to the parameter's declared type
 * (generic types such as {@code List<Item>} included; a missing argument is {@code null}). An argument that does not
 * bind skips the method and answers the client's ack with {@code {"error":"invalid argument","event":…,"index":…}},
 * as {@code Socket.on} does.
 *
 * <p>The return value is the ack: when the client asked for one, a non-void method's result is sent as its
 * argument; a {@code CompletionStage} (a {@code CompletableFuture}) is sent when it completes (when it fails, the
 * client gets {@code {"error":"server error"}} and the failure is logged). A method with an {@code Ack} parameter
 * answers by itself and should return {@code void}.
 *
 * <pre>{@code
 * @OnEvent("add")
 * int add(int a, int b) { return a + b; }              // socket.emitWithAck("add", 1, 2) → 3
 * }</pre>
 */
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface OnEvent {

    /** The event name. */
    String value();
}
