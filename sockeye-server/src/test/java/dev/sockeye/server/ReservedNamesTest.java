package dev.sockeye.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sockeye.server.testing.FakeEngineSocket;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The reserved-name rule: listening to a reserved name with {@code on}/{@code once} fails at
 * registration with a message naming the method to use; emitting one fails as in Node.
 */
class ReservedNamesTest extends WireTest {
    private static final List<String> SOCKET_RESERVED =
            List.of("connect", "connect_error", "disconnect", "disconnecting", "newListener", "removeListener");

    private Socket connectedSocket() {
        return socketOf(new FakeEngineSocket[1]);
    }

    @Test
    void socketOnDisconnectFailsNamingOnDisconnect() {
        Socket socket = connectedSocket();
        assertThatThrownBy(() -> socket.on("disconnect", () -> {}))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("\"disconnect\" is a reserved event name: use socket.onDisconnect(reason -> …)");
        assertThatThrownBy(() -> socket.on("disconnect", String.class, reason -> {}))
                .hasMessageContaining("socket.onDisconnect(");
        assertThatThrownBy(() -> socket.once("disconnect", (args, ack) -> {}))
                .hasMessageContaining("socket.onDisconnect(");
        // Node's shape, reason -> …, compiles as an ack-only handler in Java: refused too
        assertThatThrownBy(() -> socket.on("disconnect", reason -> {})).hasMessageContaining("socket.onDisconnect(");
    }

    @Test
    void socketOnDisconnectingFailsNamingOnDisconnecting() {
        Socket socket = connectedSocket();
        assertThatThrownBy(() -> socket.on("disconnecting", (args, ack) -> {}))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("\"disconnecting\" is a reserved event name: use socket.onDisconnecting(reason -> …)");
    }

    @Test
    void everySocketReservedNameIsRefusedByEveryRegistrationShape() {
        Socket socket = connectedSocket();
        for (String name : SOCKET_RESERVED) {
            assertThatThrownBy(() -> socket.on(name, () -> {}))
                    .as(name)
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageStartingWith("\"" + name + "\" is a reserved event name: ");
            assertThatThrownBy(() -> socket.on(name, Integer.class, Integer.class, (a, b, ack) -> {}))
                    .as(name)
                    .isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> socket.once(name, Integer.class, a -> {}))
                    .as(name)
                    .isInstanceOf(IllegalArgumentException.class);
        }
        assertThat(socket.eventNames()).isEmpty();
    }

    @Test
    void ioOnConnectionAndConnectFailNamingOnConnection() {
        for (String name : List.of("connection", "connect")) {
            assertThatThrownBy(() -> io.on(name, (args, ack) -> {}))
                    .as(name)
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("onConnection(socket -> …)");
            assertThatThrownBy(() -> io.of("/admin").on(name, (args, ack) -> {}))
                    .as(name)
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("onConnection(socket -> …)");
        }
        assertThatThrownBy(() -> io.on("connection", (args, ack) -> {}))
                .hasMessage("\"connection\" is a reserved event name: use onConnection(socket -> …)");
    }

    @Test
    void serverSideListenersRefuseNewNamespaceAndTheSocketNames() {
        assertThatThrownBy(() -> io.on("new_namespace", (args, ack) -> {}))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("io.onNewNamespace(");
        assertThatThrownBy(() -> io.of("/admin").on("disconnect", (args, ack) -> {}))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("socket.onDisconnect(");
    }

    @Test
    void emittingAReservedNameFailsWithNodesMessage() {
        Socket socket = connectedSocket();
        for (String name : SOCKET_RESERVED) {
            String message = "\"" + name + "\" is a reserved event name";
            assertThatThrownBy(() -> socket.emit(name, 1))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage(message);
            assertThatThrownBy(() -> socket.emitWithAck(name, String.class)).hasMessage(message);
            assertThatThrownBy(() -> io.emit(name))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage(message);
            assertThatThrownBy(() -> io.of("/admin").to("room").emit(name)).hasMessage(message);
            assertThatThrownBy(() -> io.serverSideEmit(name)).hasMessage(message);
        }
        assertThatThrownBy(() -> io.serverSideEmit("connection")).hasMessage("\"connection\" is a reserved event name");
    }
}
