package dev.sockeye.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sockeye.netty.NettyServer;
import dev.sockeye.testing.node.NodePeer;
import io.socket.engineio.client.Socket;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The official clients against the echo endpoint over both transports and the upgrade:
 * engine.io-client from npm (Node; 6.x, and 3.5 for protocol v3) and io.socket:engine.io-client (Java). Heartbeats run at the
 * fixture's 300/200 ms, so a session that lives through several pings proves the client answers.
 */
class EngineClientInteropTest {
    private static NettyServer server;
    private static String url;
    /** The echo endpoint with {@code allowEIO3}. */
    private static NettyServer v3Server;

    private static String v3Url;

    @BeforeAll
    static void start() {
        server = ConformanceFixture.start("127.0.0.1", 0);
        url = "http://127.0.0.1:" + server.port();
        NettyServer.Builder v3 = NettyServer.builder().host("127.0.0.1").port(0);
        ConformanceFixture.engineIoEcho(v3, true);
        v3Server = v3.build().start();
        v3Url = "http://127.0.0.1:" + v3Server.port();
    }

    @AfterAll
    static void stop() {
        server.close();
        v3Server.close();
    }

    @ParameterizedTest
    @ValueSource(strings = {"polling", "websocket", "polling,websocket"})
    void nodeClientGetsItsMessagesEchoed(String transports) throws Exception {
        echoScenario(url, transports, Map.of(), "hello é");
    }

    /**
     * npm engine.io-client 3.5 (protocol v3, the transport of Socket.IO v2 clients) against the echo endpoint
     * with {@code allowEIO3}: length-prefixed payloads (the text is beyond the BMP, where lengths in UTF-16
     * code units and in bytes differ), binary as XHR2 binary payloads and type-prefixed frames or as base64
     * with {@code forceBase64}; the session outlives several ping cycles only if the server answers the
     * client's pings.
     */
    @ParameterizedTest(name = "{0}, forceBase64 {1}")
    @CsvSource({
        "polling,false",
        "polling,true",
        "websocket,false",
        "websocket,true",
        "'polling,websocket',false",
        "'polling,websocket',true"
    })
    void nodeV3ClientGetsItsMessagesEchoedFromAServerWithAllowEio3(String transports, boolean forceBase64)
            throws Exception {
        Map<String, String> env = Map.of("EIO_CLIENT", "v3", "EIO_OPTIONS", "{\"forceBase64\":" + forceBase64 + "}");
        echoScenario(v3Url, transports, env, "hello é \uD83D\uDE00");
    }

    @Test
    void nodeV3ClientIsRefusedByAServerWithoutAllowEio3() throws Exception {
        try (NodePeer peer = NodePeer.start("engine/client.js", Map.of("EIO_CLIENT", "v3"), url, "polling")) {
            peer.expect(line -> line.startsWith("{\"event\":\"error\""));
        }
    }

    /** The node client (engine/client.js) opens, maybe upgrades, gets text, binary and a stream of echoes, then closes. */
    private static void echoScenario(String url, String transports, Map<String, String> env, String text)
            throws Exception {
        try (NodePeer peer = NodePeer.start("engine/client.js", env, url, transports)) {
            String first = transports.split(",")[0];
            peer.expect(line -> line.startsWith("{\"event\":\"open\",\"transport\":\"" + first + "\""));
            if (transports.contains(",")) {
                peer.expect(line -> line.equals("{\"event\":\"upgrade\",\"transport\":\"websocket\"}"));
            }
            String last = transports.endsWith("websocket") ? "websocket" : "polling";
            peer.send("{\"send\":\"" + text + "\"}");
            peer.expect(line ->
                    line.equals("{\"event\":\"message\",\"data\":\"" + text + "\",\"transport\":\"" + last + "\"}"));
            peer.send("{\"sendBinary\":[1,2,3,255]}");
            peer.expect(line ->
                    line.equals("{\"event\":\"message\",\"binary\":[1,2,3,255],\"transport\":\"" + last + "\"}"));
            // outlive three ping cycles (300 ms + answer), then echo again
            long until = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(1000);
            int echoes = 0;
            while (System.nanoTime() < until && echoes < 100) {
                peer.send("{\"send\":\"n" + echoes + "\"}");
                String expected = "{\"event\":\"message\",\"data\":\"n" + echoes + "\",\"transport\":\"" + last + "\"}";
                peer.expect(expected::equals);
                echoes++;
            }
            peer.send("{\"close\":true}");
            peer.expect(line -> line.equals("{\"event\":\"close\",\"reason\":\"forced close\"}"));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"polling", "websocket", "polling,websocket"})
    void javaClientGetsItsMessagesEchoed(String transports) throws Exception {
        Socket.Options options = new Socket.Options();
        options.transports = transports.split(",");
        options.path = "/engine.io";
        Socket socket = new Socket(url, options);
        BlockingQueue<Object> events = new LinkedBlockingQueue<>();
        socket.on(Socket.EVENT_OPEN, args -> events.add("open"));
        socket.on(Socket.EVENT_UPGRADE, args -> events.add("upgrade"));
        socket.on(
                Socket.EVENT_MESSAGE,
                args -> events.add(args[0] instanceof byte[] ? Arrays.toString((byte[]) args[0]) : "text:" + args[0]));
        socket.on(Socket.EVENT_CLOSE, args -> events.add("close:" + args[0]));
        socket.on(Socket.EVENT_ERROR, args -> events.add("error:" + args[0]));
        try {
            socket.open();
            assertThat(events.poll(10, TimeUnit.SECONDS)).isEqualTo("open");
            if (transports.contains(",")) {
                assertThat(events.poll(10, TimeUnit.SECONDS)).isEqualTo("upgrade");
            }
            socket.send("hello é");
            assertThat(events.poll(10, TimeUnit.SECONDS)).isEqualTo("text:hello é");
            socket.send(new byte[] {1, 2, 3, (byte) 255});
            assertThat(events.poll(10, TimeUnit.SECONDS)).isEqualTo("[1, 2, 3, -1]");
            for (int i = 0; i < 5; i++) {
                socket.send("n" + i);
                assertThat(events.poll(10, TimeUnit.SECONDS)).isEqualTo("text:n" + i);
            }
        } finally {
            socket.close();
        }
        assertThat(events.poll(10, TimeUnit.SECONDS)).isEqualTo("close:forced close");
    }
}
