package dev.sockeye.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sockeye.netty.NettySocketIoServer;
import dev.sockeye.server.AckTimeoutException;
import dev.sockeye.server.RemoteSocket;
import dev.sockeye.server.Socket;
import dev.sockeye.server.SocketIoServer;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
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
            "c0", List.of("a"), "c1", List.of("a", "b"), "c2", List.of("b"),
            "c3", List.of("b", "c"), "c4", List.of("c"), "c5", List.of());

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
            socket.onDisconnecting(reason -> serverEvents.add(name + " disconnecting " + reason + " " + new java.util.TreeSet<>(socket.rooms())
                    .stream().filter(r -> !r.equals(socket.id())).collect(Collectors.toList())));
            socket.onDisconnect(reason -> serverEvents.add(name + " disconnect " + reason + " " + socket.rooms()));
            sockets.put(name, socket);
        });
        server = NettySocketIoServer.builder(io).host("127.0.0.1").port(0).build().start();
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

        assertThat(receivedUntilEnd()).isEqualTo(Map.of(
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

        assertThat(serverEvents.poll(10, TimeUnit.SECONDS)).isEqualTo("c1 disconnecting client namespace disconnect [a, b]");
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
        clients.send("c2", "{\"silent\":\"q\"}"); // c2 takes "q" but never acknowledges it
        CompletableFuture<Throwable> error = new CompletableFuture<>();
        CompletableFuture<List<JsonNode>> responses = new CompletableFuture<>();
        io.to("b").timeout(Duration.ofMillis(800)).emit("q", (err, list) -> {
            error.complete(err);
            responses.complete(list);
        }, 1);

        assertThat(error.get(10, TimeUnit.SECONDS)).isInstanceOf(AckTimeoutException.class);
        assertThat(responses.get()).extracting(JsonNode::toString).containsExactly("1", "1");
        assertThat(clients.nextEvent("c2")).isEqualTo("q [1]");

        CompletableFuture<List<Integer>> future = io.to("b").timeout(Duration.ofMillis(800)).emitWithAck("q", Integer.class, 2);
        assertThatThrownBy(() -> future.get(10, TimeUnit.SECONDS)).hasCauseInstanceOf(AckTimeoutException.class)
                .satisfies(e -> assertThat(((AckTimeoutException) e.getCause()).responses()).hasSize(2));
        assertThat(io.to("b").timeout(Duration.ofSeconds(5)).emitWithAck("count", Integer.class, 7).get(10, TimeUnit.SECONDS))
                .containsExactly(7, 7, 7);
    }

    @Test
    void fetchSocketsAndSocketsJoinLeaveActOnTheMatchingClients() throws Exception {
        List<RemoteSocket> inB = io.in("b").fetchSockets().get(10, TimeUnit.SECONDS);
        assertThat(inB).extracting(s -> s.data().get("name")).containsExactlyInAnyOrder("c1", "c2", "c3");
        RemoteSocket c3 = inB.stream().filter(s -> s.data().get("name").equals("c3")).findFirst().orElseThrow();
        assertThat(c3.rooms()).containsExactlyInAnyOrder(c3.id(), "b", "c");
        assertThat(c3.handshake().auth().toString()).isEqualTo("{\"name\":\"c3\"}");
        assertThat(io.in("a").except("b").fetchSockets().get(10, TimeUnit.SECONDS))
                .extracting(RemoteSocket::id).containsExactly(sockets.get("c0").id());

        io.in("c").socketsJoin("d");
        io.in(sockets.get("c4").id()).socketsLeave("d");
        io.in("a").socketsLeave(List.of("a", "b"));
        io.to("d").emit("m", "d");
        io.to("a").emit("m", "a");
        io.to("b").emit("m", "b");

        assertThat(receivedUntilEnd()).isEqualTo(Map.of(
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
        assertThat(reasons).containsExactlyInAnyOrder("c0 disconnect server namespace disconnect []",
                "c1 disconnect server namespace disconnect []", "c4 disconnect server namespace disconnect []");
        assertThat(io.fetchSockets().get(10, TimeUnit.SECONDS)).extracting(s -> s.data().get("name"))
                .containsExactlyInAnyOrder("c2", "c3", "c5");
    }

    @Test
    void serverSideEmitOnASingleServerGetsNoResponses() throws Exception {
        assertThat(io.serverSideEmitWithAck("hello", String.class).get(10, TimeUnit.SECONDS)).isEmpty();
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
}
