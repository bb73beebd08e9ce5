package dev.sockeye.spring;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sockeye.testing.node.NodePeer;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;

/** Closing the Spring application disconnects every client with "server shutting down" and frees the port. */
class GracefulShutdownTest {

    @Test
    void closingTheApplicationDisconnectsClientsWithServerShuttingDown() throws Exception {
        ConfigurableApplicationContext app = TestApps.start();
        int port = app.getBean(SocketIoLifecycle.class).nettyPort();
        BlockingQueue<String> disconnects = SpringStarterTest.disconnects(app);
        try (NodePeer client = NodePeer.start("socketio/client.js", Map.of(), TestApps.socketIoUrl(app), "websocket")) {
            client.send("{\"open\":\"/\",\"auth\":{\"token\":\"secret\"}}");
            client.awaitLine(line -> line.contains("\"event\":\"connect\""));

            long started = System.nanoTime();
            app.close();
            Duration closing = Duration.ofNanos(System.nanoTime() - started);

            assertThat(disconnects.poll(1, TimeUnit.SECONDS)).isEqualTo("/ disconnecting, still in its rooms: true");
            assertThat(disconnects.poll(1, TimeUnit.SECONDS)).isEqualTo("/ server shutting down");
            assertThat(client.awaitLine(line -> line.contains("\"event\":\"disconnect\"")))
                    .contains("transport close");
            assertThat(closing).as("the application's close").isLessThan(Duration.ofSeconds(10));
            try (ServerSocket again = new ServerSocket(port, 50, InetAddress.getByName("127.0.0.1"))) {
                assertThat(again.getLocalPort())
                        .as("the Netty port is free once the application closed")
                        .isEqualTo(port);
            }
        } finally {
            app.close();
        }
    }
}
