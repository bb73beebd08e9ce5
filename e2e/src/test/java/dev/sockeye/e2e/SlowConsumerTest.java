package dev.sockeye.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sockeye.netty.NettySocketIoServer;
import dev.sockeye.server.Socket;
import dev.sockeye.server.SocketIoServer;
import dev.sockeye.testing.Await;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Slow consumers over real sockets (issue 14, item 3): a room member that stops reading its WebSocket while 1 KB
 * broadcasts go to the room. Volatile broadcasts are dropped for it without cost; normal ones fill its outbound
 * budget ({@code maxOutboundBufferSize}, 1 MiB here: a reader may lag 200 ms behind) and it is disconnected with {@code transport error}, while a
 * member of the same room that reads gets every broadcast with low latency. Every wait is bounded.
 */
class SlowConsumerTest {
    private static final String WS = "/socket.io/?EIO=4&transport=websocket";
    private static final long BUDGET = 1024 * 1024;
    private static final String PAD = "p".repeat(1000);
    private static final Duration DISCONNECTED_WITHIN = Duration.ofSeconds(15);
    /** The normal member's 99th percentile latency, on a machine shared with other builds. */
    private static final long P99_BOUND_MILLIS = 200;

    private final Map<String, Socket> sockets = new ConcurrentHashMap<>();
    private final Map<String, String> disconnects = new ConcurrentHashMap<>();
    private final List<AutoCloseable> closeables = new ArrayList<>();
    private SocketIoServer io;
    private NettySocketIoServer server;

    @BeforeEach
    void start() {
        io = SocketIoServer.builder().maxOutboundBufferSize(BUDGET).build();
        io.onConnection(socket -> {
            String name = socket.handshake().auth().path("name").asString();
            socket.join("room");
            socket.onDisconnect(reason -> disconnects.put(name, reason.wire()));
            sockets.put(name, socket);
        });
        server = Loopback.serve(io);
    }

    @AfterEach
    void stop() throws Exception {
        for (AutoCloseable closeable : closeables) {
            closeable.close();
        }
        server.close();
    }

    private RawWebSocket member(String name) throws Exception {
        RawWebSocket ws = RawWebSocket.connect(server.port(), WS);
        closeables.add(ws);
        assertThat(ws.next().text()).startsWith("0{\"sid\":");
        ws.sendText("40{\"name\":\"" + name + "\"}");
        assertThat(ws.next().text()).startsWith("40{\"sid\":");
        Await.until("the connection handler of " + name, Duration.ofSeconds(10), () -> sockets.containsKey(name));
        return ws;
    }

    /** Reads {@code ws} on a thread of its own: each {@code t} event's latency from the timestamp it carries ({@code v} events are not counted). */
    private static final class Reader extends Thread {
        private final RawWebSocket ws;
        final long[] latencies;
        final CountDownLatch all;
        private volatile int received;

        Reader(RawWebSocket ws, int expected) {
            this.ws = ws;
            this.latencies = new long[expected];
            this.all = new CountDownLatch(1);
            setDaemon(true);
        }

        @Override
        public void run() {
            try {
                while (received < latencies.length) {
                    RawWebSocket.Frame frame = ws.next();
                    if (frame.opcode() != RawWebSocket.TEXT) {
                        return;
                    }
                    String text = frame.text();
                    if (text.equals("2")) {
                        ws.sendText("3");
                    } else if (text.startsWith("42[\"t\",")) {
                        long sent = Long.parseLong(text.substring(7, text.indexOf(',', 7)));
                        latencies[received++] = System.nanoTime() - sent;
                    }
                }
                all.countDown();
            } catch (Exception stopped) {
                // the test fails on the latch
            }
        }

        long p99Millis() {
            long[] sorted = latencies.clone();
            java.util.Arrays.sort(sorted);
            return TimeUnit.NANOSECONDS.toMillis(sorted[(int) (sorted.length * 0.99) - 1]);
        }
    }

    /** {@code count} 1 KB broadcasts to the room ({@code v} when volatile, else {@code t}), 50 every 10 ms, each with its send time. */
    private void broadcast(int count, boolean asVolatile) throws InterruptedException {
        for (int i = 0; i < count; i++) {
            if (asVolatile) {
                io.to("room").asVolatile().emit("v", System.nanoTime(), PAD);
            } else {
                io.to("room").emit("t", System.nanoTime(), PAD);
            }
            if (i % 50 == 49) {
                Thread.sleep(10);
            }
        }
    }

    @Test
    void aMemberThatStopsReadingLosesVolatileBroadcastsThenIsDisconnectedWhileTheOtherMemberKeepsUp() throws Exception {
        RawWebSocket slow = member("slow"); // never read from here on
        Reader normal = new Reader(member("normal"), 20_000);
        normal.start();

        // 20 MB of volatile broadcasts: far more than the budget and the kernel's buffers, yet they cost it nothing
        broadcast(20_000, true);
        Thread.sleep(500);
        assertThat(disconnects).as("disconnected by volatile broadcasts").isEmpty();
        assertThat(sockets.get("slow").connected()).isTrue();

        // 20 MB of normal ones: the slow member passes its budget and is cut off
        long start = System.nanoTime();
        broadcast(20_000, false);
        Await.until("the slow member's disconnect", DISCONNECTED_WITHIN, () -> disconnects.containsKey("slow"));
        long disconnectedAt = System.nanoTime();
        assertThat(disconnects).containsExactly(Map.entry("slow", "transport error"));
        assertThat(Duration.ofNanos(disconnectedAt - start)).isLessThan(DISCONNECTED_WITHIN);

        // the reading member got all 20 000 normal broadcasts (and whatever volatile ones it could take), promptly
        assertThat(normal.all.await(30, TimeUnit.SECONDS))
                .as("the normal member received %d of 20 000", normal.received)
                .isTrue();
        System.out.printf(
                "slow consumer: disconnected %d ms after the normal broadcasts began; normal member p99 %d ms%n",
                TimeUnit.NANOSECONDS.toMillis(disconnectedAt - start), normal.p99Millis());
        assertThat(normal.p99Millis()).as("the normal member's p99 latency, ms").isLessThanOrEqualTo(P99_BOUND_MILLIS);
        slow.close();
    }
}
