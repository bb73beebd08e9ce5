package dev.sockeye.spring;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.springframework.core.annotation.AliasFor;
import org.springframework.stereotype.Component;

/**
 * A bean whose {@link OnConnect}, {@link OnEvent} and {@link OnDisconnect} methods handle the sockets of one
 * namespace. A component: component scanning finds it. On a {@code ConnectMiddleware} bean it names the
 * namespace the middleware guards.
 *
 * <pre>{@code
 * @SocketIoController(namespace = "/chat")
 * class ChatController {
 *     @OnEvent("message")
 *     Receipt message(Socket socket, ChatMessage message) { ... }   // the returned value is the ack
 * }
 * }</pre>
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Component
public @interface SocketIoController {

    /** The namespace, {@code "/"} by default ({@code "chat"} means {@code "/chat"}). */
    String namespace() default "/";

    /** The bean name, as {@link Component#value()}; empty for the default name. */
    @AliasFor(annotation = Component.class, attribute = "value")
    String value() default "";
}
