package dev.sockeye.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sockeye.netty.NettyServer;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** FIXTURE.md §3: the {@code /socket.io/} endpoint with raw WebSocket frames and exact strings. */
class SocketIoFixtureTest {
    private static final String WS = "/socket.io/?EIO=4&transport=websocket";
    private static final String SID = "\\{\"sid\":\"[A-Za-z0-9_-]{20}\"}";
    private static NettyServer server;

    @BeforeAll
    static void start() {
        server = ConformanceFixture.start("127.0.0.1", 0);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    /** A WebSocket past its Engine.IO open packet. */
    private static RawWebSocket open() throws IOException {
        RawWebSocket ws = RawWebSocket.connect(server.port(), WS);
        assertThat(ws.next().text()).startsWith("0{\"sid\":");
        return ws;
    }

    /** The next frame that is not a ping; pings are answered so that the session stays up. */
    private static RawWebSocket.Frame next(RawWebSocket ws) throws IOException {
        for (int i = 0; i < 100; i++) {
            RawWebSocket.Frame frame = ws.next();
            if (frame.opcode() == RawWebSocket.TEXT && frame.text().equals("2")) {
                ws.sendText("3");
                continue;
            }
            return frame;
        }
        throw new AssertionError("only pings");
    }

    private static String nextText(RawWebSocket ws) throws IOException {
        RawWebSocket.Frame frame = next(ws);
        assertThat(frame.opcode()).as("text frame").isEqualTo(RawWebSocket.TEXT);
        return frame.text();
    }

    private static byte[] nextBinary(RawWebSocket ws) throws IOException {
        RawWebSocket.Frame frame = next(ws);
        assertThat(frame.opcode()).as("binary frame").isEqualTo(RawWebSocket.BINARY);
        return frame.payload();
    }

    private static RawWebSocket connected() throws IOException {
        RawWebSocket ws = open();
        ws.sendText("40");
        assertThat(nextText(ws)).matches("40" + SID);
        assertThat(nextText(ws)).isEqualTo("42[\"auth\",{}]");
        return ws;
    }

    @Test
    void pollingSendsNothingAfterTheHandshakeButThePing() throws Exception {
        Http http = new Http(server.port());
        String sid = http.handshake("/socket.io/");
        HttpResponse<String> first = http.get("/socket.io/?EIO=4&transport=polling&sid=" + sid);
        assertThat(first.body()).isEqualTo("2");
    }

    @Test
    void namespacesReplyWithTheSidThenTheAuthEvent() throws Exception {
        String[][] cases = {
            {"40", "40" + SID, "42[\"auth\",{}]"},
            {"40{\"token\":\"123\"}", "40" + SID, "42[\"auth\",{\"token\":\"123\"}]"},
            {"40/custom,", "40/custom," + SID, "42/custom,[\"auth\",{}]"},
            {"40/custom", "40/custom," + SID, "42/custom,[\"auth\",{}]"},
            {"40/custom,{\"token\":\"abc\"}", "40/custom," + SID, "42/custom,[\"auth\",{\"token\":\"abc\"}]"},
        };
        for (String[] c : cases) {
            try (RawWebSocket ws = open()) {
                ws.sendText(c[0]);
                assertThat(nextText(ws)).as(c[0]).matches(c[1]);
                assertThat(nextText(ws)).as(c[0]).isEqualTo(c[2]);
            }
        }
        try (RawWebSocket ws = open()) {
            ws.sendText("40/random");
            assertThat(nextText(ws)).isEqualTo("44/random,{\"message\":\"Invalid namespace\"}");
            ws.sendText("40");
            assertThat(nextText(ws)).matches("40" + SID);
        }
    }

    @Test
    void messagesAndAcksAreEchoedExactly() throws Exception {
        try (RawWebSocket ws = connected()) {
            ws.sendText("42[\"message\",1,\"2\",{\"3\":[true]}]");
            assertThat(nextText(ws)).isEqualTo("42[\"message-back\",1,\"2\",{\"3\":[true]}]");
            ws.sendText("42456[\"message-with-ack\",1,\"2\",{\"3\":[false]}]");
            assertThat(nextText(ws)).isEqualTo("43456[1,\"2\",{\"3\":[false]}]");
        }
    }

    @Test
    void binaryMessagesAndAcksKeepTheirAttachments() throws Exception {
        try (RawWebSocket ws = connected()) {
            ws.sendText("452-[\"message\",{\"_placeholder\":true,\"num\":0},{\"_placeholder\":true,\"num\":1}]");
            ws.sendBinary(new byte[] {1, 2, 3});
            ws.sendBinary(new byte[] {4, 5, 6});
            assertThat(nextText(ws))
                    .isEqualTo(
                            "452-[\"message-back\",{\"_placeholder\":true,\"num\":0},{\"_placeholder\":true,\"num\":1}]");
            assertThat(nextBinary(ws)).containsExactly(1, 2, 3);
            assertThat(nextBinary(ws)).containsExactly(4, 5, 6);
            ws.sendText(
                    "452-789[\"message-with-ack\",{\"_placeholder\":true,\"num\":0},{\"_placeholder\":true,\"num\":1}]");
            ws.sendBinary(new byte[] {1, 2, 3});
            ws.sendBinary(new byte[] {4, 5, 6});
            assertThat(nextText(ws))
                    .isEqualTo("462-789[{\"_placeholder\":true,\"num\":0},{\"_placeholder\":true,\"num\":1}]");
            assertThat(nextBinary(ws)).containsExactly(1, 2, 3);
            assertThat(nextBinary(ws)).containsExactly(4, 5, 6);
        }
    }

    @Test
    void emitWithAckAsksTheClientAndEmitsItsAnswer() throws Exception {
        try (RawWebSocket ws = connected()) {
            ws.sendText("42[\"emit-with-ack\",1,\"2\",{\"3\":[true]}]");
            assertThat(nextText(ws)).isEqualTo("421[\"emit-with-ack\",1,\"2\",{\"3\":[true]}]");
            ws.sendText("431[1,\"2\",{\"3\":[true]}]");
            assertThat(nextText(ws)).isEqualTo("42[\"emit-with-ack\",1,\"2\",{\"3\":[true]}]");

            ws.sendText("451-[\"emit-with-ack\",{\"_placeholder\":true,\"num\":0}]");
            ws.sendBinary(new byte[] {7});
            assertThat(nextText(ws)).isEqualTo("451-2[\"emit-with-ack\",{\"_placeholder\":true,\"num\":0}]");
            assertThat(nextBinary(ws)).containsExactly(7);
            ws.sendText("461-2[{\"_placeholder\":true,\"num\":0}]");
            ws.sendBinary(new byte[] {8});
            assertThat(nextText(ws)).isEqualTo("451-[\"emit-with-ack\",{\"_placeholder\":true,\"num\":0}]");
            assertThat(nextBinary(ws)).containsExactly(8);
        }
    }

    @Test
    void leavingTheMainNamespaceIsNotEchoedAndKeepsTheConnection() throws Exception {
        try (RawWebSocket ws = connected()) {
            ws.sendText("41");
            RawWebSocket.Frame frame = ws.next();
            assertThat(frame.opcode()).isEqualTo(RawWebSocket.TEXT);
            assertThat(frame.text()).isEqualTo("2");
        }
    }

    @Test
    void leavingACustomNamespaceDoesNotAffectTheMainOne() throws Exception {
        try (RawWebSocket ws = connected()) {
            assertThat(ws.next().text()).isEqualTo("2"); // the first ping, left unanswered
            ws.sendText("40/custom");
            assertThat(ws.nextMessage()).matches("40/custom," + SID);
            assertThat(ws.nextMessage()).isEqualTo("42/custom,[\"auth\",{}]");
            ws.sendText("41/custom");
            ws.sendText("42[\"message\",\"message to main namespace\"]");
            assertThat(ws.nextMessage()).isEqualTo("42[\"message-back\",\"message to main namespace\"]");
        }
    }

    @Test
    void protocolErrorsCloseTheConnection() throws Exception {
        try (RawWebSocket ws = open()) {
            ws.sendText("4abc");
            ws.awaitClosed(Duration.ofSeconds(2));
        }
        try (RawWebSocket ws = open()) {
            ws.awaitClosed(Duration.ofSeconds(2)); // no CONNECT at all
        }
        for (String bad : new String[] {"4abc", "42{}", "42abc[\"message-with-ack\",1,\"2\",{\"3\":[false]}]"}) {
            try (RawWebSocket ws = connected()) {
                ws.sendText(bad);
                ws.awaitClosed(Duration.ofSeconds(2));
            }
        }
    }
}
