package dev.sockeye.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sockeye.core.adapter.AdapterListener;
import dev.sockeye.netty.NettySocketIoServer;
import dev.sockeye.server.AckTimeoutException;
import dev.sockeye.server.BroadcastOperator;
import dev.sockeye.server.RemoteSocket;
import dev.sockeye.server.Socket;
import dev.sockeye.server.SocketIoServer;
import java.lang.reflect.Proxy;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Rooms and broadcasts with six real socket.io-client 4.x connections (Node) in several rooms:
 * unions and exclusions, sender exclusion, automatic leave on disconnect, broadcast acks with a
 * client that never answers, fetchSockets, socketsJoin/Leave, disconnectSockets, serverSideEmit on a
 * single server, and closing the server. {@link SocketIoNodeClientTest} covers the basics per transport.
 *
 * <p>Rooms: c0 {a}, c1 {a, b}, c2 {b}, c3 {b, c}, c4 {c}, c5 {}.
 */
class RoomsNodeClientTest {
    private static final List<String> CLIENTS = List.of("c0", "c1", "c2", "c3", "c4", "c5");
    private static final Map<String, List<String>> ROOMS = Map.of(
            "c0",
            List.of("a"),
            "c1",
            List.of("a", "b"),
            "c2",
            List.of("b"),
            "c3",
            List.of("b", "c"),
            "c4",
            List.of("c"),
            "c5",
            List.of());

    private SocketIoServer io;
    private NettySocketIoServer server;
    private NodeClients clients;
    private final Map<String, Socket> sockets = new ConcurrentHashMap<>();
    private final BlockingQueue<String> serverEvents = new LinkedBlockingQueue<>();

    @BeforeEach
    void start() throws Exception {
        io = SocketIoServer.create();
        io.onConnection(socket -> {
            String name = socket.handshake().auth().path("name").asString();
            socket.data().put("name", name);
            socket.on("join", (args, ack) -> {
                args.nodes().forEach(room -> socket.join(room.asString()));
                ack.send("joined");
            });
            socket.on("leave", (args, ack) -> {
                args.nodes().forEach(room -> socket.leave(room.asString()));
                ack.send("left");
            });
            // {"to":[..],"except":[..],"broadcast":bool,"local":bool,"n":int}, sent from this very socket
            socket.on("relay", (args, ack) -> {
                JsonNode how = args.node(0);
                BroadcastOperator op = how.path("local").asBoolean()
                        ? socket.local()
                        : how.path("broadcast").asBoolean() ? socket.broadcast() : null;
                for (JsonNode room : how.path("to")) {
                    op = op == null ? socket.to(room.asString()) : op.to(room.asString());
                }
                for (JsonNode room : how.path("except")) {
                    op = op == null ? socket.except(room.asString()) : op.except(room.asString());
                }
                op.emit("m", how.path("n").asInt());
                ack.send("relayed");
            });
            socket.onDisconnecting(reason -> serverEvents.add(name + " disconnecting " + reason + " "
                    + new java.util.TreeSet<>(socket.rooms())
                            .stream().filter(r -> !r.equals(socket.id())).collect(Collectors.toList())));
            socket.onDisconnect(reason -> serverEvents.add(name + " disconnect " + reason + " " + socket.rooms()));
            sockets.put(name, socket);
        });
        server = Loopback.serve(io);
        clients = new NodeClients(server.port(), "websocket");
        for (String client : CLIENTS) {
            clients.send(client, "{\"open\":\"/\",\"auth\":{\"name\":\"" + client + "\"}}");
        }
        for (String client : CLIENTS) {
            assertThat(clients.next(client).path("event").asString()).isEqualTo("connect");
            String rooms = ROOMS.get(client).stream().map(r -> "\"" + r + "\"").collect(Collectors.joining(","));
            clients.send(client, "{\"emit\":\"join\",\"args\":[" + rooms + "],\"ack\":true}");
            assertThat(clients.nextEvent(client)).contains("\"ack\"", "joined");
        }
        assertThat(sockets).hasSize(6);
    }

    @AfterEach
    void stop() {
        clients.close();
        server.close();
    }

    /** Each client's events up to the {@code end} marker broadcast to everyone. */
    private Map<String, List<String>> receivedUntilEnd() throws InterruptedException {
        io.emit("end");
        Map<String, List<String>> received = new java.util.TreeMap<>();
        for (String client : CLIENTS) {
            List<String> events = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                String event = clients.nextEvent(client);
                if (event.equals("end []")) {
                    break;
                }
                events.add(event);
            }
            received.put(client, events);
        }
        return received;
    }

    @Test
    void unionsExclusionsAndSenderExclusionReachEachClientOnce() throws Exception {
        io.to("a").to("b").emit("m", 1);
        io.to(List.of("a", "c")).except("b").emit("m", 2);
        sockets.get("c1").to("b").emit("m", 3);
        sockets.get("c3").to("b").to("c").except("a").emit("m", 4);
        io.except(List.of("a", "b", "c")).emit("m", 5);
        io.in(sockets.get("c2").id()).emit("m", 6);
        sockets.get("c4").broadcast().emit("m", 7);

        assertThat(receivedUntilEnd())
                .isEqualTo(Map.of(
                        "c0", List.of("m [1]", "m [2]", "m [7]"),
                        "c1", List.of("m [1]", "m [7]"),
                        "c2", List.of("m [1]", "m [3]", "m [4]", "m [6]", "m [7]"),
                        "c3", List.of("m [1]", "m [3]", "m [7]"),
                        "c4", List.of("m [2]", "m [4]"),
                        "c5", List.of("m [5]", "m [7]")));
    }

    @Test
    void aDisconnectingSocketStillSeesItsRoomsThenLeavesThemAll() throws Exception {
        Socket c1 = sockets.get("c1");
        clients.send("c1", "{\"disconnect\":true}");

        assertThat(serverEvents.poll(10, TimeUnit.SECONDS))
                .isEqualTo("c1 disconnecting client namespace disconnect [a, b]");
        assertThat(serverEvents.poll(10, TimeUnit.SECONDS)).isEqualTo("c1 disconnect client namespace disconnect []");
        Map<String, Set<String>> rooms = io.sockets().adapter().rooms();
        assertThat(rooms.get("a")).containsExactly(sockets.get("c0").id());
        assertThat(rooms.get("b")).doesNotContain(c1.id()).hasSize(2);
        assertThat(rooms).doesNotContainKey(c1.id());
        io.to("a").emit("m", "a only");
        assertThat(clients.nextEvent("c0")).isEqualTo("m [\"a only\"]");
    }

    @Test
    void aBroadcastAckTimeoutGivesTheResponsesOfTheClientsThatAnswered() throws Exception {
        clients.send("c2", "{\"silent\":\"q\",\"date\":true}"); // c2 takes "q" but never acknowledges it
        assertThat(clients.nextEvent("c2")).contains("\"date\""); // reported once "silent" is recorded
        CompletableFuture<Throwable> error = new CompletableFuture<>();
        CompletableFuture<List<JsonNode>> responses = new CompletableFuture<>();
        io.to("b")
                .timeout(Duration.ofMillis(800))
                .emit(
                        "q",
                        (err, list) -> {
                            error.complete(err);
                            responses.complete(list);
                        },
                        1);

        assertThat(error.get(10, TimeUnit.SECONDS)).isInstanceOf(AckTimeoutException.class);
        assertThat(responses.get()).extracting(JsonNode::toString).containsExactly("1", "1");
        assertThat(clients.nextEvent("c2")).isEqualTo("q [1]");

        CompletableFuture<List<Integer>> future =
                io.to("b").timeout(Duration.ofMillis(800)).emitWithAck("q", Integer.class, 2);
        assertThatThrownBy(() -> future.get(10, TimeUnit.SECONDS))
                .hasCauseInstanceOf(AckTimeoutException.class)
                .satisfies(e -> assertThat(((AckTimeoutException) e.getCause()).responses())
                        .hasSize(2));
        assertThat(io.to("b")
                        .timeout(Duration.ofSeconds(5))
                        .emitWithAck("count", Integer.class, 7)
                        .get(10, TimeUnit.SECONDS))
                .containsExactly(7, 7, 7);
    }

    @Test
    void fetchSocketsAndSocketsJoinLeaveActOnTheMatchingClients() throws Exception {
        List<RemoteSocket> inB = io.in("b").fetchSockets().get(10, TimeUnit.SECONDS);
        assertThat(inB).extracting(s -> s.data().get("name")).containsExactlyInAnyOrder("c1", "c2", "c3");
        RemoteSocket c3 = inB.stream()
                .filter(s -> s.data().get("name").equals("c3"))
                .findFirst()
                .orElseThrow();
        assertThat(c3.rooms()).containsExactlyInAnyOrder(c3.id(), "b", "c");
        assertThat(c3.handshake().auth().toString()).isEqualTo("{\"name\":\"c3\"}");
        assertThat(io.in("a").except("b").fetchSockets().get(10, TimeUnit.SECONDS))
                .extracting(RemoteSocket::id)
                .containsExactly(sockets.get("c0").id());

        io.in("c").socketsJoin("d");
        io.in(sockets.get("c4").id()).socketsLeave("d");
        io.in("a").socketsLeave(List.of("a", "b"));
        io.to("d").emit("m", "d");
        io.to("a").emit("m", "a");
        io.to("b").emit("m", "b");

        assertThat(receivedUntilEnd())
                .isEqualTo(Map.of(
                        "c0", List.of(),
                        "c1", List.of(),
                        "c2", List.of("m [\"b\"]"),
                        "c3", List.of("m [\"d\"]", "m [\"b\"]"),
                        "c4", List.of(),
                        "c5", List.of()));
    }

    @Test
    void disconnectSocketsDisconnectsTheMatchingClients() throws Exception {
        io.in("a").disconnectSockets();
        assertThat(clients.next("c0").path("reason").asString()).isEqualTo("io server disconnect");
        assertThat(clients.next("c1").path("reason").asString()).isEqualTo("io server disconnect");
        io.in("c").except("b").disconnectSockets(true);
        assertThat(clients.next("c4").path("reason").asString()).isEqualTo("io server disconnect");

        List<String> reasons = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            String event = serverEvents.poll(10, TimeUnit.SECONDS);
            if (event != null && event.matches("c\\d disconnect .*")) {
                reasons.add(event);
            }
        }
        assertThat(reasons)
                .containsExactlyInAnyOrder(
                        "c0 disconnect server namespace disconnect []",
                        "c1 disconnect server namespace disconnect []",
                        "c4 disconnect server namespace disconnect []");
        assertThat(io.fetchSockets().get(10, TimeUnit.SECONDS))
                .extracting(s -> s.data().get("name"))
                .containsExactlyInAnyOrder("c2", "c3", "c5");
    }

    @Test
    void serverSideEmitOnASingleServerGetsNoResponses() throws Exception {
        assertThat(io.serverSideEmitWithAck("hello", String.class).get(10, TimeUnit.SECONDS))
                .isEmpty();
        CompletableFuture<String> answered = new CompletableFuture<>();
        io.serverSideEmit("hello", (err, list) -> answered.complete(err + " " + list));
        assertThat(answered.get(10, TimeUnit.SECONDS)).isEqualTo("null []");
        assertThatThrownBy(() -> io.serverSideEmit("connection")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void closingTheServerDisconnectsEveryClientAndFreesThePort() throws Exception {
        int port = server.port();
        server.close();

        List<String> reasons = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            String event = serverEvents.poll(10, TimeUnit.SECONDS);
            if (event != null && event.matches("c\\d disconnect .*")) {
                reasons.add(event.substring(event.indexOf(' ') + 1));
            }
        }
        assertThat(reasons).hasSize(6).containsOnly("disconnect server shutting down []");
        for (String client : CLIENTS) {
            assertThat(clients.next(client).path("reason").asString()).isEqualTo("transport close");
        }
        try (ServerSocket again = new ServerSocket()) {
            again.bind(new InetSocketAddress("127.0.0.1", port));
        }
    }

    /** Records the adapter's room events of the main namespace as Node names them: {@code create-room r}, {@code join-room r id}, ... */
    private BlockingQueue<String> roomEvents() {
        BlockingQueue<String> events = new LinkedBlockingQueue<>();
        Map<String, String> nodeNames = Map.of(
                "onCreateRoom",
                "create-room",
                "onDeleteRoom",
                "delete-room",
                "onJoinRoom",
                "join-room",
                "onLeaveRoom",
                "leave-room");
        // every method of the listener, each named after its Node event (a new one would show as "null ...")
        io.sockets().adapter().addListener((AdapterListener) Proxy.newProxyInstance(
                AdapterListener.class.getClassLoader(),
                new Class<?>[] {AdapterListener.class},
                (proxy, method, args) -> switch (method.getName()) {
                    case "equals" -> proxy == args[0];
                    case "hashCode" -> System.identityHashCode(proxy);
                    case "toString" -> "room event recorder";
                    default -> {
                        events.add(nodeNames.get(method.getName()) + " "
                                + Arrays.stream(args).map(String::valueOf).collect(Collectors.joining(" ")));
                        yield null;
                    }
                }));
        return events;
    }

    private static List<String> take(BlockingQueue<String> queue, int n) throws InterruptedException {
        List<String> taken = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            String next = queue.poll(10, TimeUnit.SECONDS);
            assertThat(next).as("event %d of %d after %s", i + 1, n, taken).isNotNull();
            taken.add(next);
        }
        return taken;
    }

    @Test
    void roomEventsFollowAClientsConnectJoinsLeavesAndDisconnectInNodesOrder() throws Exception {
        BlockingQueue<String> events = roomEvents();
        clients.send("c6", "{\"open\":\"/\",\"auth\":{\"name\":\"c6\"}}");
        String id = clients.next("c6").path("id").asString();
        assertThat(take(events, 2)).containsExactly("create-room " + id, "join-room " + id + " " + id);

        clients.send("c6", "{\"emit\":\"join\",\"args\":[\"solo\",\"a\"],\"ack\":true}");
        assertThat(clients.nextEvent("c6")).contains("joined");
        assertThat(take(events, 3)).containsExactly("create-room solo", "join-room solo " + id, "join-room a " + id);

        clients.send("c6", "{\"emit\":\"join\",\"args\":[\"a\"],\"ack\":true}"); // already in a: no event
        assertThat(clients.nextEvent("c6")).contains("joined");
        clients.send("c6", "{\"emit\":\"leave\",\"args\":[\"solo\",\"a\",\"never-joined\"],\"ack\":true}");
        assertThat(clients.nextEvent("c6")).contains("left");
        assertThat(take(events, 3)).containsExactly("leave-room solo " + id, "delete-room solo", "leave-room a " + id);

        clients.send("c6", "{\"emit\":\"join\",\"args\":[\"b\",\"solo\",\"x\"],\"ack\":true}");
        assertThat(clients.nextEvent("c6")).contains("joined");
        assertThat(take(events, 5))
                .containsExactly(
                        "join-room b " + id,
                        "create-room solo",
                        "join-room solo " + id,
                        "create-room x",
                        "join-room x " + id);

        clients.send("c6", "{\"disconnect\":true}");
        // Node's delAll walks the socket's rooms in the order it joined them
        assertThat(take(events, 7))
                .containsExactly(
                        "leave-room " + id + " " + id,
                        "delete-room " + id,
                        "leave-room b " + id,
                        "leave-room solo " + id,
                        "delete-room solo",
                        "leave-room x " + id,
                        "delete-room x");
        assertThat(sockets.get("c6").rooms()).isEmpty();
        assertThat(events).isEmpty();
    }

    @Test
    void theAdaptersRoomAndSocketViewsAreReadOnlyAndLive() throws Exception {
        Map<String, Set<String>> rooms = io.sockets().adapter().rooms();
        Map<String, Set<String>> sids = io.sockets().adapter().sids();
        String c0 = sockets.get("c0").id();
        String c5 = sockets.get("c5").id();
        Set<String> roomA = rooms.get("a");
        Set<String> roomsOfC5 = sids.get(c5);
        assertThat(roomA).containsExactlyInAnyOrder(c0, sockets.get("c1").id());
        assertThat(roomsOfC5).containsExactly(c5);
        assertThat(rooms.keySet()).contains("a", "b", "c", c0, c5).doesNotContain("late");

        assertThatThrownBy(() -> rooms.put("late", Set.of(c0))).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> rooms.remove("a")).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> rooms.keySet().remove("a")).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(rooms::clear).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> roomA.add(c5)).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> rooms.entrySet().iterator().next().setValue(Set.of()))
                .isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> rooms.values().iterator().next().clear())
                .isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> sids.remove(c0)).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> roomsOfC5.add("late")).isInstanceOf(UnsupportedOperationException.class);
        assertThat(io.sockets().adapter().rooms().get("a"))
                .containsExactlyInAnyOrder(c0, sockets.get("c1").id());

        // Adapter#rooms and #sids are documented as live views: what a client does later shows in them
        clients.send("c5", "{\"emit\":\"join\",\"args\":[\"late\",\"a\"],\"ack\":true}");
        assertThat(clients.nextEvent("c5")).contains("joined");
        assertThat(rooms.get("late")).containsExactly(c5);
        assertThat(roomA).contains(c5).hasSize(3);
        assertThat(roomsOfC5).containsExactlyInAnyOrder(c5, "late", "a");
        clients.send("c0", "{\"disconnect\":true}");
        assertThat(serverEvents.poll(10, TimeUnit.SECONDS)).startsWith("c0 disconnecting");
        assertThat(serverEvents.poll(10, TimeUnit.SECONDS)).startsWith("c0 disconnect ");
        assertThat(sids).doesNotContainKey(c0);
        assertThat(rooms).doesNotContainKey(c0);
        assertThat(roomA).doesNotContain(c0);
    }

    @Test
    void disconnectSocketsWithoutCloseLeavesTheOtherNamespaceAndWithCloseEndsTheConnection() throws Exception {
        Map<String, Socket> others = new ConcurrentHashMap<>();
        io.of("/other").onConnection(socket -> {
            socket.join("o");
            others.put(socket.handshake().auth().path("name").asString(), socket);
        });
        for (String client : List.of("c0", "c1")) {
            clients.send(client, "{\"open\":\"/other\",\"auth\":{\"name\":\"" + client + "\"}}");
            assertThat(clients.next(client).toString()).contains("\"event\":\"connect\"", "\"nsp\":\"/other\"");
        }
        CompletableFuture<String> c0Closed = new CompletableFuture<>();
        CompletableFuture<String> c1Closed = new CompletableFuture<>();
        sockets.get("c0").conn().onClose((reason, description) -> c0Closed.complete(reason.wire()));
        sockets.get("c1").conn().onClose((reason, description) -> c1Closed.complete(reason.wire()));

        io.of("/other").in(others.get("c0").id()).disconnectSockets(false);
        assertThat(clients.next("c0").toString())
                .isEqualTo("{\"event\":\"disconnect\",\"nsp\":\"/other\",\"reason\":\"io server disconnect\"}");
        io.to(sockets.get("c0").id()).emit("m", "still here");
        assertThat(clients.nextEvent("c0")).isEqualTo("m [\"still here\"]");
        assertThat(sockets.get("c0").connected()).isTrue();
        assertThat(c0Closed).isNotDone();

        io.of("/other").in("o").disconnectSockets(true); // only c1 is left in /other's room o
        List<String> c1Events =
                List.of(clients.next("c1").toString(), clients.next("c1").toString());
        assertThat(c1Events)
                .containsExactlyInAnyOrder(
                        "{\"event\":\"disconnect\",\"nsp\":\"/other\",\"reason\":\"io server disconnect\"}",
                        "{\"event\":\"disconnect\",\"nsp\":\"/\",\"reason\":\"io server disconnect\"}");
        assertThat(c1Closed.get(10, TimeUnit.SECONDS))
                .as("the engine connection's close reason")
                .isNotNull();
        assertThat(serverEvents.poll(10, TimeUnit.SECONDS))
                .isEqualTo("c1 disconnecting server namespace disconnect [a, b]");
        assertThat(serverEvents.poll(10, TimeUnit.SECONDS)).isEqualTo("c1 disconnect server namespace disconnect []");
        assertThat(io.fetchSockets().get(10, TimeUnit.SECONDS))
                .extracting(s -> s.data().get("name"))
                .containsExactlyInAnyOrder("c0", "c2", "c3", "c4", "c5");
        assertThat(c0Closed).isNotDone();
    }

    @Test
    void toBroadcastExceptAndLocalFromARealSenderExcludeItAndCombineAsUnions() throws Exception {
        String[] relays = {
            "{\"n\":1,\"to\":[\"b\"]}", // c1 is in b but sends: c2, c3
            "{\"n\":2,\"broadcast\":true}", // everyone but c1
            "{\"n\":3,\"except\":[\"b\"]}", // not in b, not c1
            "{\"n\":4,\"to\":[\"a\"],\"except\":[\"c\"]}", // a is c0 and c1: c0
            "{\"n\":5,\"broadcast\":true,\"to\":[\"c\"],\"except\":[\"a\"]}", // c3, c4
            "{\"n\":6,\"local\":true,\"to\":[\"a\",\"c\"]}", // local on one node = normal: c0, c3, c4
            "{\"n\":7,\"local\":true}", // everyone but c1
            "{\"n\":8,\"to\":[\"a\"],\"except\":[\"a\"]}", // nobody
        };
        for (String relay : relays) {
            clients.send("c1", "{\"emit\":\"relay\",\"args\":[" + relay + "],\"ack\":true}");
            assertThat(clients.nextEvent("c1")).contains("relayed");
        }
        io.local().to("b").except("c").emit("m", 9); // c1, c2

        assertThat(receivedUntilEnd())
                .isEqualTo(Map.of(
                        "c0", List.of("m [2]", "m [3]", "m [4]", "m [6]", "m [7]"),
                        "c1", List.of("m [9]"),
                        "c2", List.of("m [1]", "m [2]", "m [7]", "m [9]"),
                        "c3", List.of("m [1]", "m [2]", "m [5]", "m [6]", "m [7]"),
                        "c4", List.of("m [2]", "m [3]", "m [5]", "m [6]", "m [7]"),
                        "c5", List.of("m [2]", "m [3]", "m [7]")));
    }

    @Test
    void aBroadcastWithAckGetsOneAnswerPerClientAndNoClientsMeansAnEmptyListBeforeTheTimeout() throws Exception {
        Duration fiveMinutes = Duration.ofMinutes(5);
        assertThat(io.timeout(fiveMinutes)
                        .emitWithAck("count", Integer.class, 3)
                        .get(10, TimeUnit.SECONDS))
                .containsExactly(3, 3, 3, 3, 3, 3);
        assertThat(sockets.get("c3")
                        .broadcast()
                        .timeout(fiveMinutes)
                        .emitWithAck("count", Integer.class, 4)
                        .get(10, TimeUnit.SECONDS))
                .containsExactly(4, 4, 4, 4, 4);
        assertThat(sockets.get("c3")
                        .to("c")
                        .timeout(fiveMinutes)
                        .emitWithAck("count", Integer.class, 5)
                        .get(10, TimeUnit.SECONDS))
                .containsExactly(5);

        // a five-minute timeout, an answer within seconds: with nobody to ask, the future does not wait
        assertThat(io.to("nobody")
                        .timeout(fiveMinutes)
                        .emitWithAck("count", Integer.class, 6)
                        .get(10, TimeUnit.SECONDS))
                .isEmpty();
        assertThat(io.in("a")
                        .except("a")
                        .timeout(fiveMinutes)
                        .emitWithAck("count", Integer.class, 6)
                        .get(10, TimeUnit.SECONDS))
                .isEmpty();
        CompletableFuture<String> callback = new CompletableFuture<>();
        io.to("nobody")
                .timeout(fiveMinutes)
                .emit("count", (err, responses) -> callback.complete(err + " " + responses), 6);
        assertThat(callback.get(10, TimeUnit.SECONDS)).isEqualTo("null []");
        assertThat(receivedUntilEnd())
                .isEqualTo(Map.of(
                        "c0", List.of("count [3]", "count [4]"),
                        "c1", List.of("count [3]", "count [4]"),
                        "c2", List.of("count [3]", "count [4]"),
                        "c3", List.of("count [3]"),
                        "c4", List.of("count [3]", "count [4]", "count [5]"),
                        "c5", List.of("count [3]", "count [4]")));
    }
}
