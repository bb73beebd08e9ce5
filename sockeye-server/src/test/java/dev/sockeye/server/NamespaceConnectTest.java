package dev.sockeye.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sockeye.server.testing.FakeEngineSocket;
import dev.sockeye.server.testing.Recorder;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class NamespaceConnectTest extends WireTest {

    @Override
    SocketIoServer build(SocketIoServer.Builder builder) {
        SocketIoServer server = builder.build();
        server.of("/custom");
        return server;
    }

    @Test
    void theServerSendsNothingBeforeTheClientConnects() {
        FakeEngineSocket conn = open();
        conn.assertNothingSent(QUIET);
        assertThat(conn.isClosed()).isFalse();
    }

    @Test
    void connectToTheMainNamespaceIsAnsweredWithOnlyTheSid() {
        FakeEngineSocket conn = open();
        conn.receive("40");
        String reply = conn.nextText();
        assertThat(reply).matches("40\\{\"sid\":\"[A-Za-z0-9_-]{20}\"\\}");
    }

    @Test
    void connectToACustomNamespaceWithOrWithoutTrailingComma() {
        FakeEngineSocket a = open();
        a.receive("40/custom,");
        assertThat(a.nextText()).matches("40/custom,\\{\"sid\":\"[A-Za-z0-9_-]{20}\"\\}");
        FakeEngineSocket b = open();
        b.receive("40/custom");
        assertThat(b.nextText()).matches("40/custom,\\{\"sid\":\"[A-Za-z0-9_-]{20}\"\\}");
    }

    @Test
    void anUnknownNamespaceIsRefusedAndTheConnectionStaysOpen() {
        FakeEngineSocket conn = open();
        conn.receive("40/random,");
        assertThat(conn.nextText()).isEqualTo("44/random,{\"message\":\"Invalid namespace\"}");
        assertThat(conn.isClosed()).isFalse();
        join(conn, "/");
        conn.receive("40/random");
        assertThat(conn.nextText()).isEqualTo("44/random,{\"message\":\"Invalid namespace\"}");
        assertThat(conn.isClosed()).isFalse();
    }

    @Test
    void eachNamespaceSocketHasItsOwnIdDistinctFromTheEngineId() {
        Recorder<Socket> sockets = new Recorder<>();
        io.onConnection(sockets::record);
        io.of("/custom").onConnection(sockets::record);
        FakeEngineSocket conn = open();
        String main = join(conn, "/");
        String custom = join(conn, "/custom");
        assertThat(main).isNotEqualTo(custom).isNotEqualTo(conn.id()).hasSize(20);
        assertThat(custom).isNotEqualTo(conn.id()).hasSize(20);
        Socket first = sockets.next();
        Socket second = sockets.next();
        assertThat(first.id()).isEqualTo(main);
        assertThat(second.id()).isEqualTo(custom);
        assertThat(first.client().id()).isEqualTo(conn.id());
        assertThat(first.conn()).isSameAs(conn);
        assertThat(io.sockets().sockets()).containsKey(main);
        assertThat(io.of("/custom").sockets()).containsKey(custom);
    }

    @Test
    void aSecondConnectToTheSameNamespaceClosesTheConnection() {
        FakeEngineSocket conn = connected("/");
        conn.receive("40");
        conn.awaitClosed();
    }

    @Test
    void aSecondConnectWhileTheFirstIsInMiddlewareClosesTheConnection() {
        Recorder<String> calls = new Recorder<>();
        io.use((socket, next) -> calls.record("middleware")); // never answers
        FakeEngineSocket conn = open();
        conn.receive("40");
        calls.assertNext("middleware");
        conn.receive("40");
        conn.awaitClosed();
    }

    @Test
    void theHandshakeCarriesTheRequestAndTheAuthPayload() {
        Recorder<Handshake> handshakes = new Recorder<>();
        io.onConnection(socket -> handshakes.record(socket.handshake()));
        FakeEngineSocket conn = open();
        conn.receive("40{\"token\":\"123\"}");
        conn.nextText();
        Handshake h = handshakes.next();
        assertThat(h.auth().toString()).isEqualTo("{\"token\":\"123\"}");
        assertThat(h.address()).isEqualTo("127.0.0.1");
        assertThat(h.url()).isEqualTo("/socket.io/?EIO=4&transport=polling");
        assertThat(h.query()).containsEntry("EIO", "4").containsEntry("transport", "polling");
        assertThat(h.headers()).containsEntry("host", "localhost");
        assertThat(h.xdomain()).isFalse();
        assertThat(h.secure()).isFalse();
        assertThat(h.issued()).isPositive();
        assertThat(h.time()).contains("GMT");
    }

    @Test
    void withoutAuthTheHandshakeAuthIsAnEmptyObject() {
        Recorder<String> auths = new Recorder<>();
        io.onConnection(socket -> auths.record(socket.handshake().auth().toString()));
        connected("/");
        auths.assertNext("{}");
    }

    @Test
    void aConnectionThatJoinsNoNamespaceInTimeIsClosed() {
        SocketIoServer quick = SocketIoServer.builder().connectTimeout(Duration.ofMillis(100)).build();
        try {
            FakeEngineSocket conn = new FakeEngineSocket();
            quick.accept(conn);
            conn.awaitClosed();
            FakeEngineSocket joined = new FakeEngineSocket();
            quick.accept(joined);
            join(joined, "/");
            joined.assertNothingSent(Duration.ofMillis(300));
            assertThat(joined.isClosed()).isFalse();
        } finally {
            quick.close();
        }
    }

    @Test
    void aNamespaceNameWithoutSlashIsNormalised() {
        assertThat(io.of("custom")).isSameAs(io.of("/custom"));
        assertThat(io.of("/").name()).isEqualTo("/");
        assertThat(io.sockets()).isSameAs(io.of("/"));
    }
}
