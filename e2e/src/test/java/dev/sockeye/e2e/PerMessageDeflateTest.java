package dev.sockeye.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sockeye.engine.EngineMessage;
import dev.sockeye.engine.EngineOptions;
import dev.sockeye.engine.EngineServer;
import dev.sockeye.engine.EngineSocket;
import dev.sockeye.netty.NettyServer;
import dev.sockeye.testing.node.NodePeer;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.zip.DataFormatException;
import java.util.zip.Deflater;
import java.util.zip.Inflater;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * permessage-deflate (Node's {@code perMessageDeflate}, threshold 1024) with real clients: the
 * npm {@code ws} client and engine.io-client in Node, and a raw client that sees the RSV1 bit of
 * every frame: messages of at least 1024 bytes go out compressed, smaller ones and those sent with
 * {@code compress=false} do not; a deflate bomb and pathological extension offers are refused in
 * bounded time and memory.
 */
class PerMessageDeflateTest {
    private static final String WS = "/engine.io/?EIO=4&transport=websocket";
    private static final String DEFLATE = "Sec-WebSocket-Extensions: permessage-deflate; client_max_window_bits";
    private static final int MAX_MESSAGE = 100_000;

    private static EngineServer engine;
    private static NettyServer server;

    @BeforeAll
    static void start() {
        engine = EngineServer.create(EngineOptions.builder()
                .path("/engine.io")
                .perMessageDeflate(true, 1024)
                .maxHttpBufferSize(MAX_MESSAGE)
                .build());
        // echoes; "plain:<n>" answers n bytes sent with compress=false
        engine.onConnection(socket -> socket.onMessage(new EngineSocket.MessageListener() {
            @Override
            public void onText(String text) {
                if (text.startsWith("plain:")) {
                    socket.send(EngineMessage.text("p".repeat(Integer.parseInt(text.substring(6)))), false);
                } else {
                    socket.send(text);
                }
            }

            @Override
            public void onBinary(byte[] data) {
                socket.send(data);
            }
        }));
        server = Loopback.serve(engine);
    }

    @AfterAll
    static void stop() {
        server.close();
        engine.close();
    }

    @AfterEach
    void serverStillServesOthers() throws Exception {
        try (RawWebSocket ws = RawWebSocket.connect(server.port(), WS, DEFLATE)) {
            ws.next();
            ws.sendText("4alive");
            assertThat(ws.nextMessage()).isEqualTo("4alive");
        }
    }

    @Test
    void framesFromTheThresholdUpAreCompressedAndSmallerOnesAreNot() throws Exception {
        try (RawWebSocket ws = RawWebSocket.connect(server.port(), WS, DEFLATE)) {
            assertThat(ws.status).isEqualTo(101);
            assertThat(ws.responseHead.toLowerCase()).contains("sec-websocket-extensions: permessage-deflate");
            RawWebSocket.Frame open = ws.next();
            assertThat(open.rsv()).isZero();
            assertThat(open.text()).startsWith("0{\"sid\":");

            ws.sendText("4small");
            RawWebSocket.Frame small = ws.next();
            assertThat(small.rsv()).isZero();
            assertThat(small.text()).isEqualTo("4small");

            String big = "4" + "abcdefgh".repeat(250); // 2001 bytes
            ws.sendText(big);
            RawWebSocket.Frame compressed = ws.next();
            assertThat(compressed.rsv()).isEqualTo(4); // RSV1
            assertThat(compressed.payload().length).isLessThan(200);
            assertThat(new String(inflate(compressed.payload()), StandardCharsets.UTF_8))
                    .isEqualTo(big);

            String edge = "4" + "x".repeat(1022); // 1023 bytes: just under the threshold
            ws.sendText(edge);
            RawWebSocket.Frame under = ws.next();
            assertThat(under.rsv()).isZero();
            assertThat(under.text()).isEqualTo(edge);
        }
    }

    @Test
    void withPerMessageDeflateOffNoExtensionIsNegotiatedAndLargeFramesGoPlain() throws Exception {
        try (CloseRecordingServer plain =
                        new CloseRecordingServer(); // the fixture's options: perMessageDeflate off, Node's default
                RawWebSocket ws = RawWebSocket.connect(plain.port(), WS, DEFLATE)) {
            assertThat(ws.status).isEqualTo(101);
            assertThat(ws.responseHead.toLowerCase()).doesNotContain("sec-websocket-extensions");
            assertThat(ws.next().text()).startsWith("0{\"sid\":");
            String big = "4" + "abcdefgh".repeat(250);
            ws.sendText(big);
            RawWebSocket.Frame frame = ws.next();
            assertThat(frame.rsv()).isZero();
            assertThat(frame.text()).isEqualTo(big);
        }
    }

    @Test
    void aMessageSentWithCompressFalseIsNotCompressed() throws Exception {
        try (RawWebSocket ws = RawWebSocket.connect(server.port(), WS, DEFLATE)) {
            ws.next();
            ws.sendText("4plain:5000");
            RawWebSocket.Frame frame = ws.next();
            assertThat(frame.rsv()).isZero();
            assertThat(frame.text()).isEqualTo("4" + "p".repeat(5000));
        }
    }

    @Test
    void compressedMessagesFromTheClientAreInflated() throws Exception {
        try (RawWebSocket ws = RawWebSocket.connect(server.port(), WS, DEFLATE)) {
            ws.next();
            ws.sendFrame(true, 4, RawWebSocket.TEXT, deflate("4squeezed".getBytes(StandardCharsets.UTF_8)));
            assertThat(ws.nextMessage()).isEqualTo("4squeezed");
        }
    }

    @Test
    void aDeflateBombIsClosedWith1009WithoutInflatingIt() throws Exception {
        byte[] bomb = deflate(new byte[10 << 20]); // 10 MiB of zeros, a hundred times the cap, in ~10 KB
        assertThat(bomb.length).isLessThan(MAX_MESSAGE);
        try (RawWebSocket ws = RawWebSocket.connect(server.port(), WS, DEFLATE)) {
            ws.next();
            ws.trySendFrame(true, 4, RawWebSocket.BINARY, bomb);
            assertThat(ws.awaitClosed(Duration.ofSeconds(5))).isEqualTo(1009);
        }
    }

    @Test
    void pathologicalExtensionOffersAreAnsweredInBoundedTime() throws Exception {
        // thousands of unknown parameters: deflate is not negotiated, the socket works uncompressed
        try (RawWebSocket ws = RawWebSocket.connect(
                server.port(), WS, "Sec-WebSocket-Extensions: permessage-deflate" + "; x".repeat(2000))) {
            assertThat(ws.status).isEqualTo(101);
            assertThat(ws.responseHead.toLowerCase()).doesNotContain("sec-websocket-extensions");
            ws.next();
            ws.sendText("4" + "y".repeat(2000));
            RawWebSocket.Frame frame = ws.next();
            assertThat(frame.rsv()).isZero();
            assertThat(frame.text()).isEqualTo("4" + "y".repeat(2000));
        }
        // thousands of unknown extensions before it: the known one is still found
        try (RawWebSocket ws = RawWebSocket.connect(
                server.port(), WS, "Sec-WebSocket-Extensions: " + "a, ".repeat(2000) + "permessage-deflate")) {
            assertThat(ws.status).isEqualTo(101);
            assertThat(ws.responseHead.toLowerCase()).contains("sec-websocket-extensions: permessage-deflate");
        }
        // quotes and separators everywhere
        try (RawWebSocket ws =
                RawWebSocket.connect(server.port(), WS, "Sec-WebSocket-Extensions: " + "\";=,".repeat(1500))) {
            assertThat(ws.status).isIn(101, 400);
        }
        // an invalid value: not negotiated (Node's ws refuses with 400; either way nothing is thrown further)
        try (RawWebSocket ws = RawWebSocket.connect(
                server.port(), WS, "Sec-WebSocket-Extensions: permessage-deflate; server_max_window_bits=abc")) {
            assertThat(ws.status).isIn(101, 400);
            assertThat(ws.responseHead.toLowerCase()).doesNotContain("sec-websocket-extensions");
        }
    }

    @Test
    void theNodeWsClientNegotiatesDeflateAndRoundTripsCompressedMessages() throws Exception {
        try (NodePeer peer = NodePeer.start("engine/ws-deflate.js", Map.of(), "ws://127.0.0.1:" + server.port() + WS)) {
            peer.expect(line ->
                    line.equals("{\"event\":\"open\",\"extensions\":\"permessage-deflate; client_max_window_bits=15\"}")
                            || line.startsWith("{\"event\":\"open\",\"extensions\":\"permessage-deflate"));
            peer.expect(line -> line.startsWith("{\"event\":\"message\",\"data\":\"0{\\\"sid\\\":"));
            String big = "4" + "zyxw".repeat(2000);
            peer.send("{\"send\":\"" + big + "\"}");
            peer.expect(line -> line.equals("{\"event\":\"message\",\"data\":\"" + big + "\"}"));
            peer.send("{\"send\":\"4tiny\"}");
            peer.expect(line -> line.equals("{\"event\":\"message\",\"data\":\"4tiny\"}"));
        }
    }

    @Test
    void engineIoClientInNodeWorksOverACompressedWebSocket() throws Exception {
        // engine.io-client's Node WebSocket transport offers permessage-deflate (threshold 1024) by default
        try (NodePeer peer = NodePeer.start(
                "engine/client.js", Map.of(), "http://127.0.0.1:" + server.port(), "polling,websocket")) {
            peer.expect(line -> line.startsWith("{\"event\":\"open\",\"transport\":\"polling\""));
            peer.expect(line -> line.equals("{\"event\":\"upgrade\",\"transport\":\"websocket\"}"));
            String big = "q".repeat(5000);
            peer.send("{\"send\":\"" + big + "\"}");
            peer.expect(line ->
                    line.equals("{\"event\":\"message\",\"data\":\"" + big + "\",\"transport\":\"websocket\"}"));
            peer.send("{\"send\":\"plain:3000\"}");
            peer.expect(line -> line.equals(
                    "{\"event\":\"message\",\"data\":\"" + "p".repeat(3000) + "\",\"transport\":\"websocket\"}"));
        }
    }

    /** Raw DEFLATE with a sync flush, without its final empty block's 00 00 ff ff (RFC 7692 §7.2.1). */
    static byte[] deflate(byte[] data) {
        Deflater deflater = new Deflater(Deflater.DEFAULT_COMPRESSION, true);
        try {
            deflater.setInput(data);
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            byte[] buffer = new byte[8192];
            int n;
            do {
                n = deflater.deflate(buffer, 0, buffer.length, Deflater.SYNC_FLUSH);
                out.write(buffer, 0, n);
            } while (n == buffer.length);
            byte[] all = out.toByteArray();
            return Arrays.copyOf(all, all.length - 4);
        } finally {
            deflater.end();
        }
    }

    static byte[] inflate(byte[] payload) throws DataFormatException {
        Inflater inflater = new Inflater(true);
        try {
            byte[] input = Arrays.copyOf(payload, payload.length + 4);
            input[input.length - 2] = (byte) 0xff;
            input[input.length - 1] = (byte) 0xff;
            inflater.setInput(input);
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            byte[] buffer = new byte[8192];
            for (int i = 0; i < 10_000 && !inflater.needsInput(); i++) {
                out.write(buffer, 0, inflater.inflate(buffer));
            }
            return out.toByteArray();
        } finally {
            inflater.end();
        }
    }
}
