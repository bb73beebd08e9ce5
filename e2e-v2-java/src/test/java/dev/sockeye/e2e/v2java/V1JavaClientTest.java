package dev.sockeye.e2e.v2java;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sockeye.e2e.Loopback;
import dev.sockeye.e2e.V2ClientFixture;
import dev.sockeye.netty.NettySocketIoServer;
import dev.sockeye.server.Socket;
import dev.sockeye.server.SocketIoServer;
import dev.sockeye.testing.Await;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.json.JSONObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;

/**
 * Sockeye with {@code allowEIO3} driven by the Java Socket.IO v2 client ({@code io.socket:socket.io-client} 1.0.2)
 * over polling, WebSocket and the upgrade: the implicit main namespace, namespaces with a query and refusals, events
 * and acks with binary both ways, rooms, a reconnection after the server drops the connection, and its refusal when
 * {@code allowEIO3} is off. The handlers are {@link V2ClientFixture#serve}'s.
 */
class V1JavaClientTest {
    private SocketIoServer io;
    private NettySocketIoServer server;
    private final BlockingQueue<Socket> connected = new LinkedBlockingQueue<>();
    private final List<V1JavaClient> clients = new ArrayList<>();

    @BeforeEach
    void start() {
        start(SocketIoServer.builder().allowEIO3(true));
    }

    private void start(SocketIoServer.Builder builder) {
        io = builder.build();
        V2ClientFixture.serve(io, connected);
        server = Loopback.serve(io);
    }

    /** Replaces the server with one of other options (before any client connected). */
    private void restart(SocketIoServer.Builder builder) {
        server.close();
        start(builder);
    }

    @AfterEach
    void stop() {
        clients.forEach(V1JavaClient::close);
        server.close();
    }

    private V1JavaClient client(String transports, String query, boolean reconnect) {
        V1JavaClient client = new V1JavaClient(server.port(), transports, query, reconnect);
        clients.add(client);
        return client;
    }

    private Socket serverSocket() throws InterruptedException {
        Socket socket = connected.poll(10, TimeUnit.SECONDS);
        assertThat(socket).as("server-side socket").isNotNull();
        return socket;
    }

    /** The next line of {@code nsp}, which must be its connect: returns the server-side socket, checking the ids agree. */
    private Socket connected(V1JavaClient.Nsp nsp) throws InterruptedException {
        String line = nsp.next();
        Socket socket = serverSocket();
        assertThat(line).isEqualTo("connect " + socket.id());
        return socket;
    }

    @ParameterizedTest
    @ValueSource(strings = {"polling", "websocket", "polling,websocket"})
    void theJavaV2ClientConnectsAndExchangesEventsAndAcksWithBinaryBothWays(String transports) throws Exception {
        V1JavaClient.Nsp main = client(transports, "token=t1", false).open("/", null, "welcome", "question");
        Socket socket = connected(main);
        assertThat(socket.id()).isEqualTo(socket.conn().id());
        assertThat(main.next()).isEqualTo("welcome [\"t1\",\"" + socket.id() + "\"]");

        assertThat(main.emitWithAck("echo", 1, "two", new JSONObject("{\"three\":[true]}"), new byte[] {1, 2, 3})
                        .get(10, TimeUnit.SECONDS))
                .isEqualTo("[1,\"two\",{\"three\":[true]},{\"$bin\":[1,2,3]}]");

        CompletableFuture<JsonNode> answer = socket.timeout(Duration.ofSeconds(5))
                .emitWithAck("question", JsonNode.class, Map.of("q", 42), new byte[] {9, 8});
        assertThat(main.next()).isEqualTo("question [{\"q\":42},{\"$bin\":[9,8]}] acked");
        assertThat(answer.get(10, TimeUnit.SECONDS).toString()).isEqualTo("{\"q\":42}");

        if (transports.contains(",")) {
            Await.until(
                    "the upgrade to WebSocket",
                    Duration.ofSeconds(10),
                    () -> socket.conn().transport().equals("websocket"));
            assertThat(main.emitWithAck("echo", "after upgrade", new byte[] {4}).get(10, TimeUnit.SECONDS))
                    .isEqualTo("[\"after upgrade\",{\"$bin\":[4]}]");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"polling", "websocket", "polling,websocket"})
    void namespacesTakeTheQueryAsAuthAndRefusalsReachTheErrorHandler(String transports) throws Exception {
        V1JavaClient a = client(transports, null, false);
        V1JavaClient.Nsp main = a.open("/", null, "welcome");
        Socket mainSocket = connected(main);
        V1JavaClient.Nsp admin = a.open("/admin", "token=t2", "admin");
        Socket adminSocket = connected(admin);
        assertThat(adminSocket.id()).isEqualTo("/admin#" + mainSocket.conn().id());
        assertThat(admin.next()).isEqualTo("admin [{\"token\":\"t2\"},\"" + adminSocket.id() + "\"]");

        // This client's parser takes only a string in an ERROR packet: a refusal whose data is an object (Node sends
        // the same bytes) never reaches its error handler, a refusal with a string or without data does.
        // (one client per attempt: the client keeps one socket per namespace)
        assertThat(client(transports, null, false).open("/admin", "token=text").next())
                .isEqualTo("error [\"token refused\"]");
        assertThat(client(transports, null, false).open("/admin", "token=none").next())
                .isEqualTo("error [\"forbidden\"]");
        V1JavaClient b = client(transports, null, false);
        V1JavaClient.Nsp withData = b.open("/admin", "token=bad");
        V1JavaClient.Nsp invalid = b.open("/nope", null);
        for (int i = 0; i < 3; i++) {
            assertThat(serverSocket().nsp().name())
                    .as("each client is in \"/\" at once")
                    .isEqualTo("/");
        }
        withData.assertQuiet(Duration.ofMillis(300));
        invalid.assertQuiet(Duration.ZERO);

        V1JavaClient.Nsp refused = client(transports, "token=bad", false).open("/", null);
        refused.assertQuiet(Duration.ofMillis(300));
        assertThat(connected.poll(0, TimeUnit.MILLISECONDS))
                .as("no socket for a refused client")
                .isNull();
        assertThat(io.of("/admin").adapter().sids())
                .as("only a's socket in /admin")
                .containsOnlyKeys(adminSocket.id());
    }

    @ParameterizedTest
    @ValueSource(strings = {"polling", "websocket", "polling,websocket"})
    void roomsAndBroadcastsReachJavaV2Clients(String transports) throws Exception {
        List<V1JavaClient.Nsp> sockets = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            V1JavaClient.Nsp nsp =
                    client(transports, null, false).open("/", null, "welcome", "shouted", "inside", "outside");
            connected(nsp);
            assertThat(nsp.next()).startsWith("welcome ");
            sockets.add(nsp);
        }
        V1JavaClient.Nsp a = sockets.get(0);
        V1JavaClient.Nsp b = sockets.get(1);
        V1JavaClient.Nsp c = sockets.get(2);
        assertThat(a.emitWithAck("join", "room").get(10, TimeUnit.SECONDS)).isEqualTo("[\"joined\"]");
        assertThat(b.emitWithAck("join", "room").get(10, TimeUnit.SECONDS)).isEqualTo("[\"joined\"]");

        assertThat(c.emitWithAck("shout", "room").get(10, TimeUnit.SECONDS)).isEqualTo("[\"done\"]");
        assertThat(a.next()).isEqualTo("shouted [\"room\",{\"$bin\":[7]}]");
        assertThat(b.next()).isEqualTo("shouted [\"room\",{\"$bin\":[7]}]");
        assertThat(a.emitWithAck("shout", "room").get(10, TimeUnit.SECONDS)).isEqualTo("[\"done\"]");
        assertThat(b.next()).isEqualTo("shouted [\"room\",{\"$bin\":[7]}]");

        io.except("room").emit("outside", 1);
        io.to("room").emit("inside", 2);
        assertThat(c.next()).isEqualTo("outside [1]");
        assertThat(a.next()).isEqualTo("inside [2]");
        assertThat(b.next()).isEqualTo("inside [2]");
    }

    @ParameterizedTest
    @ValueSource(strings = {"polling", "websocket", "polling,websocket"})
    void theJavaV2ClientReconnectsAfterTheServerDropsTheConnection(String transports) throws Exception {
        // Over WebSocket this client never answers the server's close frame (its transport has no onClosing), so it
        // notices a dropped connection only when the server's pongs stop: short heartbeats make that quick.
        restart(SocketIoServer.builder()
                .allowEIO3(true)
                .pingInterval(Duration.ofSeconds(1))
                .pingTimeout(Duration.ofSeconds(1)));
        V1JavaClient client = client(transports, null, true);
        V1JavaClient.Nsp main = client.open("/", null, "welcome");
        Socket mainSocket = connected(main);
        assertThat(main.next()).startsWith("welcome ");
        V1JavaClient.Nsp admin = client.open("/admin", "token=t3", "admin");
        Socket adminSocket = connected(admin);
        assertThat(admin.next()).startsWith("admin ");
        if (transports.contains(",")) {
            // Not during the upgrade (see V2NodeClientTest)
            Await.until(
                    "the upgrade to WebSocket",
                    Duration.ofSeconds(10),
                    () -> mainSocket.conn().transport().equals("websocket"));
        }
        String reason = transports.equals("polling") ? "transport close" : "ping timeout";

        mainSocket.conn().close();
        for (V1JavaClient.Nsp nsp : List.of(main, admin)) {
            assertThat(nsp.next()).isEqualTo("disconnect " + reason);
            assertThat(nsp.next()).isEqualTo("reconnect");
        }
        Socket first = serverSocket();
        Socket second = serverSocket();
        Socket newMain = first.nsp().name().equals("/") ? first : second;
        Socket newAdmin = first == newMain ? second : first;
        assertThat(main.next()).isEqualTo("connect " + newMain.id());
        assertThat(admin.next()).isEqualTo("connect " + newAdmin.id());
        assertThat(newMain.id())
                .isNotEqualTo(mainSocket.id())
                .isEqualTo(newMain.conn().id());
        assertThat(newAdmin.id()).isEqualTo("/admin#" + newMain.conn().id());
        assertThat(newAdmin.handshake().auth().toString()).isEqualTo("{\"token\":\"t3\"}");
        Await.until(
                "the old sockets' disconnect",
                Duration.ofSeconds(5),
                () -> !mainSocket.connected() && !adminSocket.connected());
        assertThat(main.emitWithAck("echo", "reconnected").get(10, TimeUnit.SECONDS))
                .isEqualTo("[\"reconnected\"]");
    }

    @ParameterizedTest
    @ValueSource(strings = {"polling", "websocket"})
    void withoutAllowEio3TheJavaV2ClientGetsAConnectError(String transports) throws Exception {
        SocketIoServer strict = SocketIoServer.create();
        BlockingQueue<Socket> strictSockets = new LinkedBlockingQueue<>();
        strict.onConnection(strictSockets::add);
        try (NettySocketIoServer strictServer = Loopback.serve(strict)) {
            V1JavaClient client = new V1JavaClient(strictServer.port(), transports, null, false);
            clients.add(client);
            assertThat(client.open("/", null).next()).isEqualTo("connect_error");
            assertThat(strictSockets.poll(200, TimeUnit.MILLISECONDS)).isNull();
        }
    }
}
