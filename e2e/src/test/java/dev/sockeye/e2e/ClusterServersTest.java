package dev.sockeye.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sockeye.core.adapter.cluster.ClusterAdapter;
import dev.sockeye.core.adapter.cluster.ClusterAdapterOptions;
import dev.sockeye.netty.NettySocketIoServer;
import dev.sockeye.server.AckTimeoutException;
import dev.sockeye.server.RemoteSocket;
import dev.sockeye.server.Socket;
import dev.sockeye.server.SocketIoServer;
import dev.sockeye.testing.cluster.InMemoryClusterBus;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Three full Sockeye servers in one JVM, each on its own {@link NettySocketIoServer} port, clustered
 * through the {@link InMemoryClusterBus} (every message encoded and decoded as on a real bus), with
 * real Java clients (socket.io-client 2.x) connected to different servers: broadcasts to rooms and
 * exclusions, binary, {@code local}, broadcast acks, fetchSockets, socketsJoin/Leave,
 * disconnectSockets, serverSideEmit with acks, and a server that stops answering.
 *
 * <p>Clients: k0 on s0 in {a}; k1 on s1 in {a, b}; k2 on s2 in {b}; k3 on s2 in no room.
 */
class ClusterServersTest {
    private static final Duration REQUESTS_TIMEOUT = Duration.ofSeconds(1);
    private static final Map<String, Integer> SERVER_OF = Map.of("k0", 0, "k1", 1, "k2", 2, "k3", 2);
    private static final Map<String, String> ROOMS_OF = Map.of("k0", "a", "k1", "a,b", "k2", "b", "k3", "");

    private final InMemoryClusterBus bus = new InMemoryClusterBus();
    private final List<SocketIoServer> servers = new ArrayList<>();
    private final List<NettySocketIoServer> fronts = new ArrayList<>();
    private final List<JavaClient> connections = new ArrayList<>();
    private final Map<String, JavaClient.Nsp> clients = new TreeMap<>();
    private final Map<String, Socket> sockets = new ConcurrentHashMap<>();
    private final BlockingQueue<String> serverEvents = new LinkedBlockingQueue<>();
    private final CountDownLatch connected = new CountDownLatch(4);

    @BeforeEach
    void start() throws Exception {
        var adapters = bus.adapterFactory(ClusterAdapterOptions.builder()
                .requestsTimeout(REQUESTS_TIMEOUT)
                .build());
        for (int i = 0; i < 3; i++) {
            String name = "s" + i;
            SocketIoServer io = SocketIoServer.builder().adapter(adapters).build();
            io.onConnection(socket -> {
                String client = socket.handshake().auth().path("name").asString();
                socket.data().put("name", client);
                for (String room :
                        socket.handshake().auth().path("rooms").asString().split(",")) {
                    if (!room.isEmpty()) {
                        socket.join(room);
                    }
                }
                socket.onDisconnect(reason -> serverEvents.add(client + " " + reason));
                sockets.put(client, socket);
                connected.countDown();
            });
            io.on("ping", (args, ack) -> ack.send("pong-" + name));
            io.on(
                    "note",
                    (args, ack) -> serverEvents.add(
                            name + " note " + args.nodes().toString().replace(" ", "")));
            servers.add(io);
            fronts.add(Loopback.serve(io));
        }
        for (String client : SERVER_OF.keySet()) {
            JavaClient connection =
                    new JavaClient(fronts.get(SERVER_OF.get(client)).port(), "websocket");
            connections.add(connection);
            clients.put(
                    client,
                    connection.open(
                            "/", Map.of("name", client, "rooms", ROOMS_OF.get(client)), "m", "bin", "q", "end"));
        }
        for (JavaClient.Nsp client : clients.values()) {
            assertThat(client.next()).isEqualTo("connect");
        }
        assertThat(connected.await(10, TimeUnit.SECONDS))
                .as("every connection handler ran")
                .isTrue();
    }

    @AfterEach
    void stop() {
        connections.forEach(JavaClient::close);
        fronts.forEach(NettySocketIoServer::close);
        bus.close();
    }

    private SocketIoServer s(int i) {
        return servers.get(i);
    }

    /** Each client's events (sorted) up to an {@code end} marker broadcast once the bus is quiet. */
    private Map<String, List<String>> receivedUntilEnd() throws InterruptedException {
        bus.drain();
        s(0).emit("end");
        Map<String, List<String>> received = new TreeMap<>();
        for (Map.Entry<String, JavaClient.Nsp> client : clients.entrySet()) {
            List<String> events = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                String event = client.getValue().next();
                if (event.equals("end []")) {
                    break;
                }
                events.add(event);
            }
            // from different servers, events race each other: each must arrive once, in any order
            events.sort(null);
            received.put(client.getKey(), events);
        }
        return received;
    }

    @Test
    void broadcastsReachRoomsAcrossServersWithExclusionsBinaryAndLocal() throws Exception {
        s(0).to("a").to("b").emit("m", 1);
        s(1).except("a").emit("m", 2);
        sockets.get("k2").to("a").emit("m", 3);
        sockets.get("k1").broadcast().except("b").emit("m", 4);
        s(2).local().emit("m", 5);
        s(1).to("a").local().emit("m", 6);
        s(0).to("b").emit("bin", new byte[] {1, 2, 3}, Map.of("deep", new byte[] {(byte) 200}));

        assertThat(receivedUntilEnd())
                .isEqualTo(Map.of(
                        "k0", List.of("m [1]", "m [3]", "m [4]"),
                        "k1",
                                List.of(
                                        "bin [{\"$bin\":[1,2,3]},{\"deep\":{\"$bin\":[200]}}]",
                                        "m [1]",
                                        "m [3]",
                                        "m [6]"),
                        "k2",
                                List.of(
                                        "bin [{\"$bin\":[1,2,3]},{\"deep\":{\"$bin\":[200]}}]",
                                        "m [1]",
                                        "m [2]",
                                        "m [5]"),
                        "k3", List.of("m [2]", "m [4]", "m [5]")));
    }

    @Test
    void broadcastAcksCollectOneResponsePerClientAcrossServers() throws Exception {
        List<Integer> fromB = s(0).to("b")
                .timeout(Duration.ofSeconds(5))
                .emitWithAck("q", Integer.class, 7)
                .get(10, TimeUnit.SECONDS);
        assertThat(fromB).containsExactly(7, 7);
        List<Integer> fromAll = s(2).timeout(Duration.ofSeconds(5))
                .emitWithAck("q", Integer.class, 8)
                .get(10, TimeUnit.SECONDS);
        assertThat(fromAll).containsExactly(8, 8, 8, 8);
        assertThat(s(1).local()
                        .timeout(Duration.ofSeconds(5))
                        .emitWithAck("q", Integer.class, 9)
                        .get(10, TimeUnit.SECONDS))
                .containsExactly(9);
    }

    @Test
    void fetchSocketsSeesHandshakeRoomsAndDataOfEveryServer() throws Exception {
        List<RemoteSocket> all = s(0).fetchSockets().get(10, TimeUnit.SECONDS);
        assertThat(all)
                .extracting(socket -> socket.data().get("name"))
                .containsExactlyInAnyOrder("k0", "k1", "k2", "k3");

        RemoteSocket k2 = s(0).in("b")
                .except("a")
                .fetchSockets()
                .get(10, TimeUnit.SECONDS)
                .get(0);
        assertThat(k2).isNotInstanceOf(Socket.class);
        assertThat(k2.id()).isEqualTo(sockets.get("k2").id());
        assertThat(k2.rooms()).containsExactlyInAnyOrder(k2.id(), "b");
        assertThat(k2.data()).containsEntry("name", "k2");
        assertThat(k2.handshake().auth().path("name").asString()).isEqualTo("k2");
        assertThat(k2.handshake().address()).isEqualTo("127.0.0.1");
        assertThat(s(1).local().fetchSockets().get(10, TimeUnit.SECONDS))
                .extracting(RemoteSocket::id)
                .containsExactly(sockets.get("k1").id());

        k2.emit("m", "to a remote socket");
        assertThat(clients.get("k2").next()).isEqualTo("m [\"to a remote socket\"]");
    }

    @Test
    void socketsJoinLeaveAndDisconnectSocketsActOnEveryServer() throws Exception {
        s(0).in("b").socketsJoin("z");
        s(2).in(sockets.get("k1").id()).socketsLeave("a");
        bus.drain();
        assertThat(sockets.get("k1").rooms())
                .containsExactlyInAnyOrder(sockets.get("k1").id(), "b", "z");
        assertThat(sockets.get("k2").rooms())
                .containsExactlyInAnyOrder(sockets.get("k2").id(), "b", "z");
        s(1).to("z").emit("m", "z");
        s(1).to("a").emit("m", "a");
        assertThat(receivedUntilEnd())
                .isEqualTo(Map.of(
                        "k0",
                        List.of("m [\"a\"]"),
                        "k1",
                        List.of("m [\"z\"]"),
                        "k2",
                        List.of("m [\"z\"]"),
                        "k3",
                        List.of()));

        s(0).in("z").disconnectSockets();
        assertThat(clients.get("k1").next()).isEqualTo("disconnect io server disconnect");
        assertThat(clients.get("k2").next()).isEqualTo("disconnect io server disconnect");
        List<String> reasons =
                List.of(serverEvents.poll(10, TimeUnit.SECONDS), serverEvents.poll(10, TimeUnit.SECONDS));
        assertThat(reasons)
                .containsExactlyInAnyOrder("k1 server namespace disconnect", "k2 server namespace disconnect");
        assertThat(s(1).fetchSockets().get(10, TimeUnit.SECONDS))
                .extracting(socket -> socket.data().get("name"))
                .containsExactlyInAnyOrder("k0", "k3");
    }

    @Test
    void serverSideEmitReachesTheOtherServersWithAcks() throws Exception {
        assertThat(s(0).serverSideEmitWithAck("ping", String.class).get(10, TimeUnit.SECONDS))
                .containsExactlyInAnyOrder("pong-s1", "pong-s2");
        s(1).serverSideEmit("note", "hello", 2);
        List<String> notes = List.of(serverEvents.poll(10, TimeUnit.SECONDS), serverEvents.poll(10, TimeUnit.SECONDS));
        assertThat(notes).containsExactlyInAnyOrder("s0 note [\"hello\",2]", "s2 note [\"hello\",2]");
        CompletableFuture<String> answered = new CompletableFuture<>();
        s(2).serverSideEmit("ping", (error, responses) -> answered.complete(error + " " + responses.size()));
        assertThat(answered.get(10, TimeUnit.SECONDS)).isEqualTo("null 2");
    }

    @Test
    void aServerThatStopsAnsweringMakesRequestsTimeOutWithoutHanging() throws Exception {
        bus.isolate(((ClusterAdapter) s(2).sockets().adapter()).uid(), true);

        CompletableFuture<List<String>> pongs = s(0).serverSideEmitWithAck("ping", String.class);
        assertThatThrownBy(() -> pongs.get(10, TimeUnit.SECONDS))
                .hasCauseInstanceOf(AckTimeoutException.class)
                .satisfies(e -> assertThat(((AckTimeoutException) e.getCause()).responses())
                        .extracting(JsonNode::asString)
                        .containsExactly("pong-s1"));
        CompletableFuture<List<RemoteSocket>> fetched = s(0).fetchSockets();
        assertThatThrownBy(() -> fetched.get(10, TimeUnit.SECONDS)).hasMessageContaining("timeout");

        CompletableFuture<List<Integer>> acks = s(0).timeout(REQUESTS_TIMEOUT).emitWithAck("q", Integer.class, 1);
        assertThatThrownBy(() -> acks.get(10, TimeUnit.SECONDS))
                .hasCauseInstanceOf(AckTimeoutException.class)
                .satisfies(e -> assertThat(((AckTimeoutException) e.getCause()).responses())
                        .hasSize(2));

        bus.isolate(((ClusterAdapter) s(2).sockets().adapter()).uid(), false);
        assertThat(s(0).serverSideEmitWithAck("ping", String.class).get(10, TimeUnit.SECONDS))
                .containsExactlyInAnyOrder("pong-s1", "pong-s2");
    }
}
