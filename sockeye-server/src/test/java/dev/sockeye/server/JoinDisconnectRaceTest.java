package dev.sockeye.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sockeye.server.testing.FakeEngineSocket;
import dev.sockeye.server.testing.Recorder;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A join from another thread (another socket's handler, {@code io.socketsJoin}) racing with the
 * socket's disconnection never leaves the gone socket in a room, whichever wins.
 */
class JoinDisconnectRaceTest extends WireTest {
    private static final int ROUNDS = 300;

    @Test
    void aJoinRacingWithADisconnectNeverLeavesAGoneSocketInARoom() throws Exception {
        Recorder<Socket> connected = new Recorder<>();
        io.onConnection(connected::record);
        ExecutorService threads = Executors.newFixedThreadPool(2);
        try {
            for (int round = 0; round < ROUNDS; round++) {
                FakeEngineSocket conn = connected("/");
                Socket socket = connected.next();
                CountDownLatch gone = new CountDownLatch(1);
                socket.onDisconnect(reason -> gone.countDown());
                CyclicBarrier start = new CyclicBarrier(2);
                boolean direct = round % 2 == 0;
                boolean serverSide = round % 4 < 2;
                Future<?> join = threads.submit(() -> {
                    start.await();
                    if (direct) {
                        socket.join("r"); // as from another socket's handler
                    } else {
                        io.socketsJoin("r");
                    }
                    return null;
                });
                Future<?> leave = threads.submit(() -> {
                    start.await();
                    if (serverSide) {
                        socket.disconnect();
                    } else {
                        conn.closeFromEngine("transport close");
                    }
                    return null;
                });
                join.get(5, TimeUnit.SECONDS);
                leave.get(5, TimeUnit.SECONDS);
                assertThat(gone.await(5, TimeUnit.SECONDS))
                        .as("round %d: disconnected", round)
                        .isTrue();
                assertThat(io.sockets().adapter().rooms().getOrDefault("r", Set.of()))
                        .as("round %d: room r", round)
                        .doesNotContain(socket.id());
                assertThat(io.sockets().adapter().sids()).as("round %d", round).doesNotContainKey(socket.id());
                conn.closeFromEngine("transport close");
            }
        } finally {
            threads.shutdownNow();
        }
        assertThat(io.sockets().adapter().rooms()).doesNotContainKey("r");
    }
}
