package dev.sockeye.server.internal;

import dev.sockeye.core.parser.PacketData;
import java.util.Objects;
import java.util.Set;

/** Event names the application may not emit. */
final class Reserved {
    /** Names a namespace's server-side events may not use, on top of the socket ones. */
    private static final Set<String> SERVER_SIDE = Set.of("connect", "connection", "new_namespace");

    private Reserved() {
    }

    static void checkEmit(String event) {
        Objects.requireNonNull(event, "event");
        if (PacketData.RESERVED_EVENTS.contains(event)) {
            throw new IllegalArgumentException("\"" + event + "\" is a reserved event name");
        }
    }

    static void checkServerSide(String event) {
        checkEmit(event);
        if (SERVER_SIDE.contains(event)) {
            throw new IllegalArgumentException("\"" + event + "\" is a reserved event name");
        }
    }

    static boolean isServerSideReserved(String event) {
        return SERVER_SIDE.contains(event) || PacketData.RESERVED_EVENTS.contains(event);
    }
}
