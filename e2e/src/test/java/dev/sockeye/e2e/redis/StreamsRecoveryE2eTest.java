package dev.sockeye.e2e.redis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sockeye.e2e.NodeClients;
import dev.sockeye.testing.Await;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Connection state recovery across the servers of a Redis Streams cluster (the real Redis on 127.0.0.1:6379, a
 * stream of its own per test), with the official socket.io-client 4.8 ({@code e2e/node/socketio/client.js}): a
 * client in room "r" whose TCP connection is destroyed on one server comes back on another one, its CONNECT
 * carrying {@code auth: {pid, offset}} as the client's own reconnection sends it, and gets
 * {@code socket.recovered === true}, its id, and every broadcast it missed once, in stream order. Sockeye ↔ Sockeye,
 * Sockeye ↔ Node.js (socket.io 4.8 with {@code @socket.io/redis-streams-adapter} 0.3.1) both ways; and the cases
 * that give a new session (expired, pid already used).
 */
class StreamsRecoveryE2eTest {

    private static final Duration LONG = Duration.ofMinutes(2);
    private static final String SESSION_PREFIX = "sio:session:";

    private final String prefix =
            "sockeye-e2e-rec-" + UUID.randomUUID().toString().substring(0, 8);
    private final List<ClusterServer> servers = new ArrayList<>();
    private final RedisClient redis = RedisClient.create(ClusterServer.REDIS);
    private final StatefulRedisConnection<String, String> redisConnection = redis.connect();
    private NodeClients clients;

    @AfterEach
    void tearDown() {
        if (clients != null) {
            clients.close();
        }
        servers.forEach(ClusterServer::close);
        try {
            redisConnection.sync().del(prefix);
            redisConnection.close();
        } finally {
            redis.shutdown();
        }
    }

    private ClusterServer start(String kind, String name, Duration maxDisconnection) throws Exception {
        ClusterServer server = ClusterServer.start(kind, "streams", prefix, name, maxDisconnection);
        servers.add(server);
        return server;
    }

    private static int port(ClusterServer server) {
        return URI.create(server.url()).getPort();
    }

    /** Opens client {@code name} on the clients' first server, in room "r"; returns its connect report. */
    private JsonNode openInRoom(String name) throws Exception {
        clients.send(name, "{\"open\":\"/\",\"auth\":{\"name\":\"" + name + "\"}}");
        JsonNode connect = clients.next(name);
        assertThat(connect.path("event").asString()).as(connect.toString()).isEqualTo("connect");
        assertThat(connect.path("pid").asString())
                .as("recovery is on: the CONNECT reply has a pid")
                .isNotEmpty();
        clients.send(name, "{\"emit\":\"join\",\"args\":[{\"room\":\"r\"}],\"ack\":true}");
        JsonNode ack = clients.next(name);
        assertThat(ack.path("args").get(0).asString()).as(ack.toString()).isEqualTo("ok");
        return connect;
    }

    /** Destroys the client's TCP connection; waits until its server kept the session in Redis. */
    private void kill(String name, String pid) throws Exception {
        clients.send(name, "{\"kill\":true}");
        JsonNode disconnect = clients.next(name);
        assertThat(disconnect.path("reason").asString())
                .as(disconnect.toString())
                .isEqualTo("transport close");
        Await.until(
                "the session of " + name + " kept in Redis",
                Duration.ofSeconds(10),
                () -> redisConnection.sync().exists(SESSION_PREFIX + pid) == 1);
    }

    /** Points the client at another server and connects its socket again (the same Socket: auth {pid, offset}). */
    private void reconnectTo(String name, ClusterServer server) throws Exception {
        clients.send(name, "{\"connect\":true,\"url\":\"" + server.url() + "\"}");
    }

    /** A broadcast as the client got it: its number and its offset (the stream entry id, the last argument). */
    private record Received(int n, String offset) {}

    private static Received received(JsonNode line) {
        assertThat(line.path("event").asString()).as(line.toString()).isEqualTo("message");
        JsonNode args = line.path("args");
        return new Received(args.get(0).asInt(), args.get(args.size() - 1).asString());
    }

    /** Reads the client's reports up to its (re)connect, collecting the broadcasts on the way. */
    private JsonNode collectUntilConnect(String name, List<Received> into) throws Exception {
        while (true) {
            JsonNode line = clients.next(name);
            if (line.path("event").asString().equals("connect")) {
                return line;
            }
            into.add(received(line));
        }
    }

    /** Compares two stream ids ({@code <ms>-<seq>}) as Redis orders them. */
    private static int compareIds(String a, String b) {
        String[] x = a.split("-");
        String[] y = b.split("-");
        int ms = Long.compare(Long.parseLong(x[0]), Long.parseLong(y[0]));
        return ms != 0 ? ms : Long.compare(Long.parseLong(x[1]), Long.parseLong(y[1]));
    }

    /** Every number below {@code total} exactly once, in stream order (offsets strictly increasing). */
    private static void assertEachOnceInStreamOrder(List<Received> got, int total) {
        List<Integer> numbers = new ArrayList<>();
        Set<Integer> distinct = new HashSet<>();
        for (int i = 0; i < got.size(); i++) {
            numbers.add(got.get(i).n());
            distinct.add(got.get(i).n());
            if (i > 0) {
                assertThat(compareIds(got.get(i - 1).offset(), got.get(i).offset()))
                        .as(
                                "offset of broadcast #%d (%s) after the previous one's (%s)",
                                i, got.get(i).offset(), got.get(i - 1).offset())
                        .isNegative();
            }
        }
        assertThat(numbers).as("no broadcast twice").hasSize(distinct.size());
        assertThat(distinct).as("every broadcast").hasSize(total).allMatch(n -> n >= 0 && n < total);
    }

    @Test
    void aClientCutOffOnOneSockeyeServerDuringAThousandBroadcastsRecoversOnAnotherWithEveryBroadcastOnceInOrder()
            throws Exception {
        ClusterServer.SockeyeServer a = (ClusterServer.SockeyeServer) start("java", "a", LONG);
        ClusterServer.SockeyeServer b = (ClusterServer.SockeyeServer) start("java", "b", LONG);
        clients = new NodeClients(port(a), "websocket");
        JsonNode first = openInRoom("c1");
        String id = first.path("id").asString();
        int total = 1_000;
        int beforeCut = 100;
        Thread broadcaster = new Thread(
                () -> {
                    for (int i = 0; i < total; i++) {
                        if (i == beforeCut) {
                            // the rest goes out while the client is away and while it comes back on b
                            Await.until(
                                    "c1 gone from a",
                                    Duration.ofSeconds(10),
                                    () -> !a.io().sockets().sockets().containsKey(id));
                        }
                        (i % 2 == 0 ? a : b).io().to("r").emit("n", i);
                        if (i >= beforeCut) {
                            LockSupport.parkNanos(200_000);
                        }
                    }
                },
                "broadcaster");
        broadcaster.start();

        List<Received> got = new ArrayList<>();
        for (int i = 0; i < beforeCut; i++) {
            got.add(received(clients.next("c1")));
        }
        kill("c1", first.path("pid").asString());
        reconnectTo("c1", b);
        JsonNode again = collectUntilConnect("c1", got);
        assertThat(again.path("recovered").asBoolean()).as(again.toString()).isTrue();
        assertThat(again.path("id").asString()).isEqualTo(id);
        assertThat(b.io().sockets().sockets().get(id).recovered()).isTrue();
        while (got.size() < total) {
            got.add(received(clients.next("c1")));
        }
        broadcaster.join();
        assertEachOnceInStreamOrder(got, total);
        a.io().to("r").emit("n", total);
        assertThat(received(clients.next("c1")).n())
                .as("nothing more before the next broadcast")
                .isEqualTo(total);
    }

    @Test
    void afterMaxDisconnectionDurationTheClientGetsANewSessionOnTheOtherServer() throws Exception {
        Duration shortly = Duration.ofMillis(500);
        ClusterServer.SockeyeServer a = (ClusterServer.SockeyeServer) start("java", "a", shortly);
        ClusterServer b = start("java", "b", shortly);
        clients = new NodeClients(port(a), "websocket");
        JsonNode first = openInRoom("c1");
        a.io().to("r").emit("n", 0);
        received(clients.next("c1"));
        String pid = first.path("pid").asString();
        kill("c1", pid);
        Await.until(
                "the session expired in Redis",
                Duration.ofSeconds(10),
                () -> redisConnection.sync().exists(SESSION_PREFIX + pid) == 0);
        reconnectTo("c1", b);
        JsonNode again = clients.next("c1");
        assertThat(again.path("event").asString()).as(again.toString()).isEqualTo("connect");
        assertThat(again.path("recovered").asBoolean()).isFalse();
        assertThat(again.path("id").asString()).isNotEqualTo(first.path("id").asString());
    }

    @Test
    void aPidAlreadyRecoveredOnOneServerRecoversNothingOnTheOther() throws Exception {
        ClusterServer.SockeyeServer a = (ClusterServer.SockeyeServer) start("java", "a", LONG);
        ClusterServer b = start("java", "b", LONG);
        clients = new NodeClients(port(a), "websocket");
        JsonNode first = openInRoom("c1");
        a.io().to("r").emit("n", 0);
        Received zero = received(clients.next("c1"));
        String pid = first.path("pid").asString();
        kill("c1", pid);
        reconnectTo("c1", b);
        assertThat(clients.next("c1").path("recovered").asBoolean()).isTrue();

        // another connection to a, presenting the same pid and offset
        clients.send(
                "thief",
                "{\"open\":\"/\",\"auth\":{\"name\":\"thief\",\"pid\":\"" + pid + "\",\"offset\":\"" + zero.offset()
                        + "\"}}");
        JsonNode stolen = clients.next("thief");
        assertThat(stolen.path("event").asString()).as(stolen.toString()).isEqualTo("connect");
        assertThat(stolen.path("recovered").asBoolean()).isFalse();
        assertThat(stolen.path("id").asString()).isNotEqualTo(first.path("id").asString());
        assertThat(a.io().sockets().sockets().get(stolen.path("id").asString()).rooms())
                .doesNotContain("r");
    }

    @Test
    void aClientCutOffOnSockeyeRecoversOnNodeAndOneCutOffOnNodeRecoversOnSockeye() throws Exception {
        ClusterServer.SockeyeServer java = (ClusterServer.SockeyeServer) start("java", "java", LONG);
        ClusterServer node = start("node", "node", LONG);
        clients = new NodeClients(port(java), "websocket");
        recoversOn(node, java, "from-java", 0);
        clients.close();
        clients = new NodeClients(port(node), "websocket");
        recoversOn(java, java, "from-node", 100);
    }

    /**
     * Client {@code name} joins "r" on the clients' server, receives broadcast {@code base}, is cut off, misses
     * ten (sent by the Sockeye server), and recovers on {@code to} with its id and the ten in order; the next
     * broadcast follows them.
     */
    private void recoversOn(ClusterServer to, ClusterServer.SockeyeServer java, String name, int base)
            throws Exception {
        JsonNode first = openInRoom(name);
        java.io().to("r").emit("n", base);
        assertThat(received(clients.next(name)).n()).isEqualTo(base);
        kill(name, first.path("pid").asString());
        for (int i = 1; i <= 10; i++) {
            java.io().to("r").emit("n", base + i);
        }
        reconnectTo(name, to);
        List<Received> missed = new ArrayList<>();
        JsonNode again = collectUntilConnect(name, missed);
        assertThat(again.path("recovered").asBoolean()).as(again.toString()).isTrue();
        assertThat(again.path("id").asString()).isEqualTo(first.path("id").asString());
        assertThat(missed)
                .extracting(Received::n)
                .as("missed broadcasts before the CONNECT reply")
                .containsExactly(
                        base + 1, base + 2, base + 3, base + 4, base + 5, base + 6, base + 7, base + 8, base + 9,
                        base + 10);
        java.io().to("r").emit("n", base + 11);
        assertThat(received(clients.next(name)).n()).isEqualTo(base + 11);
    }
}
