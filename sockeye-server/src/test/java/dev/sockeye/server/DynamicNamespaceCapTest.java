package dev.sockeye.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sockeye.server.testing.FakeEngineSocket;
import dev.sockeye.server.testing.Recorder;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** Clients cannot create dynamic namespaces without bound (robustness row 14). */
class DynamicNamespaceCapTest extends WireTest {

    @Override
    SocketIoServer build(SocketIoServer.Builder builder) {
        return builder.maxChildNamespaces(2).cleanupEmptyChildNamespaces(true).build();
    }

    @Test
    void connectsPastTheCapAreInvalidNamespacesUntilAChildGoesAway() {
        Recorder<String> left = new Recorder<>();
        io.of(Pattern.compile("^/room-\\d+$"))
                .onConnection(socket ->
                        socket.onDisconnect(reason -> left.record(socket.nsp().name())));
        io.of("/room-99"); // created by the application: not counted
        FakeEngineSocket conn = open();
        conn.receive("40/room-1,");
        assertThat(conn.nextText()).startsWith("40/room-1,{\"sid\":");
        conn.receive("40/room-2,");
        assertThat(conn.nextText()).startsWith("40/room-2,{\"sid\":");
        conn.receive("40/room-3,");
        assertThat(conn.nextText()).isEqualTo("44/room-3,{\"message\":\"Invalid namespace\"}");
        assertThat(conn.isClosed()).isFalse();

        conn.receive("41/room-1,"); // its last socket leaves: the child is cleaned up, a place is free
        left.assertNext("/room-1"); // (the cleanup runs before the disconnect handlers)
        conn.receive("40/room-3,");
        assertThat(conn.nextText()).startsWith("40/room-3,{\"sid\":");
    }
}
