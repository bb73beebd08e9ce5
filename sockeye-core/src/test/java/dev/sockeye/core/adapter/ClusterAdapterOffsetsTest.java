package dev.sockeye.core.adapter;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sockeye.core.Packet;
import dev.sockeye.core.adapter.cluster.ClusterAdapter;
import dev.sockeye.core.adapter.cluster.ClusterAdapterOptions;
import dev.sockeye.core.adapter.cluster.ClusterMessage;
import dev.sockeye.core.adapter.cluster.ClusterMessageCodec;
import dev.sockeye.core.adapter.cluster.MessageType;
import dev.sockeye.core.adapter.cluster.TypedClusterMessage;
import dev.sockeye.core.adapter.internal.ClusterWire;
import dev.sockeye.testing.LogCapture;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.node.JsonNodeFactory;

/**
 * Offsets of connection state recovery in the cluster base, for buses that give them (a Redis
 * stream): Node's {@code addOffsetIfNecessary} on the publishing node and on the receiving ones.
 * Also how the base reports publications the bus failed.
 */
class ClusterAdapterOffsetsTest {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    /** A bus whose publications complete when the test says, with the offset it gives. */
    private static final class OffsetAdapter extends ClusterAdapter {
        final BlockingQueue<ClusterMessage> published = new LinkedBlockingQueue<>();
        final BlockingQueue<CompletableFuture<String>> offsets = new LinkedBlockingQueue<>();
        private final boolean hasOffsets;

        OffsetAdapter(NamespaceHost host, boolean hasOffsets) {
            super(host, ClusterAdapterOptions.defaults());
            this.hasOffsets = hasOffsets;
        }

        @Override
        protected CompletableFuture<String> doPublish(TypedClusterMessage message) {
            published.add(ClusterMessageCodec.toClusterMessage(message));
            CompletableFuture<String> offset = new CompletableFuture<>();
            offsets.add(offset);
            return offset;
        }

        @Override
        protected CompletableFuture<Void> doPublishResponse(String requesterUid, TypedClusterMessage response) {
            return CompletableFuture.completedFuture(null);
        }

        @Override
        public CompletableFuture<Integer> serverCount() {
            return CompletableFuture.completedFuture(1);
        }

        @Override
        protected boolean hasOffsets() {
            return hasOffsets;
        }

        void receive(ClusterMessage message, String offset) {
            onMessage(ClusterMessageCodec.toTyped(message, null), offset);
        }
    }

    private final StubNamespace nsp = new StubNamespace("/");
    private OffsetAdapter adapter;
    private StubSocket socket;

    @BeforeEach
    void setUp() {
        nsp.recovery = Duration.ofMinutes(2);
        attach(true);
    }

    private void attach(boolean hasOffsets) {
        adapter = new OffsetAdapter(nsp, hasOffsets);
        nsp.adapter = adapter;
        socket = nsp.connect("s1aaaaaaaaaaaaaaaaaa");
    }

    private static Packet hello() {
        return Packet.event("/", NODES.arrayNode().add("hello").add(1));
    }

    private String nextWrite() throws InterruptedException {
        StubSocket.Write write = socket.writes.poll(5, TimeUnit.SECONDS);
        return write == null ? null : write.text();
    }

    @Test
    void aBroadcastReachesLocalSocketsWhenReadBackFromTheBusWithItsOffsetAsLastArgument() throws Exception {
        adapter.broadcast(hello(), BroadcastOptions.all());

        ClusterMessage published = adapter.published.take();
        assertThat(published.data().get("packet").toString())
                .as("the published packet has no offset")
                .isEqualTo("{\"type\":2,\"data\":[\"hello\",1]}");
        adapter.offsets.take().complete("1795315559991-0");
        assertThat(socket.writes).as("not when the bus gave the offset").isEmpty();
        adapter.receive(published, "1795315559991-0");
        assertThat(nextWrite()).isEqualTo("2[\"hello\",1,\"1795315559991-0\"]");
        assertThat(List.copyOf(socket.writes)).isEmpty();
    }

    @Test
    void broadcastsOfThisNodeAndOfAnotherReachLocalSocketsInTheBusOrder() throws Exception {
        adapter.broadcast(Packet.event("/", NODES.arrayNode().add("mine")), BroadcastOptions.all());
        ClusterMessage mine = adapter.published.take();
        adapter.offsets.take().complete("1795315559991-1");
        ClusterMessage theirs = new ClusterMessage(
                "0123456789abcdef",
                "/",
                MessageType.BROADCAST.code(),
                ClusterWire.broadcast(
                        Packet.event("/", NODES.arrayNode().add("theirs")), BroadcastOptions.all(), null));

        adapter.receive(theirs, "1795315559991-0");
        adapter.receive(mine, "1795315559991-1");
        assertThat(nextWrite()).isEqualTo("2[\"theirs\",\"1795315559991-0\"]");
        assertThat(nextWrite()).isEqualTo("2[\"mine\",\"1795315559991-1\"]");
    }

    @Test
    void aVolatileBroadcastOfThisNodeReadBackFromTheBusIsNotDeliveredTwice() throws Exception {
        adapter.broadcast(hello(), BroadcastOptions.all().withVolatile(true));
        assertThat(nextWrite()).isEqualTo("2[\"hello\",1]");
        ClusterMessage volatileOne = adapter.published.take();
        adapter.receive(volatileOne, "1795315559991-2");
        assertThat(List.copyOf(socket.writes))
                .as("the volatile broadcast is not delivered twice")
                .isEmpty();
    }

    @Test
    void aBroadcastWhosePublicationFailedStillReachesLocalSocketsWithoutOffset() throws Exception {
        adapter.broadcast(hello(), BroadcastOptions.all());

        adapter.offsets.take().completeExceptionally(new IllegalStateException("Redis away"));
        assertThat(nextWrite()).isEqualTo("2[\"hello\",1]");
    }

    @Test
    void volatileBroadcastsAndBroadcastsWithoutRecoveryOrOffsetsGetNoOffsetAndAreNotHeldBack() throws Exception {
        adapter.broadcast(hello(), BroadcastOptions.all().withVolatile(true));
        assertThat(nextWrite()).isEqualTo("2[\"hello\",1]");

        nsp.recovery = null;
        adapter.broadcast(hello(), BroadcastOptions.all());
        assertThat(nextWrite()).isEqualTo("2[\"hello\",1]");

        nsp.recovery = Duration.ofMinutes(2);
        nsp.remove(socket.id());
        attach(false);
        adapter.broadcast(hello(), BroadcastOptions.all());
        assertThat(nextWrite()).isEqualTo("2[\"hello\",1]");
        assertThat(adapter.published).hasSize(1);
    }

    @Test
    void aReceivedBroadcastGetsTheOffsetItWasReadAtWhenRecoveryIsOn() throws Exception {
        ClusterMessage message = new ClusterMessage(
                "0123456789abcdef",
                "/",
                MessageType.BROADCAST.code(),
                ClusterWire.broadcast(hello(), BroadcastOptions.all(), null));

        adapter.receive(message, "1795315559991-3");
        assertThat(nextWrite()).isEqualTo("2[\"hello\",1,\"1795315559991-3\"]");

        nsp.recovery = null;
        adapter.receive(
                new ClusterMessage(
                        "0123456789abcdef",
                        "/",
                        MessageType.BROADCAST.code(),
                        ClusterWire.broadcast(hello(), BroadcastOptions.all(), null)),
                "1795315559991-4");
        assertThat(nextWrite()).isEqualTo("2[\"hello\",1]");

        nsp.recovery = Duration.ofMinutes(2);
        adapter.receive(
                new ClusterMessage(
                        "0123456789abcdef",
                        "/",
                        MessageType.BROADCAST.code(),
                        ClusterWire.broadcast(hello(), BroadcastOptions.all().withVolatile(true), null)),
                "1795315559991-5");
        assertThat(nextWrite()).isEqualTo("2[\"hello\",1]");
        assertThat(List.copyOf(socket.writes)).isEmpty();
    }

    @Test
    void failedPublicationsAreLoggedAtWarnTheFirstAndEveryThousandthWithTheirCount() throws Exception {
        attach(false);
        Pattern warning = Pattern.compile("WARN .*namespace /: could not publish message BROADCAST, other nodes will "
                + "not get it \\((\\d+) failed publication\\(s\\) so far.*: java.io.IOException: bus down");
        try (LogCapture log = new LogCapture()) {
            for (int i = 0; i < 2000; i++) {
                adapter.broadcast(hello(), BroadcastOptions.all());
                adapter.offsets.take().completeExceptionally(new IOException("bus down"));
            }
            assertThat(log.matching(warning)).extracting(m -> m.group(1)).containsExactly("1", "1000", "2000");
        }
        // delivered to this node's sockets all the same
        assertThat(socket.writes).hasSize(2000);
    }
}
