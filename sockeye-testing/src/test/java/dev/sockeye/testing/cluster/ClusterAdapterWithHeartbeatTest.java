package dev.sockeye.testing.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sockeye.core.adapter.AdapterFactory;
import dev.sockeye.core.adapter.BroadcastOptions;
import dev.sockeye.core.adapter.FetchedSocket;
import dev.sockeye.core.adapter.StubNamespace;
import dev.sockeye.core.adapter.StubSocket;
import dev.sockeye.core.adapter.cluster.ClusterAdapterOptions;
import dev.sockeye.core.adapter.cluster.ClusterAdapterWithHeartbeat;
import dev.sockeye.core.adapter.cluster.ClusterMessage;
import dev.sockeye.core.adapter.cluster.MessageType;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;

/** Three heartbeat nodes of namespace "/" on the in-memory bus (short heartbeat timings). */
class ClusterAdapterWithHeartbeatTest {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private final InMemoryClusterBus bus = new InMemoryClusterBus();
    private final BlockingQueue<ClusterMessage> traffic = new LinkedBlockingQueue<>();
    private final StubNamespace n1 = new StubNamespace("/");
    private final StubNamespace n2 = new StubNamespace("/");
    private final StubNamespace n3 = new StubNamespace("/");
    private ClusterAdapterWithHeartbeat a1;
    private ClusterAdapterWithHeartbeat a2;
    private ClusterAdapterWithHeartbeat a3;
    private StubSocket s1;
    private StubSocket s2;

    @BeforeEach
    void setUp() {
        bus.tap(traffic::add);
        // generous margin between interval and timeout: the machine is shared
        AdapterFactory factory = bus.heartbeatAdapterFactory(ClusterAdapterOptions.builder()
                .heartbeatInterval(Duration.ofMillis(100))
                .heartbeatTimeout(Duration.ofMillis(1500))
                .requestsTimeout(Duration.ofSeconds(20))
                .build());
        a1 = (ClusterAdapterWithHeartbeat) n1.attach(factory);
        a2 = (ClusterAdapterWithHeartbeat) n2.attach(factory);
        a3 = (ClusterAdapterWithHeartbeat) n3.attach(factory);
        s1 = n1.connect("s1aaaaaaaaaaaaaaaaaa");
        s2 = n2.connect("s2bbbbbbbbbbbbbbbbbb");
        n3.connect("s3cccccccccccccccccc");
        bus.drain();
    }

    @AfterEach
    void tearDown() {
        a1.close();
        a2.close();
        a3.close();
        bus.close();
    }

    @Test
    void nodesDiscoverEachOtherThroughTheInitialHeartbeat() throws Exception {
        assertThat(a1.serverCount().get(5, TimeUnit.SECONDS)).isEqualTo(3);
        assertThat(a2.serverCount().get(5, TimeUnit.SECONDS)).isEqualTo(3);
        assertThat(a3.serverCount().get(5, TimeUnit.SECONDS)).isEqualTo(3);
        assertThat(a1.nodeUids()).containsExactlyInAnyOrder(a2.uid(), a3.uid());
        ClusterMessage first = traffic.poll(5, TimeUnit.SECONDS);
        assertThat(first.messageType()).isEqualTo(MessageType.INITIAL_HEARTBEAT);
        assertThat(first.data()).isNull();
    }

    @Test
    void aSilentNodePublishesAHeartbeatAfterTheInterval() throws Exception {
        traffic.clear();

        ClusterMessage heartbeat = null;
        for (int i = 0; i < 1_000 && heartbeat == null; i++) {
            ClusterMessage m = traffic.poll(5, TimeUnit.SECONDS);
            assertThat(m).as("no heartbeat within 5 s").isNotNull();
            if (m.messageType() == MessageType.HEARTBEAT && a1.uid().equals(m.uid())) {
                heartbeat = m;
            }
        }

        assertThat(heartbeat).isNotNull();
        assertThat(heartbeat.nsp()).isEqualTo("/");
    }

    @Test
    void adapterCloseRemovesTheNodeAtOnce() throws Exception {
        a3.close();
        bus.drain();

        assertThat(a1.serverCount().get(5, TimeUnit.SECONDS)).isEqualTo(2);
        assertThat(a2.nodeUids()).containsExactly(a1.uid());
    }

    @Test
    void aNodeThatGoesSilentIsRemovedAndPendingRequestsCompleteWithWhatArrived() throws Exception {
        bus.isolate(a3.uid(), true);

        // the request timeout is 20 s: completing well before means the node was dropped
        CompletableFuture<List<FetchedSocket>> fetch = a1.fetchSockets(BroadcastOptions.all());

        List<FetchedSocket> sockets = fetch.get(15, TimeUnit.SECONDS);
        assertThat(sockets).extracting(FetchedSocket::id).containsExactly(s1.id(), s2.id());
        assertThat(a1.serverCount().get(5, TimeUnit.SECONDS)).isEqualTo(2);
        assertThat(a1.nodeUids()).containsExactly(a2.uid());
    }

    @Test
    void serverSideEmitWithAckWaitsForEveryKnownNode() throws Exception {
        n2.serverSideEmitHandler = (packet, ack) -> ack.accept(NODES.stringNode("pong-2"));
        n3.serverSideEmitHandler = (packet, ack) -> ack.accept(NODES.stringNode("pong-3"));

        List<JsonNode> answers =
                a1.serverSideEmitWithAck(NODES.arrayNode().add("ping"), null).get(5, TimeUnit.SECONDS);

        assertThat(answers).containsExactlyInAnyOrder(NODES.stringNode("pong-2"), NODES.stringNode("pong-3"));
    }

    @Test
    void emittersAreNotCountedAsNodes() throws Exception {
        bus.inject(
                a1.uid(),
                "{\"type\":9,\"data\":{\"packet\":[\"from-emitter\"]},\"uid\":\"emitter\",\"nsp\":\"/\"}"
                        .getBytes(java.nio.charset.StandardCharsets.UTF_8));
        bus.drain();

        assertThat(n1.nextServerSideEmit()).isEqualTo(NODES.arrayNode().add("from-emitter"));
        assertThat(a1.serverCount().get(5, TimeUnit.SECONDS)).isEqualTo(3);
    }
}
