package dev.sockeye.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sockeye.core.parser.MsgpackParser;
import dev.sockeye.netty.NettySocketIoServer;
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
 * The msgpack client bundle Sockeye serves ({@code /socket.io/socket.io.msgpack.min.js}) in headless Chromium
 * ({@code node/browser/msgpack-bundle.js}, Playwright) against a server with {@link MsgpackParser}: a middleware's
 * connect_error with data, events and acks both ways with {@code ArrayBuffer}s, rooms and a second namespace, over
 * polling and over WebSocket.
 */
class MsgpackBrowserTest {

    private static final Duration BROWSER_TIMEOUT = Duration.ofSeconds(60);

    @ParameterizedTest
    @ValueSource(strings = {"polling", "websocket"})
    void theServedMsgpackBundleTalksToAMsgpackServer(String transport) throws Exception {
        Chromium.assertInstalled();
        BlockingQueue<String> answers = new LinkedBlockingQueue<>();
        SocketIoServer io = SocketIoServer.builder().parser(new MsgpackParser()).build();
        SocketIoNodeClientTest.refuseBadTokens(io);
        io.onConnection(socket -> {
            socket.emit("welcome", socket.handshake().auth(), socket.id());
            socket.timeout(Duration.ofSeconds(10))
                    .emitWithAck("question", JsonNode.class, Map.of("q", 42), new byte[] {9, 8})
                    .thenAccept(answer -> answers.add(answer.toString()));
            socket.on("echo", (args, ack) -> ack.send(args.nodes().toArray()));
            socket.on("join", String.class, (room, ack) -> {
                socket.join(room);
                ack.send(true);
            });
            socket.on("shout", String.class, (room, ack) -> {
                socket.to(room).emit("shouted", room, new byte[] {7});
                ack.send("done");
            });
        });
        io.of("/admin").onConnection(socket -> socket.emit("admin", "hello admin"));
        try (NettySocketIoServer server = Loopback.serve(io);
                NodePeer browser = Chromium.run("browser/msgpack-bundle.js", server.port(), transport)) {
            assertThat(browser.seenUntilOk(BROWSER_TIMEOUT))
                    .isEqualTo("{\"connectError\":{\"message\":\"not authorized\",\"data\":{\"code\":401}},"
                            + "\"welcome\":[{\"token\":\"t1\"},\"my id\"],"
                            + "\"question\":[{\"q\":42},{\"bin\":[9,8]}],"
                            + "\"echo\":[1,\"two\",{\"three\":[true,null,-4.25]},{\"bin\":[1,2,3]}],"
                            + "\"shout\":\"done\",\"shouted\":[\"room\",{\"bin\":[7]}],"
                            + "\"admin\":[\"hello admin\"],\"transport\":\"" + transport + "\"}");
            // the browser's ack, an ArrayBuffer inside: a binary node on the server
            assertThat(answers.poll(10, TimeUnit.SECONDS)).isEqualTo("\"answer\"");
        }
    }
}
