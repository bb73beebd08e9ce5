package dev.sockeye.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sockeye.core.adapter.cluster.ClusterAdapterOptions;
import dev.sockeye.server.testing.FakeEngineSocket;
import dev.sockeye.server.testing.Recorder;
import dev.sockeye.testing.cluster.InMemoryClusterBus;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * {@code allSockets()} answers for the whole cluster, as Node's documentation says ("across all
 * nodes, if applicable"): two servers on the in-memory cluster bus.
 */
class AllSocketsClusterTest {
    private final InMemoryClusterBus bus = new InMemoryClusterBus();
    private final Recorder<Socket> connected = new Recorder<>();
    private final SocketIoServer one = server();
    private final SocketIoServer two = server();

    /** A server of the cluster whose sockets join the room named in their auth. */
    private SocketIoServer server() {
        SocketIoServer io = SocketIoServer.builder()
                .adapter(bus.adapterFactory(ClusterAdapterOptions.builder()
                        .requestsTimeout(Duration.ofSeconds(5))
                        .build()))
                .build();
        io.onConnection(socket -> {
            socket.join(socket.handshake().auth().path("room").asString());
            connected.record(socket);
        });
        return io;
    }

    @AfterEach
    void close() {
        one.close();
        two.close();
        bus.close();
    }

    /** A client of {@code io} in {@code room}; its socket id. */
    private String client(SocketIoServer io, String room) {
        FakeEngineSocket conn = new FakeEngineSocket();
        io.accept(conn);
        conn.receive("40{\"room\":\"" + room + "\"}");
        conn.nextText();
        return connected.next().id();
    }

    @Test
    @SuppressWarnings("deprecation")
    void allSocketsCountsTheSocketsOfEveryServer() throws Exception {
        String a = client(one, "red");
        String b = client(two, "red");
        String c = client(two, "blue");

        assertThat(one.allSockets().get(5, TimeUnit.SECONDS)).containsExactlyInAnyOrder(a, b, c);
        assertThat(two.allSockets().get(5, TimeUnit.SECONDS)).containsExactlyInAnyOrder(a, b, c);
        assertThat(one.in("red").allSockets().get(5, TimeUnit.SECONDS)).containsExactlyInAnyOrder(a, b);
        assertThat(one.of("/").in("blue").allSockets().get(5, TimeUnit.SECONDS)).containsExactly(c);
        assertThat(one.local().allSockets().get(5, TimeUnit.SECONDS)).containsExactly(a);
    }
}
