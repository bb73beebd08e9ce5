package dev.sockeye.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sockeye.core.Packet;
import dev.sockeye.core.adapter.BroadcastOptions;
import dev.sockeye.core.adapter.FetchedSocket;
import dev.sockeye.core.adapter.SocketDetails;
import dev.sockeye.testing.Await;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A mixed cluster: a Sockeye node and a Node.js socket.io 4.8 server with
 * {@code @socket.io/postgres-adapter} 0.5.0 on the same database, every cluster-aware
 * operation (and the except and local flags) in both directions. Clients of the Node server are real socket.io-client sockets.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class NodeInteropTest {

    private final String prefix = TestDatabase.uniqueName();
    private final String table = "att_" + prefix;
    private NodePostgresServer node;
    private StubServer java;

    @BeforeAll
    void start() throws Exception {
        node = new NodePostgresServer(prefix, table, prefix + "-node");
        java = new StubServer(
                "java",
                TestDatabase.dataSource(prefix + "-java"),
                PostgresAdapterOptions.builder()
                        .channelPrefix(prefix)
                        .tableName(table)
                        .build());
        java.main();
        Await.until("a cluster of 2", Duration.ofSeconds(15), () -> java.serverCount() == 2 && nodeCount() == 2);
    }

    @AfterAll
    void stop() throws Exception {
        java.close();
        node.close();
        TestDatabase.execute("DROP TABLE IF EXISTS " + table);
    }

    private int nodeCount() {
        try {
            return node.request(node.command("count")).path("count").asInt();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private int nodeClient(String... rooms) throws Exception {
        return connectNodeClient(rooms).path("client").asInt();
    }

    /** Connects a client to the Node server; the reply has its number ({@code client}) and {@code id}. */
    private JsonNode connectNodeClient(String... rooms) throws Exception {
        ObjectNode cmd = node.command("client");
        var array = cmd.putArray("rooms");
        for (String room : rooms) {
            array.add(room);
        }
        return node.request(cmd);
    }

    private static ObjectNode bin(byte[] bytes) {
        return Json.MAPPER.createObjectNode().put("$bin", Base64.getEncoder().encodeToString(bytes));
    }

    @Test
    void sockeyeBroadcastsReachNodeClientsWithBinaryAndLargePayloads() throws Exception {
        int n = nodeClient("j2n");
        String big = "z".repeat(9000);

        java.main().broadcastEvent(BroadcastOptions.toRooms(List.of("j2n")), "hello", "world", 42);
        java.main().broadcastEvent(BroadcastOptions.toRooms(List.of("j2n")), "bin", new byte[] {1, 2, 3});
        java.main().broadcastEvent(BroadcastOptions.toRooms(List.of("j2n")), "big", big);

        // the Node adapter fetches attachments asynchronously, so it may deliver these three in
        // any order: only their contents are compared
        List<String> received = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            JsonNode event = node.nextClientEvent(n);
            received.add(event.path("event").asString() + event.path("args"));
        }
        assertThat(received)
                .containsExactlyInAnyOrder(
                        "hello[\"world\",42]", "bin[" + bin(new byte[] {1, 2, 3}) + "]", "big[\"" + big + "\"]");
    }

    @Test
    void sockeyeBroadcastsReachNodeClientsInEmissionOrder() throws Exception {
        int n = nodeClient("order");

        for (int i = 0; i < 100; i++) {
            java.main().broadcastEvent(BroadcastOptions.toRooms(List.of("order")), "seq", i);
        }

        for (int i = 0; i < 100; i++) {
            JsonNode seq = node.nextClientEvent(n);
            assertThat(seq.path("event").asString() + seq.path("args")).isEqualTo("seq[" + i + "]");
        }
    }

    @Test
    void nodeBroadcastsReachSockeyeSocketsWithBinaryAndLargePayloads() throws Exception {
        var socket = java.main().connect("n2j");
        var outside = java.main().connect();
        String big = "w".repeat(9000);

        ObjectNode emit = node.command("emit");
        emit.putArray("rooms").add("n2j");
        emit.putArray("args").add("hello").add("from-node").add(7);
        node.request(emit);
        JsonNode text = Json.MAPPER.readTree(socket.nextText().substring(1));
        assertThat(text.toString()).isEqualTo("[\"hello\",\"from-node\",7]");

        emit.putArray("args").add("bin").add(bin(new byte[] {4, 5}));
        node.request(emit);
        assertThat(socket.nextText()).isEqualTo("51-[\"bin\",{\"_placeholder\":true,\"num\":0}]");
        assertThat(socket.nextBinary()).containsExactly(4, 5);

        emit.putArray("args").add("big").add(big);
        node.request(emit);
        assertThat(socket.nextText()).isEqualTo("2[\"big\",\"" + big + "\"]");
        assertThat(outside.received).isEmpty();
    }

    @Test
    void fetchSocketsSeesTheSocketsOfBothServers() throws Exception {
        JsonNode nodeClient = connectNodeClient("fetch");
        int n = nodeClient.path("client").asInt();
        String nodeId = nodeClient.path("id").asString();
        var socket = java.main().connect("fetch");
        socket.data = Json.MAPPER.createObjectNode().put("user", "java-user");

        List<FetchedSocket> fromJava = java.main()
                .adapter
                .fetchSockets(BroadcastOptions.toRooms(List.of("fetch")))
                .get(10, TimeUnit.SECONDS);
        assertThat(fromJava).extracting(FetchedSocket::id).containsExactlyInAnyOrder(socket.id, nodeId);
        SocketDetails remote = (SocketDetails)
                fromJava.stream().filter(s -> s.id().equals(nodeId)).findFirst().orElseThrow();
        assertThat(remote.rooms()).containsExactlyInAnyOrder(nodeId, "fetch");
        assertThat(remote.data().path("user").asString()).isEqualTo("node-" + n);
        assertThat(remote.handshake().path("url").asString()).startsWith("/socket.io/?EIO=4");

        ObjectNode fetch = node.command("fetch");
        fetch.putArray("rooms").add("fetch");
        JsonNode fromNode = node.request(fetch).path("sockets");
        List<String> ids = new ArrayList<>();
        fromNode.forEach(s -> ids.add(s.path("id").asString()));
        assertThat(ids).containsExactlyInAnyOrder(socket.id, nodeId);
        for (JsonNode s : fromNode) {
            if (s.path("id").asString().equals(socket.id)) {
                assertThat(s.path("data").path("user").asString()).isEqualTo("java-user");
                assertThat(s.path("url").asString()).isEqualTo("/socket.io/?EIO=4&transport=websocket");
            }
        }
    }

    @Test
    void serverSideEmitWithAcksWorksBothWays() throws Exception {
        List<JsonNode> answers = java.main()
                .adapter
                .serverSideEmitWithAck(Json.array("ping", "from-java"), Duration.ofSeconds(5))
                .get(10, TimeUnit.SECONDS);
        assertThat(answers).extracting(JsonNode::asString).containsExactly("pong-node");
        assertThat(node.nextEvent(e -> "serverSide".equals(e.path("ev").asString()))
                        .path("args")
                        .toString())
                .isEqualTo("[\"from-java\"]");

        ObjectNode sse = node.command("sseAck");
        sse.putArray("args").add("ping").add("from-node");
        assertThat(node.request(sse).path("answers").toString()).isEqualTo("[\"pong-java\"]");
        assertThat(java.main().serverSideEvents.poll(10, TimeUnit.SECONDS).toString())
                .isEqualTo("[\"ping\",\"from-node\"]");

        ObjectNode plain = node.command("sse");
        plain.putArray("args").add("hello-servers").add(bin(new byte[] {9}));
        node.request(plain);
        JsonNode event = java.main().serverSideEvents.poll(10, TimeUnit.SECONDS);
        assertThat(event.get(0).asString()).isEqualTo("hello-servers");
        assertThat(event.get(1).binaryValue()).containsExactly(9);
    }

    @Test
    void broadcastsWithAckCollectAnswersAcrossBothServers() throws Exception {
        int n = nodeClient("acks");
        var socket = java.main().connect("acks");

        AtomicInteger clients = new AtomicInteger();
        ConcurrentLinkedQueue<JsonNode> answers = new ConcurrentLinkedQueue<>();
        CountDownLatch twoAnswers = new CountDownLatch(2);
        java.main()
                .adapter
                .broadcastWithAck(
                        Packet.event("/", Json.array("ackme", 1)),
                        BroadcastOptions.toRooms(List.of("acks")).withTimeout(Duration.ofSeconds(5)),
                        clients::addAndGet,
                        answer -> {
                            answers.add(answer);
                            twoAnswers.countDown();
                        });
        assertThat(socket.nextText()).matches("2\\d+\\[\"ackme\",1]");
        assertThat(socket.ackPending("from-java-client")).isEqualTo(1);
        assertThat(twoAnswers.await(10, TimeUnit.SECONDS)).isTrue();
        assertThat(clients.get()).isEqualTo(2);
        assertThat(answers)
                .extracting(JsonNode::asString)
                .containsExactlyInAnyOrder("from-java-client", "ack-from-node-client-" + n);

        // and the other way: the Java socket answers a Node broadcast with ack
        ObjectNode emit = node.command("emitWithAck");
        emit.putArray("rooms").add("acks");
        emit.putArray("args").add("ackme").add(2);
        emit.put("timeout", 5000);
        CompletableFuture<String> asked = CompletableFuture.supplyAsync(() -> {
            try {
                String text = socket.nextText();
                return text + " answered " + socket.ackPending("java-answer");
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        });
        JsonNode acks = node.request(emit).path("acks");
        assertThat(asked.get(10, TimeUnit.SECONDS)).matches("2\\d+\\[\"ackme\",2] answered 1");
        List<String> values = new ArrayList<>();
        acks.forEach(a -> values.add(a.asString()));
        assertThat(values).containsExactlyInAnyOrder("java-answer", "ack-from-node-client-" + n);
    }

    @Test
    void socketsJoinLeaveAndDisconnectWorkBothWays() throws Exception {
        int n = nodeClient("rooms-a");
        var socket = java.main().connect("rooms-a");

        // Sockeye makes the Node client join; a broadcast to the new room proves it
        java.main().adapter.addSockets(BroadcastOptions.toRooms(List.of("rooms-a")), List.of("rooms-b"));
        java.main().broadcastEvent(BroadcastOptions.toRooms(List.of("rooms-b")), "in-b");
        assertThat(node.nextClientEvent(n).path("event").asString()).isEqualTo("in-b");
        assertThat(socket.nextText()).isEqualTo("2[\"in-b\"]");

        // Node makes the Sockeye socket leave and join
        ObjectNode join = node.command("join");
        join.putArray("rooms").add("rooms-a");
        join.put("room", "rooms-c");
        node.request(join);
        ObjectNode leave = node.command("leave");
        leave.putArray("rooms").add("rooms-a");
        leave.put("room", "rooms-b");
        node.request(leave);
        Await.until(
                "rooms changed by node",
                Duration.ofSeconds(10),
                () -> java.main().adapter.socketRooms(socket.id).contains("rooms-c")
                        && !java.main().adapter.socketRooms(socket.id).contains("rooms-b"));

        // Sockeye disconnects the Node client, Node disconnects the Sockeye socket
        java.main()
                .adapter
                .disconnectSockets(BroadcastOptions.toRooms(List.of("rooms-c")).except(socket.id), true);
        assertThat(node.nextEvent(e -> "disconnect".equals(e.path("ev").asString())
                                && e.path("client").asInt() == n)
                        .path("reason")
                        .asString())
                .isEqualTo("io server disconnect");
        ObjectNode disconnect = node.command("disconnect");
        disconnect.putArray("rooms").add("rooms-c");
        node.request(disconnect);
        assertThat(socket.disconnects.poll(10, TimeUnit.SECONDS)).isTrue();
    }

    /** The event name and arguments a client of the Node server received next. */
    private String nextOfNodeClient(int client) throws InterruptedException {
        JsonNode event = node.nextClientEvent(client);
        return event.path("event").asString() + event.path("args");
    }

    @Test
    void sockeyeExceptAndLocalBroadcastsAreHonouredByNode() throws Exception {
        int plain = nodeClient("j-ex");
        int muted = nodeClient("j-ex", "j-muted");
        var javaSocket = java.main().connect("j-ex");

        java.main().broadcastEvent(BroadcastOptions.toRooms(List.of("j-ex")).except("j-muted"), "not-muted");
        java.main().broadcastEvent(BroadcastOptions.toRooms(List.of("j-ex")).withLocal(true), "java-only");
        java.main().broadcastEvent(BroadcastOptions.toRooms(List.of("j-ex")), "end");

        // Sockeye publishes in order and these need no attachment: Node delivers them in order too
        assertThat(nextOfNodeClient(plain)).isEqualTo("not-muted[]");
        assertThat(nextOfNodeClient(plain)).isEqualTo("end[]");
        assertThat(nextOfNodeClient(muted)).isEqualTo("end[]");
        assertThat(javaSocket.nextText()).isEqualTo("2[\"not-muted\"]");
        assertThat(javaSocket.nextText()).isEqualTo("2[\"java-only\"]");
        assertThat(javaSocket.nextText()).isEqualTo("2[\"end\"]");
    }

    @Test
    void nodeExceptAndLocalBroadcastsAreHonouredBySockeye() throws Exception {
        int nodeSide = nodeClient("n-ex");
        var plain = java.main().connect("n-ex");
        var muted = java.main().connect("n-ex", "n-muted");

        ObjectNode except = node.command("emit");
        except.putArray("rooms").add("n-ex");
        except.putArray("except").add("n-muted");
        except.putArray("args").add("not-muted");
        node.request(except);
        // Node publishes through a pool, in no set order: each next step waits for the previous one
        assertThat(plain.nextText()).isEqualTo("2[\"not-muted\"]");
        assertThat(nextOfNodeClient(nodeSide)).isEqualTo("not-muted[]");

        ObjectNode local = node.command("emit");
        local.put("local", true);
        local.putArray("rooms").add("n-ex");
        local.putArray("args").add("node-only");
        node.request(local);
        assertThat(nextOfNodeClient(nodeSide)).isEqualTo("node-only[]");

        ObjectNode end = node.command("emit");
        end.putArray("rooms").add("n-ex");
        end.putArray("args").add("end");
        node.request(end);
        assertThat(plain.nextText()).isEqualTo("2[\"end\"]");
        assertThat(muted.nextText()).isEqualTo("2[\"end\"]");
        assertThat(nextOfNodeClient(nodeSide)).isEqualTo("end[]");
        assertThat(plain.received).isEmpty();
        assertThat(muted.received).isEmpty();
    }
}
