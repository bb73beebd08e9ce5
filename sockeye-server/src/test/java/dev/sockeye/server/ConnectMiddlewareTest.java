package dev.sockeye.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sockeye.server.testing.FakeEngineSocket;
import dev.sockeye.server.testing.Recorder;
import dev.sockeye.testing.LogCapture;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class ConnectMiddlewareTest extends WireTest {

    @Test
    void aRefusalSendsConnectErrorWithMessageAndData() {
        io.use((socket, next) -> next.fail(new ConnectError("not authorized", Map.of("code", 401))));
        FakeEngineSocket conn = open();
        conn.receive("40");
        assertThat(conn.nextText()).isEqualTo("44{\"message\":\"not authorized\",\"data\":{\"code\":401}}");
        assertThat(conn.isClosed()).isFalse();
    }

    @Test
    void aRefusalWithoutDataSendsOnlyTheMessage() {
        io.of("/admin").use((socket, next) -> next.fail(new ConnectError("forbidden")));
        FakeEngineSocket conn = open();
        conn.receive("40/admin,");
        assertThat(conn.nextText()).isEqualTo("44/admin,{\"message\":\"forbidden\"}");
    }

    @Test
    void aThrowingMiddlewareRefusesTheConnection() {
        io.use((socket, next) -> {
            throw new ConnectError("thrown");
        });
        FakeEngineSocket conn = open();
        conn.receive("40");
        assertThat(conn.nextText()).isEqualTo("44{\"message\":\"thrown\"}");
    }

    @Test
    void aRefusedClientRunsNoHandlerAndMayRetry() {
        Recorder<String> seen = new Recorder<>();
        io.use((socket, next) -> {
            socket.on("x", () -> seen.record("handler registered in middleware ran"));
            if (socket.handshake().auth().has("deny")) {
                next.fail(new ConnectError("first attempt refused"));
            } else {
                next.proceed();
            }
        });
        io.onConnection(socket -> seen.record("connected " + socket.connected()));
        FakeEngineSocket conn = open();
        conn.receive("40{\"deny\":true}");
        assertThat(conn.nextText()).isEqualTo("44{\"message\":\"first attempt refused\"}");
        join(conn, "/");
        seen.assertNext("connected true");
        FakeEngineSocket refused = open();
        refused.receive("40{\"deny\":true}");
        refused.nextText();
        refused.receive("42[\"x\"]");
        refused.awaitClosed();
        seen.assertNone(QUIET);
    }

    @Test
    void middlewaresRunInOrderForEveryConnectAndMaySucceedAsynchronously() {
        Recorder<String> seen = new Recorder<>();
        io.use((socket, next) -> {
            seen.record("first connected=" + socket.connected());
            next.proceed();
        });
        io.use((socket, next) -> new Thread(() -> {
                    seen.record("second");
                    next.proceed();
                })
                .start());
        io.onConnection(socket -> seen.record("connection"));
        for (int i = 0; i < 2; i++) {
            FakeEngineSocket conn = open();
            join(conn, "/");
            assertThat(seen.next(3)).containsExactly("first connected=false", "second", "connection");
        }
    }

    @Test
    void theMiddlewareSeesTheHandshakeAuth() {
        io.use((socket, next) -> {
            if ("secret".equals(socket.handshake().auth().path("token").asString())) {
                next.proceed();
            } else {
                next.fail(new ConnectError("bad token"));
            }
        });
        FakeEngineSocket bad = open();
        bad.receive("40{\"token\":\"nope\"}");
        assertThat(bad.nextText()).isEqualTo("44{\"message\":\"bad token\"}");
        FakeEngineSocket good = open();
        good.receive("40{\"token\":\"secret\"}");
        sidOf(good.nextText());
    }

    @Test
    void aMiddlewareAnsweringAfterTheConnectionClosedConnectsNothing() {
        Recorder<ConnectMiddleware.Next> nexts = new Recorder<>();
        Recorder<String> seen = new Recorder<>();
        io.use((socket, next) -> nexts.record(next));
        io.onConnection(socket -> seen.record("connected"));
        FakeEngineSocket conn = open();
        conn.receive("40");
        ConnectMiddleware.Next next = nexts.next();
        conn.closeFromEngine("transport close");
        next.proceed();
        seen.assertNone(QUIET);
        assertThat(io.sockets().sockets()).isEmpty();
    }

    @Test
    void namespaceMiddlewaresApplyToTheirNamespaceOnly() {
        io.of("/admin").use((socket, next) -> next.fail(new ConnectError("admins only")));
        FakeEngineSocket conn = open();
        join(conn, "/");
        conn.receive("40/admin,");
        assertThat(conn.nextText()).isEqualTo("44/admin,{\"message\":\"admins only\"}");
    }

    @Test
    void aMiddlewareThatThrowsAnythingButConnectErrorIsLoggedWithItsStackAndTheClientReadsServerError() {
        io.use((socket, next) -> {
            throw new IllegalStateException("db password is hunter2");
        });
        io.of("/admin").use((socket, next) -> next.fail(new java.io.IOException("disk /var/secret full")));
        try (LogCapture logs = new LogCapture()) {
            FakeEngineSocket conn = open();
            conn.receive("40");
            assertThat(conn.nextText()).isEqualTo("44{\"message\":\"server error\"}");
            conn.receive("40/admin,");
            assertThat(conn.nextText()).isEqualTo("44/admin,{\"message\":\"server error\"}");
            assertThat(conn.isClosed()).isFalse();
            logs.await(
                    Pattern.compile("WARN .*connect middleware of namespace / failed for socket"),
                    1,
                    FakeEngineSocket.WAIT);
            logs.await(
                    Pattern.compile("^java.lang.IllegalStateException: db password is hunter2"),
                    1,
                    FakeEngineSocket.WAIT);
            logs.await(Pattern.compile("^\\s+at dev.sockeye.server.ConnectMiddlewareTest"), 1, FakeEngineSocket.WAIT);
            logs.await(Pattern.compile("^java.io.IOException: disk /var/secret full"), 1, FakeEngineSocket.WAIT);
        }
    }

    @Test
    void aConnectErrorWithoutAMessageSendsAnEmptyOne() {
        io.use((socket, next) -> next.fail(new ConnectError(null, Map.of("retry", true))));
        FakeEngineSocket conn = open();
        conn.receive("40");
        assertThat(conn.nextText()).isEqualTo("44{\"message\":\"\",\"data\":{\"retry\":true}}");
    }
}
