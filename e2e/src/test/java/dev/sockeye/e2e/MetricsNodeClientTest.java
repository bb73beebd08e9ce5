package dev.sockeye.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sockeye.core.adapter.AdapterFactory;
import dev.sockeye.core.adapter.cluster.ClusterAdapterOptions;
import dev.sockeye.micrometer.SockeyeMetrics;
import dev.sockeye.netty.NettySocketIoServer;
import dev.sockeye.server.Socket;
import dev.sockeye.server.SocketIoServer;
import dev.sockeye.testing.Await;
import dev.sockeye.testing.cluster.InMemoryClusterBus;
import dev.sockeye.testing.node.NodePeer;
import io.micrometer.core.instrument.search.RequiredSearch;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * {@code sockeye-micrometer}'s meters after real traffic of the official socket.io-client 4.x (Node):
 * a connection, events both ways, acknowledgements (one answered, one timed out), a middleware
 * refusal, a handshake error, a broadcast, a disconnect; then a broadcast and a fetchSockets across
 * two servers clustered through the {@link InMemoryClusterBus}.
 */
class MetricsNodeClientTest {
    private static final Duration WAIT = Duration.ofSeconds(10);

    private final List<AutoCloseable> toClose = new ArrayList<>();
    private final BlockingQueue<Socket> connected = new LinkedBlockingQueue<>();

    @AfterEach
    void stop() throws Exception {
        for (int i = toClose.size() - 1; i >= 0; i--) {
            toClose.get(i).close();
        }
    }

    /** A server on loopback measured into {@code registry}, its port returned. */
    private int serve(SocketIoServer io, SimpleMeterRegistry registry) {
        toClose.add(SockeyeMetrics.bindTo(io, registry));
        NettySocketIoServer front = Loopback.serve(io);
        toClose.add(front);
        return front.port();
    }

    private NodePeer client(int port) throws Exception {
        NodePeer peer = NodePeer.start("socketio/client.js", Map.of(), "http://127.0.0.1:" + port, "websocket");
        toClose.add(peer);
        return peer;
    }

    private Socket serverSocket() throws InterruptedException {
        Socket socket = connected.poll(10, TimeUnit.SECONDS);
        assertThat(socket).as("server-side socket").isNotNull();
        return socket;
    }

    private static double count(RequiredSearch search) {
        return search.counter().count();
    }

    @Test
    void aClientsConnectEventsAcksRefusalAndDisconnectAreCounted() throws Exception {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        SocketIoServer io = SocketIoServer.builder().build();
        SocketIoNodeClientTest.refuseBadTokens(io);
        io.onConnection(socket -> {
            socket.on("echo", (args, ack) -> ack.send(args.nodes().toArray()));
            connected.add(socket);
        });
        int port = serve(io, registry);

        try (NodePeer peer = client(port)) {
            peer.send("{\"open\":\"/\",\"auth\":{\"token\":\"good\"}}");
            peer.awaitLine(l -> l.contains("\"event\":\"connect\""));
            Socket socket = serverSocket();

            peer.send("{\"emit\":\"echo\",\"args\":[\"hi\"],\"ack\":true}");
            peer.awaitLine(l -> l.contains("\"event\":\"ack\""));
            assertThat(socket.timeout(Duration.ofSeconds(5))
                            .emitWithAck("question", String.class, "?")
                            .get(10, TimeUnit.SECONDS))
                    .isEqualTo("?"); // the client answers with the same args
            peer.awaitLine(l -> l.contains("\"name\":\"question\""));
            // the date report comes after the client has recorded "silent", so the emit below finds it silent
            peer.send("{\"silent\":\"quiet\",\"date\":true}");
            peer.awaitLine(l -> l.contains("\"event\":\"date\""));
            var quiet = socket.timeout(Duration.ofMillis(200)).emitWithAck("quiet", String.class);
            Await.until("the unanswered ack times out", WAIT, quiet::isCompletedExceptionally);
            io.emit("news", "all");
            peer.awaitLine(l -> l.contains("\"name\":\"news\""));

            peer.send("{\"client\":\"intruder\",\"open\":\"/\",\"auth\":{\"token\":\"bad\"}}");
            peer.awaitLine(l -> l.contains("\"event\":\"connect_error\""));
            assertThat(new Http(port)
                            .get("/socket.io/?EIO=4&transport=carrier-pigeon")
                            .statusCode())
                    .isEqualTo(400);

            // socket.io-client closes a connection whose only socket was refused
            Await.until(
                    "the refused client's connection closes",
                    WAIT,
                    () -> registry.get("socketio.connections")
                                    .tag("transport", "websocket")
                                    .gauge()
                                    .value()
                            == 1);
            assertThat(registry.get("socketio.connections")
                            .tag("transport", "polling")
                            .gauge()
                            .value())
                    .isZero();
            assertThat(registry.get("socketio.sockets")
                            .tag("namespace", "/")
                            .gauge()
                            .value())
                    .isEqualTo(1);
            assertThat(count(registry.get("socketio.connects").tags("namespace", "/", "result", "accepted")))
                    .isEqualTo(1);
            assertThat(count(registry.get("socketio.connects").tags("namespace", "/", "result", "refused")))
                    .isEqualTo(1);
            assertThat(count(registry.get("socketio.handshake.errors").tag("code", "0")))
                    .isEqualTo(1);
            assertThat(count(registry.get("socketio.events").tags("namespace", "/", "direction", "in")))
                    .isEqualTo(1);
            assertThat(count(registry.get("socketio.events").tags("namespace", "/", "direction", "out")))
                    .isEqualTo(2);
            assertThat(count(registry.get("socketio.broadcasts").tag("namespace", "/")))
                    .isEqualTo(1);
            assertThat(count(registry.get("socketio.broadcast.deliveries").tag("namespace", "/")))
                    .isEqualTo(1);
            assertThat(registry.get("socketio.acks")
                            .tag("namespace", "/")
                            .timer()
                            .count())
                    .isEqualTo(1);
            assertThat(count(registry.get("socketio.ack.timeouts").tag("namespace", "/")))
                    .isEqualTo(1);
            assertThat(count(registry.get("socketio.packets").tag("direction", "in")))
                    .isGreaterThanOrEqualTo(4);
            assertThat(count(registry.get("socketio.packets").tag("direction", "out")))
                    .isGreaterThanOrEqualTo(6);
            assertThat(count(registry.get("socketio.bytes").tag("direction", "in")))
                    .isGreaterThan(count(registry.get("socketio.packets").tag("direction", "in")));
            assertThat(registry.get("socketio.handler.duration").timer().count())
                    .isGreaterThanOrEqualTo(3);
            Await.until(
                    "every queued task ran",
                    WAIT,
                    () -> registry.get("socketio.handler.queue.depth").gauge().value() == 0);

            peer.send("{\"disconnect\":true}");
            Await.until(
                    "the disconnect is counted",
                    WAIT,
                    () -> registry.find("socketio.disconnects")
                                    .tags("namespace", "/", "reason", "client namespace disconnect")
                                    .counter()
                            != null);
            assertThat(count(registry.get("socketio.disconnects")
                            .tags("namespace", "/", "reason", "client namespace disconnect")))
                    .isEqualTo(1);
            assertThat(registry.get("socketio.sockets")
                            .tag("namespace", "/")
                            .gauge()
                            .value())
                    .isZero();
        }
    }

    @Test
    void aBroadcastAcrossTheClusterIsCountedAsPublishedOnOneServerAndReceivedAndDeliveredOnTheOther() throws Exception {
        InMemoryClusterBus bus = new InMemoryClusterBus();
        toClose.add(bus);
        AdapterFactory adapters = bus.adapterFactory(ClusterAdapterOptions.builder()
                .requestsTimeout(Duration.ofSeconds(2))
                .build());
        SimpleMeterRegistry sender = new SimpleMeterRegistry();
        SimpleMeterRegistry receiver = new SimpleMeterRegistry();
        SocketIoServer a = SocketIoServer.builder().adapter(adapters).build();
        SocketIoServer b = SocketIoServer.builder().adapter(adapters).build();
        b.onConnection(connected::add);
        serve(a, sender);
        int portB = serve(b, receiver);

        try (NodePeer peer = client(portB)) {
            peer.send("{\"open\":\"/\"}");
            peer.awaitLine(l -> l.contains("\"event\":\"connect\""));
            serverSocket();

            a.emit("tick", 1);
            peer.awaitLine(l -> l.contains("\"name\":\"tick\""));
            assertThat(a.fetchSockets().get(10, TimeUnit.SECONDS)).hasSize(1);

            assertThat(count(sender.get("socketio.broadcasts").tag("namespace", "/")))
                    .isEqualTo(1);
            assertThat(count(sender.get("socketio.adapter.publishes").tags("namespace", "/", "type", "broadcast")))
                    .isEqualTo(1);
            assertThat(count(sender.get("socketio.broadcast.deliveries").tag("namespace", "/")))
                    .isZero();
            assertThat(sender.get("socketio.adapter.requests")
                            .tags("type", "fetch_sockets", "outcome", "success")
                            .timer()
                            .count())
                    .isEqualTo(1);
            assertThat(count(receiver.get("socketio.adapter.receives").tags("namespace", "/", "type", "broadcast")))
                    .isEqualTo(1);
            assertThat(count(receiver.get("socketio.broadcast.deliveries").tag("namespace", "/")))
                    .isEqualTo(1);
            assertThat(receiver.find("socketio.broadcasts").counters())
                    .as("b started no broadcast")
                    .allMatch(c -> c.count() == 0);
            assertThat(count(sender.get("socketio.adapter.receives").tags("type", "fetch_sockets_response")))
                    .isEqualTo(1);
            assertThat(sender.find("socketio.adapter.errors").counters()).isEmpty();
        }
    }
}
