package dev.sockeye.redis.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sockeye.core.Packet;
import dev.sockeye.core.adapter.AdapterListener;
import dev.sockeye.core.adapter.AdapterTimeoutException;
import dev.sockeye.core.adapter.BroadcastOptions;
import dev.sockeye.core.adapter.FetchedSocket;
import dev.sockeye.core.adapter.SocketDetails;
import dev.sockeye.redis.internal.RedisCluster.Protocol;
import dev.sockeye.redis.internal.StubHost.StubSocket;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;

/**
 * Three nodes on the real Redis (127.0.0.1:6379), each with its own connections, for both
 * protocols: every cluster-aware operation of the adapter SPI, seen from the sockets.
 */
class RedisClusterTest {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private RedisCluster cluster;
    private RawRedis ghost;

    @AfterEach
    void tearDown() {
        if (cluster != null) {
            cluster.close();
        }
        if (ghost != null) {
            ghost.close();
        }
    }

    private static ArrayNode args(Object... values) {
        ArrayNode array = NODES.arrayNode();
        for (Object v : values) {
            if (v instanceof byte[] b) {
                array.add(b);
            } else if (v instanceof Integer i) {
                array.add(i);
            } else {
                array.add((String) v);
            }
        }
        return array;
    }

    private static <T> T await(CompletableFuture<T> future) throws Exception {
        return future.get(10, TimeUnit.SECONDS);
    }

    @ParameterizedTest
    @EnumSource(Protocol.class)
    void serverCountCountsEveryNode(Protocol protocol) throws Exception {
        cluster = RedisCluster.of(protocol, 3);

        assertThat(await(cluster.node(0).adapter.serverCount())).isEqualTo(3);
        assertThat(await(cluster.node(2).adapter.serverCount())).isEqualTo(3);
    }

    @ParameterizedTest
    @EnumSource(Protocol.class)
    void broadcastToARoomWithExceptReachesTheMatchingSocketsOfEveryNode(Protocol protocol) throws Exception {
        cluster = RedisCluster.of(protocol, 3);
        StubSocket a = cluster.node(0).connect("aaaaaaaaaaaaaaaaaaaa", "news");
        StubSocket b = cluster.node(1).connect("bbbbbbbbbbbbbbbbbbbb", "news");
        StubSocket c = cluster.node(2).connect("cccccccccccccccccccc", "news", "muted");
        StubSocket d = cluster.node(2).connect("dddddddddddddddddddd");
        cluster.settle();

        cluster.node(0)
                .adapter
                .broadcast(
                        Packet.event("/", args("hello", "world", 42)),
                        BroadcastOptions.toRooms(List.of("news")).except("muted"));
        cluster.node(0).adapter.broadcast(Packet.event("/", args("marker")), BroadcastOptions.all());

        assertThat(a.next()).isEqualTo("2[\"hello\",\"world\",42]");
        assertThat(b.next()).isEqualTo("2[\"hello\",\"world\",42]");
        // c was excluded, d is not in the room: the next thing they get is the marker
        assertThat(c.next()).isEqualTo("2[\"marker\"]");
        assertThat(d.next()).isEqualTo("2[\"marker\"]");
        assertThat(a.next()).isEqualTo("2[\"marker\"]");
        assertThat(b.next()).isEqualTo("2[\"marker\"]");
    }

    @ParameterizedTest
    @EnumSource(Protocol.class)
    void broadcastToASocketIdReachesThatSocketOnItsNode(Protocol protocol) throws Exception {
        cluster = RedisCluster.of(protocol, 2);
        cluster.node(0).connect("aaaaaaaaaaaaaaaaaaaa");
        StubSocket b = cluster.node(1).connect("bbbbbbbbbbbbbbbbbbbb");
        cluster.settle();

        cluster.node(0)
                .adapter
                .broadcast(
                        Packet.event("/", args("private")), BroadcastOptions.toRooms(List.of("bbbbbbbbbbbbbbbbbbbb")));

        assertThat(b.next()).isEqualTo("2[\"private\"]");
    }

    @ParameterizedTest
    @EnumSource(Protocol.class)
    void binaryBroadcastArrivesWithItsAttachment(Protocol protocol) throws Exception {
        cluster = RedisCluster.of(protocol, 2);
        StubSocket b = cluster.node(1).connect("bbbbbbbbbbbbbbbbbbbb");

        cluster.node(0).adapter.broadcast(Packet.event("/", args("bin", new byte[] {1, 2, 3})), BroadcastOptions.all());

        assertThat(b.next()).isEqualTo("51-[\"bin\",{\"_placeholder\":true,\"num\":0}] <bin:3>");
    }

    @ParameterizedTest
    @EnumSource(Protocol.class)
    void broadcastWithAckCollectsEveryNodesCountAndEveryClientsFirstAnswer(Protocol protocol) throws Exception {
        cluster = RedisCluster.of(protocol, 3);
        StubSocket a = cluster.node(0).connect("aaaaaaaaaaaaaaaaaaaa");
        StubSocket b = cluster.node(1).connect("bbbbbbbbbbbbbbbbbbbb");
        StubSocket c1 = cluster.node(2).connect("cccccccccccccccccccc");
        StubSocket c2 = cluster.node(2).connect("eeeeeeeeeeeeeeeeeeee");
        java.util.concurrent.LinkedBlockingQueue<String> counts = new java.util.concurrent.LinkedBlockingQueue<>();
        java.util.concurrent.LinkedBlockingQueue<String> answers = new java.util.concurrent.LinkedBlockingQueue<>();

        cluster.node(0)
                .adapter
                .broadcastWithAck(
                        Packet.event("/", args("ackme", "x")),
                        BroadcastOptions.all().withTimeout(Duration.ofSeconds(5)),
                        n -> counts.add(String.valueOf(n)),
                        arg -> answers.add(arg.toString()));

        assertThat(a.next()).isEqualTo("21[\"ackme\",\"x\"]");
        assertThat(b.next()).isEqualTo("21[\"ackme\",\"x\"]");
        assertThat(c1.next()).isEqualTo("21[\"ackme\",\"x\"]");
        a.answerAck(args("acked:a", "ignored"));
        b.answerAck(args("acked:b"));
        c1.answerAck(args("acked:c1"));
        c2.answerAck(args());
        Set<String> got =
                Set.of(StubHost.poll(answers), StubHost.poll(answers), StubHost.poll(answers), StubHost.poll(answers));
        assertThat(got).containsExactlyInAnyOrder("\"acked:a\"", "\"acked:b\"", "\"acked:c1\"", "null");
        // a remote node's count may arrive after its clients' answers: they race on the bus
        assertThat(List.of(StubHost.poll(counts), StubHost.poll(counts), StubHost.poll(counts)))
                .containsExactlyInAnyOrder("1", "1", "2");
    }

    @ParameterizedTest
    @EnumSource(Protocol.class)
    void fetchSocketsReturnsTheDetailsOfMatchingSocketsOfEveryNode(Protocol protocol) throws Exception {
        cluster = RedisCluster.of(protocol, 3);
        cluster.node(0).connect("aaaaaaaaaaaaaaaaaaaa", "game");
        StubSocket b = cluster.node(1).connect("bbbbbbbbbbbbbbbbbbbb", "game");
        b.data = NODES.objectNode().put("user", "bob");
        cluster.node(2).connect("cccccccccccccccccccc", "game", "spectators");
        cluster.node(2).connect("dddddddddddddddddddd");

        List<FetchedSocket> sockets = await(cluster.node(0)
                .adapter
                .fetchSockets(BroadcastOptions.toRooms(List.of("game")).except("spectators")));

        assertThat(sockets)
                .extracting(FetchedSocket::id)
                .containsExactlyInAnyOrder("aaaaaaaaaaaaaaaaaaaa", "bbbbbbbbbbbbbbbbbbbb");
        SocketDetails bob = (SocketDetails)
                sockets.stream().filter(s -> s.id().startsWith("b")).findFirst().orElseThrow();
        assertThat(bob.rooms()).containsExactlyInAnyOrder("bbbbbbbbbbbbbbbbbbbb", "game");
        assertThat(bob.data().get("user").asString()).isEqualTo("bob");
        assertThat(bob.handshake().get("issued").asLong()).isEqualTo(1795315543376L);
        assertThat(bob.handshake().get("url").asString()).isEqualTo("/socket.io/?EIO=4&transport=websocket");
    }

    @ParameterizedTest
    @EnumSource(Protocol.class)
    void socketsJoinAndLeaveActOnEveryNode(Protocol protocol) throws Exception {
        cluster = RedisCluster.of(protocol, 3);
        cluster.node(0).connect("aaaaaaaaaaaaaaaaaaaa", "red");
        cluster.node(1).connect("bbbbbbbbbbbbbbbbbbbb", "red");
        cluster.node(2).connect("cccccccccccccccccccc", "blue");

        CountDownLatch bJoined = roomChangeSeen(1, "purple", "bbbbbbbbbbbbbbbbbbbb", true);
        CountDownLatch aLeft = roomChangeSeen(0, "purple", "aaaaaaaaaaaaaaaaaaaa", false);
        // Over streams the leave and the fetch request travel apart: wait until both members' nodes read the leave.
        CountDownLatch bLeft = roomChangeSeen(1, "purple", "bbbbbbbbbbbbbbbbbbbb", false);

        cluster.node(0).adapter.addSockets(BroadcastOptions.toRooms(List.of("red")), List.of("purple"));

        awaitOnStreams(bJoined);
        assertThat(fetchIds(0, "purple")).containsExactlyInAnyOrder("aaaaaaaaaaaaaaaaaaaa", "bbbbbbbbbbbbbbbbbbbb");

        cluster.node(2).adapter.delSockets(BroadcastOptions.all(), List.of("purple"));

        awaitOnStreams(aLeft);
        awaitOnStreams(bLeft);
        assertThat(fetchIds(2, "purple")).isEmpty();
        assertThat(cluster.node(2).adapter.socketRooms("cccccccccccccccccccc")).doesNotContain("purple");
    }

    /** Counts down when {@code socketId} joins (or leaves) {@code room} on node {@code node}'s adapter. */
    private CountDownLatch roomChangeSeen(int node, String room, String socketId, boolean join) {
        CountDownLatch seen = new CountDownLatch(1);
        cluster.node(node).adapter.addListener(new AdapterListener() {
            @Override
            public void onJoinRoom(String r, String id) {
                if (join && r.equals(room) && id.equals(socketId)) {
                    seen.countDown();
                }
            }

            @Override
            public void onLeaveRoom(String r, String id) {
                if (!join && r.equals(room) && id.equals(socketId)) {
                    seen.countDown();
                }
            }
        });
        return seen;
    }

    /**
     * The streams protocol carries a join/leave in the stream and a fetch request by pub/sub (as Node's adapter:
     * fetches are ephemeral), so a request can overtake an entry a node has not read yet: there the test waits until
     * the node has applied it. The classic and sharded protocols carry both on one channel in publish order, so the
     * node that published the join/leave asks at once.
     */
    private void awaitOnStreams(CountDownLatch applied) throws InterruptedException {
        if (cluster.protocol == Protocol.STREAMS) {
            assertThat(applied.await(5, TimeUnit.SECONDS))
                    .as("the join/leave read from the stream")
                    .isTrue();
        }
    }

    /** The ids of the sockets in a room, cluster-wide, as node {@code node} sees them. */
    private Set<String> fetchIds(int node, String room) throws Exception {
        return await(cluster.node(node).adapter.fetchSockets(BroadcastOptions.toRooms(List.of(room)))).stream()
                .map(FetchedSocket::id)
                .collect(Collectors.toSet());
    }

    @ParameterizedTest
    @EnumSource(Protocol.class)
    void disconnectSocketsActsOnEveryNode(Protocol protocol) throws Exception {
        cluster = RedisCluster.of(protocol, 3);
        StubSocket a = cluster.node(0).connect("aaaaaaaaaaaaaaaaaaaa", "kick");
        StubSocket b = cluster.node(1).connect("bbbbbbbbbbbbbbbbbbbb", "kick");
        StubSocket c = cluster.node(2).connect("cccccccccccccccccccc");

        cluster.node(2).adapter.disconnectSockets(BroadcastOptions.toRooms(List.of("kick")), true);
        cluster.node(2).adapter.broadcast(Packet.event("/", args("marker")), BroadcastOptions.all());

        assertThat(a.next()).isEqualTo("disconnect close=true");
        assertThat(b.next()).isEqualTo("disconnect close=true");
        assertThat(c.next()).isEqualTo("2[\"marker\"]");
    }

    @ParameterizedTest
    @EnumSource(Protocol.class)
    void serverSideEmitReachesTheOtherNodesAndCollectsOneAnswerEach(Protocol protocol) throws Exception {
        cluster = RedisCluster.of(protocol, 3);
        cluster.node(1).serverSideAnswer = p -> NODES.stringNode("pong-from-1");
        cluster.node(2).serverSideAnswer = p -> NODES.stringNode("pong-from-2");

        cluster.node(0).adapter.serverSideEmit(args("hello", 1));
        assertThat(StubHost.poll(cluster.node(1).serverSideEvents)).isEqualTo("[\"hello\",1]");
        assertThat(StubHost.poll(cluster.node(2).serverSideEvents)).isEqualTo("[\"hello\",1]");

        List<JsonNode> answers = await(cluster.node(0).adapter.serverSideEmitWithAck(args("ping"), null));

        assertThat(answers).extracting(JsonNode::asString).containsExactlyInAnyOrder("pong-from-1", "pong-from-2");
        assertThat(cluster.node(0).serverSideEvents).isEmpty();
    }

    @ParameterizedTest
    @EnumSource(Protocol.class)
    void localFlagKeepsEveryOperationOnThisNode(Protocol protocol) throws Exception {
        cluster = RedisCluster.of(protocol, 2);
        StubSocket a = cluster.node(0).connect("aaaaaaaaaaaaaaaaaaaa");
        StubSocket b = cluster.node(1).connect("bbbbbbbbbbbbbbbbbbbb");

        BroadcastOptions local = BroadcastOptions.all().withLocal(true);
        cluster.node(0).adapter.broadcast(Packet.event("/", args("local")), local);
        cluster.node(0).adapter.addSockets(local, List.of("joined"));
        cluster.node(0).adapter.broadcast(Packet.event("/", args("marker")), BroadcastOptions.all());

        assertThat(a.next()).isEqualTo("2[\"local\"]");
        assertThat(b.next()).isEqualTo("2[\"marker\"]");
        assertThat(await(cluster.node(0).adapter.fetchSockets(local)))
                .extracting(FetchedSocket::id)
                .containsExactly("aaaaaaaaaaaaaaaaaaaa");
        assertThat(cluster.node(0).adapter.socketRooms("aaaaaaaaaaaaaaaaaaaa")).contains("joined");
        assertThat(cluster.node(1).adapter.socketRooms("bbbbbbbbbbbbbbbbbbbb")).doesNotContain("joined");
    }

    @ParameterizedTest
    @EnumSource(Protocol.class)
    void namespacesDoNotSeeEachOther(Protocol protocol) throws Exception {
        cluster = RedisCluster.of(protocol, 2);
        StubHost chat = cluster.addNode(cluster.factories.get(1), "/chat");
        StubSocket inChat = chat.connect("cccccccccccccccccccc");
        StubSocket inMain = cluster.node(1).connect("bbbbbbbbbbbbbbbbbbbb");

        cluster.node(0).adapter.broadcast(Packet.event("/", args("main")), BroadcastOptions.all());
        StubHost chat0 = cluster.addNode(cluster.factories.get(0), "/chat");
        chat0.adapter.broadcast(Packet.event("/chat", args("chat")), BroadcastOptions.all());

        assertThat(inMain.next()).isEqualTo("2[\"main\"]");
        assertThat(inChat.next()).isEqualTo("2/chat,[\"chat\"]");
        assertThat(await(chat.adapter.serverCount())).isEqualTo(2);
    }

    @ParameterizedTest
    @EnumSource(Protocol.class)
    void aRequestToANodeThatNeverAnswersFailsWithATimeout(Protocol protocol) throws Exception {
        cluster = new RedisCluster(protocol, RedisCluster.REDIS, Duration.ofMillis(500));
        cluster.addNode("/");
        cluster.addNode("/");
        cluster.node(1).connect("bbbbbbbbbbbbbbbbbbbb");
        // a node that vanished without unsubscribing: counted by (SHARD)NUMSUB, never answers
        ghost = new RawRedis(RedisCluster.REDIS);
        ghost.actAsSilentNode(cluster, "/");
        assertThat(await(cluster.node(0).adapter.serverCount())).isEqualTo(3);

        assertThatThrownBy(() -> await(cluster.node(0).adapter.serverSideEmitWithAck(args("ping"), null)))
                .isInstanceOf(ExecutionException.class)
                .cause()
                .isInstanceOf(AdapterTimeoutException.class)
                .satisfies(e -> assertThat(((AdapterTimeoutException) e).partialResults())
                        .hasSize(1));
        assertThatThrownBy(() -> await(cluster.node(0).adapter.fetchSockets(BroadcastOptions.all())))
                .isInstanceOf(ExecutionException.class)
                .cause()
                .isInstanceOf(AdapterTimeoutException.class)
                .satisfies(e -> assertThat(((AdapterTimeoutException) e).partialResults())
                        .extracting(f -> ((FetchedSocket) f).id())
                        .containsExactly("bbbbbbbbbbbbbbbbbbbb"));
    }
}
