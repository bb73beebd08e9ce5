package dev.sockeye.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sockeye.server.testing.FakeEngineSocket;
import dev.sockeye.server.testing.Recorder;
import dev.sockeye.testing.LogCapture;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Socket.IO v2 clients (Socket.IO protocol 4 over Engine.IO 3) at the wire, as the Node server
 * treats a connection whose {@code conn.protocol} is 3: joined to {@code "/"} with the connection,
 * query strings in CONNECT namespaces, socket ids made of the engine id, CONNECT answers without
 * payload, refusals carrying the data or the message alone.
 */
class V2ClientWireTest extends WireTest {

    private FakeEngineSocket openV2(String query) {
        FakeEngineSocket conn = FakeEngineSocket.v2Client(query);
        io.accept(conn);
        return conn;
    }

    @Test
    void aV2ClientIsConnectedToTheMainNamespaceWithoutSendingConnect() {
        Recorder<Socket> sockets = new Recorder<>();
        io.onConnection(sockets::record);
        FakeEngineSocket conn = openV2("&token=abc");
        assertThat(conn.nextText()).isEqualTo("40");
        Socket socket = sockets.next();
        assertThat(socket.id()).isEqualTo(conn.id());
        assertThat(socket.handshake().auth().toString()).isEqualTo("{}");
        assertThat(socket.handshake().query()).containsEntry("token", "abc").containsEntry("EIO", "3");
    }

    @Test
    void aV2ClientsQueryInTheConnectNamespaceBecomesTheAuth() {
        Recorder<Socket> sockets = new Recorder<>();
        io.of("/admin").onConnection(sockets::record);
        FakeEngineSocket conn = openV2("");
        assertThat(conn.nextText()).isEqualTo("40");
        conn.receive("40/admin?token=1&name=a+b%21,");
        assertThat(conn.nextText()).isEqualTo("40/admin,");
        Socket socket = sockets.next();
        assertThat(socket.id()).isEqualTo("/admin#" + conn.id());
        assertThat(socket.handshake().auth().toString()).isEqualTo("{\"token\":\"1\",\"name\":\"a b!\"}");
        Recorder<String> events = new Recorder<>();
        socket.on("ping", () -> events.record("ping on /admin"));
        conn.receive("42/admin,[\"ping\"]");
        events.assertNext("ping on /admin");
    }

    @Test
    void aMainNamespaceRefusalSendsTheDataAlone() {
        io.use((socket, next) -> next.fail(new ConnectError("not authorized", Map.of("code", 401))));
        FakeEngineSocket conn = openV2("");
        assertThat(conn.nextText()).isEqualTo("44{\"code\":401}");
        assertThat(conn.isClosed()).isFalse();
    }

    @Test
    void aRefusalWithoutDataSendsTheMessageAsAString() {
        io.of("/admin").use((socket, next) -> next.fail(new ConnectError("forbidden")));
        FakeEngineSocket conn = openV2("");
        assertThat(conn.nextText()).isEqualTo("40");
        conn.receive("40/admin,");
        assertThat(conn.nextText()).isEqualTo("44/admin,\"forbidden\"");
    }

    @Test
    void aRefusalWithFalsyDataSendsTheMessage() {
        io.of("/zero").use((socket, next) -> next.fail(new ConnectError("zero", 0)));
        io.of("/empty").use((socket, next) -> next.fail(new ConnectError("empty", "")));
        io.of("/false").use((socket, next) -> next.fail(new ConnectError("false", false)));
        io.of("/text").use((socket, next) -> next.fail(new ConnectError("text", "details")));
        FakeEngineSocket conn = openV2("");
        assertThat(conn.nextText()).isEqualTo("40");
        for (String nsp : new String[] {"/zero", "/empty", "/false"}) {
            conn.receive("40" + nsp + ",");
            assertThat(conn.nextText()).isEqualTo("44" + nsp + ",\"" + nsp.substring(1) + "\"");
        }
        conn.receive("40/text,");
        assertThat(conn.nextText()).isEqualTo("44/text,\"details\"");
    }

    @Test
    void aFailingMiddlewareSendsServerError() {
        io.use((socket, next) -> next.fail(new IllegalStateException("internal detail")));
        try (LogCapture logs = new LogCapture()) {
            FakeEngineSocket conn = openV2("");
            assertThat(conn.nextText()).isEqualTo("44\"server error\"");
            logs.await(Pattern.compile("^java.lang.IllegalStateException: internal detail"), 1, FakeEngineSocket.WAIT);
        }
    }

    @Test
    void anUnknownNamespaceIsRefusedWithTheUsualPayload() {
        FakeEngineSocket conn = openV2("");
        assertThat(conn.nextText()).isEqualTo("40");
        conn.receive("40/nope?token=1,");
        assertThat(conn.nextText()).isEqualTo("44/nope,{\"message\":\"Invalid namespace\"}");
    }

    @Test
    void eventsAcksAndBinaryAttachmentsGoBothWays() {
        Recorder<Socket> sockets = new Recorder<>();
        io.onConnection(socket -> {
            socket.on("echo", (args, ack) -> ack.send(args.nodes().toArray()));
            sockets.record(socket);
        });
        FakeEngineSocket conn = openV2("");
        assertThat(conn.nextText()).isEqualTo("40");
        Socket socket = sockets.next();

        conn.receive("421[\"echo\",1,\"two\"]");
        assertThat(conn.nextText()).isEqualTo("431[1,\"two\"]");
        conn.receive("451-2[\"echo\",{\"_placeholder\":true,\"num\":0}]").receive(new byte[] {1, 2});
        assertThat(conn.nextText()).isEqualTo("461-2[{\"_placeholder\":true,\"num\":0}]");
        assertThat(conn.nextBinary()).containsExactly(1, 2);

        socket.emit("hello", "world", new byte[] {3});
        assertThat(conn.nextText()).isEqualTo("451-[\"hello\",\"world\",{\"_placeholder\":true,\"num\":0}]");
        assertThat(conn.nextBinary()).containsExactly(3);
    }

    @Test
    void aServerSideDisconnectSendsDisconnect() {
        Recorder<Socket> sockets = new Recorder<>();
        io.of("/admin").onConnection(sockets::record);
        FakeEngineSocket conn = openV2("");
        assertThat(conn.nextText()).isEqualTo("40");
        conn.receive("40/admin,");
        assertThat(conn.nextText()).isEqualTo("40/admin,");
        sockets.next().disconnect();
        assertThat(conn.nextText()).isEqualTo("41/admin,");
    }

    @Test
    void aV4ClientStillGetsRandomIdsAndSidPayloads() {
        Recorder<Socket> sockets = new Recorder<>();
        io.onConnection(sockets::record);
        FakeEngineSocket conn = open();
        String sid = join(conn, "/");
        assertThat(sid).isNotEqualTo(conn.id()).isEqualTo(sockets.next().id());
    }
}
