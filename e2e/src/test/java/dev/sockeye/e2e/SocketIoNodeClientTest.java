package dev.sockeye.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sockeye.core.parser.JsonParser;
import dev.sockeye.netty.NettyServer;
import dev.sockeye.server.ConnectError;
import dev.sockeye.server.Socket;
import dev.sockeye.server.SocketIoServer;
import dev.sockeye.testing.node.NodePeer;
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
 * Sockeye driven by the official socket.io-client 4.x (Node), over polling, WebSocket and the upgrade,
 * with the default JSON parser ({@link MsgpackNodeClientTest} runs the same with the msgpack one).
 */
class SocketIoNodeClientTest {
    private SocketIoServer io;
    private Served server;
    private final BlockingQueue<Socket> connected = new LinkedBlockingQueue<>();
    private final BlockingQueue<String> serverEvents = new LinkedBlockingQueue<>();

    @BeforeEach
    void start() {
        io = options(SocketIoServer.builder()).build();
        refuseBadTokens(io);
        io.onConnection(socket -> {
            socket.emit("welcome", socket.handshake().auth(), socket.id());
            socket.on("echo", (args, ack) -> ack.send(args.nodes().toArray()));
            socket.on("join", String.class, room -> socket.join(room));
            socket.on("shout", String.class, (room, ack) -> {
                socket.to(room).emit("shouted", room, socket.id());
                ack.send("done");
            });
            socket.on("bye", () -> socket.disconnect());
            socket.onDisconnect(reason -> serverEvents.add("disconnect " + reason));
            connected.add(socket);
        });
        io.of("/admin").onConnection(socket -> socket.emit("admin", "hello admin"));
        server = serve(io);
    }

    /** A running front serving the test's server: its port, and how to stop it. */
    record Served(int port, Runnable stop) {}

    /** Serves {@code io} on a loopback port; on the Netty front here ({@link ServletFrontNodeClientTest}: a servlet container). */
    Served serve(SocketIoServer io) {
        NettyServer netty = Loopback.serve(io.engine());
        return new Served(netty.port(), netty::close);
    }

    @AfterEach
    void stop() {
        io.close();
        server.stop().run();
    }

    /** A middleware refusing auth {@code {token: "bad"}}: connect_error {@code not authorized}, data {@code {code: 401}}. */
    static void refuseBadTokens(SocketIoServer io) {
        io.use((socket, next) -> {
            if ("bad".equals(socket.handshake().auth().path("token").asString(""))) {
                next.fail(new ConnectError("not authorized", Map.of("code", 401)));
            } else {
                next.proceed();
            }
        });
    }

    /** The server's options beyond the defaults; none here. */
    SocketIoServer.Builder options(SocketIoServer.Builder builder) {
        return builder;
    }

    /** The environment of the client script ({@code SOCKEYE_PARSER}); empty here. */
    Map<String, String> clientEnvironment() {
        return Map.of();
    }

    /** The port the server listens on. */
    int port() {
        return server.port();
    }

    private NodePeer client(String transports) throws Exception {
        return NodePeer.start(
                "socketio/client.js", clientEnvironment(), "http://127.0.0.1:" + server.port(), transports);
    }

    private static JsonNode json(String line) {
        return JsonParser.defaultMapper().readTree(line);
    }

    private volatile boolean upgraded;

    /** The next line about a Socket.IO event (engine-level reports skipped, an upgrade noted). */
    private JsonNode next(NodePeer peer) throws InterruptedException {
        return json(peer.awaitLine(l -> {
            if (l.contains("\"upgrade\"")) {
                upgraded = true;
            }
            return !l.contains("\"engine-open\"") && !l.contains("\"upgrade\"");
        }));
    }

    private Socket serverSocket() throws InterruptedException {
        Socket socket = connected.poll(10, TimeUnit.SECONDS);
        assertThat(socket).as("server-side socket").isNotNull();
        return socket;
    }

    @ParameterizedTest
    @ValueSource(strings = {"polling", "websocket", "polling,websocket"})
    void connectsWithAuthAndExchangesEventsAndAcks(String transports) throws Exception {
        try (NodePeer peer = client(transports)) {
            peer.send("{\"open\":\"/\",\"auth\":{\"token\":\"t1\"}}");
            JsonNode connect = next(peer);
            assertThat(connect.path("event").asString()).isEqualTo("connect");
            Socket socket = serverSocket();
            assertThat(connect.path("id").asString()).isEqualTo(socket.id());
            JsonNode welcome = next(peer);
            assertThat(welcome.toString())
                    .isEqualTo(
                            "{\"event\":\"message\",\"nsp\":\"/\",\"name\":\"welcome\",\"args\":[{\"token\":\"t1\"},\""
                                    + socket.id() + "\"]}");

            peer.send("{\"emit\":\"echo\",\"args\":[1,\"two\",{\"three\":[true]},{\"$bin\":[1,2,3]}],\"ack\":true}");
            JsonNode ack = next(peer);
            assertThat(ack.path("event").asString()).isEqualTo("ack");
            assertThat(ack.path("args").toString()).isEqualTo("[1,\"two\",{\"three\":[true]},{\"$bin\":[1,2,3]}]");

            CompletableFuture<JsonNode> answer = socket.timeout(Duration.ofSeconds(5))
                    .emitWithAck("question", JsonNode.class, Map.of("q", 42), new byte[] {9, 8});
            JsonNode question = next(peer);
            assertThat(question.path("name").asString()).isEqualTo("question");
            assertThat(question.path("acked").asBoolean()).isTrue();
            assertThat(answer.get(10, TimeUnit.SECONDS).toString()).isEqualTo("{\"q\":42}");

            if (transports.contains(",")) {
                for (int i = 0; i < 50 && !upgraded; i++) {
                    peer.send("{\"emit\":\"echo\",\"args\":[\"until upgraded\"],\"ack\":true}");
                    next(peer);
                }
                assertThat(upgraded).as("upgraded to websocket").isTrue();
                peer.send("{\"emit\":\"echo\",\"args\":[\"after upgrade\"],\"ack\":true}");
                assertThat(next(peer).path("args").toString()).isEqualTo("[\"after upgrade\"]");
            }

            peer.send("{\"emit\":\"bye\"}");
            JsonNode disconnect = next(peer);
            assertThat(disconnect.path("event").asString()).isEqualTo("disconnect");
            assertThat(disconnect.path("reason").asString()).isEqualTo("io server disconnect");
            assertThat(serverEvents.poll(10, TimeUnit.SECONDS)).isEqualTo("disconnect server namespace disconnect");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"polling", "websocket"})
    void namespacesAndMiddlewaresShareOneConnection(String transports) throws Exception {
        try (NodePeer peer = client(transports)) {
            peer.send("{\"open\":\"/\",\"auth\":{\"token\":\"bad\"}}");
            JsonNode refused = next(peer);
            assertThat(refused.toString())
                    .isEqualTo(
                            "{\"event\":\"connect_error\",\"nsp\":\"/\",\"message\":\"not authorized\",\"data\":{\"code\":401}}");
            peer.send("{\"open\":\"/admin\"}");
            assertThat(next(peer).path("event").asString()).isEqualTo("connect");
            assertThat(next(peer).path("args").toString()).isEqualTo("[\"hello admin\"]");
            peer.send("{\"open\":\"/nowhere\"}");
            JsonNode invalid = next(peer);
            assertThat(invalid.path("event").asString()).isEqualTo("connect_error");
            assertThat(invalid.path("message").asString()).isEqualTo("Invalid namespace");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"polling", "websocket"})
    void roomsReachOtherClientsButNotTheSender(String transports) throws Exception {
        try (NodePeer a = client(transports);
                NodePeer b = client(transports);
                NodePeer c = client(transports)) {
            for (NodePeer peer : List.of(a, b, c)) {
                peer.send("{\"open\":\"/\"}");
                assertThat(next(peer).toString()).contains("\"event\":\"connect\"");
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
            assertThat(next(b).path("name").asString()).isEqualTo("shouted");

            io.to("room").emit("to room", new byte[] {5});
            String toRoom = "{\"event\":\"message\",\"nsp\":\"/\",\"name\":\"to room\",\"args\":[{\"$bin\":[5]}]}";
            assertThat(next(a).toString()).isEqualTo(toRoom);
            assertThat(next(b).toString()).isEqualTo(toRoom);
            io.except("room").emit("to others");
            assertThat(next(c).path("name").asString()).isEqualTo("to others"); // c never got the room events

            List<Integer> sizes = io.timeout(Duration.ofSeconds(5))
                    .emitWithAck("count", Integer.class, 7)
                    .get(10, TimeUnit.SECONDS);
            assertThat(sizes).containsExactly(7, 7, 7);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"polling", "websocket"})
    void clientSideDisconnectsReachTheServer(String transports) throws Exception {
        NodePeer peer = client(transports);
        try {
            peer.send("{\"open\":\"/\"}");
            next(peer);
            serverSocket();
            peer.send("{\"disconnect\":true}");
            assertThat(serverEvents.poll(10, TimeUnit.SECONDS)).isEqualTo("disconnect client namespace disconnect");
            peer.send("{\"open\":\"/\"}");
            peer.awaitLine(l -> l.contains("\"connect\""));
            serverSocket();
        } finally {
            peer.close(); // kills the client process: its transport goes away
        }
        assertThat(serverEvents.poll(70, TimeUnit.SECONDS))
                .isIn("disconnect transport close", "disconnect transport error", "disconnect ping timeout");
    }
}
