package dev.sockeye.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sockeye.netty.NettySocketIoServer;
import dev.sockeye.server.Socket;
import dev.sockeye.server.SocketIoServer;
import dev.sockeye.testing.node.NodePeer;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;

/**
 * The Socket.IO v2 browser client ({@code dist/socket.io.js} of npm socket.io-client 2.5.0) in headless Chromium
 * ({@code node/browser/v2-client.js}, Playwright) against a server with {@code allowEIO3}, over polling, WebSocket and
 * the upgrade: a refusal with data in {@code "/"} and in {@code "/admin"}, events and acks with {@code ArrayBuffer}s
 * both ways, rooms, a second namespace with its query as auth, and a reconnection after the server drops the
 * connection. The handlers are {@link V2ClientFixture#serve}'s.
 */
class V2BrowserClientTest {

    private static final Duration BROWSER_TIMEOUT = Duration.ofSeconds(60);

    @ParameterizedTest
    @ValueSource(strings = {"polling", "websocket", "polling,websocket"})
    void theV2BrowserClientTalksToAServerWithAllowEio3(String transports) throws Exception {
        Chromium.assertInstalled();
        BlockingQueue<String> answers = new LinkedBlockingQueue<>();
        SocketIoServer io = SocketIoServer.builder().allowEIO3(true).build();
        BlockingQueue<Socket> connected = new LinkedBlockingQueue<>();
        V2ClientFixture.serve(io, connected);
        io.onConnection(socket -> {
            if ("t1".equals(socket.handshake().query().get("token"))) {
                socket.timeout(Duration.ofSeconds(10))
                        .emitWithAck("question", JsonNode.class, Map.of("q", 42), new byte[] {9, 8})
                        .thenAccept(answer -> answers.add(answer.toString()));
            }
        });
        try (NettySocketIoServer server = Loopback.serve(io);
                NodePeer browser = Chromium.run("browser/v2-client.js", server.port(), transports)) {
            assertThat(browser.seenUntilOk(BROWSER_TIMEOUT))
                    .isEqualTo(
                            "{\"refused\":{\"code\":401},"
                                    + "\"welcome\":[\"t1\",\"my engine id\"],"
                                    + "\"question\":[{\"q\":42},{\"bin\":[9,8]}],"
                                    + "\"echo\":[1,\"two\",{\"three\":[true,null,-4.25]},{\"bin\":[1,2,3]}],"
                                    + "\"shout\":[\"done\"],\"shouted\":[\"room\",{\"bin\":[7]}],"
                                    + "\"admin\":[{\"token\":\"t2\"},\"/admin#engine id\"],\"adminRefused\":{\"code\":401},"
                                    + "\"transport\":\"" + (transports.contains("websocket") ? "websocket" : "polling")
                                    + "\","
                                    + "\"echoAfterUpgrade\":[\"again\",{\"bin\":[5]}],"
                                    + "\"dropped\":[\"transport close\"],\"reconnected\":\"with a new id\",\"echoAfterReconnect\":[\"reconnected\"]}");
            // the browser's ack, an ArrayBuffer inside: a binary node on the server
            assertThat(answers.poll(10, TimeUnit.SECONDS)).isEqualTo("\"answer\"");
        }
    }
}
