package dev.sockeye.core.adapter;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;

class InMemorySessionStoreTest {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final Duration TWO_MINUTES = Duration.ofMinutes(2);

    /** A clock the test moves by hand. */
    private final AtomicLong millis = new AtomicLong(1_700_000_000_000L);

    private final InstantSource clock = () -> Instant.ofEpochMilli(millis.get());
    private InMemorySessionStore store = new InMemorySessionStore(TWO_MINUTES, 1 << 20, clock);

    private static ArrayNode event(String name, int n) {
        return NODES.arrayNode().add(name).add(n);
    }

    private String append(String nsp, int n, BroadcastOptions opts) {
        return store.append(nsp, event("m", n), opts);
    }

    private static SessionToPersist session(String sid, String pid, String... rooms) {
        return new SessionToPersist(sid, pid, Set.of(rooms), NODES.objectNode().put("user", "ann"));
    }

    private static List<String> args(Session session) {
        return session.missedPackets().stream().map(JsonNode::toString).toList();
    }

    @Test
    void appendGivesIncreasingOffsetsAppendedAsTheLastElement() {
        ArrayNode first = event("m", 1);
        String a = store.append("/", first, BroadcastOptions.all());
        String b = append("/", 2, BroadcastOptions.all());
        assertThat(first.get(2).asString()).isEqualTo(a);
        assertThat(Long.parseLong(b, 36)).isEqualTo(Long.parseLong(a, 36) + 1);
    }

    @Test
    void aSessionGetsThePacketsAfterItsOffsetThatItsRoomsWouldHaveReceivedInOrder() {
        String offset = append("/", 0, BroadcastOptions.toRooms(List.of("a")));
        store.persist("/", session("sid1", "pid1", "sid1", "a", "b"));
        String o1 = append("/", 1, BroadcastOptions.toRooms(List.of("a")));
        append("/", 2, BroadcastOptions.toRooms(List.of("c")));
        String o3 = append("/", 3, BroadcastOptions.all());
        append("/", 4, BroadcastOptions.all().except("b"));
        String o5 = append("/", 5, BroadcastOptions.toRooms(List.of("sid1")));
        append("/other", 6, BroadcastOptions.all());

        Session restored = store.restore("/", "pid1", offset).join();

        assertThat(restored.state().sid()).isEqualTo("sid1");
        assertThat(restored.state().rooms()).containsExactlyInAnyOrder("sid1", "a", "b");
        assertThat(restored.state().data().toString()).isEqualTo("{\"user\":\"ann\"}");
        assertThat(args(restored))
                .containsExactly("[\"m\",1,\"" + o1 + "\"]", "[\"m\",3,\"" + o3 + "\"]", "[\"m\",5,\"" + o5 + "\"]");
    }

    @Test
    void aSessionIsRestoredOnceEvenWhenTheOffsetWasWrong() {
        String offset = append("/", 0, BroadcastOptions.all());
        store.persist("/", session("sid1", "pid1", "sid1"));
        assertThat(store.restore("/", "pid1", offset).join()).isNotNull();
        assertThat(store.restore("/", "pid1", offset).join()).isNull();

        store.persist("/", session("sid2", "pid2", "sid2"));
        assertThat(store.restore("/", "pid2", "zzzzzz").join()).isNull();
        assertThat(store.restore("/", "pid2", offset).join())
                .as("spent by the wrong offset")
                .isNull();
    }

    @Test
    void unknownPidsMalformedOffsetsAndOtherNamespacesGiveNothing() {
        String offset = append("/", 0, BroadcastOptions.all());
        store.persist("/", session("sid1", "pid1", "sid1"));
        assertThat(store.restore("/", "nope", offset).join()).isNull();
        assertThat(store.restore("/admin", "pid1", offset).join())
                .as("a pid opens its own namespace only")
                .isNull();
        for (String bad : List.of("", "-1", "ABC", "1-0", "99999999999999999999", "éé")) {
            store.persist("/", session("sid1", "pid1", "sid1"));
            assertThat(store.restore("/", "pid1", bad).join()).as(bad).isNull();
        }
    }

    @Test
    void sessionsAndPacketsExpireAfterMaxDisconnectionDuration() {
        String offset = append("/", 0, BroadcastOptions.all());
        store.persist("/", session("sid1", "pid1", "sid1"));
        millis.addAndGet(TWO_MINUTES.toMillis() - 1);
        store.persist("/", session("sid2", "pid2", "sid2"));
        assertThat(store.restore("/", "pid2", offset).join())
                .as("within the bound")
                .isNotNull();
        millis.addAndGet(2);
        assertThat(store.restore("/", "pid1", offset).join()).as("expired").isNull();
        assertThat(store.retainedBytes()).as("the packet expired too").isZero();
    }

    @Test
    void pastTheByteBoundTheOldestPacketsAreDroppedAndTheirOffsetsNoLongerRecover() {
        store.append("/", event("m", 0), BroadcastOptions.all());
        long perPacket = store.retainedBytes();
        store = new InMemorySessionStore(TWO_MINUTES, perPacket * 10, clock);
        List<String> offsets = new java.util.ArrayList<>();
        for (int i = 0; i < 15; i++) {
            offsets.add(append("/", i, BroadcastOptions.all()));
        }
        assertThat(store.retainedBytes()).isEqualTo(perPacket * 10);

        store.persist("/", session("sid1", "pid1", "sid1"));
        assertThat(store.restore("/", "pid1", offsets.get(4)).join())
                .as("dropped")
                .isNull();
        store.persist("/", session("sid1", "pid1", "sid1"));
        Session restored = store.restore("/", "pid1", offsets.get(5)).join();
        assertThat(restored.missedPackets()).hasSize(9);
    }

    @Test
    void aPacketLargerThanTheBoundIsNotKept() {
        store = new InMemorySessionStore(TWO_MINUTES, 1000, clock);
        store.append("/", NODES.arrayNode().add("m").add("x".repeat(2000)), BroadcastOptions.all());
        assertThat(store.retainedBytes()).isZero();
    }

    @Test
    void theStringOfASessionNeverShowsItsPid() {
        SessionToPersist state = session("sid1", "secret-pid-value", "sid1", "a");
        assertThat(state.toString()).contains("sid1").doesNotContain("secret-pid-value");
        assertThat(new Session(state, List.of()).toString()).doesNotContain("secret-pid-value");
    }
}
