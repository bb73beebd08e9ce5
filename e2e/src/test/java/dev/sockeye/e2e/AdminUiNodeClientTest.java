package dev.sockeye.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import at.favre.lib.crypto.bcrypt.BCrypt;
import dev.sockeye.adminui.AdminUi;
import dev.sockeye.adminui.AdminUiOptions;
import dev.sockeye.netty.NettySocketIoServer;
import dev.sockeye.server.RemoteSocket;
import dev.sockeye.server.SocketIoServer;
import dev.sockeye.testing.LogCapture;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * The Admin UI's protocol against socket.io-client 4.8 (the client the UI itself uses): login, sessions, the rate
 * limit, readonly, {@code server_stats}, {@code all_sockets}, the development-mode reports and the four commands
 * acting on a real client. Each test has its own server, so the rate limit of one does not leak into another.
 */
class AdminUiNodeClientTest {
    static final String PASSWORD = "s3cret";
    /** Cost 4: the check is what is tested, not its slowness. */
    static final String HASH = BCrypt.withDefaults().hashToString(4, PASSWORD.toCharArray());

    private static final String DATE = "\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z";
    private static final String LOGIN =
            "{\"open\":\"/admin\",\"auth\":{\"username\":\"admin\",\"password\":\"" + PASSWORD + "\"}}";

    /** Alice's and the poller's sockets in the main namespace, as {@code server_stats} lists it. */
    private static final String ROOT_WITH_TWO_SOCKETS = "{\"name\":\"/\",\"socketsCount\":2}";

    private SocketIoServer io;
    private AdminUi adminUi;
    private NettySocketIoServer server;
    private NodeClients clients;

    @AfterEach
    void stop() {
        if (clients != null) {
            clients.close();
        }
        if (adminUi != null) {
            adminUi.close();
        }
        if (server != null) {
            server.close();
        }
    }

    private void start(UnaryOperator<AdminUiOptions.Builder> options) throws Exception {
        io = SocketIoServer.builder().build();
        io.use((socket, next) -> {
            JsonNode user = socket.handshake().auth().get("user");
            if (user != null) {
                socket.data().put("user", user.asString());
            }
            next.proceed();
        });
        io.onConnection(socket -> {
            socket.join("lobby");
            socket.on("rooms", (args, ack) -> ack.send(new ArrayList<>(socket.rooms())));
        });
        adminUi = AdminUi.instrument(
                io,
                options.apply(AdminUiOptions.builder().basicAuth("admin", HASH).serverId("test-server"))
                        .build());
        server = Loopback.serve(io);
        clients = new NodeClients(server.port(), "websocket");
    }

    /** Connects {@code client} to {@code /} as {@code user}; returns its socket id. */
    private String connectUser(String client, String user) throws Exception {
        clients.send(client, "{\"open\":\"/\",\"auth\":{\"user\":\"" + user + "\"}}");
        JsonNode connect = clients.next(client);
        assertThat(connect.path("event").asString()).isEqualTo("connect");
        return connect.path("id").asString();
    }

    /**
     * Logs in as {@code client}; returns the names of the admin socket's first events up to {@code all_sockets},
     * stats and development-mode reports left out (its own room_joined may even come before its connect, as in Node:
     * the server joins the socket to its own room before it sends CONNECT, and the client delivers earlier events first).
     */
    private List<String> login(String client) throws Exception {
        clients.send(client, LOGIN);
        return namesUntilAllSockets(client);
    }

    private List<String> namesUntilAllSockets(String client) throws Exception {
        List<String> names = new ArrayList<>();
        boolean connected = false;
        while (!names.contains("all_sockets")) {
            JsonNode line = clients.next(client);
            String event = line.path("event").asString();
            if (event.equals("connect")) {
                connected = true;
                continue;
            }
            assertThat(event).as("%s", line).isEqualTo("message");
            String name = line.path("name").asString();
            if (List.of("session", "config", "all_sockets").contains(name)) {
                names.add(name);
            }
        }
        assertThat(connected).isTrue();
        return names;
    }

    @Test
    void theRightPasswordGetsASessionThenTheConfigThenAllSockets() throws Exception {
        start(o -> o);
        clients.send("ui", LOGIN);
        String session = clients.awaitMessage("ui", "session").get(0).asString();
        assertThat(session).matches("[0-9a-f]{16}");
        JsonNode config = clients.awaitMessage("ui", "config");
        assertThat(config.toString())
                .isEqualTo("[{\"supportedFeatures\":[\"EMIT\",\"JOIN\",\"LEAVE\",\"DISCONNECT\","
                        + "\"MJOIN\",\"MLEAVE\",\"MDISCONNECT\",\"AGGREGATED_EVENTS\",\"ALL_EVENTS\"]}]");
        clients.awaitMessage("ui", "all_sockets");
    }

    @Test
    void aWrongPasswordOrAWrongUserIsRefusedWithInvalidCredentials() throws Exception {
        start(o -> o);
        clients.send("ui", "{\"open\":\"/admin\",\"auth\":{\"username\":\"admin\",\"password\":\"nope\"}}");
        assertThat(clients.next("ui").toString())
                .isEqualTo("{\"event\":\"connect_error\",\"nsp\":\"/admin\",\"message\":\"invalid credentials\"}");
        clients.send(
                "other", "{\"open\":\"/admin\",\"auth\":{\"username\":\"root\",\"password\":\"" + PASSWORD + "\"}}");
        assertThat(clients.next("other").path("message").asString()).isEqualTo("invalid credentials");
        clients.send("none", "{\"open\":\"/admin\"}");
        assertThat(clients.next("none").path("message").asString()).isEqualTo("invalid credentials");
    }

    @Test
    void afterFiveFailuresWithinAMinuteEvenTheRightPasswordIsRefused() throws Exception {
        start(o -> o);
        for (int i = 1; i <= 5; i++) {
            String client = "guess" + i;
            clients.send(
                    client, "{\"open\":\"/admin\",\"auth\":{\"username\":\"admin\",\"password\":\"guess" + i + "\"}}");
            assertThat(clients.next(client).path("message").asString())
                    .as("attempt %d", i)
                    .isEqualTo("invalid credentials");
        }
        clients.send("late", LOGIN);
        assertThat(clients.next("late").toString())
                .isEqualTo("{\"event\":\"connect_error\",\"nsp\":\"/admin\",\"message\":\"too many attempts\"}");
    }

    @Test
    void fourFailuresLeaveTheRightPasswordWorking() throws Exception {
        start(o -> o);
        for (int i = 1; i <= 4; i++) {
            String client = "guess" + i;
            clients.send(
                    client, "{\"open\":\"/admin\",\"auth\":{\"username\":\"admin\",\"password\":\"guess" + i + "\"}}");
            assertThat(clients.next(client).path("message").asString()).isEqualTo("invalid credentials");
        }
        assertThat(login("ui")).containsExactly("session", "config", "all_sockets");
    }

    @Test
    void aSessionIdLogsInWithoutThePasswordAndAnUnknownOneDoesNot() throws Exception {
        start(o -> o);
        clients.send("ui", LOGIN);
        String session = clients.awaitMessage("ui", "session").get(0).asString();
        clients.send("ui", "{\"nsp\":\"/admin\",\"disconnect\":true}");

        clients.send("again", "{\"open\":\"/admin\",\"auth\":{\"sessionId\":\"" + session + "\"}}");
        assertThat(namesUntilAllSockets("again"))
                .as("no new session for a session login")
                .containsExactly("config", "all_sockets");

        clients.send("forged", "{\"open\":\"/admin\",\"auth\":{\"sessionId\":\"0123456789abcdef\"}}");
        assertThat(clients.next("forged").path("message").asString()).isEqualTo("invalid credentials");
    }

    @Test
    void readonlyOffersNoCommandAndRefusesThem() throws Exception {
        start(o -> o.readonly(true));
        String alice = connectUser("alice", "alice");
        clients.send("ui", LOGIN);
        assertThat(clients.awaitMessage("ui", "config").toString())
                .isEqualTo("[{\"supportedFeatures\":[\"AGGREGATED_EVENTS\",\"ALL_EVENTS\"]}]");
        try (LogCapture log = new LogCapture()) {
            clients.send("ui", "{\"nsp\":\"/admin\",\"emit\":\"_disconnect\",\"args\":[\"/\",true,\"" + alice + "\"]}");
            clients.send("ui", "{\"nsp\":\"/admin\",\"emit\":\"join\",\"args\":[\"/\",\"vip\",\"" + alice + "\"]}");
            log.await(Pattern.compile("Admin UI is readonly: refused '(_disconnect|join)'"), 2, Duration.ofSeconds(10));
        }
        // The commands were handled (refused) above; alice is still connected and in no new room.
        clients.send("alice", "{\"emit\":\"rooms\",\"args\":[],\"ack\":true}");
        JsonNode ack = clients.next("alice");
        assertThat(ack.path("event").asString()).isEqualTo("ack");
        assertThat(ack.path("args").get(0).toString()).doesNotContain("vip").contains("lobby");
    }

    @Test
    void serverStatsTellTheServerItsClientsItsNamespacesAndTheAggregatedEvents() throws Exception {
        start(o -> o);
        connectUser("alice", "alice");
        // Stats go to the admin sockets of the moment, and each count is reported once: the UI logs in, and its
        // first stats arrive, before the events it must see happen (a count taken before it joined goes to no one).
        clients.send("ui", LOGIN);
        clients.awaitMessage("ui", "server_stats");
        try (NodeClients gone = new NodeClients(server.port(), "websocket")) {
            gone.send("gone", "{\"open\":\"/\"}");
            assertThat(gone.next("gone").path("event").asString()).isEqualTo("connect");
        } // the Node process ends: "transport close"
        try (NodeClients pollers = new NodeClients(server.port(), "polling")) {
            pollers.send("poller", "{\"open\":\"/\"}");
            assertThat(pollers.next("poller").path("event").asString()).isEqualTo("connect");

            // Counts come once, in the stats of the 2-second period they fall in: gather until all were seen, and
            // until the sessions and sockets are as below (the gone client's socket leaves "/" after its session
            // closes; the poller's idle connection may open after the poller's).
            List<String> types = new ArrayList<>();
            JsonNode stats;
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            // Each Node process also holds one idle connection of its own (its default Manager): five sessions,
            // alice's, ui's and the two idle ones, and the poller's and its idle one polling.
            do {
                stats = clients.awaitMessage("ui", "server_stats").get(0);
                for (JsonNode event : stats.path("aggregatedEvents")) {
                    assertThat(event.path("timestamp").asLong() % 1000).isZero();
                    assertThat(event.path("count").asLong()).isPositive();
                    types.add(event.path("type").asString()
                            + (event.has("subType")
                                    ? " " + event.path("subType").asString()
                                    : ""));
                }
            } while ((!types.containsAll(List.of(
                                    "rawConnection",
                                    "rawDisconnection transport close",
                                    "packetsIn",
                                    "packetsOut",
                                    "bytesIn",
                                    "bytesOut"))
                            || stats.path("clientsCount").asInt() != 5
                            || stats.path("pollingClientsCount").asInt() != 2
                            || !stats.path("namespaces").toString().contains(ROOT_WITH_TWO_SOCKETS))
                    && System.nanoTime() < deadline);
            assertThat(types)
                    .contains(
                            "rawConnection",
                            "rawDisconnection transport close",
                            "packetsIn",
                            "packetsOut",
                            "bytesIn",
                            "bytesOut");
            assertThat(stats.path("serverId").asString()).isEqualTo("test-server");
            assertThat(stats.path("hostname").asString()).isNotEmpty();
            assertThat(stats.path("pid").asLong())
                    .isEqualTo(ProcessHandle.current().pid());
            assertThat(stats.path("uptime").isNumber()).isTrue();
            assertThat(stats.path("clientsCount").asInt()).isEqualTo(5);
            assertThat(stats.path("pollingClientsCount").asInt()).isEqualTo(2);
            assertThat(stats.path("namespaces").toString())
                    .contains(ROOT_WITH_TWO_SOCKETS, "{\"name\":\"/admin\",\"socketsCount\":1}");
            assertThat(names(stats))
                    .containsExactly(
                            "serverId",
                            "hostname",
                            "pid",
                            "uptime",
                            "clientsCount",
                            "pollingClientsCount",
                            "aggregatedEvents",
                            "namespaces");
        }
    }

    @Test
    void allSocketsListsTheConnectedClientsInNodesShapeWithoutLeakingIntoFetchSockets() throws Exception {
        start(o -> o);
        String alice = connectUser("alice", "alice");
        clients.send("ui", LOGIN);
        JsonNode all = clients.awaitMessage("ui", "all_sockets").get(0);
        JsonNode socket = null;
        for (JsonNode s : all) {
            if (s.path("id").asString().equals(alice)) {
                socket = s;
            }
        }
        assertThat(socket).as("alice in %s", all).isNotNull();
        assertThat(names(socket)).containsExactly("id", "clientId", "transport", "nsp", "data", "handshake", "rooms");
        assertThat(socket.path("clientId").asString()).hasSize(12);
        assertThat(socket.path("transport").asString()).isEqualTo("websocket");
        assertThat(socket.path("nsp").asString()).isEqualTo("/");
        assertThat(socket.path("data").toString()).isEqualTo("{\"user\":\"alice\"}");
        assertThat(names(socket.path("handshake")))
                .containsExactly("address", "headers", "query", "issued", "secure", "time", "url", "xdomain");
        assertThat(socket.path("handshake").path("address").asString()).isEqualTo("127.0.0.1");
        assertThat(socket.path("handshake").path("query").path("EIO").asString())
                .isEqualTo("4");
        assertThat(socket.path("rooms").toString()).isEqualTo("[\"" + alice + "\",\"lobby\"]");

        // Node puts {_admin:{clientId, transport}} in socket.data, where every fetchSockets() sees it; not here.
        List<RemoteSocket> fetched = io.fetchSockets().get(5, TimeUnit.SECONDS);
        assertThat(fetched).hasSize(1);
        assertThat(fetched.get(0).data()).containsOnlyKeys("user");
    }

    @Test
    void developmentModeReportsConnectionsRoomsEventsAndDisconnections() throws Exception {
        start(o -> o);
        login("ui");
        String alice = connectUser("alice", "alice");
        JsonNode connected = clients.awaitMessage("ui", "socket_connected");
        if (connected.get(0).path("nsp").asString().equals("/admin")) {
            connected = clients.awaitMessage("ui", "socket_connected"); // ui's own, as Node reports it too
        }
        assertThat(connected.get(0).path("id").asString()).isEqualTo(alice);
        assertThat(connected.get(1).asString()).matches(DATE);

        clients.send("alice", "{\"emit\":\"chat\",\"args\":[\"hi\",{\"n\":1}]}");
        JsonNode received = clients.awaitMessage("ui", "event_received");
        assertThat(received.get(0).asString()).isEqualTo("/");
        assertThat(received.get(1).asString()).isEqualTo(alice);
        assertThat(received.get(2).toString()).isEqualTo("[\"chat\",\"hi\",{\"n\":1}]");
        assertThat(received.get(3).asString()).matches(DATE);

        clients.send("alice", "{\"disconnect\":true}");
        JsonNode disconnected = clients.awaitMessage("ui", "socket_disconnected");
        assertThat(disconnected.get(0).asString()).isEqualTo("/");
        assertThat(disconnected.get(1).asString()).isEqualTo(alice);
        assertThat(disconnected.get(2).asString()).isEqualTo("client namespace disconnect");
        assertThat(disconnected.get(3).asString()).matches(DATE);
    }

    @Test
    void theJoinLeaveEmitAndDisconnectCommandsActOnARealClient() throws Exception {
        start(o -> o);
        String alice = connectUser("alice", "alice");
        login("ui");

        clients.send("ui", "{\"nsp\":\"/admin\",\"emit\":\"join\",\"args\":[\"/\",\"vip\",\"" + alice + "\"]}");
        // the UI's own socket joins its own room in /admin too; that report may come first
        JsonNode joined = awaitInNamespace("room_joined", "/");
        assertThat(joined.get(0).asString() + " " + joined.get(1).asString() + " "
                        + joined.get(2).asString())
                .isEqualTo("/ vip " + alice);
        assertThat(rooms("alice")).contains("vip");

        clients.send("ui", "{\"nsp\":\"/admin\",\"emit\":\"leave\",\"args\":[\"/\",\"vip\",\"" + alice + "\"]}");
        JsonNode left = awaitInNamespace("room_left", "/");
        assertThat(left.get(1).asString()).isEqualTo("vip");
        assertThat(rooms("alice")).doesNotContain("vip");

        clients.send("ui", "{\"nsp\":\"/admin\",\"emit\":\"emit\",\"args\":[\"/\",\"lobby\",\"hello\",\"world\",1]}");
        assertThat(clients.awaitMessage("alice", "hello").toString()).isEqualTo("[\"world\",1]");
        JsonNode sent = clients.awaitMessage("ui", "event_sent");
        assertThat(sent.get(2).toString()).isEqualTo("[\"hello\",\"world\",1]");

        clients.send("ui", "{\"nsp\":\"/admin\",\"emit\":\"_disconnect\",\"args\":[\"/\",false,\"" + alice + "\"]}");
        assertThat(clients.next("alice").toString())
                .isEqualTo("{\"event\":\"disconnect\",\"nsp\":\"/\",\"reason\":\"io server disconnect\"}");
        assertThat(awaitInNamespace("socket_disconnected", "/").get(2).asString())
                .isEqualTo("server namespace disconnect");
    }

    /** The UI's next {@code event} about namespace {@code nsp} (its first argument), skipping a few about others. */
    private JsonNode awaitInNamespace(String event, String nsp) throws Exception {
        for (int skipped = 0; skipped < 5; skipped++) {
            JsonNode message = clients.awaitMessage("ui", event);
            if (message.get(0).asString().equals(nsp)) {
                return message;
            }
        }
        throw new AssertionError("no " + event + " about " + nsp + " among the next 5");
    }

    /** alice's rooms, asked of the server. */
    private String rooms(String client) throws Exception {
        clients.send(client, "{\"emit\":\"rooms\",\"args\":[],\"ack\":true}");
        JsonNode ack = clients.next(client);
        assertThat(ack.path("event").asString()).isEqualTo("ack");
        return ack.path("args").get(0).toString();
    }

    static List<String> names(JsonNode object) {
        List<String> names = new ArrayList<>();
        object.propertyNames().forEach(names::add);
        return names;
    }
}
