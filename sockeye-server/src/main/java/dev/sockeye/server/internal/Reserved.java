package dev.sockeye.server.internal;

import dev.sockeye.core.parser.PacketData;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Event names the application may not emit or listen to with {@code on}/{@code once}. The rule for
 * listening is one for every reserved name: registration fails with an {@link IllegalArgumentException}
 * that names the method to use instead. Java picks a handler's shape from the lambda's arity, so
 * Node's {@code socket.on("disconnect", reason -> …)} would compile as an ack-only handler and
 * receive an {@code Ack} instead of the reason; refusing is the only behaviour that cannot surprise.
 */
final class Reserved {
    /** Names a namespace's server-side events may not use, on top of the socket ones. */
    private static final Set<String> SERVER_SIDE = Set.of("connect", "connection", "new_namespace");

    /** What to call instead of {@code on(name, …)}, for every reserved name. */
    private static final Map<String, String> INSTEAD = Map.of(
            "connect", "a socket is connected when the connection handlers run: use onConnection(socket -> …)",
            "connection", "use onConnection(socket -> …)",
            "new_namespace", "use io.onNewNamespace(nsp -> …)",
            "connect_error", "refusals are made by connect middlewares (use(…)) and are seen by the client only",
            "disconnect", "use socket.onDisconnect(reason -> …)",
            "disconnecting", "use socket.onDisconnecting(reason -> …)",
            "newListener", "Sockeye sockets emit no listener events",
            "removeListener", "Sockeye sockets emit no listener events");

    private Reserved() {}

    static void checkEmit(String event) {
        Objects.requireNonNull(event, "event");
        if (PacketData.RESERVED_EVENTS.contains(event)) {
            throw reserved(event);
        }
    }

    static void checkServerSide(String event) {
        checkEmit(event);
        if (SERVER_SIDE.contains(event)) {
            throw reserved(event);
        }
    }

    static boolean isServerSideReserved(String event) {
        return SERVER_SIDE.contains(event) || PacketData.RESERVED_EVENTS.contains(event);
    }

    /** Refuses a socket listener for a reserved name, naming the method to use. */
    static void checkListen(String event) {
        Objects.requireNonNull(event, "event");
        if (PacketData.RESERVED_EVENTS.contains(event)) {
            throw listenRefused(event);
        }
    }

    /** Refuses a server-side listener ({@code io.on}, {@code nsp.on}) for a reserved name, naming the method to use. */
    static void checkServerSideListen(String event) {
        Objects.requireNonNull(event, "event");
        if (isServerSideReserved(event)) {
            throw listenRefused(event);
        }
    }

    private static IllegalArgumentException reserved(String event) {
        return new IllegalArgumentException("\"" + event + "\" is a reserved event name");
    }

    private static IllegalArgumentException listenRefused(String event) {
        return new IllegalArgumentException("\"" + event + "\" is a reserved event name: " + INSTEAD.get(event));
    }
}
