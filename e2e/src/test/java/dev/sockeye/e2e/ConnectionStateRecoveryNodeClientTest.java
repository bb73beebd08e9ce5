package dev.sockeye.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sockeye.core.adapter.ConnectionStateRecovery;
import dev.sockeye.core.adapter.InMemorySessionStore;
import dev.sockeye.core.adapter.SessionAwareAdapter;
import dev.sockeye.netty.NettySocketIoServer;
import dev.sockeye.server.DisconnectReason;
import dev.sockeye.server.Socket;
import dev.sockeye.server.SocketIoServer;
import dev.sockeye.testing.Await;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Connection state recovery with the official socket.io-client 4.8 (Node, WebSocket): a client whose TCP
 * connection is destroyed (no close frame) while broadcasts go to its room comes back with
 * {@code socket.recovered === true}, its id, and every broadcast exactly once and in order; and every case that
 * gives a new session instead (expired, pid reused, clean disconnect), with the middlewares skipped or not.
 */
class ConnectionStateRecoveryNodeClientTest {
    private static final Duration MAX_DISCONNECTION = Duration.ofMinutes(2);

    /** The store's clock, moved by hand to expire sessions. */
    private final AtomicLong millis = new AtomicLong(System.currentTimeMillis());

    private final Map<String, Socket> sockets = new ConcurrentHashMap<>();
    private final BlockingQueue<String> disconnects = new LinkedBlockingQueue<>();
    private final List<String> middlewareSaw = new CopyOnWriteArrayList<>();
    private SocketIoServer io;
    private NettySocketIoServer server;
    private NodeClients clients;

    private void start(boolean skipMiddlewares) throws Exception {
        InstantSource clock = () -> Instant.ofEpochMilli(millis.get());
        io = SocketIoServer.builder()
                .connectionStateRecovery(ConnectionStateRecovery.defaults().withSkipMiddlewares(skipMiddlewares))
                .adapter(SessionAwareAdapter.factory(new InMemorySessionStore(
                        MAX_DISCONNECTION, ConnectionStateRecovery.DEFAULT_MAX_RETAINED_BYTES, clock)))
                .build();
        io.use((socket, next) -> {
            middlewareSaw.add(socket.handshake().auth().path("name").asString() + " recovered=" + socket.recovered());
            next.proceed();
        });
        io.onConnection(socket -> {
            String name = socket.handshake().auth().path("name").asString();
            sockets.put(name, socket);
            socket.onDisconnect(reason -> disconnects.add(name + " " + reason));
            socket.on("join", (args, ack) -> {
                socket.join(args.get(0, String.class));
                ack.send();
            });
        });
        server = Loopback.serve(io);
        clients = new NodeClients(server.port(), "websocket");
    }

    @AfterEach
    void stop() {
        if (clients != null) {
            clients.close();
        }
        if (server != null) {
            server.close();
        }
    }

    /** Opens client {@code name} in room "r"; returns its connect report. */
    private JsonNode openInRoom(String name) throws Exception {
        clients.send(name, "{\"open\":\"/\",\"auth\":{\"name\":\"" + name + "\"}}");
        JsonNode connect = clients.next(name);
        assertThat(connect.path("event").asString()).isEqualTo("connect");
        assertThat(connect.path("pid").asString()).hasSize(20);
        clients.send(name, "{\"emit\":\"join\",\"args\":[\"r\"],\"ack\":true}");
        assertThat(clients.next(name).path("event").asString()).isEqualTo("ack");
        return connect;
    }

    /** A client in room "r" that received broadcast {@code n 0}: its connect report and that broadcast's offset. */
    private record Received(JsonNode connect, String offset) {
        String id() {
            return connect.path("id").asString();
        }
    }

    private Received openInRoomAndReceiveOne(String name) throws Exception {
        JsonNode connect = openInRoom(name);
        io.to("r").emit("n", 0);
        JsonNode args = clients.next(name).path("args");
        assertThat(args.get(0).asInt()).isZero();
        return new Received(connect, args.get(1).asString());
    }

    /** Reads the client's reports up to its (re)connect, collecting the numbers of the "n" events on the way. */
    private JsonNode collectUntilConnect(String name, List<Integer> received) throws Exception {
        while (true) {
            JsonNode line = clients.next(name);
            switch (line.path("event").asString()) {
                case "connect" -> {
                    return line;
                }
                case "message" -> received.add(line.path("args").get(0).asInt());
                default -> throw new AssertionError("unexpected report " + line);
            }
        }
    }

    /** Destroys the client's TCP connection and waits until both sides saw it go. */
    private void kill(String name) throws Exception {
        clients.send(name, "{\"kill\":true}");
        JsonNode disconnect = clients.next(name);
        assertThat(disconnect.path("event").asString()).isEqualTo("disconnect");
        assertThat(disconnect.path("reason").asString()).isEqualTo("transport close");
        assertThat(disconnects.poll(10, TimeUnit.SECONDS))
                .isIn(name + " " + DisconnectReason.TRANSPORT_CLOSE, name + " " + DisconnectReason.TRANSPORT_ERROR);
    }

    @Test
    void aClientCutOffDuringAThousandBroadcastsComesBackWithItsIdAndEveryBroadcastOnceInOrder() throws Exception {
        start(true);
        JsonNode first = openInRoom("c1");
        int total = 1_000;
        int beforeCut = 100;
        AtomicInteger sent = new AtomicInteger();
        Thread broadcaster = new Thread(
                () -> {
                    for (int i = 0; i < total; i++) {
                        if (i == beforeCut) {
                            // the rest goes out while the client is away and while it comes back
                            Await.until(
                                    "c1 disconnected on the server",
                                    Duration.ofSeconds(10),
                                    () -> !io.sockets()
                                            .sockets()
                                            .containsKey(first.path("id").asString()));
                        }
                        io.to("r").emit("n", i);
                        sent.incrementAndGet();
                        if (i >= beforeCut) {
                            LockSupport.parkNanos(200_000);
                        }
                    }
                },
                "broadcaster");
        broadcaster.start();

        List<Integer> received = new ArrayList<>();
        for (int i = 0; i < beforeCut; i++) {
            JsonNode line = clients.next("c1");
            received.add(line.path("args").get(0).asInt());
            assertThat(line.path("args").get(1).asString())
                    .as("the offset, last argument")
                    .isNotEmpty();
        }
        kill("c1");
        // some broadcasts go out while c1 is away, so that there is something to replay
        Await.until("broadcasts while c1 is away", Duration.ofSeconds(10), () -> sent.get() >= beforeCut + 10);
        clients.send("c1", "{\"connect\":true}");
        JsonNode again = collectUntilConnect("c1", received);
        assertThat(again.path("recovered").asBoolean()).isTrue();
        assertThat(again.path("id").asString()).isEqualTo(first.path("id").asString());
        assertThat(sockets.get("c1").recovered()).isTrue();
        assertThat(received.size())
                .as("missed broadcasts replayed before connect")
                .isGreaterThan(beforeCut);
        while (received.size() < total) {
            received.add(clients.next("c1").path("args").get(0).asInt());
        }
        broadcaster.join();
        List<Integer> expected = new ArrayList<>();
        for (int i = 0; i < total; i++) {
            expected.add(i);
        }
        assertThat(received).isEqualTo(expected);
        assertThat(middlewareSaw).as("the middleware is skipped on recovery").containsExactly("c1 recovered=false");
        io.to("r").emit("n", total);
        assertThat(clients.nextEvent("c1")).startsWith("n [1000,");
    }

    @Test
    void afterMaxDisconnectionDurationTheClientGetsANewSession() throws Exception {
        start(true);
        Received first = openInRoomAndReceiveOne("c1");
        kill("c1");
        millis.addAndGet(MAX_DISCONNECTION.toMillis() + 1);
        io.to("r").emit("n", 1);
        clients.send("c1", "{\"connect\":true}");
        JsonNode again = clients.next("c1");
        assertThat(again.path("event").asString()).isEqualTo("connect");
        assertThat(again.path("recovered").asBoolean()).isFalse();
        assertThat(again.path("id").asString()).isNotEqualTo(first.id());
        assertThat(sockets.get("c1").recovered()).isFalse();
    }

    @Test
    void aPidAlreadyUsedForARecoveryRecoversNothingMore() throws Exception {
        start(true);
        Received first = openInRoomAndReceiveOne("c1");
        kill("c1");
        clients.send("c1", "{\"connect\":true}");
        assertThat(clients.next("c1").path("recovered").asBoolean()).isTrue();

        clients.send(
                "thief",
                "{\"open\":\"/\",\"auth\":{\"name\":\"thief\",\"pid\":\""
                        + first.connect().path("pid").asString() + "\",\"offset\":\"" + first.offset() + "\"}}");
        JsonNode stolen = clients.next("thief");
        assertThat(stolen.path("event").asString()).isEqualTo("connect");
        assertThat(stolen.path("id").asString()).isNotEqualTo(first.id());
        assertThat(sockets.get("thief").recovered()).isFalse();
        assertThat(sockets.get("thief").rooms()).doesNotContain("r");
    }

    @Test
    void aCleanDisconnectIsNotRecovered() throws Exception {
        start(true);
        Received first = openInRoomAndReceiveOne("c1");
        clients.send("c1", "{\"disconnect\":true}");
        assertThat(clients.next("c1").path("reason").asString()).isEqualTo("io client disconnect");
        assertThat(disconnects.poll(10, TimeUnit.SECONDS))
                .isEqualTo("c1 " + DisconnectReason.CLIENT_NAMESPACE_DISCONNECT);
        clients.send("c1", "{\"connect\":true}");
        JsonNode again = clients.next("c1");
        assertThat(again.path("event").asString()).isEqualTo("connect");
        assertThat(again.path("recovered").asBoolean()).isFalse();
        assertThat(again.path("id").asString()).isNotEqualTo(first.id());
    }

    @Test
    void withSkipMiddlewaresOffARecoveredSocketGoesThroughTheMiddlewares() throws Exception {
        start(false);
        Received first = openInRoomAndReceiveOne("c1");
        kill("c1");
        io.to("r").emit("n", 1);
        clients.send("c1", "{\"connect\":true}");
        assertThat(clients.nextEvent("c1")).startsWith("n [1,");
        JsonNode again = clients.next("c1");
        assertThat(again.path("recovered").asBoolean()).isTrue();
        assertThat(again.path("id").asString()).isEqualTo(first.id());
        Await.until("middleware ran twice", Duration.ofSeconds(5), () -> middlewareSaw.size() == 2);
        assertThat(middlewareSaw).containsExactly("c1 recovered=false", "c1 recovered=true");
    }
}
