package dev.sockeye.spring;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sockeye.server.SocketIoServer;
import dev.sockeye.testing.node.NodePeer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The starter in a real Spring Boot application (embedded Tomcat and Actuator on one free port, Socket.IO on a
 * dedicated Netty port) driven by the official socket.io-client 4.8 from npm: properties, annotated handlers with
 * typed arguments and acks, middleware beans in @Order, the health endpoint.
 */
class SpringStarterTest {
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static ConfigurableApplicationContext app;

    @BeforeAll
    static void start() {
        app = TestApps.start(
                "sockeye.path=/rt",
                "sockeye.ping-interval=1500ms",
                "sockeye.ping-timeout=4s",
                "sockeye.max-http-buffer-size=5000",
                "sockeye.cors.allowed-origins=https://app.example",
                "management.endpoints.web.exposure.include=health",
                "management.endpoint.health.show-details=always");
    }

    @AfterAll
    static void stop() {
        if (app != null) {
            app.close();
        }
    }

    @Test
    void propertiesReachTheServerAndTheHandshake() throws Exception {
        SocketIoServer io = app.getBean(SocketIoServer.class);
        assertThat(io.options().path()).isEqualTo("/rt");
        assertThat(io.options().engineOptions().pingInterval()).isEqualTo(Duration.ofMillis(1500));

        HttpResponse<String> handshake = HTTP.send(
                HttpRequest.newBuilder(URI.create(TestApps.socketIoUrl(app) + "/rt/?EIO=4&transport=polling"))
                        .header("Origin", "https://app.example")
                        .timeout(Duration.ofSeconds(5))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(handshake.statusCode()).isEqualTo(200);
        assertThat(handshake.headers().firstValue("Access-Control-Allow-Origin"))
                .hasValue("https://app.example");
        assertThat(handshake.body()).startsWith("0");
        JsonNode open = JSON.readTree(handshake.body().substring(1));
        assertThat(open.path("pingInterval").asInt()).isEqualTo(1500);
        assertThat(open.path("pingTimeout").asInt()).isEqualTo(4000);
        assertThat(open.path("maxPayload").asInt()).isEqualTo(5000);
    }

    @Test
    void annotatedHandlersBindTypedArgumentsAndAckWithTheirResult() throws Exception {
        try (NodePeer client =
                NodePeer.start("socketio/client.js", Map.of(), TestApps.socketIoUrl(app), "websocket", "/rt")) {
            client.send("{\"open\":\"/\",\"auth\":{\"token\":\"secret\"}}");
            String id = JSON.readTree(client.awaitLine(line -> line.contains("\"event\":\"connect\"")))
                    .path("id")
                    .asString();
            assertThat(client.awaitLine(line -> line.contains("\"welcome\""))).contains("\"args\":[\"" + id + "\"]");

            assertThat(ack(client, "add", "[2,3]")).isEqualTo("[5]");
            assertThat(ack(client, "order", "[{\"item\":\"tea\",\"quantity\":2,\"notes\":[\"hot\",\"no sugar\"]}]"))
                    .isEqualTo("[{\"item\":\"tea\",\"total\":6,\"notes\":2,\"socket\":\"" + id + "\"}]");
            assertThat(ack(client, "total", "[[{\"name\":\"a\",\"price\":1.5},{\"name\":\"b\",\"price\":2.25}]]"))
                    .isEqualTo("[3.75]");
            assertThat(ack(client, "later", "[\"ann\"]")).isEqualTo("[\"hello ann\"]");
            assertThat(ack(client, "shout", "[\"hey\"]")).isEqualTo("[\"HEY\"]");
            assertThat(ack(client, "broken", "[]")).isEqualTo("[{\"error\":\"server error\"}]");
            assertThat(ack(client, "add", "[\"two\",3]"))
                    .isEqualTo("[{\"error\":\"invalid argument\",\"event\":\"add\",\"index\":0}]");
            assertThat(ack(client, "middlewares", "[]")).isEqualTo("[[\"token\",\"audit\"]]");

            client.send("{\"open\":\"/admin\"}");
            client.awaitLine(line -> line.contains("\"event\":\"connect\"") && line.contains("\"/admin\""));
            client.send("{\"nsp\":\"/admin\",\"emit\":\"whoami\",\"args\":[],\"ack\":true}");
            assertThat(client.awaitLine(line -> line.contains("\"event\":\"ack\"")))
                    .contains("\"args\":[\"/admin\"]");

            client.send("{\"nsp\":\"/admin\",\"disconnect\":true}");
            BlockingQueue<String> disconnects = disconnects(app);
            assertThat(disconnects.poll(5, TimeUnit.SECONDS)).isNull(); // AdminController has no @OnDisconnect
            client.send("{\"disconnect\":true}");
            assertThat(disconnects.poll(5, TimeUnit.SECONDS)).isEqualTo("/ disconnecting, still in its rooms: true");
            assertThat(disconnects.poll(5, TimeUnit.SECONDS)).isEqualTo("/ client namespace disconnect");
        }
    }

    @Test
    void aMiddlewareBeanRefusesWithConnectErrorData() throws Exception {
        try (NodePeer client =
                NodePeer.start("socketio/client.js", Map.of(), TestApps.socketIoUrl(app), "polling", "/rt")) {
            client.send("{\"open\":\"/\",\"auth\":{\"token\":\"wrong\"}}");
            JsonNode error = JSON.readTree(client.awaitLine(line -> line.contains("\"connect_error\"")));
            assertThat(error.path("message").asString()).isEqualTo("not authorized");
            assertThat(error.path("data").toString()).isEqualTo("{\"code\":401}");
        }
    }

    @Test
    void theHealthEndpointShowsTheServer() throws Exception {
        HttpResponse<String> health = HTTP.send(
                HttpRequest.newBuilder(URI.create(TestApps.webUrl(app) + "/actuator/health/sockeye"))
                        .timeout(Duration.ofSeconds(5))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(health.statusCode()).as(health.body()).isEqualTo(200);
        JsonNode body = JSON.readTree(health.body());
        assertThat(body.path("status").asString()).isEqualTo("UP");
        assertThat(body.path("details").path("port").asInt())
                .isEqualTo(app.getBean(SocketIoLifecycle.class).nettyPort());
        assertThat(body.path("details").has("connections")).isTrue();
    }

    private static String ack(NodePeer client, String event, String args) throws Exception {
        client.send("{\"emit\":\"" + event + "\",\"args\":" + args + ",\"ack\":true}");
        return JSON.readTree(client.awaitLine(
                        line -> line.contains("\"event\":\"ack\"") && line.contains("\"" + event + "\"")))
                .path("args")
                .toString();
    }

    @SuppressWarnings("unchecked")
    static BlockingQueue<String> disconnects(ConfigurableApplicationContext context) {
        return context.getBean("disconnects", BlockingQueue.class);
    }
}
