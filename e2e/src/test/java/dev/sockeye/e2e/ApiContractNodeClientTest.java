package dev.sockeye.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sockeye.netty.NettyServer;
import dev.sockeye.server.AckCallback;
import dev.sockeye.server.Socket;
import dev.sockeye.server.SocketIoServer;
import dev.sockeye.server.TypeRef;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;

/**
 * The Java API's former silent traps, each with the official socket.io-client 4.x (Node): a trailing
 * {@link AckCallback} in {@code emit}, arguments that do not bind, generic payloads through
 * {@link TypeRef} with a four-argument handler, and a middleware failing with an internal exception.
 */
class ApiContractNodeClientTest {
    private static final Duration WAIT = Duration.ofSeconds(10);

    record Item(String name, int qty) {}

    private SocketIoServer io;
    private NettyServer server;
    private NodeClients clients;
    private final BlockingQueue<Socket> connected = new LinkedBlockingQueue<>();

    @BeforeEach
    void start() {
        io = SocketIoServer.builder().build();
        io.onConnection(socket -> {
            socket.on("add", Integer.class, Integer.class, (a, b, ack) -> ack.send(a + b));
            socket.on(
                    "order",
                    new TypeRef<List<Item>>() {},
                    new TypeRef<Map<String, Item>>() {},
                    TypeRef.of(String.class),
                    TypeRef.of(Integer.class),
                    (items, stock, note, times, ack) -> ack.send(
                            items.get(1).name(), stock.get("b").qty() * times, note, items.get(0) instanceof Item));
            connected.add(socket);
        });
        io.of("/broken").use((socket, next) -> {
            throw new IllegalStateException("jdbc:postgresql://10.0.0.7/prod password=hunter2");
        });
        server = Loopback.serve(io.engine());
    }

    @AfterEach
    void stop() {
        if (clients != null) {
            clients.close();
        }
        io.close();
        server.close();
    }

    private Socket open(String transports) throws Exception {
        clients = new NodeClients(server.port(), transports);
        clients.send("a", "{\"open\":\"/\"}");
        assertThat(clients.next("a").path("event").asString()).isEqualTo("connect");
        Socket socket = connected.poll(WAIT.toSeconds(), TimeUnit.SECONDS);
        assertThat(socket).as("server-side socket").isNotNull();
        return socket;
    }

    @ParameterizedTest
    @ValueSource(strings = {"polling", "websocket"})
    void anAckCallbackAsLastEmitArgumentIsCalledWithTheClientsAnswer(String transports) throws Exception {
        Socket socket = open(transports);
        BlockingQueue<String> answers = new LinkedBlockingQueue<>();
        AckCallback ack = (error, response) -> answers.add(error + " " + response);
        socket.emit("question", "what?", 42, ack);

        JsonNode received = clients.next("a");
        assertThat(received.path("name").asString()).isEqualTo("question");
        assertThat(received.path("args").toString())
                .as("no {} for the callback")
                .isEqualTo("[\"what?\",42]");
        assertThat(received.path("acked").asBoolean())
                .as("the client saw an ack request")
                .isTrue();
        assertThat(answers.poll(WAIT.toSeconds(), TimeUnit.SECONDS)).isEqualTo("null [\"what?\",42]");
    }

    @ParameterizedTest
    @ValueSource(strings = {"polling", "websocket"})
    void anArgumentThatDoesNotBindAnswersTheClientsAckWithAnError(String transports) throws Exception {
        open(transports);
        clients.send("a", "{\"emit\":\"add\",\"args\":[1,{\"not\":\"a number\"}],\"ack\":true}");
        assertThat(clients.next("a").path("args").toString())
                .isEqualTo("[{\"error\":\"invalid argument\",\"event\":\"add\",\"index\":1}]");
        clients.send("a", "{\"emit\":\"add\",\"args\":[1,2],\"ack\":true}");
        assertThat(clients.next("a").path("args").toString()).isEqualTo("[3]");
    }

    @ParameterizedTest
    @ValueSource(strings = {"polling", "websocket"})
    void aListAndAMapOfObjectsBindInAFourArgumentHandler(String transports) throws Exception {
        open(transports);
        clients.send(
                "a",
                "{\"emit\":\"order\",\"args\":[[{\"name\":\"a\",\"qty\":1},{\"name\":\"b\",\"qty\":2}],"
                        + "{\"b\":{\"name\":\"b\",\"qty\":5}},\"rush\",3],\"ack\":true}");
        assertThat(clients.next("a").path("args").toString()).isEqualTo("[\"b\",15,\"rush\",true]");
    }

    @ParameterizedTest
    @ValueSource(strings = {"polling", "websocket"})
    void aMiddlewareFailingWithAnInternalExceptionShowsTheClientOnlyServerError(String transports) throws Exception {
        open(transports);
        clients.send("a", "{\"open\":\"/broken\"}");
        JsonNode refusal = clients.next("a");
        assertThat(refusal.path("event").asString()).isEqualTo("connect_error");
        assertThat(refusal.path("message").asString()).isEqualTo("server error");
        assertThat(refusal.toString()).doesNotContain("hunter2", "jdbc");
    }
}
