package dev.sockeye.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sockeye.core.parser.Decoder;
import dev.sockeye.core.parser.EncodedPacket;
import dev.sockeye.core.parser.Encoder;
import dev.sockeye.core.parser.JsonParser;
import dev.sockeye.core.parser.Parser;
import dev.sockeye.engine.EngineOptions;
import dev.sockeye.netty.NettySocketIoServer;
import dev.sockeye.server.Socket;
import dev.sockeye.server.SocketIoServer;
import dev.sockeye.testing.Await;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Broadcast flags and fan-out seen by real clients of one server with permessage-deflate on
 * (threshold 1024): npm socket.io-client 4.x over WebSocket and over polling, a raw WebSocket client
 * that sees each frame's RSV1 bit, and a raw polling client whose GETs the test controls.
 * {@code volatile} is dropped for a client whose transport cannot take it now (a polling client
 * with no pending GET, Node's {@code transport.writable}) while a normal broadcast waits for its
 * next GET; {@code compress(false)} sends an uncompressed frame; a broadcast is encoded once by the
 * configured parser and every client gets the same bytes.
 */
class BroadcastFlagsTest {
    private static final String WS = "/socket.io/?EIO=4&transport=websocket";
    private static final String DEFLATE = "Sec-WebSocket-Extensions: permessage-deflate; client_max_window_bits";

    /** A parser that records every packet its encoder encodes, then hands it to {@code inner}. */
    private record CountingParser(Parser inner, List<EncodedPacket> encoded, Encoder encoder) implements Parser {
        CountingParser(Parser inner) {
            this(inner, new CopyOnWriteArrayList<>());
        }

        private CountingParser(Parser inner, List<EncodedPacket> encoded) {
            this(inner, encoded, packet -> {
                EncodedPacket result = inner.encoder().encode(packet);
                encoded.add(result);
                return result;
            });
        }

        @Override
        public Decoder newDecoder() {
            return inner.newDecoder();
        }
    }

    private final CountingParser parser = new CountingParser(new JsonParser());
    private final Map<String, Socket> sockets = new ConcurrentHashMap<>();
    private final List<AutoCloseable> closeables = new ArrayList<>();
    private SocketIoServer io;
    private NettySocketIoServer server;
    private Http http;

    @BeforeEach
    void start() {
        io = SocketIoServer.builder()
                .parser(parser)
                .engineOptions(
                        EngineOptions.builder().perMessageDeflate(true, 1024).build())
                .build();
        io.onConnection(socket -> {
            String name = socket.handshake().auth().path("name").asString();
            socket.join(name.startsWith("npm") ? List.of("all", "npm") : List.of("all"));
            sockets.put(name, socket);
        });
        server = Loopback.serve(io);
        http = new Http(server.port());
    }

    @AfterEach
    void stop() throws Exception {
        for (AutoCloseable closeable : closeables) {
            closeable.close();
        }
        server.close();
    }

    /** npm clients over {@code transports}, each connected to {@code /} and known to the server. */
    private NodeClients npmClients(String transports, String... names) throws Exception {
        NodeClients clients = new NodeClients(server.port(), transports);
        closeables.add(clients);
        for (String name : names) {
            clients.send(name, "{\"open\":\"/\",\"auth\":{\"name\":\"" + name + "\"}}");
            assertThat(clients.next(name).path("event").asString()).isEqualTo("connect");
            awaitServerSocket(name);
        }
        return clients;
    }

    private Socket awaitServerSocket(String name) {
        Await.until("the connection handler of " + name, Duration.ofSeconds(10), () -> sockets.containsKey(name));
        return sockets.get(name);
    }

    /** A raw WebSocket client with permessage-deflate, connected to {@code /} as {@code name}. */
    private RawWebSocket rawWebSocket(String name) throws Exception {
        RawWebSocket ws = RawWebSocket.connect(server.port(), WS, DEFLATE);
        closeables.add(ws);
        assertThat(ws.responseHead.toLowerCase()).contains("sec-websocket-extensions: permessage-deflate");
        assertThat(ws.next().text()).startsWith("0{\"sid\":");
        ws.sendText("40{\"name\":\"" + name + "\"}");
        assertThat(ws.next().text()).startsWith("40{\"sid\":");
        awaitServerSocket(name);
        return ws;
    }

    /** The next frame that is not an Engine.IO ping (pings are answered). */
    private static RawWebSocket.Frame nextFrame(RawWebSocket ws) throws IOException {
        while (true) {
            RawWebSocket.Frame frame = ws.next();
            if (frame.opcode() == RawWebSocket.TEXT
                    && frame.rsv() == 0
                    && frame.text().equals("2")) {
                ws.sendText("3");
                continue;
            }
            return frame;
        }
    }

    /** A raw polling client connected to {@code /} as {@code name}; returns its sid, with no GET pending. */
    private String rawPolling(String name) throws Exception {
        String sid = http.handshake("/socket.io/");
        assertThat(http.post(poll(sid), "40{\"name\":\"" + name + "\"}").body()).isEqualTo("ok");
        assertThat(http.get(poll(sid)).body()).startsWith("40{\"sid\":");
        awaitServerSocket(name);
        return sid;
    }

    private static String poll(String sid) {
        return "/socket.io/?EIO=4&transport=polling&sid=" + sid;
    }

    /** Waits until the server holds a GET of this polling client (its transport is writable). */
    private void awaitWritable(String name) {
        Await.until(
                "a pending GET of " + name,
                Duration.ofSeconds(10),
                () -> sockets.get(name).conn().isWritable());
    }

    @Test
    void aVolatileBroadcastIsDroppedForAPollingClientWithoutAPendingGetWhileANormalOneWaitsForIt() throws Exception {
        NodeClients npm = npmClients("websocket", "npm-ws");
        String sid = rawPolling("raw-poll");
        assertThat(sockets.get("raw-poll").conn().isWritable()).isFalse();

        io.asVolatile().emit("v", 1);
        io.emit("n", 2);
        io.to("all").asVolatile().emit("v", 3);
        assertThat(http.get(poll(sid)).body()).isEqualTo("42[\"n\",2]");

        CompletableFuture<HttpResponse<String>> get = http.getAsync(poll(sid));
        awaitWritable("raw-poll");
        io.asVolatile().emit("v", 4);
        assertThat(get.get(10, TimeUnit.SECONDS).body()).isEqualTo("42[\"v\",4]");

        // The WebSocket client gets the normal broadcast and the volatile ones its transport could take at once: v 3
        // went right behind n 2, and is dropped when n 2 was still waiting to be written (Node's ws transport is not
        // writable while a send is in flight, so Node drops it too).
        assertThat(npm.nextEvent("npm-ws")).isEqualTo("v [1]");
        assertThat(npm.nextEvent("npm-ws")).isEqualTo("n [2]");
        String next = npm.nextEvent("npm-ws");
        if (next.equals("v [3]")) {
            next = npm.nextEvent("npm-ws");
        }
        assertThat(next).isEqualTo("v [4]");
    }

    @Test
    void compressFalseOnABroadcastSendsAnUncompressedFrameAndTheDefaultCompressesFromTheThreshold() throws Exception {
        NodeClients npm = npmClients("websocket", "npm-ws");
        RawWebSocket ws = rawWebSocket("raw-ws");
        String big = "abcdefgh".repeat(250);
        String bigPacket = "2[\"big\",\"" + big + "\"]";

        io.compress(false).emit("big", big);
        RawWebSocket.Frame plain = nextFrame(ws);
        assertThat(plain.rsv()).isZero();
        assertThat(plain.text()).isEqualTo("4" + bigPacket);

        io.emit("big", big);
        io.to("all").compress(true).emit("big", big);
        RawWebSocket.Frame compressed = nextFrame(ws);
        assertThat(compressed.rsv()).isEqualTo(4); // RSV1
        assertThat(compressed.payload().length).isLessThan(200);
        assertThat(new String(PerMessageDeflateTest.inflate(compressed.payload()), StandardCharsets.UTF_8))
                .isEqualTo("4" + bigPacket);
        // compressed with the context of the previous one (context takeover): the npm client below reads it
        RawWebSocket.Frame again = nextFrame(ws);
        assertThat(again.rsv()).isEqualTo(4);
        assertThat(again.payload().length).isLessThan(200);

        io.compress(true).emit("small", "s".repeat(900)); // under the threshold
        RawWebSocket.Frame small = nextFrame(ws);
        assertThat(small.rsv()).isZero();
        assertThat(small.text()).isEqualTo("42[\"small\",\"" + "s".repeat(900) + "\"]");

        for (int i = 0; i < 3; i++) {
            assertThat(npm.nextEvent("npm-ws")).isEqualTo("big [\"" + big + "\"]");
        }
        assertThat(npm.nextEvent("npm-ws")).isEqualTo("small [\"" + "s".repeat(900) + "\"]");
    }

    @Test
    void aBroadcastToWebSocketAndPollingClientsIsEncodedOnceAndEveryClientGetsTheSameBytes() throws Exception {
        NodeClients npmWs = npmClients("websocket", "npm-ws0", "npm-ws1");
        NodeClients npmPolling = npmClients("polling", "npm-poll");
        RawWebSocket ws = rawWebSocket("raw-ws");
        String sid = rawPolling("raw-poll");
        parser.encoded().clear();

        io.to("all").emit("fan", Map.of("n", 1));
        assertThat(parser.encoded()).hasSize(1);
        String text = ((EncodedPacket.Text) parser.encoded().get(0).messages().get(0)).text();
        assertThat(text).isEqualTo("2[\"fan\",{\"n\":1}]");
        // on the wire: Engine.IO's MESSAGE type, then the encoded packet as it is
        assertThat(nextFrame(ws).text()).isEqualTo("4" + text);
        assertThat(http.get(poll(sid)).body()).isEqualTo("4" + text);

        io.to("all").emit("fan", "bin", new byte[] {1, 2, 3});
        assertThat(parser.encoded()).hasSize(2);
        List<EncodedPacket.Message> binary = parser.encoded().get(1).messages();
        String header = ((EncodedPacket.Text) binary.get(0)).text();
        byte[] attachment = ((EncodedPacket.Binary) binary.get(1)).bytes();
        assertThat(header).isEqualTo("51-[\"fan\",\"bin\",{\"_placeholder\":true,\"num\":0}]");
        assertThat(nextFrame(ws).text()).isEqualTo("4" + header);
        assertThat(nextFrame(ws).payload()).isEqualTo(attachment).containsExactly(1, 2, 3);
        assertThat(http.get(poll(sid)).body())
                .isEqualTo("4" + header + Http.SEP + "b" + Base64.getEncoder().encodeToString(attachment));

        // a broadcast with acks: one encoding too, one answer per client
        assertThat(io.to("npm")
                        .timeout(Duration.ofSeconds(30))
                        .emitWithAck("count", Integer.class, 5)
                        .get(10, TimeUnit.SECONDS))
                .containsExactly(5, 5, 5);
        assertThat(parser.encoded()).hasSize(3);

        for (String name : List.of("npm-ws0", "npm-ws1")) {
            assertThat(npmWs.nextEvent(name)).isEqualTo("fan [{\"n\":1}]");
            assertThat(npmWs.nextEvent(name)).isEqualTo("fan [\"bin\",{\"$bin\":[1,2,3]}]");
            assertThat(npmWs.nextEvent(name)).isEqualTo("count [5]");
        }
        assertThat(npmPolling.nextEvent("npm-poll")).isEqualTo("fan [{\"n\":1}]");
        assertThat(npmPolling.nextEvent("npm-poll")).isEqualTo("fan [\"bin\",{\"$bin\":[1,2,3]}]");
        assertThat(npmPolling.nextEvent("npm-poll")).isEqualTo("count [5]");
    }
}
