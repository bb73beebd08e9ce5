package dev.sockeye.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sockeye.core.adapter.cluster.ClusterAdapterOptions;
import dev.sockeye.core.adapter.cluster.ClusterAdapterWithHeartbeat;
import dev.sockeye.netty.NettySocketIoServer;
import dev.sockeye.server.RemoteSocket;
import dev.sockeye.server.SocketIoServer;
import dev.sockeye.testing.Await;
import dev.sockeye.testing.cluster.InMemoryClusterBus;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Three Sockeye servers on the {@link InMemoryClusterBus} with the heartbeat variant of the cluster
 * adapter (Node's {@code ClusterAdapterWithHeartbeat}: nodes known from their heartbeats, not from
 * the bus), one real Java client (socket.io-client 2.x) on each: the server count, requests that
 * wait for every known node, and a node whose heartbeats stop: dropped after the heartbeat timeout,
 * so that requests pending on it complete with what the others answered (Node's {@code removeNode})
 * instead of waiting for the 20-second request timeout; back once its heartbeats arrive again.
 * {@link ClusterServersTest} covers the plain variant.
 */
class HeartbeatClusterServersTest {
    private static final Duration REQUESTS_TIMEOUT = Duration.ofSeconds(20);

    private final InMemoryClusterBus bus = new InMemoryClusterBus();
    private final List<SocketIoServer> servers = new ArrayList<>();
    private final List<NettySocketIoServer> fronts = new ArrayList<>();
    private final List<JavaClient> clients = new ArrayList<>();

    @BeforeEach
    void start() throws Exception {
        var adapters = bus.heartbeatAdapterFactory(ClusterAdapterOptions.builder()
                .heartbeatInterval(Duration.ofMillis(100))
                .heartbeatTimeout(Duration.ofMillis(1500)) // a wide margin: the machine is shared
                .requestsTimeout(REQUESTS_TIMEOUT)
                .build());
        for (int i = 0; i < 3; i++) {
            String name = "s" + i;
            SocketIoServer io = SocketIoServer.builder().adapter(adapters).build();
            io.onConnection(socket -> socket.data()
                    .put("name", socket.handshake().auth().path("name").asString()));
            io.on("ping", (args, ack) -> ack.send("pong-" + name));
            servers.add(io);
            NettySocketIoServer front = Loopback.serve(io);
            fronts.add(front);
            JavaClient client = new JavaClient(front.port(), "websocket");
            clients.add(client);
            assertThat(client.open("/", Map.of("name", "k" + i)).next()).isEqualTo("connect");
        }
        bus.drain();
    }

    @AfterEach
    void stop() {
        for (int i = 0; i < fronts.size(); i++) {
            clients.get(i).close();
            fronts.get(i).close();
        }
        bus.close();
    }

    private ClusterAdapterWithHeartbeat adapter(int i) {
        return (ClusterAdapterWithHeartbeat) servers.get(i).sockets().adapter();
    }

    private List<Object> names(CompletableFuture<List<RemoteSocket>> fetch) throws Exception {
        return fetch.get(15, TimeUnit.SECONDS).stream()
                .map(s -> s.data().get("name"))
                .toList();
    }

    @Test
    void everyServerCountsThreeAndRequestsWaitForEveryKnownNode() throws Exception {
        for (int i = 0; i < 3; i++) {
            assertThat(adapter(i).serverCount().get(10, TimeUnit.SECONDS))
                    .as("server count of s%d", i)
                    .isEqualTo(3);
        }
        assertThat(adapter(0).nodeUids())
                .containsExactlyInAnyOrder(adapter(1).uid(), adapter(2).uid());
        assertThat(servers.get(0).serverSideEmitWithAck("ping", String.class).get(10, TimeUnit.SECONDS))
                .containsExactlyInAnyOrder("pong-s1", "pong-s2");
        assertThat(names(servers.get(1).fetchSockets())).containsExactlyInAnyOrder("k0", "k1", "k2");
    }

    @Test
    void aServerWhoseHeartbeatsStopIsDroppedAndPendingRequestsCompleteWithTheOthersAnswers() throws Exception {
        bus.isolate(adapter(2).uid(), true);

        // well before the 20-second request timeout: s2 was dropped, not waited for
        CompletableFuture<List<RemoteSocket>> fetch = servers.get(0).fetchSockets();
        CompletableFuture<List<String>> pings = servers.get(0).serverSideEmitWithAck("ping", String.class);
        assertThat(names(fetch)).containsExactlyInAnyOrder("k0", "k1");
        assertThat(pings.get(15, TimeUnit.SECONDS)).containsExactly("pong-s1");
        assertThat(adapter(0).serverCount().get(10, TimeUnit.SECONDS)).isEqualTo(2);
        assertThat(adapter(0).nodeUids()).containsExactly(adapter(1).uid());

        bus.isolate(adapter(2).uid(), false);
        Await.until(
                "s2 known again from its heartbeats",
                Duration.ofSeconds(10),
                () -> adapter(0).serverCount().join() == 3);
        assertThat(servers.get(0).serverSideEmitWithAck("ping", String.class).get(10, TimeUnit.SECONDS))
                .containsExactlyInAnyOrder("pong-s1", "pong-s2");
    }
}
