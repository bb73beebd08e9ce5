package dev.sockeye.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sockeye.server.testing.FakeEngineSocket;
import dev.sockeye.server.testing.Recorder;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class DisconnectTest extends WireTest {
    private final Recorder<String> events = new Recorder<>();
    private final Recorder<Socket> sockets = new Recorder<>();

    @Override
    SocketIoServer build(SocketIoServer.Builder builder) {
        SocketIoServer server = builder.build();
        server.onConnection(socket -> {
            socket.join("room");
            socket.onDisconnecting(reason -> events.record(
                    "disconnecting " + reason + " " + socket.rooms().contains("room") + " " + socket.connected()));
            socket.onDisconnect(reason ->
                    events.record("disconnect " + reason + " " + socket.rooms().isEmpty() + " " + socket.connected()));
            sockets.record(socket);
        });
        server.of("/custom").onConnection(socket -> {
            socket.onDisconnect(reason -> events.record("custom " + reason));
            sockets.record(socket);
        });
        return server;
    }

    @Test
    void theClientLeavingANamespaceKeepsTheConnectionAndIsNotEchoed() {
        FakeEngineSocket conn = connected("/");
        Socket socket = sockets.next();
        conn.receive("41");
        events.assertNext("disconnecting client namespace disconnect true true");
        events.assertNext("disconnect client namespace disconnect true false");
        conn.assertNothingSent(QUIET);
        assertThat(conn.isClosed()).isFalse();
        assertThat(io.sockets().sockets()).doesNotContainKey(socket.id());
        assertThat(io.sockets().adapter().rooms()).doesNotContainKey("room");
        join(conn, "/"); // may connect again
    }

    @Test
    void leavingOneNamespaceDoesNotAffectAnother() {
        io.onConnection(socket -> socket.on(
                "message",
                (args, ack) -> socket.emit("message-back", args.nodes().toArray())));
        FakeEngineSocket conn = connected("/");
        join(conn, "/custom");
        conn.receive("41/custom,");
        events.assertNext("custom client namespace disconnect");
        conn.receive("42[\"message\",\"message to main namespace\"]");
        assertThat(conn.nextText()).isEqualTo("42[\"message-back\",\"message to main namespace\"]");
        conn.receive("42/custom,[\"message\"]"); // no longer joined: closes
        conn.awaitClosed();
    }

    @Test
    void theServerDisconnectingASocketSendsDisconnect() {
        FakeEngineSocket conn = connected("/");
        Socket socket = sockets.next();
        socket.disconnect();
        assertThat(conn.nextText()).isEqualTo("41");
        events.assertNext("disconnecting server namespace disconnect true true");
        events.assertNext("disconnect server namespace disconnect true false");
        assertThat(conn.isClosed()).isFalse();
    }

    @Test
    void disconnectWithCloseClosesTheWholeConnection() {
        FakeEngineSocket conn = connected("/");
        join(conn, "/custom");
        Socket main = sockets.next();
        sockets.next();
        main.disconnect(true);
        Set<String> frames = Set.of(conn.nextText(), conn.nextText());
        assertThat(frames).containsExactlyInAnyOrder("41", "41/custom,");
        conn.awaitClosed();
        assertThat(events.next(3))
                .contains("custom server namespace disconnect", "disconnect server namespace disconnect true false");
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "transport close",
                "transport error",
                "ping timeout",
                "parse error",
                "forced close",
                "server shutting down"
            })
    void engineCloseReasonsReachTheSockets(String reason) {
        FakeEngineSocket conn = connected("/");
        join(conn, "/custom");
        conn.closeFromEngine(reason);
        assertThat(events.next(3))
                .contains(
                        "disconnecting " + reason + " true true",
                        "disconnect " + reason + " true false",
                        "custom " + reason);
    }

    @Test
    void anInvalidPacketClosesWithForcedCloseAndAnInvalidStateWithForcedServerClose() {
        FakeEngineSocket conn = connected("/");
        conn.receive("4abc");
        conn.awaitClosed();
        events.next();
        events.assertNext("disconnect forced close true false");

        FakeEngineSocket other = connected("/");
        other.receive("42/custom,[\"x\"]");
        other.awaitClosed();
        events.next();
        events.assertNext("disconnect forced server close true false");
    }

    @Test
    void closingTheServerDisconnectsEverySocket() {
        FakeEngineSocket conn = connected("/");
        io.close();
        events.assertNext("disconnecting server shutting down true true");
        events.assertNext("disconnect server shutting down true false");
        conn.awaitClosed();
        FakeEngineSocket late = new FakeEngineSocket();
        io.accept(late);
        late.awaitClosed();
    }

    @Test
    void closeAsyncClosesTheAttachedServerAfterTheConnectionsAndCompletesOnlyOnceItIsClosed() throws Exception {
        FakeEngineSocket conn = connected("/");
        Recorder<String> attached = new Recorder<>();
        CompletableFuture<Void> portFreed = new CompletableFuture<>();
        io.attach(() -> {
            attached.record("closing, connection closed: " + conn.isClosed());
            return portFreed;
        });
        CompletableFuture<Void> closed = io.closeAsync();
        events.assertNext("disconnecting server shutting down true true");
        events.assertNext("disconnect server shutting down true false");
        attached.assertNext("closing, connection closed: true");
        assertThat(closed).isNotDone();
        assertThat(io.closeAsync()).isSameAs(closed);
        portFreed.complete(null);
        closed.get(5, TimeUnit.SECONDS);
        attached.assertEmpty();
    }
}
