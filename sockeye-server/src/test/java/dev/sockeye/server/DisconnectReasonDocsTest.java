package dev.sockeye.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sockeye.server.testing.FakeEngineSocket;
import dev.sockeye.server.testing.Recorder;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** What the Javadoc of {@link DisconnectReason} and {@link RemoteSocket} promises, case by case. */
class DisconnectReasonDocsTest extends WireTest {
    private final Recorder<String> reasons = new Recorder<>();
    private final Recorder<Socket> sockets = new Recorder<>();

    @Override
    SocketIoServer build(SocketIoServer.Builder builder) {
        SocketIoServer server = builder.build();
        for (String nsp : List.of("/", "/custom")) {
            server.of(nsp).onConnection(socket -> {
                socket.onDisconnect(reason -> reasons.record(nsp + " " + reason));
                sockets.record(socket);
            });
        }
        return server;
    }

    @Test
    void disconnectTrueGivesEverySocketOfTheConnectionServerNamespaceDisconnect() {
        FakeEngineSocket conn = connected("/");
        join(conn, "/custom");
        Socket main = sockets.next();
        sockets.next();
        main.disconnect(true);
        conn.awaitClosed();
        assertThat(reasons.next(2))
                .containsExactlyInAnyOrder(
                        "/ " + DisconnectReason.SERVER_NAMESPACE_DISCONNECT,
                        "/custom " + DisconnectReason.SERVER_NAMESPACE_DISCONNECT);
    }

    @Test
    void disconnectSocketsGivesServerNamespaceDisconnect() {
        connected("/");
        sockets.next();
        io.disconnectSockets();
        reasons.assertNext("/ " + DisconnectReason.SERVER_NAMESPACE_DISCONNECT);
    }

    /** CONNECT_ERROR is refused by the parser (only servers send it); an event for a namespace not joined by the state check. */
    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "44{\"message\":\"only servers send this\"} | forced close",
                "42/custom,[\"x\"]                            | forced server close"
            })
    void aClientBreakingTheProtocolClosesWithTheDocumentedReason(String frame, String reason) {
        FakeEngineSocket conn = connected("/");
        conn.receive(frame);
        conn.awaitClosed();
        reasons.assertNext("/ " + reason);
    }

    @Test
    void theApplicationClosingTheEngineConnectionIsForcedClose() {
        FakeEngineSocket conn = connected("/");
        Socket socket = sockets.next();
        socket.conn().close(); // the fake engine reports "forced close" for close(), as the real one does
        conn.awaitClosed();
        reasons.assertNext("/ " + DisconnectReason.FORCED_CLOSE);
    }

    @Test
    void aLocalSocketsRoomsAreANewSnapshotAtEachCallAndAFetchedSocketIsTheSocketItself() throws Exception {
        connected("/");
        Socket socket = sockets.next();
        RemoteSocket fetched = io.fetchSockets().get(5, TimeUnit.SECONDS).get(0);
        assertThat(fetched).isSameAs(socket);
        socket.join("later");
        assertThat(fetched.rooms()).containsExactly(socket.id(), "later");
        fetched.data().put("k", 1);
        assertThat(socket.data()).containsEntry("k", 1);
    }
}
