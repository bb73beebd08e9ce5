package dev.sockeye.e2e;

import dev.sockeye.netty.NettyServer;
import io.socket.engineio.client.Socket;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The official clients against the echo endpoint over both transports and the upgrade:
 * engine.io-client from npm (Node) and io.socket:engine.io-client (Java). Heartbeats run at the
 * fixture's 300/200 ms, so a session that lives through several pings proves the client answers.
 */
class EngineClientInteropTest {
    private static NettyServer server;
    private static String url;

    @BeforeAll
    static void start() {
        server = ConformanceFixture.start("127.0.0.1", 0);
        url = "http://127.0.0.1:" + server.port();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @ParameterizedTest
    @ValueSource(strings = {"polling", "websocket", "polling,websocket"})
    void nodeClientGetsItsMessagesEchoed(String transports) throws Exception {
        try (NodePeer peer = NodePeer.start("engine/client.js", Map.of(), url, transports)) {
            String first = transports.split(",")[0];
            peer.expect(line -> line.startsWith("{\"event\":\"open\",\"transport\":\"" + first + "\""));
            if (transports.contains(",")) {
                peer.expect(line -> line.equals("{\"event\":\"upgrade\",\"transport\":\"websocket\"}"));
            }
            String last = transports.endsWith("websocket") ? "websocket" : "polling";
            peer.send("{\"send\":\"hello é\"}");
            peer.expect(line -> line.equals("{\"event\":\"message\",\"data\":\"hello é\",\"transport\":\"" + last + "\"}"));
            peer.send("{\"sendBinary\":[1,2,3,255]}");
            peer.expect(line -> line.equals("{\"event\":\"message\",\"binary\":[1,2,3,255],\"transport\":\"" + last + "\"}"));
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
        socket.on(Socket.EVENT_MESSAGE, args -> events.add(args[0] instanceof byte[] ? Arrays.toString((byte[]) args[0]) : "text:" + args[0]));
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
            socket.send(new byte[]{1, 2, 3, (byte) 255});
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
