package dev.sockeye.core.adapter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sockeye.core.Packet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;

class InMemoryAdapterTest {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private final StubNamespace nsp = new StubNamespace("/chat");
    private Adapter adapter;
    private StubSocket a;
    private StubSocket b;
    private StubSocket c;

    @BeforeEach
    void setUp() {
        adapter = nsp.attach(InMemoryAdapter.factory());
        a = nsp.connect("aaaaaaaaaaaaaaaaaaaa");
        b = nsp.connect("bbbbbbbbbbbbbbbbbbbb");
        c = nsp.connect("cccccccccccccccccccc");
    }

    @AfterEach
    void noStrayWrites() {
        for (StubSocket s : List.of(a, b, c)) {
            assertThat(s.writes).as("writes left on %s", s.id()).isEmpty();
        }
    }

    private static Packet hello(Object... args) {
        ArrayNode data = NODES.arrayNode().add("hello");
        for (Object arg : args) {
            data.add(String.valueOf(arg));
        }
        return Packet.event("/", data);
    }

    @Test
    void broadcastToSeveralRoomsReachesEachSocketOnce() throws Exception {
        a.join(List.of("r1", "r2"));
        b.join(List.of("r2"));

        adapter.broadcast(hello(), BroadcastOptions.toRooms(List.of("r1", "r2")));

        assertThat(a.nextWrite().text()).isEqualTo("2/chat,[\"hello\"]");
        assertThat(b.nextWrite().text()).isEqualTo("2/chat,[\"hello\"]");
        assertThat(a.writes).isEmpty();
        assertThat(c.writes).isEmpty();
    }

    @Test
    void broadcastWithoutRoomsReachesEverySocket() throws Exception {
        adapter.broadcast(hello(), BroadcastOptions.all());

        for (StubSocket s : List.of(a, b, c)) {
            assertThat(s.nextWrite().text()).isEqualTo("2/chat,[\"hello\"]");
        }
    }

    @Test
    void exceptRoomsRemoveTheirSockets() throws Exception {
        a.join(List.of("room"));
        b.join(List.of("room", "muted"));
        c.join(List.of("room"));

        adapter.broadcast(hello(), BroadcastOptions.toRooms(List.of("room")).except("muted", c.id()));

        assertThat(a.nextWrite()).isNotNull();
        assertThat(b.writes).isEmpty();
        assertThat(c.writes).isEmpty();
    }

    @Test
    void broadcastFromASocketExcludesTheSender() throws Exception {
        BroadcastOptions opts = BroadcastOptions.all().except(a.id()).withBroadcast(true);

        adapter.broadcast(hello(), opts);

        assertThat(a.writes).isEmpty();
        assertThat(b.nextWrite()).isNotNull();
        assertThat(c.nextWrite()).isNotNull();
    }

    @Test
    void aBroadcastIsEncodedOnceAndEveryRecipientGetsTheSameEncodedPacket() throws Exception {
        adapter.broadcast(hello("x"), BroadcastOptions.all());

        assertThat(nsp.encodes.get()).isEqualTo(1);
        StubSocket.Write first = a.nextWrite();
        assertThat(b.nextWrite().packet()).isSameAs(first.packet());
        assertThat(c.nextWrite().packet()).isSameAs(first.packet());
    }

    @Test
    void outgoingListenersSeeThePacketWithTheNamespaceBeforeTheWrite() throws Exception {
        adapter.broadcast(hello("x"), BroadcastOptions.toRooms(List.of(a.id())));

        Packet seen = a.outgoing.poll(5, TimeUnit.SECONDS);
        assertThat(seen.nsp()).isEqualTo("/chat");
        assertThat(seen.data()).isEqualTo(NODES.arrayNode().add("hello").add("x"));
        assertThat(a.nextWrite()).isNotNull();
        assertThat(b.outgoing).isEmpty();
    }

    @Test
    void volatileAndCompressFlagsReachTheSocket() throws Exception {
        adapter.broadcast(
                hello(),
                BroadcastOptions.toRooms(List.of(a.id())).withVolatile(true).withCompress(false));
        adapter.broadcast(hello(), BroadcastOptions.toRooms(List.of(a.id())));

        StubSocket.Write flagged = a.nextWrite();
        assertThat(flagged.isVolatile()).isTrue();
        assertThat(flagged.compress()).isFalse();
        StubSocket.Write plain = a.nextWrite();
        assertThat(plain.isVolatile()).isFalse();
        assertThat(plain.compress()).isTrue();
    }

    @Test
    void broadcastWithAckRegistersOneAckIdAndReportsTheClientCount() throws Exception {
        b.join(List.of("room"));
        c.join(List.of("room"));
        List<Integer> counts = Collections.synchronizedList(new ArrayList<>());
        List<JsonNode> answers = Collections.synchronizedList(new ArrayList<>());

        adapter.broadcastWithAck(
                hello(),
                BroadcastOptions.toRooms(List.of("room")).withTimeout(Duration.ofSeconds(1)),
                counts::add,
                answers::add);

        assertThat(counts).containsExactly(2);
        assertThat(b.nextWrite().text()).isEqualTo("2/chat,0[\"hello\"]");
        assertThat(c.nextWrite().text()).isEqualTo("2/chat,0[\"hello\"]");
        b.answer(0, NODES.arrayNode().add("ok-b").add("ignored"));
        c.answer(0, NODES.arrayNode());
        assertThat(answers).containsExactly(NODES.stringNode("ok-b"), NODES.nullNode());
    }

    @Test
    void roomEventsFireInOrderAndEmptyRoomsAreDeleted() {
        List<String> events = Collections.synchronizedList(new ArrayList<>());
        adapter.addListener(new AdapterListener() {
            @Override
            public void onCreateRoom(String room) {
                events.add("create " + room);
            }

            @Override
            public void onDeleteRoom(String room) {
                events.add("delete " + room);
            }

            @Override
            public void onJoinRoom(String room, String socketId) {
                events.add("join " + room + " " + socketId.charAt(0));
            }

            @Override
            public void onLeaveRoom(String room, String socketId) {
                events.add("leave " + room + " " + socketId.charAt(0));
            }
        });

        a.join(List.of("r"));
        b.join(List.of("r"));
        a.join(List.of("r"));
        a.leave("r");
        b.leave("r");
        b.leave("r");

        assertThat(events).containsExactly("create r", "join r a", "join r b", "leave r a", "leave r b", "delete r");
        assertThat(adapter.rooms()).doesNotContainKey("r");
    }

    @Test
    void delAllRemovesTheSocketFromEveryRoom() {
        a.join(List.of("r1", "r2"));
        b.join(List.of("r2"));

        adapter.delAll(a.id());

        assertThat(adapter.sids()).doesNotContainKey(a.id());
        assertThat(adapter.rooms()).doesNotContainKeys("r1", a.id());
        assertThat(adapter.rooms().get("r2")).containsExactly(b.id());
        assertThat(adapter.socketRooms(a.id())).isEmpty();
    }

    @Test
    void aSocketsOwnRoomHoldsOnlyItWhileItsRoomsChangeAndAnotherJoinsIt() {
        a.join(List.of("r1"));
        assertThat(adapter.rooms().get(a.id())).containsExactly(a.id());
        assertThat(adapter.sids().get(a.id())).containsExactly(a.id(), "r1");

        b.join(List.of(a.id()));
        assertThat(adapter.rooms().get(a.id())).containsExactly(a.id(), b.id());
        assertThat(adapter.sids().get(a.id())).containsExactly(a.id(), "r1");
        assertThat(adapter.sids().get(b.id())).containsExactly(b.id(), a.id());

        a.leave(a.id());
        assertThat(adapter.rooms().get(a.id())).containsExactly(b.id());
        assertThat(adapter.sids().get(a.id())).containsExactly("r1");
        b.leave(a.id());
        assertThat(adapter.rooms()).doesNotContainKey(a.id());
        assertThat(adapter.rooms().get(b.id())).containsExactly(b.id());
        assertThat(adapter.sids().get(b.id())).containsExactly(b.id());
    }

    @Test
    void roomsAndSidsAreReadOnlyLiveViews() {
        a.join(List.of("r"));
        var rooms = adapter.rooms();
        var sids = adapter.sids();

        assertThat(rooms.get("r")).containsExactly(a.id());
        assertThat(sids.get(a.id())).containsExactlyInAnyOrder(a.id(), "r");
        assertThatThrownBy(() -> rooms.put("x", Set.of())).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> rooms.get("r").add("intruder")).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> rooms.remove("r")).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> sids.get(a.id()).clear()).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> rooms.entrySet().iterator().next().getValue().add("x"))
                .isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> rooms.keySet().remove("r")).isInstanceOf(UnsupportedOperationException.class);

        b.join(List.of("r"));
        assertThat(rooms.get("r")).containsExactlyInAnyOrder(a.id(), b.id());
    }

    @Test
    void aSetHandedOutByTheViewsFollowsLaterChangesWhileSmallAndOnceLarge() {
        a.join(List.of("r"));
        Set<String> room = adapter.rooms().get("r");
        Set<String> roomsOfA = adapter.sids().get(a.id());

        // past 8 members a set stops being a small snapshot and becomes a concurrent set: the held one follows both
        List<String> members = new java.util.ArrayList<>(List.of(a.id()));
        for (int i = 0; i < 12; i++) {
            StubSocket s = nsp.connect(String.format("member%014d", i));
            s.join(List.of("r"));
            members.add(s.id());
            assertThat(room).containsExactlyInAnyOrderElementsOf(members);
        }
        List<String> joined = new java.util.ArrayList<>(List.of(a.id(), "r"));
        for (int i = 0; i < 10; i++) {
            a.join(List.of("x" + i));
            joined.add("x" + i);
            assertThat(roomsOfA).as("in join order").containsExactlyElementsOf(joined);
        }

        a.leave("r");
        assertThat(room).hasSize(12).doesNotContain(a.id());
        assertThat(roomsOfA).doesNotContain("r").hasSize(11);
        adapter.delAll(a.id());
        assertThat(roomsOfA).isEmpty();
        assertThat(adapter.sids().get(a.id())).isNull();
    }

    @Test
    void socketRoomsIsASnapshotContainingTheOwnRoom() {
        a.join(List.of("r"));
        Set<String> snapshot = adapter.socketRooms(a.id());

        a.leave("r");

        assertThat(snapshot).containsExactlyInAnyOrder(a.id(), "r");
        assertThat(adapter.socketRooms(a.id())).containsExactly(a.id());
        assertThat(adapter.socketRooms("unknown")).isEmpty();
    }

    @Test
    void socketsAndFetchSocketsFindTheLocalSockets() {
        a.join(List.of("r"));
        b.join(List.of("r"));

        assertThat(adapter.sockets(Set.of("r")).join()).containsExactlyInAnyOrder(a.id(), b.id());
        assertThat(adapter.sockets(Set.of()).join()).containsExactlyInAnyOrder(a.id(), b.id(), c.id());
        List<FetchedSocket> fetched = adapter.fetchSockets(
                        BroadcastOptions.toRooms(List.of("r")).except(b.id()))
                .join();
        assertThat(fetched).containsExactly(new FetchedSocket.Local(a));
    }

    @Test
    void socketsJoinLeaveAndDisconnectActOnTheMatchingSockets() throws Exception {
        a.join(List.of("r"));
        b.join(List.of("r"));

        adapter.addSockets(BroadcastOptions.toRooms(List.of("r")), List.of("x", "y"));
        assertThat(adapter.rooms().get("x")).containsExactlyInAnyOrder(a.id(), b.id());

        adapter.delSockets(BroadcastOptions.toRooms(List.of("x")).except(a.id()), List.of("x", "r"));
        assertThat(b.rooms()).containsExactlyInAnyOrder(b.id(), "y");
        assertThat(a.rooms()).containsExactlyInAnyOrder(a.id(), "r", "x", "y");

        adapter.disconnectSockets(BroadcastOptions.toRooms(List.of("y")), true);
        assertThat(a.disconnects.poll(5, TimeUnit.SECONDS)).isTrue();
        assertThat(b.disconnects.poll(5, TimeUnit.SECONDS)).isTrue();
        assertThat(c.disconnects).isEmpty();
        assertThat(adapter.rooms()).doesNotContainKeys("x", "y", "r");
    }

    @Test
    void aSocketTheServerNoLongerKnowsIsSkipped() throws Exception {
        nsp.forget(b.id());

        adapter.broadcast(hello(), BroadcastOptions.all());

        assertThat(a.nextWrite()).isNotNull();
        assertThat(c.nextWrite()).isNotNull();
        assertThat(b.writes).isEmpty();
    }

    @Test
    void aFailingListenerDoesNotStopTheChangeNorTheOtherListeners() {
        List<String> created = new ArrayList<>();
        adapter.addListener(new AdapterListener() {
            @Override
            public void onCreateRoom(String room) {
                throw new IllegalStateException("boom (expected by the test)");
            }
        });
        adapter.addListener(new AdapterListener() {
            @Override
            public void onCreateRoom(String room) {
                created.add(room);
            }
        });

        a.join(List.of("r"));

        assertThat(created).containsExactly("r");
        assertThat(adapter.rooms().get("r")).containsExactly(a.id());
    }

    @Test
    void withoutAClusterThereIsOneServerAndNoServerSideAnswers() {
        assertThat(adapter.serverCount().join()).isEqualTo(1);
        assertThat(adapter.serverSideEmitWithAck(NODES.arrayNode().add("ping"), null)
                        .join())
                .isEmpty();
        adapter.serverSideEmit(NODES.arrayNode().add("ping"));
        assertThat(nsp.serverSideEmits).isEmpty();
        assertThat(adapter.restoreSession("pid", "offset").join()).isNull();
    }

    @Test
    void concurrentJoinsLeavesAndBroadcastsKeepTheMapsConsistent() throws Exception {
        int threads = 4;
        int rounds = 2_000;
        List<StubSocket> sockets = new ArrayList<>();
        for (int i = 0; i < threads; i++) {
            sockets.add(nsp.connect(String.format("s%019d", i)));
        }
        ExecutorService pool = Executors.newFixedThreadPool(threads + 1);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<?>> done = new ArrayList<>();
            for (StubSocket s : sockets) {
                done.add(pool.submit(() -> {
                    start.await();
                    for (int i = 0; i < rounds; i++) {
                        s.join(List.of("hot", "room" + (i % 7)));
                        s.leave("hot");
                        s.leave("room" + (i % 7));
                    }
                    return null;
                }));
            }
            done.add(pool.submit(() -> {
                start.await();
                for (int i = 0; i < rounds; i++) {
                    adapter.broadcast(
                            hello(),
                            BroadcastOptions.toRooms(List.of("hot", "room1")).except("room2"));
                }
                return null;
            }));
            start.countDown();
            for (Future<?> f : done) {
                f.get(60, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        for (StubSocket s : sockets) {
            assertThat(adapter.socketRooms(s.id())).containsExactly(s.id());
            s.writes.clear();
        }
        assertThat(adapter.rooms().keySet())
                .containsExactlyInAnyOrder(
                        a.id(),
                        b.id(),
                        c.id(),
                        sockets.get(0).id(),
                        sockets.get(1).id(),
                        sockets.get(2).id(),
                        sockets.get(3).id());
    }
}
