package dev.sockeye.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sockeye.core.adapter.BroadcastOptions;
import dev.sockeye.core.adapter.FetchedSocket;
import dev.sockeye.core.adapter.SocketDetails;
import dev.sockeye.testing.Await;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Three Sockeye nodes on the real PostgreSQL, every cluster-aware operation across them. Each
 * test has its own channel prefix and table.
 */
class PostgresClusterTest {

    private String prefix;
    private String table;
    private StubServer a;
    private StubServer b;
    private StubServer c;

    @BeforeEach
    void startThreeNodes() {
        prefix = TestDatabase.uniqueName();
        table = "att_" + prefix;
        PostgresAdapterOptions options = PostgresAdapterOptions.builder()
                .channelPrefix(prefix)
                .tableName(table)
                .build();
        a = new StubServer("a", TestDatabase.dataSource(prefix + "-a"), options);
        b = new StubServer("b", TestDatabase.dataSource(prefix + "-b"), options);
        c = new StubServer("c", TestDatabase.dataSource(prefix + "-c"), options);
        for (StubServer node : List.of(a, b, c)) {
            node.main();
        }
        Await.until(
                "3 nodes seeing each other",
                StubServer.WAIT,
                () -> a.serverCount() == 3 && b.serverCount() == 3 && c.serverCount() == 3);
    }

    @AfterEach
    void stop() throws Exception {
        for (StubServer node : List.of(a, b, c)) {
            node.close();
        }
        TestDatabase.execute("DROP TABLE IF EXISTS " + table);
    }

    @Test
    void broadcastsReachTheRoomMembersOfEveryNodeButTheExcepted() throws Exception {
        var a1 = a.main().connect("room1");
        var b1 = b.main().connect("room1");
        var b2 = b.main().connect("room1", "muted");
        var c1 = c.main().connect("room1");
        var c2 = c.main().connect("other");

        a.main().broadcastEvent(BroadcastOptions.toRooms(List.of("room1")).except("muted"), "hello", "world", 42);
        a.main().broadcastEvent(BroadcastOptions.all(), "end");

        for (var socket : List.of(a1, b1, c1)) {
            assertThat(socket.nextText()).isEqualTo("2[\"hello\",\"world\",42]");
            assertThat(socket.nextText()).isEqualTo("2[\"end\"]");
        }
        for (var socket : List.of(b2, c2)) {
            assertThat(socket.nextText()).isEqualTo("2[\"end\"]");
        }
    }

    @Test
    void localBroadcastsStayOnTheirNode() throws Exception {
        var a1 = a.main().connect();
        var b1 = b.main().connect();

        a.main().broadcastEvent(BroadcastOptions.all().withLocal(true), "local-only");
        a.main().broadcastEvent(BroadcastOptions.all(), "everyone");

        assertThat(a1.nextText()).isEqualTo("2[\"local-only\"]");
        assertThat(a1.nextText()).isEqualTo("2[\"everyone\"]");
        assertThat(b1.nextText()).isEqualTo("2[\"everyone\"]");
    }

    @Test
    void binaryPayloadsGoThroughTheTableAndArriveIntact() throws Exception {
        var b1 = b.main().connect();
        byte[] bytes = {1, 2, 3, (byte) 0xff};

        a.main().broadcastEvent(BroadcastOptions.all(), "bin", bytes, "after");

        assertThat(b1.nextText()).isEqualTo("51-[\"bin\",{\"_placeholder\":true,\"num\":0},\"after\"]");
        assertThat(b1.nextBinary()).containsExactly(bytes);
        assertThat(TestDatabase.count("SELECT count(*) FROM " + table)).isEqualTo(1);
    }

    @Test
    void payloadsAboveTheThresholdGoThroughTheTable() throws Exception {
        var c1 = c.main().connect();
        String big = "x".repeat(9000);

        a.main().broadcastEvent(BroadcastOptions.all(), "big", big);
        a.main().broadcastEvent(BroadcastOptions.all(), "small");

        assertThat(c1.nextText()).isEqualTo("2[\"big\",\"" + big + "\"]");
        assertThat(c1.nextText()).isEqualTo("2[\"small\"]");
        assertThat(TestDatabase.count("SELECT count(*) FROM " + table)).isEqualTo(1);
    }

    @Test
    void broadcastsArriveInEmissionOrderMixingInlineTableAndBinaryMessages() throws Exception {
        var a1 = a.main().connect();
        var b1 = b.main().connect();
        var c1 = c.main().connect();
        int count = 300;
        String big = "y".repeat(8500);

        for (int i = 0; i < count; i++) {
            switch (i % 3) {
                case 0 -> a.main().broadcastEvent(BroadcastOptions.all(), "seq", i);
                case 1 -> a.main().broadcastEvent(BroadcastOptions.all(), "seq", i, big);
                default -> a.main().broadcastEvent(BroadcastOptions.all(), "seq", i, new byte[] {(byte) i});
            }
        }

        for (var socket : List.of(a1, b1, c1)) {
            for (int i = 0; i < count; i++) {
                String text = socket.nextText();
                if (i % 3 == 2) {
                    assertThat(text).isEqualTo("51-[\"seq\"," + i + ",{\"_placeholder\":true,\"num\":0}]");
                    assertThat(socket.nextBinary()).containsExactly((byte) i);
                } else {
                    assertThat(text).startsWith("2[\"seq\"," + i + (i % 3 == 0 ? "]" : ",\"yyy"));
                }
            }
        }
    }

    @Test
    void broadcastWithAckCollectsTheClientCountsAndAnswersOfEveryNode() throws Exception {
        var a1 = a.main().connect("r");
        var b1 = b.main().connect("r");
        var b2 = b.main().connect("r");
        var c1 = c.main().connect("r");
        var c2 = c.main().connect();
        AtomicInteger clients = new AtomicInteger();
        ConcurrentLinkedQueue<JsonNode> answers = new ConcurrentLinkedQueue<>();
        CountDownLatch allAnswered = new CountDownLatch(4);

        a.main()
                .adapter
                .broadcastWithAck(
                        dev.sockeye.core.Packet.event("/", Json.array("ackme", "x")),
                        BroadcastOptions.toRooms(List.of("r")).withTimeout(Duration.ofSeconds(10)),
                        clients::addAndGet,
                        answer -> {
                            answers.add(answer);
                            allAnswered.countDown();
                        });

        for (var socket : List.of(a1, b1, b2, c1)) {
            assertThat(socket.nextText()).matches("2\\d+\\[\"ackme\",\"x\"]");
        }
        // the remote client counts arrive before the remote answers can
        Await.until("client counts", StubServer.WAIT, () -> clients.get() == 4);
        assertThat(a1.ackPending("from-a1")
                        + b1.ackPending("from-b1")
                        + b2.ackPending("from-b2")
                        + c1.ackPending("from-c1"))
                .isEqualTo(4);
        assertThat(allAnswered.await(10, TimeUnit.SECONDS)).isTrue();
        assertThat(answers)
                .extracting(JsonNode::asString)
                .containsExactlyInAnyOrder("from-a1", "from-b1", "from-b2", "from-c1");
        assertThat(c2.received).isEmpty();
    }

    @Test
    void fetchSocketsReturnsTheMatchingSocketsOfEveryNode() throws Exception {
        var a1 = a.main().connect("room1");
        var b1 = b.main().connect("room1", "room2");
        b.main().connect("other");
        var c1 = c.main().connect("room1");
        c1.data = Json.MAPPER.createObjectNode().put("user", "carol");

        List<FetchedSocket> sockets = a.main()
                .adapter
                .fetchSockets(BroadcastOptions.toRooms(List.of("room1")))
                .get(10, TimeUnit.SECONDS);

        assertThat(sockets).extracting(FetchedSocket::id).containsExactlyInAnyOrder(a1.id, b1.id, c1.id);
        SocketDetails remoteB = (SocketDetails)
                sockets.stream().filter(s -> s.id().equals(b1.id)).findFirst().orElseThrow();
        assertThat(remoteB.rooms()).containsExactlyInAnyOrder(b1.id, "room1", "room2");
        assertThat(remoteB.handshake().get("url").asString()).isEqualTo("/socket.io/?EIO=4&transport=websocket");
        SocketDetails remoteC = (SocketDetails)
                sockets.stream().filter(s -> s.id().equals(c1.id)).findFirst().orElseThrow();
        assertThat(remoteC.data().get("user").asString()).isEqualTo("carol");
    }

    @Test
    void socketsJoinAndLeaveApplyOnEveryNode() throws Exception {
        var b1 = b.main().connect("room1");
        var c1 = c.main().connect("room1", "room3");
        var c2 = c.main().connect();

        a.main().adapter.addSockets(BroadcastOptions.toRooms(List.of("room1")), List.of("room2"));
        a.main().adapter.delSockets(BroadcastOptions.toRooms(List.of("room1")), List.of("room3"));
        // a broadcast published after both requests is received after both were applied
        a.main().broadcastEvent(BroadcastOptions.toRooms(List.of("room2")), "in-room2");

        assertThat(b1.nextText()).isEqualTo("2[\"in-room2\"]");
        assertThat(c1.nextText()).isEqualTo("2[\"in-room2\"]");
        assertThat(b.main().adapter.socketRooms(b1.id)).containsExactlyInAnyOrder(b1.id, "room1", "room2");
        assertThat(c.main().adapter.socketRooms(c1.id)).containsExactlyInAnyOrder(c1.id, "room1", "room2");
        assertThat(c.main().adapter.socketRooms(c2.id)).containsExactly(c2.id);
    }

    @Test
    void disconnectSocketsDisconnectsTheMatchingSocketsOfEveryNode() throws Exception {
        var b1 = b.main().connect("doomed");
        var c1 = c.main().connect("doomed");
        var c2 = c.main().connect("safe");

        a.main().adapter.disconnectSockets(BroadcastOptions.toRooms(List.of("doomed")), true);
        a.main().broadcastEvent(BroadcastOptions.all(), "after");

        assertThat(b1.disconnects.poll(10, TimeUnit.SECONDS)).isTrue();
        assertThat(c1.disconnects.poll(10, TimeUnit.SECONDS)).isTrue();
        assertThat(c2.nextText()).isEqualTo("2[\"after\"]");
        assertThat(c2.disconnects).isEmpty();
        assertThat(b1.received).isEmpty();
    }

    @Test
    void serverSideEmitReachesTheOtherNodesAndCollectsTheirAnswers() throws Exception {
        a.main().adapter.serverSideEmit(Json.array("hello-servers", 1));

        for (StubServer node : List.of(b, c)) {
            JsonNode event = node.main().serverSideEvents.poll(10, TimeUnit.SECONDS);
            assertThat(event).isNotNull();
            assertThat(event.toString()).isEqualTo("[\"hello-servers\",1]");
        }
        assertThat(a.main().serverSideEvents).isEmpty();

        List<JsonNode> answers = a.main()
                .adapter
                .serverSideEmitWithAck(Json.array("ping"), Duration.ofSeconds(10))
                .get(15, TimeUnit.SECONDS);

        assertThat(answers).extracting(JsonNode::asString).containsExactlyInAnyOrder("pong-b", "pong-c");
    }

    @Test
    void serverSideEmitWithBinaryAnswersGoesThroughTheTable() throws Exception {
        b.main().serverSideAnswer = packet -> Json.MAPPER.getNodeFactory().binaryNode(new byte[] {9, 8});
        c.main().serverSideAnswer = packet -> Json.MAPPER.getNodeFactory().binaryNode(new byte[] {7});

        List<JsonNode> answers = a.main()
                .adapter
                .serverSideEmitWithAck(Json.array("ping", new byte[] {1}), Duration.ofSeconds(10))
                .get(15, TimeUnit.SECONDS);

        List<String> bytes = new ArrayList<>();
        for (JsonNode answer : answers) {
            bytes.add(Arrays.toString(answer.binaryValue()));
        }
        assertThat(bytes).containsExactlyInAnyOrder("[9, 8]", "[7]");
        assertThat(b.main().serverSideEvents.poll(10, TimeUnit.SECONDS).get(1).binaryValue())
                .containsExactly(1);
    }

    @Test
    void namespacesAreSeparateClusters() throws Exception {
        var chatB = b.of("/chat").connect();
        var mainB = b.main().connect();
        a.of("/chat");

        a.of("/chat").broadcastEvent(BroadcastOptions.all(), "chat-only");
        a.main().broadcastEvent(BroadcastOptions.all(), "main-only");

        assertThat(chatB.nextText()).isEqualTo("2/chat,[\"chat-only\"]");
        assertThat(mainB.nextText()).isEqualTo("2[\"main-only\"]");
        assertThat(chatB.received).isEmpty();
    }

    @Test
    void aClosingNodeLeavesTheCountAtOnce() {
        c.close();

        Await.until("c gone", StubServer.WAIT, () -> a.serverCount() == 2 && b.serverCount() == 2);
        assertThat(List.of(a.serverCount(), b.serverCount())).containsExactly(2, 2);
    }
}
