package dev.sockeye.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sockeye.netty.NettySocketIoServer;
import dev.sockeye.server.Socket;
import dev.sockeye.server.SocketIoServer;
import dev.sockeye.testing.Await;
import java.time.Duration;
import java.util.HashMap;
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
 * Sockeye with {@code allowEIO3} driven by the official socket.io-client 2.5.0 (Node; Socket.IO protocol 4 over
 * Engine.IO 3) over polling, WebSocket and the upgrade: the implicit main namespace, namespaces with a query and
 * refusals, events and acks with binary both ways, rooms, a reconnection after the server drops the connection, and
 * the refusal of such clients when {@code allowEIO3} is off.
 */
class V2NodeClientTest {
    private SocketIoServer io;
    private NettySocketIoServer server;
    private NodeClients clients;
    private final BlockingQueue<Socket> connected = new LinkedBlockingQueue<>();

    @BeforeEach
    void start() {
        io = SocketIoServer.builder().allowEIO3(true).build();
        V2ClientFixture.serve(io, connected);
        server = Loopback.serve(io);
    }

    @AfterEach
    void stop() {
        if (clients != null) {
            clients.close();
        }
        server.close();
    }

    private Socket serverSocket() throws InterruptedException {
        Socket socket = connected.poll(10, TimeUnit.SECONDS);
        assertThat(socket).as("server-side socket").isNotNull();
        return socket;
    }

    /** Opens {@code nsp} for {@code client} and returns the server-side socket, checking the ids agree. */
    private Socket connect(String client, String nsp, String extra) throws Exception {
        clients.send(client, "{\"open\":\"" + nsp + "\"" + extra + "}");
        JsonNode connect = clients.next(client);
        assertThat(connect.path("event").asString()).as(connect.toString()).isEqualTo("connect");
        Socket socket = serverSocket();
        assertThat(connect.path("id").asString()).isEqualTo(socket.id());
        return socket;
    }

    @ParameterizedTest
    @ValueSource(strings = {"polling", "websocket", "polling,websocket"})
    void aV2ClientConnectsAndExchangesEventsAndAcksWithBinaryBothWays(String transports) throws Exception {
        clients = NodeClients.v2(server.port(), transports);
        Socket socket = connect("a", "/", ",\"options\":{\"query\":{\"token\":\"t1\"}}");
        assertThat(socket.id())
                .as("a v2 client's socket id is its engine id")
                .isEqualTo(socket.conn().id());
        assertThat(socket.conn().protocol()).isEqualTo(3);
        assertThat(clients.nextEvent("a")).isEqualTo("welcome [\"t1\",\"" + socket.id() + "\"]");

        clients.send(
                "a", "{\"emit\":\"echo\",\"args\":[1,\"two\",{\"three\":[true]},{\"$bin\":[1,2,3]}],\"ack\":true}");
        assertThat(clients.next("a").toString())
                .isEqualTo(
                        "{\"event\":\"ack\",\"nsp\":\"/\",\"name\":\"echo\",\"args\":[1,\"two\",{\"three\":[true]},{\"$bin\":[1,2,3]}]}");

        CompletableFuture<JsonNode> answer = socket.timeout(Duration.ofSeconds(5))
                .emitWithAck("question", JsonNode.class, Map.of("q", 42), new byte[] {9, 8});
        assertThat(clients.next("a").toString())
                .isEqualTo(
                        "{\"event\":\"message\",\"nsp\":\"/\",\"name\":\"question\",\"args\":[{\"q\":42},{\"$bin\":[9,8]}],\"acked\":true}");
        assertThat(answer.get(10, TimeUnit.SECONDS).toString()).isEqualTo("{\"q\":42}");

        if (transports.contains(",")) {
            Await.until(
                    "the upgrade to WebSocket",
                    Duration.ofSeconds(10),
                    () -> socket.conn().transport().equals("websocket"));
            clients.send("a", "{\"emit\":\"echo\",\"args\":[\"after upgrade\",{\"$bin\":[4]}],\"ack\":true}");
            assertThat(clients.next("a").path("args").toString()).isEqualTo("[\"after upgrade\",{\"$bin\":[4]}]");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"polling", "websocket", "polling,websocket"})
    void namespacesTakeTheQueryAsAuthAndRefusalsReachTheErrorHandler(String transports) throws Exception {
        clients = NodeClients.v2(server.port(), transports);
        Socket main = connect("a", "/", "");
        assertThat(clients.nextEvent("a")).isEqualTo("welcome [null,\"" + main.id() + "\"]");
        Socket admin = connect("a", "/admin", ",\"query\":{\"token\":\"t2\"}");
        assertThat(admin.id()).isEqualTo("/admin#" + main.conn().id());
        assertThat(admin.handshake().auth().toString()).isEqualTo("{\"token\":\"t2\"}");
        assertThat(clients.nextEvent("a")).isEqualTo("admin [{\"token\":\"t2\"},\"" + admin.id() + "\"]");

        // Each namespace's middleware: data, or the message alone when there is none.
        clients.send("b", "{\"open\":\"/admin\",\"query\":{\"token\":\"bad\"}}");
        assertThat(clients.next("b").toString())
                .isEqualTo("{\"event\":\"error\",\"nsp\":\"/admin\",\"data\":{\"code\":401}}");
        clients.send("b", "{\"open\":\"/nope\"}");
        assertThat(clients.next("b").toString())
                .isEqualTo("{\"event\":\"error\",\"nsp\":\"/nope\",\"data\":{\"message\":\"Invalid namespace\"}}");
        clients.send("c", "{\"open\":\"/admin\",\"query\":{\"token\":\"none\"}}");
        assertThat(clients.next("c").toString())
                .isEqualTo("{\"event\":\"error\",\"nsp\":\"/admin\",\"data\":\"forbidden\"}");
        // b and c were in "/" at once (their connect is for no socket of theirs): two more server-side sockets
        assertThat(serverSocket().nsp().name()).isEqualTo("/");
        assertThat(serverSocket().nsp().name()).isEqualTo("/");

        // The main namespace's middleware reads the connection's query; its refusal reaches every socket of the client.
        clients.send("d", "{\"open\":\"/\",\"options\":{\"query\":{\"token\":\"bad\"}}}");
        assertThat(clients.next("d").toString())
                .isEqualTo("{\"event\":\"error\",\"nsp\":\"/\",\"data\":{\"code\":401}}");
        assertThat(connected.poll(200, TimeUnit.MILLISECONDS))
                .as("no socket for a refused client")
                .isNull();
    }

    @ParameterizedTest
    @ValueSource(strings = {"polling", "websocket", "polling,websocket"})
    void roomsAndBroadcastsReachV2Clients(String transports) throws Exception {
        clients = NodeClients.v2(server.port(), transports);
        Map<String, Socket> sockets = new HashMap<>();
        for (String client : new String[] {"a", "b", "c"}) {
            sockets.put(client, connect(client, "/", ""));
            assertThat(clients.nextEvent(client)).startsWith("welcome ");
        }
        for (String client : new String[] {"a", "b"}) {
            clients.send(client, "{\"emit\":\"join\",\"args\":[\"room\"],\"ack\":true}");
            assertThat(clients.next(client).path("args").toString()).isEqualTo("[\"joined\"]");
        }
        assertThat(io.of("/").adapter().rooms().get("room"))
                .containsExactlyInAnyOrder(
                        sockets.get("a").id(), sockets.get("b").id());

        clients.send("c", "{\"emit\":\"shout\",\"args\":[\"room\"],\"ack\":true}");
        assertThat(clients.next("c").path("args").toString()).isEqualTo("[\"done\"]");
        assertThat(clients.nextEvent("a")).isEqualTo("shouted [\"room\",{\"$bin\":[7]}]");
        assertThat(clients.nextEvent("b")).isEqualTo("shouted [\"room\",{\"$bin\":[7]}]");
        clients.send("a", "{\"emit\":\"shout\",\"args\":[\"room\"],\"ack\":true}");
        assertThat(clients.next("a").path("args").toString()).isEqualTo("[\"done\"]");
        assertThat(clients.nextEvent("b")).isEqualTo("shouted [\"room\",{\"$bin\":[7]}]");

        io.except("room").emit("outside", 1);
        io.to("room").emit("inside", 2);
        assertThat(clients.nextEvent("c")).isEqualTo("outside [1]");
        assertThat(clients.nextEvent("a")).isEqualTo("inside [2]");
        assertThat(clients.nextEvent("b")).isEqualTo("inside [2]");
    }

    @ParameterizedTest
    @ValueSource(strings = {"polling", "websocket", "polling,websocket"})
    void aV2ClientReconnectsAfterTheServerDropsTheConnection(String transports) throws Exception {
        clients = NodeClients.v2(server.port(), transports);
        String options = ",\"options\":{\"reconnection\":true,\"reconnectionDelay\":100,\"reconnectionDelayMax\":200}";
        Socket main = connect("a", "/", options);
        assertThat(clients.nextEvent("a")).startsWith("welcome ");
        Socket admin = connect("a", "/admin", ",\"query\":{\"token\":\"t3\"}");
        assertThat(clients.nextEvent("a")).startsWith("admin ");

        if (transports.contains(",")) {
            // Not during the upgrade: closed then, the engine waits (up to 30 s) for a poll the upgrading client no
            // longer sends before the old sockets disconnect, where Node closes the new transport at once.
            Await.until(
                    "the upgrade to WebSocket",
                    Duration.ofSeconds(10),
                    () -> main.conn().transport().equals("websocket"));
        }
        main.conn().close();
        Map<String, String> seen = new HashMap<>();
        while (seen.size() < 6) {
            JsonNode line = clients.next("a");
            String event = line.path("event").asString();
            if (event.equals("message")) {
                continue; // welcome, admin: checked below
            }
            seen.put(
                    line.path("nsp").asString() + " " + event,
                    line.path("reason").asString(line.path("id").asString("")));
        }
        assertThat(seen)
                .containsEntry("/ disconnect", "transport close")
                .containsEntry("/admin disconnect", "transport close")
                .containsKeys("/ reconnect", "/admin reconnect", "/ connect", "/admin connect");
        Socket main2 = serverSocket();
        Socket admin2 = serverSocket();
        if (main2.nsp().name().equals("/admin")) {
            Socket swap = main2;
            main2 = admin2;
            admin2 = swap;
        }
        assertThat(main2.id())
                .isNotEqualTo(main.id())
                .isEqualTo(seen.get("/ connect"))
                .isEqualTo(main2.conn().id());
        assertThat(admin2.id()).isNotEqualTo(admin.id()).isEqualTo(seen.get("/admin connect"));
        assertThat(admin2.handshake().auth().toString())
                .as("the query goes again in the new CONNECT")
                .isEqualTo("{\"token\":\"t3\"}");
        Await.until(
                "the old sockets' disconnect", Duration.ofSeconds(5), () -> !main.connected() && !admin.connected());

        clients.send("a", "{\"emit\":\"echo\",\"args\":[\"reconnected\"],\"ack\":true}");
        JsonNode ack = clients.next("a");
        while (!ack.path("event").asString().equals("ack")) {
            ack = clients.next("a"); // the new sockets' welcome and admin
        }
        assertThat(ack.path("args").toString()).isEqualTo("[\"reconnected\"]");
    }

    @ParameterizedTest
    @ValueSource(strings = {"polling", "websocket"})
    void withoutAllowEio3AV2ClientGetsAConnectError(String transports) throws Exception {
        SocketIoServer strict = SocketIoServer.create();
        BlockingQueue<Socket> strictSockets = new LinkedBlockingQueue<>();
        strict.onConnection(strictSockets::add);
        try (NettySocketIoServer strictServer = Loopback.serve(strict)) {
            clients = NodeClients.v2(strictServer.port(), transports);
            clients.send("a", "{\"open\":\"/\"}");
            // Refused by the engine (HTTP 400, code 5 "Unsupported protocol version", as Node)
            assertThat(clients.next("a").toString())
                    .isEqualTo(
                            transports.equals("polling")
                                    ? "{\"event\":\"connect_error\",\"nsp\":\"/\",\"message\":\"xhr poll error\",\"description\":400}"
                                    : "{\"event\":\"connect_error\",\"nsp\":\"/\",\"message\":\"websocket error\"}");
            assertThat(strictSockets.poll(200, TimeUnit.MILLISECONDS)).isNull();
            try (NodeClients v4 = new NodeClients(strictServer.port(), transports)) {
                v4.send("b", "{\"open\":\"/\"}");
                assertThat(v4.next("b").path("event").asString())
                        .as("a v4 client still connects")
                        .isEqualTo("connect");
                assertThat(strictSockets.poll(10, TimeUnit.SECONDS)).isNotNull();
            }
        }
    }
}
