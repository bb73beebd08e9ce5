package dev.sockeye.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sockeye.server.testing.FakeEngineSocket;
import dev.sockeye.server.testing.Recorder;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Robustness rows 11–15: each input closes the connection and never reaches user code. */
class BadInputTest extends WireTest {
    private final Recorder<String> userCode = new Recorder<>();

    @Override
    SocketIoServer build(SocketIoServer.Builder builder) {
        SocketIoServer server = builder.connectTimeout(Duration.ofSeconds(1)).build();
        server.of("/other");
        server.onConnection(socket -> {
            socket.onAny((event, args) -> userCode.record("any " + event));
            socket.onError(error -> userCode.record("error " + error));
            for (String name : new String[] {"disconnect", "connect", "toString", "x", "a"}) {
                socket.on(name, (args, ack) -> userCode.record("event " + name));
            }
        });
        return server;
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                // row 11: EVENT payloads that are not [name, ...] or name a reserved event (CVE-2023-32695)
                "42{}",
                "42\"x\"",
                "42[]",
                "42[{\"toString\":\"x\"}]",
                "42[true]",
                "42[null]",
                "42[\"disconnect\"]",
                "42[\"connect\"]",
                "42[\"disconnecting\"]",
                "42[\"newListener\"]",
                "42[\"removeListener\"]",
                "42[\"connect_error\"]",
                // row 12: binary abuse (CVE-2026-33151, CVE-2022-2421)
                "4511-[\"a\"]",
                "451-[\"a\",{\"_placeholder\":true,\"num\":\"splice\"}]",
                "451.5-[\"a\"]",
                "45a-[\"a\"]",
                "45[\"a\"]",
                // row 14: client CONNECT_ERROR, packet for a namespace not joined (a second CONNECT replaces the
                // first socket: NamespaceConnectTest)
                "44",
                "44{\"message\":\"x\"}",
                "42/other,[\"x\"]",
                "41/other,",
                // more: unknown packet type, garbage ack id, CONNECT payload not an object, DISCONNECT with data
                "4abc",
                "49",
                "42abc[\"message-with-ack\",1,\"2\",{\"3\":[false]}]",
                "40/other,[]",
                "40/other,\"x\"",
                "41[1]",
                "4",
                "43[1]",
            })
    void closesTheConnectionWithoutRunningUserCode(String frame) {
        FakeEngineSocket conn = connected("/");
        conn.receive(frame);
        conn.awaitClosed();
        userCode.assertNone(QUIET);
    }

    @Test
    void aStrayBinaryFrameCloses() {
        FakeEngineSocket conn = connected("/");
        conn.receive(new byte[] {1, 2});
        conn.awaitClosed();
        userCode.assertNone(QUIET);
    }

    @Test
    void aTextFrameWhileAttachmentsArePendingCloses() {
        FakeEngineSocket conn = connected("/");
        conn.receive("452-[\"x\",{\"_placeholder\":true,\"num\":0},{\"_placeholder\":true,\"num\":1}]");
        conn.receive(new byte[] {1});
        conn.receive("42[\"x\"]");
        conn.awaitClosed();
        userCode.assertNone(QUIET);
    }

    @Test
    void garbageBeforeAnyConnectCloses() {
        FakeEngineSocket conn = open();
        conn.receive("4abc");
        conn.awaitClosed();
    }

    @Test
    void anEventBeforeAnyConnectCloses() {
        FakeEngineSocket conn = open();
        conn.receive("42[\"x\"]");
        conn.awaitClosed();
        userCode.assertNone(QUIET);
    }

    @Test
    void noConnectWithinTheConnectTimeoutCloses() {
        FakeEngineSocket conn = open();
        conn.awaitClosed();
    }

    @Test
    void backToBackDuplicateConnectsEndWithOneSocketTheNewerOne() {
        Recorder<String> lifecycle = new Recorder<>();
        io.onConnection(socket -> {
            String n = socket.handshake().auth().path("n").asString();
            lifecycle.record("connect " + n);
            socket.onDisconnect(reason -> lifecycle.record("disconnect " + n + " " + reason));
        });
        FakeEngineSocket conn = open();
        conn.receive("40{\"n\":\"1\"}");
        conn.receive("40{\"n\":\"2\"}");
        // The first CONNECT may have completed before the second arrived: then it is answered and replaced;
        // otherwise it is dropped unanswered. Either way the newer one ends connected. The wire tells which
        // happened (answers go out in the order the sockets registered), the recorder does not: each socket's
        // handlers run in its own queue, so "connect 2" may be recorded before "connect 1".
        String sid = sidOf(conn.nextText());
        Socket answeredFirst = io.sockets().sockets().get(sid); // null once replaced
        if (answeredFirst == null || !isSecond(answeredFirst)) {
            sid = sidOf(conn.nextText());
            List<String> events = lifecycle.next(3);
            assertThat(events)
                    .containsExactlyInAnyOrder("connect 1", "connect 2", "disconnect 1 client namespace disconnect");
            assertThat(events.indexOf("connect 1"))
                    .as("the replaced socket's own queue: its connection handler before its disconnect handler")
                    .isLessThan(events.indexOf("disconnect 1 client namespace disconnect"));
        } else {
            lifecycle.assertNext("connect 2");
        }
        assertThat(io.sockets().sockets().keySet()).containsExactly(sid);
        assertThat(isSecond(io.sockets().sockets().get(sid))).isTrue();
        lifecycle.assertNone(QUIET);
        assertThat(conn.isClosed()).isFalse();
    }

    /** Whether {@code socket} came from the CONNECT with the auth {@code {"n":"2"}}. */
    private static boolean isSecond(Socket socket) {
        return socket.handshake().auth().path("n").asString().equals("2");
    }

    @Test
    void anEventNamedErrorIsAnOrdinaryEvent() {
        Recorder<String> seen = new Recorder<>();
        io.onConnection(socket -> socket.on("error", String.class, seen::record));
        FakeEngineSocket conn = connected("/");
        conn.receive("42[\"error\",\"boom\"]");
        seen.assertNext("boom");
        assertThat(conn.isClosed()).isFalse();
    }

    @Test
    void aPlaceholderInATextPacketStaysAPlainObject() {
        Recorder<String> seen = new Recorder<>();
        io.onConnection(
                socket -> socket.on("p", (args, ack) -> seen.record(args.node(0).toString())));
        FakeEngineSocket conn = connected("/");
        conn.receive("42[\"p\",{\"_placeholder\":true,\"num\":0}]");
        seen.assertNext("{\"_placeholder\":true,\"num\":0}");
    }
}
