package dev.sockeye.e2e.redis;

import static org.assertj.core.api.Assertions.assertThat;

import io.lettuce.core.RedisClient;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;

/**
 * Three servers on the real Redis (127.0.0.1:6379) with socket.io-client 4.8 clients spread over
 * them, for both protocols of {@code @socket.io/redis-adapter} 8.3 and for
 * {@code @socket.io/redis-streams-adapter} 0.3.1: three Sockeye servers, and a
 * mixed cluster of two Sockeye servers and one Node.js socket.io 4.8 server, one of the Sockeye servers
 * also with the msgpack parser (its clients use socket.io-msgpack-parser; the Node server's clients
 * JSON). Every cluster-aware method is called from every server in turn, so in the mixed cluster
 * each one goes Java → Node and Node → Java. Clients: c0 on s0, c1 on s1, c2 and c3 on s2.
 */
class RedisClusterE2eTest {

    private final List<ClusterServer> servers = new ArrayList<>();
    private ClusterClients clients;
    /** The stream a streams cluster wrote, deleted after the test. */
    private String stream;

    static Stream<Arguments> clusters() {
        return Stream.of(
                Arguments.of("classic", List.of("java", "java", "java")),
                Arguments.of("sharded", List.of("java", "java", "java")),
                Arguments.of("classic", List.of("java", "java", "node")),
                Arguments.of("sharded", List.of("java", "java", "node")),
                // the cluster's wire format does not depend on the clients': a msgpack server among JSON ones
                Arguments.of("classic", List.of("java", "java-msgpack", "node")),
                Arguments.of("sharded", List.of("java-msgpack", "java", "node")),
                // @socket.io/redis-streams-adapter 0.3.1
                Arguments.of("streams", List.of("java", "java", "java")),
                Arguments.of("streams", List.of("java", "java", "node")),
                Arguments.of("streams", List.of("node", "java-msgpack", "java")));
    }

    @AfterEach
    void tearDown() {
        if (clients != null) {
            clients.close();
        }
        servers.forEach(ClusterServer::close);
        if (stream != null) {
            RedisClient redis = RedisClient.create(ClusterServer.REDIS);
            try (var connection = redis.connect()) {
                connection.sync().del(stream);
            } finally {
                redis.shutdown();
            }
        }
    }

    private static String c(int i) {
        return "c" + i;
    }

    /** Which server a client is on. */
    private static int serverOf(int client) {
        return Math.min(client, 2);
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("clusters")
    void everyClusterAwareMethodWorksFromEveryServer(String protocol, List<String> kinds) throws Exception {
        String prefix = "sockeye-e2e-" + UUID.randomUUID().toString().substring(0, 8);
        stream = "streams".equals(protocol) ? prefix : null;
        for (int i = 0; i < 3; i++) {
            servers.add(ClusterServer.start(kinds.get(i), protocol, prefix, "s" + i));
        }
        clients = new ClusterClients();
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            ClusterServer server = servers.get(serverOf(i));
            ids.add(clients.connect(c(i), server.url(), server.parser()));
        }
        for (int i = 0; i < 3; i++) {
            assertThat(clients.call(c(i), "join", Map.of("room", "r")).asString())
                    .isEqualTo("ok");
        }
        clients.call(c(2), "join", Map.of("room", "muted"));
        for (ClusterServer server : servers) {
            server.settle();
        }

        for (int s = 0; s < 3; s++) {
            String from = c(s);
            String step = "from " + servers.get(s).name() + " (" + kinds.get(s) + ")";

            // broadcast to a room, except another room, with a binary argument
            clients.call(
                    from,
                    "broadcast",
                    Map.of(
                            "to",
                            List.of("r"),
                            "except",
                            List.of("muted"),
                            "event",
                            "news",
                            "args",
                            List.of(s),
                            "binary",
                            true));
            clients.call(from, "broadcast", Map.of("event", "marker", "args", List.of(s)));
            for (int i = 0; i < 4; i++) {
                if (i < 2) {
                    assertThat(clients.nextEvent(c(i)))
                            .as(step + ": news to " + c(i))
                            .isEqualTo("news [" + s + ",{\"_bin\":[1,2,3]}]");
                }
                assertThat(clients.nextEvent(c(i)))
                        .as(step + ": marker to " + c(i))
                        .isEqualTo("marker [" + s + "]");
            }

            // broadcast to a socket id
            clients.call(from, "broadcast", Map.of("to", List.of(ids.get(3)), "event", "dm", "args", List.of(s)));
            assertThat(clients.nextEvent(c(3))).as(step + ": dm").isEqualTo("dm [" + s + "]");

            // local flag: only this server's clients
            clients.call(from, "local", Map.of("event", "loc", "args", List.of(s)));
            clients.call(from, "broadcast", Map.of("event", "marker", "args", List.of(s)));
            for (int i = 0; i < 4; i++) {
                if (serverOf(i) == s) {
                    assertThat(clients.nextEvent(c(i)))
                            .as(step + ": local to " + c(i))
                            .isEqualTo("loc [" + s + "]");
                }
                assertThat(clients.nextEvent(c(i)))
                        .as(step + ": marker after local to " + c(i))
                        .isEqualTo("marker [" + s + "]");
            }

            // broadcast with acks from every client of every server
            JsonNode acks = clients.call(from, "broadcastAck", Map.of("timeout", 5000));
            assertThat(acks.toString())
                    .as(step + ": broadcast acks")
                    .isEqualTo("{\"ok\":[\"acked:c0\",\"acked:c1\",\"acked:c2\",\"acked:c3\"]}");
            for (int i = 0; i < 4; i++) {
                assertThat(clients.nextEvent(c(i))).isEqualTo("ackme [\"x\"]");
            }

            // fetchSockets: ids, rooms, data and handshake of every matching socket
            JsonNode fetched = clients.call(from, "fetch", Map.of("in", "r"));
            assertThat(fetched).as(step + ": fetchSockets").hasSize(3);
            Set<String> fetchedIds = new HashSet<>();
            for (JsonNode socket : fetched) {
                fetchedIds.add(socket.get("id").asString());
                int owner = ids.indexOf(socket.get("id").asString());
                assertThat(socket.get("data").get("client").asString()).isEqualTo(c(owner));
                assertThat(socket.get("issued").asString()).isEqualTo("number");
                List<String> rooms = new ArrayList<>();
                socket.get("rooms").forEach(r -> rooms.add(r.asString()));
                assertThat(rooms).contains(ids.get(owner), "r");
            }
            assertThat(fetchedIds).containsExactlyInAnyOrder(ids.get(0), ids.get(1), ids.get(2));

            // socketsJoin / socketsLeave (the Node classic adapter applies them when its own request
            // comes back from Redis, so the check waits until the cluster agrees)
            String extra = "extra" + s;
            clients.call(from, "socketsJoin", Map.of("in", ids.get(3), "room", extra));
            assertThat(fetchUntil(from, extra, Set.of(ids.get(3))))
                    .as(step + ": socketsJoin")
                    .containsExactly(ids.get(3));
            clients.call(from, "socketsLeave", Map.of("in", extra, "room", extra));
            assertThat(fetchUntil(from, extra, Set.of()))
                    .as(step + ": socketsLeave")
                    .isEmpty();

            // serverSideEmit without ack: every other server gets it (and tells its clients)
            clients.call(from, "serverSideEmit", Map.of("event", "hello", "args", List.of("from-" + s)));
            clients.call(from, "broadcast", Map.of("event", "marker", "args", List.of(s)));
            for (int i = 0; i < 4; i++) {
                Set<String> got = new HashSet<>();
                got.add(clients.nextEvent(c(i)));
                if (serverOf(i) != s) {
                    got.add(clients.nextEvent(c(i)));
                    assertThat(got)
                            .as(step + ": serverSideEmit seen by " + c(i))
                            .containsExactlyInAnyOrder(
                                    "sse [\"s" + serverOf(i) + "\",\"from-" + s + "\"]", "marker [" + s + "]");
                } else {
                    assertThat(got)
                            .as(step + ": no serverSideEmit to its own server")
                            .containsExactly("marker [" + s + "]");
                }
            }

            // serverSideEmitWithAck: one answer per other server
            List<String> pongs = new ArrayList<>();
            for (int o = 0; o < 3; o++) {
                if (o != s) {
                    pongs.add("\"pong-from-s" + o + "\"");
                }
            }
            assertThat(clients.call(from, "serverSideEmitWithAck", Map.of()).toString())
                    .as(step + ": serverSideEmitWithAck")
                    .isEqualTo("{\"ok\":[" + String.join(",", pongs) + "]}");

            assertThat(clients.call(from, "serverCount", Map.of()).asInt())
                    .as(step + ": serverCount")
                    .isEqualTo(3);
        }

        // disconnectSockets, s0 → a client of s2 and s2 → a client of s1
        clients.call(c(0), "disconnectSockets", Map.of("in", ids.get(3), "close", true));
        assertThat(clients.nextEvent(c(3))).startsWith("disconnect ");
        clients.call(c(2), "disconnectSockets", Map.of("in", ids.get(1), "close", false));
        assertThat(clients.nextEvent(c(1))).isEqualTo("disconnect io server disconnect");
        assertThat(fetchUntil(c(0), ids.get(0), Set.of(ids.get(0)))).containsExactly(ids.get(0));
        JsonNode left = clients.call(c(0), "fetch", Map.of("in", "r"));
        Set<String> remaining = new HashSet<>();
        left.forEach(n -> remaining.add(n.get("id").asString()));
        assertThat(remaining).containsExactlyInAnyOrder(ids.get(0), ids.get(2));
        assertThat(clients.leftovers()).isEmpty();
    }

    /** fetchSockets until the ids are as expected (bounded): for changes applied asynchronously by the Node adapter. */
    private Set<String> fetchUntil(String client, String room, Set<String> expected) throws Exception {
        Set<String> ids = Set.of();
        for (int attempt = 0; attempt < 50; attempt++) {
            ids = new HashSet<>();
            for (JsonNode socket : clients.call(client, "fetch", Map.of("in", room))) {
                ids.add(socket.get("id").asString());
            }
            if (ids.equals(expected)) {
                break;
            }
        }
        return ids;
    }
}
