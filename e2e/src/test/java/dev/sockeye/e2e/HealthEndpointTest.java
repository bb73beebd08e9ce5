package dev.sockeye.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sockeye.netty.NettySocketIoServer;
import dev.sockeye.server.Socket;
import dev.sockeye.server.SocketIoServer;
import dev.sockeye.testing.Await;
import dev.sockeye.testing.node.NodePeer;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * {@code NettySocketIoServer.builder(io).healthPath("/health")} over real HTTP on loopback: liveness and
 * readiness, readiness turning 503 at the start of close() while a connected socket.io-client 4.x (Node) is
 * still connected for the drain delay, and disconnected after it.
 */
class HealthEndpointTest {
    private static final Duration DRAIN = Duration.ofSeconds(3);

    private final BlockingQueue<Socket> connected = new LinkedBlockingQueue<>();
    private NettySocketIoServer server;
    private NodePeer client;

    @AfterEach
    void stop() {
        if (client != null) {
            client.close();
        }
        if (server != null) {
            server.close();
        }
    }

    private NettySocketIoServer start(NettySocketIoServer.Builder builder) {
        server = builder.host("127.0.0.1").port(0).build().start();
        return server;
    }

    @Test
    void readinessTurns503WhenCloseBeginsWhileClientsStayConnectedForTheDrainDelay() throws Exception {
        SocketIoServer io = SocketIoServer.create();
        BlockingQueue<String> reasons = new LinkedBlockingQueue<>();
        io.onConnection(socket -> {
            socket.onDisconnect(reason -> reasons.add(reason.wire()));
            connected.add(socket);
        });
        start(NettySocketIoServer.builder(io).healthPath("/health").drainDelay(DRAIN));
        Http http = new Http(server.port());

        HttpResponse<String> live = http.get("/health/live");
        assertThat(live.statusCode()).isEqualTo(200);
        assertThat(live.body()).isEqualTo("{\"status\":\"UP\"}");
        assertThat(live.headers().firstValue("content-type")).hasValue("application/json");
        HttpResponse<String> ready = http.get("/health/ready");
        assertThat(ready.statusCode()).isEqualTo(200);
        assertThat(ready.body()).isEqualTo("{\"status\":\"UP\"}");
        assertThat(http.get("/health/other").statusCode()).isEqualTo(404);

        client = NodePeer.start("socketio/client.js", Map.of(), "http://127.0.0.1:" + server.port(), "websocket");
        client.send("{\"open\":\"/\"}");
        client.awaitLine(l -> l.contains("\"event\":\"connect\""));
        Socket socket = connected.poll(10, TimeUnit.SECONDS);
        assertThat(socket).isNotNull();

        long closeStart = System.nanoTime();
        CompletableFuture<Void> closing = CompletableFuture.runAsync(server::close);
        Await.until("readiness answers 503", Duration.ofSeconds(2), () -> status(http, "/health/ready") == 503);
        assertThat(socket.connected())
                .as("the socket is still connected while readiness is 503")
                .isTrue();
        assertThat(http.get("/health/ready").body()).isEqualTo("{\"status\":\"DOWN\"}");
        assertThat(http.get("/health/live").statusCode())
                .as("still live while draining")
                .isEqualTo(200);
        assertThat(server.isReady()).isFalse();

        client.awaitLine(l -> l.contains("\"event\":\"disconnect\""));
        assertThat(Duration.ofNanos(System.nanoTime() - closeStart))
                .as("disconnected after the drain delay")
                .isGreaterThanOrEqualTo(DRAIN);
        closing.get(10, TimeUnit.SECONDS);
        assertThat(reasons.poll(10, TimeUnit.SECONDS)).isEqualTo("server shutting down");
    }

    @Test
    void withoutAHealthPathTheProbesAreNotFoundAndCloseDoesNotWait() throws Exception {
        start(NettySocketIoServer.builder(SocketIoServer.create()));
        Http http = new Http(server.port());
        assertThat(http.get("/health/ready").statusCode()).isEqualTo(404);
        assertThat(server.isReady()).isTrue();
        long closeStart = System.nanoTime();
        server.close();
        assertThat(Duration.ofNanos(System.nanoTime() - closeStart)).isLessThan(DRAIN);
        assertThat(server.isReady()).isFalse();
    }

    /** The status of a GET, or -1 when the request failed. */
    private static int status(Http http, String target) {
        try {
            return http.get(target).statusCode();
        } catch (Exception e) {
            return -1;
        }
    }
}
