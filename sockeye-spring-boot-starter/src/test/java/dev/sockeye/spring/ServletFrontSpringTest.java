package dev.sockeye.spring;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sockeye.testing.Await;
import dev.sockeye.testing.node.NodePeer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Without {@code sockeye.netty.port}, a servlet web application serves Socket.IO on its own port (embedded Tomcat,
 * through sockeye-servlet) beside its MVC endpoints: the official client connects over each transport, the
 * middleware bean and the annotated handlers work, Actuator says which front, and closing the application
 * disconnects the client with "server shutting down".
 */
class ServletFrontSpringTest {

    @ParameterizedTest
    @ValueSource(strings = {"polling", "websocket", "polling,websocket"})
    void socketIoIsServedOnTheApplicationsOwnPort(String transports) throws Exception {
        ConfigurableApplicationContext app = TestApps.startOnOwnPort(
                "management.endpoints.web.exposure.include=health", "management.endpoint.health.show-details=always");
        try (NodePeer client = NodePeer.start("socketio/client.js", Map.of(), TestApps.webUrl(app), transports)) {
            assertThat(app.getBean(SocketIoLifecycle.class).nettyPort())
                    .as("no Netty port of its own")
                    .isEqualTo(-1);
            client.send("{\"open\":\"/\",\"auth\":{\"token\":\"wrong\"}}");
            assertThat(client.awaitLine(line -> line.contains("\"connect_error\"")))
                    .contains("\"data\":{\"code\":401}");
            client.send("{\"client\":\"b\",\"open\":\"/\",\"auth\":{\"token\":\"secret\"}}");
            // The upgrade to WebSocket may come before or after the connect: take lines until both are seen.
            boolean connected = false;
            boolean upgraded = !transports.contains(",");
            while (!connected || !upgraded) {
                String line = client.next();
                connected |= line.contains("\"event\":\"connect\"");
                upgraded |= line.contains("\"event\":\"upgrade\"")
                        && line.contains("\"client\":\"b\"")
                        && line.contains("websocket");
            }
            client.send("{\"client\":\"b\",\"emit\":\"add\",\"args\":[40,2],\"ack\":true}");
            assertThat(client.awaitLine(line -> line.contains("\"event\":\"ack\"")))
                    .contains("\"args\":[42]");

            // The refused client's connection closes once its socket is refused (socket.io-client closes a Manager
            // left without an active socket), but the server may learn of it after b's ack: wait for it to go.
            Await.until(
                    "the refused client's connection closed",
                    Duration.ofSeconds(10),
                    () -> app.getBean(SocketIoLifecycle.class).io().engine().clientsCount() == 1);
            HttpResponse<String> health = HttpClient.newHttpClient()
                    .send(
                            HttpRequest.newBuilder(URI.create(TestApps.webUrl(app) + "/actuator/health/sockeye"))
                                    .timeout(Duration.ofSeconds(5))
                                    .build(),
                            HttpResponse.BodyHandlers.ofString());
            assertThat(health.body()).contains("\"status\":\"UP\"", "\"front\":\"servlet\"", "\"connections\":1");

            BlockingQueue<String> disconnects = SpringStarterTest.disconnects(app);
            app.close();
            assertThat(disconnects.poll(10, TimeUnit.SECONDS)).isEqualTo("/ disconnecting, still in its rooms: true");
            assertThat(disconnects.poll(10, TimeUnit.SECONDS)).isEqualTo("/ server shutting down");
            client.awaitLine(line -> line.contains("\"event\":\"disconnect\""));
        } finally {
            app.close();
        }
    }
}
