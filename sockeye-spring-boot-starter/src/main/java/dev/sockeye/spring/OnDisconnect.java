package dev.sockeye.spring;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Runs when a socket of the namespace of its {@link SocketIoController} disconnects. Parameters, in any order:
 * the {@code dev.sockeye.server.Socket}, the {@code SocketIoServer} and a {@code String}: the reason, one of
 * {@code dev.sockeye.server.DisconnectReason}'s (e.g. {@code "server shutting down"}).
 */
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface OnDisconnect {}
