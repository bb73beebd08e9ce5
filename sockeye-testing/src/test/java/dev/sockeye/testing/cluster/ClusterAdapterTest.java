package dev.sockeye.testing.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sockeye.core.Packet;
import dev.sockeye.core.adapter.Adapter;
import dev.sockeye.core.adapter.AdapterFactory;
import dev.sockeye.core.adapter.AdapterTimeoutException;
import dev.sockeye.core.adapter.BroadcastOptions;
import dev.sockeye.core.adapter.FetchedSocket;
import dev.sockeye.core.adapter.SocketDetails;
import dev.sockeye.core.adapter.StubNamespace;
import dev.sockeye.core.adapter.StubSocket;
import dev.sockeye.core.adapter.cluster.ClusterAdapter;
import dev.sockeye.core.adapter.cluster.ClusterAdapterOptions;
import dev.sockeye.core.adapter.cluster.ClusterMessage;
import dev.sockeye.core.adapter.cluster.ClusterMessageCodec;
import dev.sockeye.core.adapter.cluster.MessageType;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;

/** Three nodes of namespace "/" joined by the in-memory bus, each with one socket. */
class ClusterAdapterTest {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private final InMemoryClusterBus bus = new InMemoryClusterBus();
    private final BlockingQueue<ClusterMessage> traffic = new LinkedBlockingQueue<>();
    private final StubNamespace n1 = new StubNamespace("/");
    private final StubNamespace n2 = new StubNamespace("/");
    private final StubNamespace n3 = new StubNamespace("/");
    private Adapter a1;
    private Adapter a2;
    private Adapter a3;
    private StubSocket s1;
    private StubSocket s2;
    private StubSocket s3;

    @BeforeEach
    void setUp() {
        AdapterFactory factory = bus.adapterFactory(ClusterAdapterOptions.builder()
                .requestsTimeout(Duration.ofSeconds(5))
                .build());
        a1 = n1.attach(factory);
        a2 = n2.attach(factory);
        a3 = n3.attach(factory);
        s1 = n1.connect("s1aaaaaaaaaaaaaaaaaa");
        s2 = n2.connect("s2bbbbbbbbbbbbbbbbbb");
        s3 = n3.connect("s3cccccccccccccccccc");
        bus.tap(traffic::add);
    }

    @AfterEach
    void tearDown() {
        bus.drain();
        for (StubSocket s : List.of(s1, s2, s3)) {
            assertThat(s.writes).as("writes left on %s", s.id()).isEmpty();
        }
        a1.close();
        a2.close();
        a3.close();
        bus.close();
    }

    private static Packet event(String name, String arg) {
        return Packet.event("/", NODES.arrayNode().add(name).add(arg));
    }

    private static String uid(Adapter adapter) {
        return ((ClusterAdapter) adapter).uid();
    }

    @Test
    void aBroadcastToARoomReachesItsMembersOnEveryNode() throws Exception {
        s1.join(List.of("room"));
        s3.join(List.of("room"));

        a2.broadcast(event("hello", "world"), BroadcastOptions.toRooms(List.of("room")));
        bus.drain();

        assertThat(s1.nextWrite().text()).isEqualTo("2[\"hello\",\"world\"]");
        assertThat(s3.nextWrite().text()).isEqualTo("2[\"hello\",\"world\"]");
        assertThat(s2.writes).isEmpty();
    }

    @Test
    void exceptRoomsApplyOnEveryNode() throws Exception {
        s3.join(List.of("muted"));

        a1.broadcast(
                event("hello", "x"),
                BroadcastOptions.all().except("muted", s1.id()).withBroadcast(true));
        bus.drain();

        assertThat(s2.nextWrite().text()).isEqualTo("2[\"hello\",\"x\"]");
        assertThat(s1.writes).isEmpty();
        assertThat(s3.writes).isEmpty();
    }

    @Test
    void theLocalFlagKeepsABroadcastOnThisNode() throws Exception {
        a1.broadcast(event("hello", "local"), BroadcastOptions.all().withLocal(true));
        a1.addSockets(BroadcastOptions.all().withLocal(true), List.of("x"));
        bus.drain();

        assertThat(s1.nextWrite()).isNotNull();
        assertThat(traffic).isEmpty();
        assertThat(a2.rooms()).doesNotContainKey("x");
        assertThat(a1.rooms().get("x")).containsExactly(s1.id());
        assertThat(a1.fetchSockets(BroadcastOptions.all().withLocal(true)).get(5, TimeUnit.SECONDS))
                .containsExactly(new FetchedSocket.Local(s1));
    }

    @Test
    void aBroadcastWithAckCountsClientsPerNodeAndCollectsEveryAck() throws Exception {
        List<Integer> counts = Collections.synchronizedList(new ArrayList<>());
        List<JsonNode> acks = Collections.synchronizedList(new ArrayList<>());

        a1.broadcastWithAck(
                event("ackme", "x"), BroadcastOptions.all().withTimeout(Duration.ofSeconds(5)), counts::add, acks::add);
        bus.drain();

        assertThat(a1.serverCount().get(5, TimeUnit.SECONDS)).isEqualTo(3);
        assertThat(counts).containsExactly(1, 1, 1);
        assertThat(s1.nextWrite().text()).isEqualTo("20[\"ackme\",\"x\"]");
        assertThat(s2.nextWrite().text()).isEqualTo("20[\"ackme\",\"x\"]");
        assertThat(s3.nextWrite().text()).isEqualTo("20[\"ackme\",\"x\"]");
        s1.answer(0, NODES.arrayNode().add("from-1"));
        s2.answer(0, NODES.arrayNode().add("from-2").add("dropped"));
        s3.answer(0, NODES.arrayNode().add(NODES.binaryNode(new byte[] {1, 2})));
        bus.drain();

        assertThat(acks)
                .containsExactlyInAnyOrder(
                        NODES.stringNode("from-1"), NODES.stringNode("from-2"), NODES.binaryNode(new byte[] {1, 2}));
    }

    @Test
    void fetchSocketsReturnsLocalSocketsAndDetailsOfRemoteOnes() throws Exception {
        s2.join(List.of("room"));
        s3.join(List.of("room"));
        s1.join(List.of("room"));

        List<FetchedSocket> fetched = a1.fetchSockets(
                        BroadcastOptions.toRooms(List.of("room")).except(s3.id()))
                .get(5, TimeUnit.SECONDS);

        assertThat(fetched).hasSize(2);
        assertThat(fetched.get(0)).isEqualTo(new FetchedSocket.Local(s1));
        SocketDetails remote = (SocketDetails) fetched.get(1);
        assertThat(remote.id()).isEqualTo(s2.id());
        assertThat(remote.rooms()).containsExactlyInAnyOrder(s2.id(), "room");
        assertThat(remote.data()).isEqualTo(NODES.objectNode().put("user", "user-" + s2.id()));
        assertThat(remote.handshake().get("address").stringValue()).isEqualTo("127.0.0.1");
        assertThat(remote.handshake().get("issued").longValue()).isEqualTo(1795315543376L);
    }

    @Test
    void socketsJoinAndLeaveActOnEveryNode() {
        a1.addSockets(BroadcastOptions.all(), List.of("x", "y"));
        bus.drain();

        assertThat(s1.rooms()).contains("x", "y");
        assertThat(s2.rooms()).contains("x", "y");
        assertThat(s3.rooms()).contains("x", "y");

        a2.delSockets(BroadcastOptions.toRooms(List.of("x")).except(s3.id()), List.of("x"));
        bus.drain();

        assertThat(s1.rooms()).containsExactlyInAnyOrder(s1.id(), "y");
        assertThat(s2.rooms()).containsExactlyInAnyOrder(s2.id(), "y");
        assertThat(s3.rooms()).containsExactlyInAnyOrder(s3.id(), "x", "y");
    }

    @Test
    void aSocketIdWorksAsATargetAcrossNodes() {
        a1.addSockets(BroadcastOptions.toRooms(List.of(s3.id())), List.of("vip"));
        bus.drain();

        assertThat(s3.rooms()).contains("vip");
        assertThat(s1.rooms()).doesNotContain("vip");
        assertThat(s2.rooms()).doesNotContain("vip");
    }

    @Test
    void disconnectSocketsActsOnEveryNode() throws Exception {
        s2.join(List.of("kick"));
        s3.join(List.of("kick"));

        a1.disconnectSockets(BroadcastOptions.toRooms(List.of("kick")), true);
        bus.drain();

        assertThat(s2.disconnects.poll(5, TimeUnit.SECONDS)).isTrue();
        assertThat(s3.disconnects.poll(5, TimeUnit.SECONDS)).isTrue();
        assertThat(s1.disconnects).isEmpty();
        assertThat(a2.sids()).doesNotContainKey(s2.id());
    }

    @Test
    void serverSideEmitReachesTheOtherNodesOnly() throws Exception {
        ArrayNode packet = NODES.arrayNode().add("hello").add(1);

        a1.serverSideEmit(packet);
        bus.drain();

        assertThat(n2.nextServerSideEmit()).isEqualTo(packet);
        assertThat(n3.nextServerSideEmit()).isEqualTo(packet);
        assertThat(n1.serverSideEmits).isEmpty();
    }

    @Test
    void serverSideEmitWithAckCollectsOneAnswerPerOtherNode() throws Exception {
        n2.serverSideEmitHandler = (packet, ack) -> {
            ack.accept(NODES.stringNode("pong-from-2"));
            ack.accept(NODES.stringNode("a second answer is dropped"));
        };
        n3.serverSideEmitHandler = (packet, ack) -> ack.accept(NODES.stringNode("pong-from-3"));

        List<JsonNode> answers =
                a1.serverSideEmitWithAck(NODES.arrayNode().add("ping"), null).get(5, TimeUnit.SECONDS);

        assertThat(answers).containsExactlyInAnyOrder(NODES.stringNode("pong-from-2"), NODES.stringNode("pong-from-3"));
    }

    @Test
    void aNodeThatStopsAnsweringFailsRequestsWithATimeoutAndPartialResults() throws Exception {
        bus.isolate(uid(a3), true);
        n2.serverSideEmitHandler = (packet, ack) -> ack.accept(NODES.stringNode("pong-from-2"));

        CompletableFuture<List<FetchedSocket>> fetch =
                a1.fetchSockets(BroadcastOptions.all().withTimeout(Duration.ofMillis(300)));
        CompletableFuture<List<JsonNode>> emit =
                a1.serverSideEmitWithAck(NODES.arrayNode().add("ping"), Duration.ofMillis(300));

        assertThatThrownBy(() -> fetch.get(10, TimeUnit.SECONDS))
                .isInstanceOf(ExecutionException.class)
                .cause()
                .isInstanceOf(AdapterTimeoutException.class)
                .hasMessage("timeout reached: only 1 responses received out of 2");
        AdapterTimeoutException fetchError = (AdapterTimeoutException)
                fetch.handle((r, e) -> e.getCause() == null ? e : e.getCause()).get(1, TimeUnit.SECONDS);
        assertThat(fetchError.partialResults())
                .extracting(r -> ((FetchedSocket) r).id())
                .containsExactly(s1.id(), s2.id());
        assertThatThrownBy(() -> emit.get(10, TimeUnit.SECONDS)).cause().isInstanceOf(AdapterTimeoutException.class);
        AdapterTimeoutException emitError = (AdapterTimeoutException)
                emit.handle((r, e) -> e.getCause() == null ? e : e.getCause()).get(1, TimeUnit.SECONDS);
        assertThat(new ArrayList<Object>(emitError.partialResults())).containsExactly(NODES.stringNode("pong-from-2"));
        assertThat(n3.serverSideEmits).isEmpty();
    }

    @Test
    void aDuplicatedResponseDoesNotCompleteARequestEarly() throws Exception {
        bus.isolate(uid(a3), true);
        CompletableFuture<List<FetchedSocket>> fetch =
                a1.fetchSockets(BroadcastOptions.all().withTimeout(Duration.ofMillis(500)));
        bus.drain();
        ClusterMessage response = null;
        for (ClusterMessage m : traffic) {
            if (m.messageType() == MessageType.FETCH_SOCKETS_RESPONSE && uid(a2).equals(m.uid())) {
                response = m;
            }
        }
        assertThat(response).isNotNull();

        bus.inject(uid(a1), ClusterMessageCodec.encode(response));
        bus.drain();

        assertThatThrownBy(() -> fetch.get(10, TimeUnit.SECONDS)).cause().isInstanceOf(AdapterTimeoutException.class);
    }

    @Test
    void closingAnAdapterFailsItsPendingRequestsAtOnce() {
        bus.isolate(uid(a3), true);
        CompletableFuture<List<FetchedSocket>> fetch =
                a1.fetchSockets(BroadcastOptions.all().withTimeout(Duration.ofMinutes(1)));

        a1.close();

        assertThatThrownBy(() -> fetch.get(5, TimeUnit.SECONDS)).cause().isInstanceOf(IllegalStateException.class);
    }

    @Test
    void malformedAndUnknownBusMessagesAreIgnored() throws Exception {
        String target = uid(a2);
        for (String bad : List.of(
                "not a message",
                "{\"type\":3,\"data\":{\"packet\":\"nope\"},\"uid\":\"x\",\"nsp\":\"/\"}",
                "{\"type\":42,\"uid\":\"x\",\"nsp\":\"/\"}",
                "{\"type\":7,\"data\":{},\"uid\":\"x\",\"nsp\":\"/\"}",
                "{\"type\":8,\"data\":{\"requestId\":\"nobody\",\"sockets\":[]},\"uid\":\"x\",\"nsp\":\"/\"}",
                "{\"type\":9,\"data\":{\"packet\":[]},\"uid\":\"x\",\"nsp\":\"/\"}")) {
            bus.inject(target, bad.getBytes(StandardCharsets.UTF_8));
        }
        bus.inject(target, new byte[] {(byte) 0xc1, 0x00});
        bus.drain();

        a1.broadcast(event("still", "working"), BroadcastOptions.toRooms(List.of(s2.id())));
        bus.drain();

        assertThat(s2.nextWrite().text()).isEqualTo("2[\"still\",\"working\"]");
        assertThat(n2.serverSideEmits).isEmpty();
    }

    @Test
    void messagesOfAnotherNamespaceAreIgnored() throws Exception {
        StubNamespace other = new StubNamespace("/other");
        Adapter otherAdapter = other.attach(bus.adapterFactory(ClusterAdapterOptions.defaults()));
        StubSocket stranger = other.connect("s4dddddddddddddddddd");
        try {
            bus.inject(
                    uid(otherAdapter),
                    ("{\"type\":3,\"data\":{\"packet\":{\"type\":2,\"data\":[\"x\"]},"
                                    + "\"opts\":{\"rooms\":[],\"except\":[]}},\"uid\":\"feedfeedfeedfeed\",\"nsp\":\"/\"}")
                            .getBytes(StandardCharsets.UTF_8));
            a1.broadcast(event("hello", "/"), BroadcastOptions.all());
            bus.drain();

            assertThat(stranger.writes).isEmpty();
            assertThat(a1.serverCount().get(5, TimeUnit.SECONDS)).isEqualTo(3);
            assertThat(otherAdapter.serverCount().get(5, TimeUnit.SECONDS)).isEqualTo(1);
            assertThat(s1.nextWrite()).isNotNull();
            assertThat(s2.nextWrite()).isNotNull();
            assertThat(s3.nextWrite()).isNotNull();
        } finally {
            otherAdapter.close();
        }
    }

    @Test
    void requestsAreCorrelatedByRequestIdAndCarryTheSendersUid() throws Exception {
        a1.fetchSockets(BroadcastOptions.all()).get(5, TimeUnit.SECONDS);

        ClusterMessage request = traffic.poll(5, TimeUnit.SECONDS);
        assertThat(request.messageType()).isEqualTo(MessageType.FETCH_SOCKETS);
        assertThat(request.uid()).isEqualTo(uid(a1)).matches("[0-9a-f]{16}");
        String requestId = request.data().get("requestId").stringValue();
        assertThat(requestId).matches("[0-9a-f]{16}");
        for (int i = 0; i < 2; i++) {
            ClusterMessage response = traffic.poll(5, TimeUnit.SECONDS);
            assertThat(response.messageType()).isEqualTo(MessageType.FETCH_SOCKETS_RESPONSE);
            assertThat(response.data().get("requestId").stringValue()).isEqualTo(requestId);
            assertThat(response.uid()).isIn(uid(a2), uid(a3));
        }
    }
}
