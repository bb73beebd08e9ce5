package dev.sockeye.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sockeye.core.parser.JsonParser;
import dev.sockeye.core.parser.MsgpackParser;
import dev.sockeye.netty.NettyServer;
import dev.sockeye.server.ConnectError;
import dev.sockeye.server.Socket;
import dev.sockeye.server.SocketIoServer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;

/**
 * Sockeye with {@link MsgpackParser} driven by the official socket.io-client 4.8 with npm
 * socket.io-msgpack-parser 3.0.2 ({@code SOCKEYE_PARSER=msgpack node socketio/client.js}), over
 * polling (binary messages base64-encoded in the payload) and WebSocket (binary frames).
 */
class MsgpackNodeClientTest {
    private SocketIoServer io;
    private NettyServer server;
    private final BlockingQueue<Socket> connected = new LinkedBlockingQueue<>();

    @BeforeEach
    void start() {
        io = SocketIoServer.builder().parser(new MsgpackParser()).build();
        io.use((socket, next) -> {
            if ("bad".equals(socket.handshake().auth().path("token").asString(""))) {
                next.fail(new ConnectError("not authorized", Map.of("code", 401, "retry", false)));
            } else {
                next.proceed();
            }
        });
        io.onConnection(socket -> {
            socket.emit("welcome", socket.handshake().auth(), socket.id());
            socket.on("echo", (args, ack) -> ack.send(args.nodes().toArray()));
            socket.on("join", String.class, room -> socket.join(room));
            socket.on("shout", String.class, (room, ack) -> {
                socket.to(room).emit("shouted", room, new byte[] {7});
                ack.send("done");
            });
            connected.add(socket);
        });
        io.of("/admin").onConnection(socket -> socket.emit("admin", "hello admin", new byte[] {1, 2}));
        server = NettyServer.builder().host("127.0.0.1").port(0).engine(io.engine()).build().start();
    }

    @AfterEach
    void stop() {
        io.close();
        server.close();
    }

    private NodePeer client(String transports) throws Exception {
        return NodePeer.start("socketio/client.js", Map.of("SOCKEYE_PARSER", "msgpack"),
                "http://127.0.0.1:" + server.port(), transports);
    }

    /** The next line about a Socket.IO event (engine-level reports skipped). */
    private static JsonNode next(NodePeer peer) throws InterruptedException {
        return JsonParser.defaultMapper().readTree(
                peer.awaitLine(l -> !l.contains("\"engine-open\"") && !l.contains("\"upgrade\"")));
    }

    private Socket serverSocket() throws InterruptedException {
        Socket socket = connected.poll(10, TimeUnit.SECONDS);
        assertThat(socket).as("server-side socket").isNotNull();
        return socket;
    }

    @ParameterizedTest
    @ValueSource(strings = {"polling", "websocket"})
    void connectsWithAuthAndExchangesEventsAndAcksWithBinaryBothWays(String transports) throws Exception {
        try (NodePeer peer = client(transports)) {
            peer.send("{\"open\":\"/\",\"auth\":{\"token\":\"t1\",\"n\":1.5}}");
            JsonNode connect = next(peer);
            assertThat(connect.path("event").asString()).isEqualTo("connect");
            Socket socket = serverSocket();
            assertThat(connect.path("id").asString()).isEqualTo(socket.id());
            assertThat(next(peer).toString()).isEqualTo("{\"event\":\"message\",\"nsp\":\"/\",\"name\":\"welcome\","
                    + "\"args\":[{\"token\":\"t1\",\"n\":1.5},\"" + socket.id() + "\"]}");

            peer.send("{\"emit\":\"echo\",\"args\":[1,\"two\",{\"three\":[true,null,-4.25]},{\"$bin\":[1,2,3]}],\"ack\":true}");
            JsonNode ack = next(peer);
            assertThat(ack.path("event").asString()).isEqualTo("ack");
            assertThat(ack.path("args").toString()).isEqualTo("[1,\"two\",{\"three\":[true,null,-4.25]},{\"$bin\":[1,2,3]}]");

            CompletableFuture<JsonNode> answer = socket.timeout(Duration.ofSeconds(5))
                    .emitWithAck("question", JsonNode.class, Map.of("q", 42), new byte[] {9, 8});
            JsonNode question = next(peer);
            assertThat(question.toString()).isEqualTo("{\"event\":\"message\",\"nsp\":\"/\",\"name\":\"question\","
                    + "\"args\":[{\"q\":42},{\"$bin\":[9,8]}],\"acked\":true}");
            // the client acks with its own args: the object and the bytes come back
            assertThat(answer.get(10, TimeUnit.SECONDS).toString()).isEqualTo("{\"q\":42}");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"polling", "websocket"})
    void namespacesAndMiddlewareErrorsWithData(String transports) throws Exception {
        try (NodePeer peer = client(transports)) {
            peer.send("{\"open\":\"/\",\"auth\":{\"token\":\"bad\"}}");
            assertThat(next(peer).toString()).isEqualTo("{\"event\":\"connect_error\",\"nsp\":\"/\","
                    + "\"message\":\"not authorized\",\"data\":{\"code\":401,\"retry\":false}}");
            peer.send("{\"open\":\"/admin\"}");
            assertThat(next(peer).path("event").asString()).isEqualTo("connect");
            assertThat(next(peer).path("args").toString()).isEqualTo("[\"hello admin\",{\"$bin\":[1,2]}]");
            peer.send("{\"open\":\"/nowhere\"}");
            JsonNode invalid = next(peer);
            assertThat(invalid.path("event").asString()).isEqualTo("connect_error");
            assertThat(invalid.path("message").asString()).isEqualTo("Invalid namespace");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"polling", "websocket"})
    void roomsReachOtherClientsButNotTheSender(String transports) throws Exception {
        try (NodePeer a = client(transports); NodePeer b = client(transports); NodePeer c = client(transports)) {
            for (NodePeer peer : List.of(a, b, c)) {
                peer.send("{\"open\":\"/\"}");
                assertThat(next(peer).path("event").asString()).isEqualTo("connect");
                next(peer); // welcome
                serverSocket();
            }
            a.send("{\"emit\":\"join\",\"args\":[\"room\"]}");
            b.send("{\"emit\":\"join\",\"args\":[\"room\"]}");
            a.send("{\"emit\":\"echo\",\"args\":[\"sync\"],\"ack\":true}");
            next(a);
            b.send("{\"emit\":\"echo\",\"args\":[\"sync\"],\"ack\":true}");
            next(b);
            a.send("{\"emit\":\"shout\",\"args\":[\"room\"],\"ack\":true}");
            assertThat(next(a).path("args").toString()).isEqualTo("[\"done\"]");
            assertThat(next(b).path("args").toString()).isEqualTo("[\"room\",{\"$bin\":[7]}]");

            io.to("room").emit("to room", new byte[] {5});
            assertThat(next(a).path("args").toString()).isEqualTo("[{\"$bin\":[5]}]");
            assertThat(next(b).path("args").toString()).isEqualTo("[{\"$bin\":[5]}]");
            io.except("room").emit("to others");
            assertThat(next(c).path("name").asString()).isEqualTo("to others"); // c got none of the room's events

            List<Integer> sizes = io.timeout(Duration.ofSeconds(5)).emitWithAck("count", Integer.class, 7)
                    .get(10, TimeUnit.SECONDS);
            assertThat(sizes).containsExactly(7, 7, 7);
        }
    }
}
