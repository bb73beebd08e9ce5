package dev.sockeye.core.adapter;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sockeye.core.Packet;
import dev.sockeye.core.PacketType;
import java.time.Duration;
import java.time.InstantSource;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;

class SessionAwareAdapterTest {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private final SessionStore store = new InMemorySessionStore(Duration.ofMinutes(2), 1 << 20, InstantSource.system());
    private final StubNamespace nsp = new StubNamespace("/");
    private Adapter adapter;
    private StubSocket a;

    @BeforeEach
    void setUp() {
        adapter = nsp.attach(SessionAwareAdapter.factory(store));
        a = nsp.connect("a0000000000000000000");
        adapter.addAll(a.id(), Set.of("room"));
    }

    private static ArrayNode data(int n) {
        return NODES.arrayNode().add("m").add(n);
    }

    @Test
    void recoverableBroadcastsGetAnOffsetAndAreKept() throws Exception {
        ArrayNode shared = data(1);
        adapter.broadcast(Packet.event("/", shared), BroadcastOptions.toRooms(List.of("room")));
        String first = a.nextWrite().text();
        assertThat(first).matches("2\\[\"m\",1,\"[0-9a-z]+\"\\]");
        assertThat(shared.size()).as("the caller's array is left alone").isEqualTo(2);

        adapter.persistSession(new SessionToPersist(a.id(), "pid", Set.of(a.id(), "room"), NODES.objectNode()));
        String offset = first.substring(first.lastIndexOf(',') + 2, first.length() - 2);
        adapter.broadcast(Packet.event("/", data(2)), BroadcastOptions.all());
        Session session = adapter.restoreSession("pid", offset).join();
        assertThat(session.missedPackets()).hasSize(1);
        assertThat(session.missedPackets().get(0).get(1).asInt()).isEqualTo(2);
    }

    @Test
    void volatileBroadcastsAndBroadcastsWithAckGetNoOffset() throws Exception {
        adapter.broadcast(Packet.event("/", data(1)), BroadcastOptions.all().withVolatile(true));
        assertThat(a.nextWrite().text()).isEqualTo("2[\"m\",1]");
        adapter.broadcast(new Packet(PacketType.EVENT, "/", data(2), 7L), BroadcastOptions.all());
        assertThat(a.nextWrite().text()).isEqualTo("27[\"m\",2]");
        adapter.broadcastWithAck(
                Packet.event("/", data(3)),
                BroadcastOptions.all().withTimeout(Duration.ofSeconds(1)),
                count -> {},
                ack -> {});
        assertThat(a.nextWrite().text()).matches("2\\d+\\[\"m\",3\\]");
    }
}
