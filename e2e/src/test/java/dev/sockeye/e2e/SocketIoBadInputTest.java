package dev.sockeye.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sockeye.netty.NettyServer;
import dev.sockeye.server.DisconnectReason;
import dev.sockeye.server.Socket;
import dev.sockeye.server.SocketIoServer;
import dev.sockeye.testing.Await;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The Socket.IO bad inputs of robustness.md §4.3 (rows 11–15 and the Socket.IO items of "more
 * cases") against a real Netty server, over a raw WebSocket and over HTTP long-polling: each one
 * closes the connection with the reason Node gives its socket ({@code forced close} for what the
 * parser refuses, {@code forced server close} for a packet the protocol state forbids), or is
 * answered / ignored as in Node; none reaches a handler; after every test another client still
 * connects and gets its echo.
 */
class SocketIoBadInputTest {
    private static final String WS = "/socket.io/?EIO=4&transport=websocket";
    private static final String POLL = "/socket.io/?EIO=4&transport=polling";
    private static final String UNKNOWN_SID = "{\"code\":1,\"message\":\"Session ID unknown\"}";

    private static SocketIoServer io;
    private static NettyServer server;
    private static Http http;
    private static final Map<String, CompletableFuture<DisconnectReason>> reasons = new ConcurrentHashMap<>();
    private static final BlockingQueue<String> userCode = new LinkedBlockingQueue<>();

    @BeforeAll
    static void start() {
        io = SocketIoServer.builder().connectTimeout(Duration.ofSeconds(2)).build();
        io.of("/other");
        io.onConnection(socket -> {
            socket.onDisconnect(reasonOf(socket.id())::complete);
            socket.onAny((event, args) -> userCode.add(event + " " + args));
            socket.onError(error -> userCode.add("error handler " + error));
            socket.on("echo", (args, ack) -> socket.emit("echo", args.nodes().toArray()));
            socket.on("error", String.class, message -> socket.emit("echo", "error event", message));
            socket.on("p", (args, ack) -> socket.emit("echo", args.nodes().toArray()));
        });
        server = Loopback.serve(io.engine());
        http = new Http(server.port());
    }

    @AfterAll
    static void stop() {
        io.close();
        server.close();
    }

    @BeforeEach
    void forgetUserCode() {
        userCode.clear();
    }

    @AfterEach
    void serverStillServesOthers() throws Exception {
        try (RawWebSocket ws = RawWebSocket.connect(server.port(), WS)) {
            String id = wsConnect(ws);
            assertEchoes(ws, "\"still\"");
            assertThat(reasonOf(id)).isNotDone();
        }
        String sid = pollingConnect().sid();
        assertThat(http.post(poll(sid), "42[\"echo\",\"still polling\"]").body())
                .isEqualTo("ok");
        assertThat(http.get(poll(sid)).body()).isEqualTo("42[\"echo\",\"still polling\"]");
        assertThat(http.post(poll(sid), "1").body()).isEqualTo("ok");
    }

    // ---- helpers

    private static String poll(String sid) {
        return POLL + "&sid=" + sid;
    }

    /** Sends {@code packet} on a connected WebSocket: answered with {@code reply} (null: nothing), the socket still echoes. */
    private static void assertWsStaysOpen(String packet, String reply) throws Exception {
        try (RawWebSocket ws = RawWebSocket.connect(server.port(), WS)) {
            String id = wsConnect(ws);
            ws.sendText(packet);
            if (reply != null) {
                assertThat(ws.nextMessage()).isEqualTo(reply);
            }
            assertEchoes(ws, "1");
            assertThat(reasonOf(id)).isNotDone();
        }
    }

    /** The socket answers an {@code echo} of {@code json}. */
    private static void assertEchoes(RawWebSocket ws, String json) throws Exception {
        ws.sendText("42[\"echo\"," + json + "]");
        assertThat(ws.nextMessage()).isEqualTo("42[\"echo\"," + json + "]");
    }

    /** Reads the open packet and joins "/"; the socket id. */
    private static String wsConnect(RawWebSocket ws) throws Exception {
        assertThat(ws.nextMessage()).startsWith("0{");
        ws.sendText("40");
        String reply = ws.nextMessage();
        assertThat(reply).startsWith("40{\"sid\":\"");
        return Http.sidOf(reply);
    }

    /** A polling session joined to "/": the engine sid and the socket id. */
    private record Polling(String sid, String id) {}

    private static Polling pollingConnect() throws Exception {
        String sid = http.handshake("/socket.io/");
        assertThat(http.post(poll(sid), "40").body()).isEqualTo("ok");
        String reply = http.get(poll(sid)).body();
        assertThat(reply).startsWith("40{\"sid\":\"");
        return new Polling(sid, Http.sidOf(reply));
    }

    /** The disconnect reason of a socket (the CONNECT reply goes out before the connection handler runs). */
    private static CompletableFuture<DisconnectReason> reasonOf(String socketId) {
        return reasons.computeIfAbsent(socketId, id -> new CompletableFuture<>());
    }

    private static DisconnectReason awaitReason(String socketId) throws Exception {
        return reasonOf(socketId).get(10, TimeUnit.SECONDS);
    }

    /** The polling session is gone: its next GET gets the close packet or an unknown sid. */
    private static void assertPollingClosed(String sid) throws Exception {
        HttpResponse<String> response = http.get(poll(sid));
        if (response.statusCode() == 200) {
            String[] packets = response.body().split(Http.SEP);
            assertThat(packets[packets.length - 1]).isEqualTo("1");
            response = http.get(poll(sid));
        }
        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.body()).isEqualTo(UNKNOWN_SID);
    }

    private static void assertNoUserCode() {
        assertThat(userCode).as("user code reached").isEmpty();
    }

    /** Sends {@code packet} on a connected WebSocket; the connection closes and the socket gets {@code reason}. */
    private static void assertWsCloses(String packet, DisconnectReason reason) throws Exception {
        assertWsCloses(ws -> ws.sendText(packet), reason);
    }

    /** What a test sends on a connected WebSocket. */
    private interface Frames {
        void send(RawWebSocket ws) throws Exception;
    }

    /** Sends {@code frames} on a connected WebSocket; the connection closes and the socket gets {@code reason}. */
    private static void assertWsCloses(Frames frames, DisconnectReason reason) throws Exception {
        try (RawWebSocket ws = RawWebSocket.connect(server.port(), WS)) {
            String id = wsConnect(ws);
            frames.send(ws);
            ws.awaitClosed(Duration.ofSeconds(5));
            assertThat(awaitReason(id)).isEqualTo(reason);
        }
        assertNoUserCode();
    }

    /** The same over polling. */
    private static void assertPollingCloses(String packet, DisconnectReason reason) throws Exception {
        Polling session = pollingConnect();
        http.post(poll(session.sid()), packet);
        assertThat(awaitReason(session.id())).as(packet).isEqualTo(reason);
        assertPollingClosed(session.sid());
        assertNoUserCode();
    }

    // ---- what the parser refuses: "forced close"

    @ParameterizedTest
    @ValueSource(
            strings = {
                // row 11 (CVE-2023-32695): payload not an array, event name not a string, reserved names
                "42{}",
                "42\"x\"",
                "42[]",
                "42[{\"toString\":\"x\"}]",
                "42[true]",
                "42[null]",
                "42[\"disconnect\"]",
                "42[\"connect\"]",
                "42[\"connect_error\"]",
                "42[\"disconnecting\"]",
                "42[\"newListener\"]",
                "42[\"removeListener\"]",
                // Node's parser lets a number through as an event name; issue 3 wants strings only
                "42[1]",
                // row 12: more than 10 attachments (CVE-2026-33151), non-integer placeholder (CVE-2022-2421), bad
                // counts
                "4511-[\"a\"]",
                "451-[\"a\",{\"_placeholder\":true,\"num\":\"splice\"}]",
                "451.5-[\"a\"]",
                "45a-[\"a\"]",
                "45[\"a\"]",
                "451-[\"a\",{\"_placeholder\":true,\"num\":1}]",
                "451-[\"a\",{\"_placeholder\":true,\"num\":0.5}]",
                // more cases: garbage type / ack id, ack id past 2^53 - 1, CONNECT payload not an object
                "4abc",
                "42abc[\"echo\"]",
                "429007199254740992[\"echo\"]",
                "40/other,[]",
                "40/other,\"x\"",
                // a client CONNECT_ERROR (row 14) is refused by the parser here (Node: by the state check)
                "44",
                "44{\"message\":\"x\"}",
            })
    void closesOverWebSocket(String packet) throws Exception {
        assertWsCloses(packet, expectedReason(packet));
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "42{}",
                "42[true]",
                "42[\"disconnect\"]",
                "4511-[\"a\"]",
                "42abc[\"echo\"]",
                "40/other,[]",
                "42/other,[\"x\"]"
            })
    void closesOverPolling(String packet) throws Exception {
        assertPollingCloses(packet, expectedReason(packet));
    }

    private static DisconnectReason expectedReason(String packet) {
        return packet.startsWith("42/other,") ? DisconnectReason.FORCED_SERVER_CLOSE : DisconnectReason.FORCED_CLOSE;
    }

    @Test
    void aBareEventWithoutPayloadCloses() throws Exception {
        // Node dispatches an event without a name and stays open; robustness.md prefers a close
        assertWsCloses("42", DisconnectReason.FORCED_CLOSE);
    }

    @Test
    void aDeepJsonBombClosesWithoutAStackOverflow() throws Exception {
        assertWsCloses("42[\"echo\"," + "[".repeat(100_000) + "]]", DisconnectReason.FORCED_CLOSE);
    }

    @Test
    void aStrayBinaryFrameCloses() throws Exception {
        assertWsCloses(ws -> ws.sendBinary(new byte[] {1, 2}), DisconnectReason.FORCED_CLOSE);
        // the same as a base64 attachment over polling
        Polling session = pollingConnect();
        http.post(poll(session.sid()), "bAQI=");
        assertThat(awaitReason(session.id())).isEqualTo(DisconnectReason.FORCED_CLOSE);
        assertPollingClosed(session.sid());
        assertNoUserCode();
    }

    @Test
    void aTextFrameWhileAttachmentsArePendingCloses() throws Exception {
        assertWsCloses(
                ws -> {
                    ws.sendText("452-[\"echo\",{\"_placeholder\":true,\"num\":0},{\"_placeholder\":true,\"num\":1}]");
                    ws.sendBinary(new byte[] {1});
                    ws.sendText("42[\"echo\"]");
                },
                DisconnectReason.FORCED_CLOSE);
    }

    @Test
    void aPlaceholderIndexOutOfRangeClosesWhenTheAttachmentArrives() throws Exception {
        assertWsCloses(
                ws -> {
                    ws.sendText("451-[\"echo\",{\"_placeholder\":true,\"num\":3}]");
                    ws.trySendFrame(true, 0, RawWebSocket.BINARY, new byte[] {7}); // may already be closed
                },
                DisconnectReason.FORCED_CLOSE);
    }

    // ---- what the protocol state forbids: "forced server close" (Node's Client "invalid state")

    @Test
    void anEventForANamespaceNotJoinedCloses() throws Exception {
        assertWsCloses("42/other,[\"x\"]", DisconnectReason.FORCED_SERVER_CLOSE);
        assertWsCloses("41/other,", DisconnectReason.FORCED_SERVER_CLOSE);
    }

    // row 15: Node accepts a second CONNECT and leaves the first socket behind; Sockeye replaces it
    // (the official client sends one on connect(); disconnect(); connect(): StrictModeRemountNodeClientTest)
    @Test
    void aSecondConnectAfterTheAckReplacesTheSocket() throws Exception {
        try (RawWebSocket ws = RawWebSocket.connect(server.port(), WS)) {
            String first = wsConnect(ws);
            ws.sendText("40");
            String reply = ws.nextMessage();
            assertThat(reply).startsWith("40{\"sid\":\"");
            String second = Http.sidOf(reply);
            assertThat(awaitReason(first)).isEqualTo(DisconnectReason.CLIENT_NAMESPACE_DISCONNECT);
            assertEchoes(ws, "1");
            assertThat(reasonOf(second)).isNotDone();
            assertThat(io.sockets().sockets()).doesNotContainKey(first).containsKey(second);
        }
    }

    @Test
    void backToBackDuplicateConnectsEndWithTheNewerSocketAlone() throws Exception {
        try (RawWebSocket ws = RawWebSocket.connect(server.port(), WS)) {
            assertThat(ws.nextMessage()).startsWith("0{");
            ws.sendText("40{\"dup\":1}");
            ws.sendText("40{\"dup\":2}");
            Await.until("the second CONNECT's socket", Duration.ofSeconds(10), () -> socketWithDup(2) != null);
            String newer = socketWithDup(2);
            // one answer (the first CONNECT, still in progress, was dropped) or two (it had connected
            // and was replaced, its answer first); the last one names the socket that stays
            String reply = Http.sidOf(ws.nextMessage());
            if (!reply.equals(newer)) {
                assertThat(awaitReason(reply)).isEqualTo(DisconnectReason.CLIENT_NAMESPACE_DISCONNECT);
                assertThat(Http.sidOf(ws.nextMessage())).isEqualTo(newer);
            }
            assertEchoes(ws, "1");
            assertThat(socketWithDup(1)).isNull();
            assertThat(reasonOf(newer)).isNotDone();
        }
    }

    /** The id of the connected socket whose CONNECT carried {@code {"dup":n}}, or null. */
    private static String socketWithDup(int n) {
        return io.sockets().sockets().values().stream()
                .filter(socket -> socket.handshake().auth().path("dup").asInt() == n)
                .map(Socket::id)
                .findFirst()
                .orElse(null);
    }

    @Test
    void noConnectWithinTheConnectTimeoutCloses() throws Exception {
        try (RawWebSocket ws = RawWebSocket.connect(server.port(), WS)) {
            assertThat(ws.nextMessage()).startsWith("0{");
            ws.awaitClosed(Duration.ofSeconds(10));
        }
        String sid = http.handshake("/socket.io/");
        assertPollingClosed(sid); // the GET waits until the connect timeout closes the session
    }

    @Test
    void anEventBeforeAnyConnectCloses() throws Exception {
        try (RawWebSocket ws = RawWebSocket.connect(server.port(), WS)) {
            assertThat(ws.nextMessage()).startsWith("0{");
            ws.sendText("42[\"echo\",1]");
            ws.awaitClosed(Duration.ofSeconds(5));
        }
        assertNoUserCode();
    }

    // ---- what is answered or ignored, the connection kept

    @Test
    void aConnectToAnUnknownNamespaceIsAnsweredAndTheConnectionStays() throws Exception {
        assertWsStaysOpen("40/nope,", "44/nope,{\"message\":\"Invalid namespace\"}");
        String sid = pollingConnect().sid();
        http.post(poll(sid), "40/nope,");
        assertThat(http.get(poll(sid)).body()).isEqualTo("44/nope,{\"message\":\"Invalid namespace\"}");
    }

    // row 13 (CVE-2024-38355)
    @Test
    void anEventNamedErrorIsAnOrdinaryEvent() throws Exception {
        assertWsStaysOpen("42[\"error\",\"boom\"]", "42[\"echo\",\"error event\",\"boom\"]");
        assertThat(userCode.poll(5, TimeUnit.SECONDS)).isEqualTo("error [\"boom\"]"); // onAny, not the error handler
    }

    @Test
    void anAckForAnUnknownIdIsIgnored() throws Exception {
        assertWsStaysOpen("4317[\"late\"]", null);
        String sid = pollingConnect().sid();
        assertThat(http.post(poll(sid), "4399[]").body()).isEqualTo("ok");
        assertThat(http.post(poll(sid), "42[\"echo\",3]").body()).isEqualTo("ok");
        assertThat(http.get(poll(sid)).body()).isEqualTo("42[\"echo\",3]");
    }

    @Test
    void aPlaceholderInATextPacketStaysAPlainObject() throws Exception {
        try (RawWebSocket ws = RawWebSocket.connect(server.port(), WS)) {
            wsConnect(ws);
            ws.sendText("42[\"p\",{\"_placeholder\":true,\"num\":0}]");
            assertThat(ws.nextMessage()).isEqualTo("42[\"echo\",{\"_placeholder\":true,\"num\":0}]");
        }
    }
}
