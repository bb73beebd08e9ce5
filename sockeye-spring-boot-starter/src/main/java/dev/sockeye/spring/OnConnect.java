package dev.sockeye.spring;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Runs for every socket that connects to the namespace of its {@link SocketIoController}, after the socket's
 * {@link OnEvent} and {@link OnDisconnect} methods are registered. Parameters, in any order: the
 * {@code dev.sockeye.server.Socket} and the {@code SocketIoServer}. May throw: the exception is logged with the
 * socket id.
 */
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface OnConnect {}
