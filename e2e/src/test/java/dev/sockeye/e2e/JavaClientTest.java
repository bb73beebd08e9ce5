package dev.sockeye.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sockeye.netty.NettySocketIoServer;
import dev.sockeye.server.AckTimeoutException;
import dev.sockeye.server.ConnectError;
import dev.sockeye.server.Socket;
import dev.sockeye.server.SocketDisconnectedException;
import dev.sockeye.server.SocketIoServer;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.json.JSONObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;

/**
 * Sockeye on a {@link NettySocketIoServer} driven by the official Java client
 * ({@code io.socket:socket.io-client} 2.x) over polling, WebSocket and the upgrade: auth, events and
 * acks both ways, binary, namespaces, middleware refusals, disconnect reasons, rooms.
 */
class JavaClientTest {
    private static final Duration WAIT = Duration.ofSeconds(10);

    private SocketIoServer io;
    private NettySocketIoServer server;
    private final BlockingQueue<Socket> connected = new LinkedBlockingQueue<>();
    private final BlockingQueue<String> serverEvents = new LinkedBlockingQueue<>();
    private final CountDownLatch upgraded = new CountDownLatch(1);
    private final List<JavaClient> clients = new java.util.concurrent.CopyOnWriteArrayList<>();

    @BeforeEach
    void start() {
        // Short heartbeats: the Java client over WebSocket notices a server close only by ping timeout (OkHttp leaves
        // the server's close frame unanswered, so it never reads the end of the connection).
        io = SocketIoServer.builder()
                .pingInterval(Duration.ofSeconds(2))
                .pingTimeout(Duration.ofSeconds(3))
                .build();
        io.use((socket, next) -> {
            if ("bad".equals(socket.handshake().auth().path("token").asString(""))) {
                next.fail(new ConnectError("not authorized", Map.of("code", 401)));
            } else {
                next.proceed();
            }
        });
        io.onConnection(socket -> {
            socket.conn().onUpgrade(transport -> upgraded.countDown());
            if (socket.conn().transport().equals("websocket")) {
                upgraded.countDown();
            }
            socket.emit("welcome", socket.handshake().auth(), socket.id());
            socket.on("echo", (args, ack) -> ack.send(args.nodes().toArray()));
            socket.on("join", String.class, room -> socket.join(room));
            socket.on("shout", String.class, (room, ack) -> {
                socket.to(room).emit("shouted", room);
                ack.send("done");
            });
            socket.on("bye", () -> socket.disconnect());
            socket.onDisconnect(reason -> serverEvents.add("disconnect " + reason));
            connected.add(socket);
        });
        io.of("/admin").onConnection(socket -> socket.emit("admin", "hello admin"));
        server = Loopback.serve(io);
    }

    @AfterEach
    void stop() {
        clients.forEach(JavaClient::close);
        server.close();
    }

    private JavaClient client(String transports) {
        JavaClient client = new JavaClient(server.port(), transports);
        clients.add(client);
        return client;
    }

    private Socket serverSocket() throws InterruptedException {
        Socket socket = connected.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS);
        assertThat(socket).as("server-side socket").isNotNull();
        return socket;
    }

    @ParameterizedTest
    @ValueSource(strings = {"polling", "websocket", "polling,websocket"})
    void connectsWithAuthAndExchangesEventsAcksAndBinaryBothWays(String transports) throws Exception {
        JavaClient client = client(transports);
        JavaClient.Nsp nsp = client.open("/", Map.of("token", "t1"), "welcome", "question", "bytes");

        assertThat(nsp.next()).isEqualTo("connect");
        Socket socket = serverSocket();
        assertThat(nsp.socket.id()).isEqualTo(socket.id());
        assertThat(nsp.next()).isEqualTo("welcome [{\"token\":\"t1\"},\"" + socket.id() + "\"]");

        String echoed = nsp.emitWithAck(
                        "echo", 1, "two", JavaClient.object("three", true), new byte[] {1, 2, (byte) 255})
                .get(WAIT.toSeconds(), TimeUnit.SECONDS);
        assertThat(echoed).isEqualTo("[1,\"two\",{\"three\":true},{\"$bin\":[1,2,255]}]");

        CompletableFuture<JsonNode> answer = socket.timeout(Duration.ofSeconds(5))
                .emitWithAck("question", JsonNode.class, Map.of("q", 42), new byte[] {9, 8});
        assertThat(nsp.next()).isEqualTo("question [{\"q\":42},{\"$bin\":[9,8]}] acked");
        assertThat(answer.get(WAIT.toSeconds(), TimeUnit.SECONDS).toString()).isEqualTo("{\"q\":42}");

        socket.emit("bytes", new byte[] {0, 127, -128}, Map.of("nested", new byte[] {7}));
        assertThat(nsp.next()).isEqualTo("bytes [{\"$bin\":[0,127,128]},{\"nested\":{\"$bin\":[7]}}]");

        if (transports.contains(",")) {
            assertThat(upgraded.await(WAIT.toSeconds(), TimeUnit.SECONDS))
                    .as("upgraded to websocket")
                    .isTrue();
            assertThat(socket.conn().transport()).isEqualTo("websocket");
            assertThat(nsp.emitWithAck("echo", "after upgrade").get(WAIT.toSeconds(), TimeUnit.SECONDS))
                    .isEqualTo("[\"after upgrade\"]");
        } else {
            assertThat(socket.conn().transport()).isEqualTo(transports);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"polling", "websocket"})
    void namespacesAndMiddlewareRefusalsShareOneConnection(String transports) throws Exception {
        JavaClient client = client(transports);
        // /admin first: the Java client closes its Manager's connection when a refusal leaves it no active
        // socket, and that close would race with a namespace opened right after the refusal
        JavaClient.Nsp admin = client.open("/admin", Map.of(), "admin");
        assertThat(admin.next()).isEqualTo("connect");
        assertThat(admin.next()).isEqualTo("admin [\"hello admin\"]");

        JavaClient.Nsp main = client.open("/", Map.of("token", "bad"));
        JSONObject error = connectError(main.next());
        assertThat(error.optString("message")).isEqualTo("not authorized");
        assertThat(error.optJSONObject("data").optInt("code")).isEqualTo(401);

        JavaClient.Nsp nowhere = client.open("/nowhere", Map.of());
        assertThat(connectError(nowhere.next()).optString("message")).isEqualTo("Invalid namespace");
        assertThat(io.engine().clientsCount())
                .as("one Engine.IO connection for every namespace")
                .isEqualTo(1);
    }

    /** The error object of a {@code connect_error [<object>]} line. */
    private static JSONObject connectError(String line) {
        assertThat(line).startsWith("connect_error [").endsWith("]");
        return JavaClient.object(line.substring("connect_error [".length(), line.length() - 1));
    }

    @ParameterizedTest
    @ValueSource(strings = {"polling", "websocket"})
    void disconnectReasonsOnBothSides(String transports) throws Exception {
        JavaClient client = client(transports);
        JavaClient.Nsp nsp = client.open("/", Map.of(), "welcome");
        assertThat(nsp.next()).isEqualTo("connect");
        serverSocket();
        nsp.next(); // welcome

        nsp.socket.emit("bye");
        assertThat(nsp.next()).isEqualTo("disconnect io server disconnect");
        assertThat(serverEvents.poll(WAIT.toSeconds(), TimeUnit.SECONDS))
                .isEqualTo("disconnect server namespace disconnect");

        JavaClient other = client(transports);
        JavaClient.Nsp second = other.open("/", Map.of(), "welcome");
        assertThat(second.next()).isEqualTo("connect");
        serverSocket();
        second.socket.disconnect();
        assertThat(serverEvents.poll(WAIT.toSeconds(), TimeUnit.SECONDS))
                .isEqualTo("disconnect client namespace disconnect");

        JavaClient third = client(transports);
        JavaClient.Nsp last = third.open("/", Map.of(), "welcome");
        assertThat(last.next()).isEqualTo("connect");
        serverSocket();
        last.next(); // welcome
        int port = server.port();
        server.close();
        assertThat(serverEvents.poll(WAIT.toSeconds(), TimeUnit.SECONDS)).isEqualTo("disconnect server shutting down");
        assertThat(last.next())
                .isIn("disconnect transport close", "disconnect transport error", "disconnect ping timeout");
        try (ServerSocket again = new ServerSocket()) {
            again.bind(new InetSocketAddress("127.0.0.1", port)); // the port is free again
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"polling", "websocket"})
    void disconnectTrueEndsEveryNamespaceOfTheConnection(String transports) throws Exception {
        JavaClient client = client(transports);
        JavaClient.Nsp main = client.open("/", Map.of());
        assertThat(main.next()).isEqualTo("connect");
        Socket socket = serverSocket();
        JavaClient.Nsp admin = client.open("/admin", Map.of());
        assertThat(admin.next()).isEqualTo("connect");
        socket.disconnect(true);
        assertThat(main.next()).isEqualTo("disconnect io server disconnect");
        assertThat(admin.next()).isEqualTo("disconnect io server disconnect");
        assertThat(serverEvents.poll(WAIT.toSeconds(), TimeUnit.SECONDS))
                .isEqualTo("disconnect server namespace disconnect");
    }

    @Test
    void anAckTheClientNeverSendsFailsOnTimeoutAndOnDisconnect() throws Exception {
        JavaClient client = client("websocket");
        JavaClient.Nsp nsp = client.open("/", Map.of()); // listens to nothing: never acknowledges
        assertThat(nsp.next()).isEqualTo("connect");
        Socket socket = serverSocket();
        CompletableFuture<String> timedOut =
                socket.timeout(Duration.ofMillis(300)).emitWithAck("unheard", String.class);
        assertThatThrownBy(() -> timedOut.get(WAIT.toSeconds(), TimeUnit.SECONDS))
                .isInstanceOf(ExecutionException.class)
                .hasCauseInstanceOf(AckTimeoutException.class);
        CompletableFuture<String> abandoned = socket.emitWithAck("unheard", String.class);
        nsp.socket.disconnect();
        assertThatThrownBy(() -> abandoned.get(WAIT.toSeconds(), TimeUnit.SECONDS))
                .isInstanceOf(ExecutionException.class)
                .hasCauseInstanceOf(SocketDisconnectedException.class);
    }

    @Test
    void theJavaClientConnectsOnACustomPath() throws Exception {
        SocketIoServer custom = SocketIoServer.builder().path("/custom-path/").build();
        custom.onConnection(
                socket -> socket.on("echo", (args, ack) -> ack.send(args.nodes().toArray())));
        try (NettySocketIoServer other = Loopback.serve(custom);
                JavaClient client = new JavaClient(other.port(), "polling,websocket", "/custom-path/")) {
            JavaClient.Nsp nsp = client.open("/", Map.of());
            assertThat(nsp.next()).isEqualTo("connect");
            assertThat(nsp.emitWithAck("echo", "here").get(WAIT.toSeconds(), TimeUnit.SECONDS))
                    .isEqualTo("[\"here\"]");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"polling", "websocket"})
    void roomsReachTheirMembersOnceAndNeverTheSender(String transports) throws Exception {
        JavaClient.Nsp a = client(transports).open("/", Map.of(), "welcome", "shouted", "news");
        JavaClient.Nsp b = client(transports).open("/", Map.of(), "welcome", "shouted", "news");
        JavaClient.Nsp c = client(transports).open("/", Map.of(), "welcome", "shouted", "news");
        for (JavaClient.Nsp nsp : List.of(a, b, c)) {
            assertThat(nsp.next()).isEqualTo("connect");
            assertThat(nsp.next()).startsWith("welcome ");
            serverSocket();
        }
        a.socket.emit("join", "red");
        b.socket.emit("join", "red");
        b.socket.emit("join", "blue");
        c.socket.emit("join", "blue");
        for (JavaClient.Nsp nsp : List.of(a, b, c)) { // handlers run in order: the joins are done
            nsp.emitWithAck("echo", "sync").get(WAIT.toSeconds(), TimeUnit.SECONDS);
        }

        assertThat(a.emitWithAck("shout", "red").get(WAIT.toSeconds(), TimeUnit.SECONDS))
                .isEqualTo("[\"done\"]");
        assertThat(b.next()).isEqualTo("shouted [\"red\"]");

        io.to("red").to("blue").emit("news", 1);
        io.to("blue").except("red").emit("news", 2);
        io.except("blue").emit("news", 3);
        assertThat(a.next()).isEqualTo("news [1]");
        assertThat(a.next()).isEqualTo("news [3]");
        assertThat(b.next()).as("in both rooms, received once").isEqualTo("news [1]");
        assertThat(c.next()).isEqualTo("news [1]");
        assertThat(c.next()).isEqualTo("news [2]");
        for (JavaClient.Nsp nsp : List.of(a, b, c)) {
            nsp.assertQuiet(Duration.ofMillis(300));
        }
    }

    @Test
    void aBatchHandsItsPacketsOnWhenItReturnsAndTheyArriveInOrder() throws Exception {
        JavaClient.Nsp a = client("websocket").open("/", Map.of(), "welcome", "news");
        JavaClient.Nsp b = client("websocket").open("/", Map.of(), "welcome", "news");
        List<Socket> members = new ArrayList<>();
        for (JavaClient.Nsp nsp : List.of(a, b)) {
            assertThat(nsp.next()).isEqualTo("connect");
            assertThat(nsp.next()).startsWith("welcome ");
            Socket member = serverSocket();
            member.join("red");
            members.add(member);
        }
        io.batch(() -> {
            for (int i = 0; i < 100; i++) {
                io.to("red").emit("news", i);
            }
            // sent from a thread that is not the connections' event loop: counted, not handed on before the return
            for (Socket member : members) {
                assertThat(member.conn().isWritable()).isFalse();
            }
            try {
                a.assertQuiet(Duration.ofMillis(300));
            } catch (InterruptedException e) {
                throw new AssertionError(e);
            }
        });
        for (JavaClient.Nsp nsp : List.of(a, b)) {
            for (int i = 0; i < 100; i++) {
                assertThat(nsp.next()).isEqualTo("news [" + i + "]");
            }
        }
        for (Socket member : members) {
            assertThat(member.conn().isWritable()).as("everything written").isTrue();
        }
    }
}
