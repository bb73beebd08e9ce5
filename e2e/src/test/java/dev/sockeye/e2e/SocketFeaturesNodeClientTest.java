package dev.sockeye.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sockeye.netty.NettyServer;
import dev.sockeye.server.AckTimeoutException;
import dev.sockeye.server.DisconnectReason;
import dev.sockeye.server.EventHandlers;
import dev.sockeye.server.Handshake;
import dev.sockeye.server.Socket;
import dev.sockeye.server.SocketDisconnectedException;
import dev.sockeye.server.SocketIoServer;
import dev.sockeye.testing.Await;
import dev.sockeye.testing.LogCapture;
import io.netty.util.concurrent.FastThreadLocalThread;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.json.JsonMapper;

/**
 * The per-socket features of the Socket API, each with the official socket.io-client 4.x (Node)
 * against the real Netty server: socket middlewares, {@code once}/{@code off}, {@code send},
 * {@code onAny}, {@code disconnect(true)}, {@code volatile}, server-side acks that time out or
 * fail on disconnect, binary {@code ByteBuffer}s, dynamic namespaces, builder options, the
 * handshake fields and the threading rules.
 */
class SocketFeaturesNodeClientTest {
    private static final Duration WAIT = Duration.ofSeconds(10);

    private SocketIoServer io;
    private NettyServer server;
    private NodeClients clients;
    private final BlockingQueue<Socket> connected = new LinkedBlockingQueue<>();
    /** What server-side user code saw, in order. */
    private final BlockingQueue<String> seen = new LinkedBlockingQueue<>();

    @BeforeEach
    void start() {
        start(SocketIoServer.builder());
    }

    private void start(SocketIoServer.Builder builder) {
        io = builder.build();
        io.onConnection(socket -> {
            socket.on("echo", (args, ack) -> ack.send(args.nodes().toArray()));
            connected.add(socket);
        });
        io.of("/admin").onConnection(connected::add);
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

    private NodeClients clients(String transports) throws Exception {
        clients = new NodeClients(server.port(), transports);
        return clients;
    }

    /** Client {@code a} joins {@code nsp}; its server-side socket. */
    private Socket open(String nsp) throws Exception {
        return open("a", nsp, "");
    }

    private Socket open(String client, String nsp, String extra) throws Exception {
        clients.send(client, "{\"open\":\"" + nsp + "\"" + extra + "}");
        assertThat(clients.next(client).path("event").asString()).isEqualTo("connect");
        Socket socket = connected.poll(WAIT.toSeconds(), TimeUnit.SECONDS);
        assertThat(socket).as("server-side socket").isNotNull();
        return socket;
    }

    /** A round trip through the socket's queue: every earlier event of client {@code a} has been handled. */
    private void sync() throws Exception {
        clients.send("a", "{\"emit\":\"echo\",\"args\":[\"sync\"],\"ack\":true}");
        assertThat(clients.next("a").path("args").toString()).isEqualTo("[\"sync\"]");
    }

    private String nextSeen() throws InterruptedException {
        String next = seen.poll(WAIT.toSeconds(), TimeUnit.SECONDS);
        assertThat(next).as("server-side observation").isNotNull();
        return next;
    }

    // ---- socket middlewares, listeners

    @ParameterizedTest
    @ValueSource(strings = {"polling", "websocket"})
    void aSocketMiddlewareErrorGoesToTheErrorHandlerAndTheClientGetsNoAnswer(String transports) throws Exception {
        clients(transports);
        Socket socket = open("/");
        socket.use((event, args, next) -> {
            if (event.equals("forbidden")) {
                next.fail(new IllegalStateException("unauthorized event"));
            } else {
                next.proceed();
            }
        });
        socket.onError(error -> seen.add("error " + error.getMessage()));
        socket.on("forbidden", (args, ack) -> seen.add("handler ran"));

        clients.send("a", "{\"emit\":\"forbidden\",\"args\":[1],\"ack\":true,\"timeout\":500}");
        assertThat(nextSeen()).isEqualTo("error unauthorized event");
        // as in Node: no ack, no error packet, the socket stays connected
        JsonNode ack = clients.next("a");
        assertThat(ack.path("error").asString()).isEqualTo("operation has timed out");
        sync();
        assertThat(socket.connected()).isTrue();
        assertThat(seen).isEmpty();
    }

    @Test
    void onceRunsOnceAndOffRemovesAHandler() throws Exception {
        clients("websocket");
        Socket socket = open("/");
        socket.once("hit", Integer.class, n -> seen.add("once " + n));
        EventHandlers.One<Integer> removed = n -> seen.add("removed " + n);
        socket.on("hit", Integer.class, removed);
        socket.off("hit", removed);
        clients.send("a", "{\"emit\":\"hit\",\"args\":[1]}");
        clients.send("a", "{\"emit\":\"hit\",\"args\":[2]}");
        sync();
        assertThat(seen).containsExactly("once 1");
        assertThat(socket.listenerCount("hit")).isZero();
    }

    @Test
    void sendIsAMessageEventBothWaysAndOnAnySeesEveryIncomingEvent() throws Exception {
        clients("websocket");
        Socket socket = open("/");
        socket.onAny((event, args) -> seen.add("any " + event + " " + args));
        socket.on("message", (args, ack) -> seen.add("message " + args));

        assertThat(socket.send("hi", 2)).isTrue();
        assertThat(clients.nextEvent("a")).isEqualTo("message [\"hi\",2]");
        clients.send("a", "{\"emit\":\"message\",\"args\":[\"back\",{\"n\":[true]}]}");
        clients.send("a", "{\"emit\":\"other\",\"args\":[]}");
        assertThat(nextSeen()).isEqualTo("any message [\"back\",{\"n\":[true]}]");
        assertThat(nextSeen()).isEqualTo("message [\"back\",{\"n\":[true]}]");
        assertThat(nextSeen()).isEqualTo("any other []");
    }

    // ---- disconnect(true), volatile

    @ParameterizedTest
    @ValueSource(strings = {"polling", "websocket"})
    void disconnectTrueClosesTheWholeConnectionWithEveryNamespace(String transports) throws Exception {
        clients(transports);
        Socket main = open("/");
        Socket admin = open("a", "/admin", "");
        for (Socket socket : List.of(main, admin)) {
            socket.onDisconnect(reason -> seen.add(socket.nsp().name() + " " + reason));
        }
        main.disconnect(true);
        List<String> clientSide =
                List.of(clients.next("a").toString(), clients.next("a").toString());
        assertThat(clientSide)
                .containsExactlyInAnyOrder(
                        "{\"event\":\"disconnect\",\"nsp\":\"/\",\"reason\":\"io server disconnect\"}",
                        "{\"event\":\"disconnect\",\"nsp\":\"/admin\",\"reason\":\"io server disconnect\"}");
        assertThat(List.of(nextSeen(), nextSeen()))
                .containsExactlyInAnyOrder(
                        "/ " + DisconnectReason.SERVER_NAMESPACE_DISCONNECT,
                        "/admin " + DisconnectReason.SERVER_NAMESPACE_DISCONNECT);
        awaitTrue(
                () -> main.conn().readyState() == dev.sockeye.engine.EngineSocket.ReadyState.CLOSED,
                "engine connection closed");
        assertThat(admin.connected()).isFalse();
    }

    @Test
    void aVolatileEmitIsDroppedWhileNoPollWaitsAndSentWhenOneDoes() throws Exception {
        Http http = new Http(server.port());
        String poll = "/socket.io/?EIO=4&transport=polling&sid=" + http.handshake("/socket.io/");
        assertThat(http.post(poll, "40").body()).isEqualTo("ok");
        assertThat(http.get(poll).body()).startsWith("40{\"sid\":");
        Socket socket = connected.poll(WAIT.toSeconds(), TimeUnit.SECONDS);
        assertThat(socket).isNotNull();

        assertThat(socket.asVolatile().emit("dropped")).isFalse();
        CompletableFuture<HttpResponse<String>> get = http.getAsync(poll);
        awaitTrue(() -> socket.conn().isWritable(), "the GET is waiting");
        assertThat(socket.asVolatile().emit("kept", 1)).isTrue();
        assertThat(get.get(WAIT.toSeconds(), TimeUnit.SECONDS).body()).isEqualTo("42[\"kept\",1]");
    }

    @Test
    void aVolatileEmitReachesAWebSocketClient() throws Exception {
        clients("websocket");
        Socket socket = open("/");
        assertThat(socket.asVolatile().emit("v", "x")).isTrue();
        assertThat(clients.nextEvent("a")).isEqualTo("v [\"x\"]");
    }

    private static void awaitTrue(java.util.function.BooleanSupplier condition, String what) {
        Await.until(what, WAIT, condition);
    }

    // ---- server-side acks

    @Test
    void emitWithAckFailsOnTimeoutWhenTheClientNeverAnswers() throws Exception {
        clients("websocket");
        clients.send("a", "{\"silent\":\"q\"}"); // before the connect report, so surely before the emit
        Socket socket = open("/");
        CompletableFuture<String> answer =
                socket.timeout(Duration.ofMillis(300)).emitWithAck("q", String.class, 1);
        assertThat(clients.next("a").path("acked").asBoolean(true)).isFalse();
        assertThatThrownBy(() -> answer.get(WAIT.toSeconds(), TimeUnit.SECONDS))
                .isInstanceOf(ExecutionException.class)
                .hasCauseInstanceOf(AckTimeoutException.class);
    }

    @Test
    void emitWithAckFailsWhenTheClientDisconnects() throws Exception {
        clients("websocket");
        clients.send("a", "{\"silent\":\"q\"}"); // before the connect report, so surely before the emit
        Socket socket = open("/");
        CompletableFuture<String> answer = socket.emitWithAck("q", String.class, 1); // no timeout at all
        assertThat(clients.next("a").path("acked").asBoolean(true)).isFalse();
        clients.send("a", "{\"disconnect\":true}");
        assertThatThrownBy(() -> answer.get(WAIT.toSeconds(), TimeUnit.SECONDS))
                .isInstanceOf(ExecutionException.class)
                .hasCauseInstanceOf(SocketDisconnectedException.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {"polling", "websocket"})
    void aTimeoutEmitCallbackGetsTheAnswerOrTheTimeout(String transports) throws Exception {
        clients(transports);
        clients.send("a", "{\"silent\":\"late\"}");
        Socket socket = open("/");
        socket.timeout(Duration.ofSeconds(5))
                .emit(
                        "q",
                        (error, response) -> seen.add(error == null ? "answer " + response : "error " + error),
                        "v",
                        2);
        assertThat(nextSeen()).isEqualTo("answer [\"v\",2]");
        clients.next("a");
        socket.timeout(Duration.ofMillis(300))
                .emit(
                        "late",
                        (error, response) -> seen.add(
                                error == null
                                        ? "answer " + response
                                        : "error " + error.getClass().getSimpleName()));
        assertThat(nextSeen()).isEqualTo("error AckTimeoutException");
    }

    // ---- payloads, namespaces

    @Test
    void byteBuffersTravelAsBinaryFromTheirPositionToTheirLimit() throws Exception {
        clients("websocket");
        Socket socket = open("/");
        ByteBuffer slice = ByteBuffer.wrap(new byte[] {0, 1, 2, 3}, 1, 2);
        socket.emit("buf", ByteBuffer.wrap(new byte[] {7, 8, 9}), Map.of("nested", slice));
        assertThat(clients.nextEvent("a")).isEqualTo("buf [{\"$bin\":[7,8,9]},{\"nested\":{\"$bin\":[1,2]}}]");
    }

    @Test
    void regexAndFunctionNamespacesAcceptMatchingNamesOnly() throws Exception {
        io.of(Pattern.compile("/room-\\d+"))
                .onConnection(socket -> socket.emit("hi", socket.nsp().name()));
        io.of((name, auth) -> name.startsWith("/fn-") && auth.path("ok").asBoolean(false))
                .onConnection(socket -> socket.emit("hi", socket.nsp().name()));
        clients("websocket");
        clients.send("a", "{\"open\":\"/room-12\"}");
        assertThat(clients.next("a").path("event").asString()).isEqualTo("connect");
        assertThat(clients.nextEvent("a")).isEqualTo("hi [\"/room-12\"]");
        clients.send("a", "{\"open\":\"/fn-a\",\"auth\":{\"ok\":true}}");
        assertThat(clients.next("a").path("event").asString()).isEqualTo("connect");
        assertThat(clients.nextEvent("a")).isEqualTo("hi [\"/fn-a\"]");
        for (String refused : new String[] {"{\"open\":\"/room-x\"}", "{\"open\":\"/fn-b\",\"auth\":{\"ok\":false}}"}) {
            clients.send("a", refused);
            JsonNode error = clients.next("a");
            assertThat(error.path("event").asString()).isEqualTo("connect_error");
            assertThat(error.path("message").asString()).isEqualTo("Invalid namespace");
        }
        assertThat(io.of("/room-12").sockets()).hasSize(1);
    }

    // ---- builder options

    @Test
    void aCustomPathIsWhereClientsConnect() throws Exception {
        stop();
        clients = null;
        start(SocketIoServer.builder().path("/custom-path/"));
        clients = new NodeClients(server.port(), "polling,websocket", "/custom-path/");
        open("/");
        sync();
        assertThat(new Http(server.port())
                        .get("/socket.io/?EIO=4&transport=polling")
                        .statusCode())
                .isNotEqualTo(200);
    }

    /** A payload for the naming-strategy test. */
    record Person(String firstName, int ageYears) {}

    @Test
    void aCustomJsonMapperNamesPropertiesBothWays() throws Exception {
        stop();
        start(SocketIoServer.builder()
                .jsonMapper(JsonMapper.builder()
                        .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
                        .build()));
        clients("websocket");
        Socket socket = open("/");
        socket.on("typed", Person.class, person -> seen.add(person.toString()));
        socket.emit("person", new Person("Ada", 36));
        assertThat(clients.nextEvent("a")).isEqualTo("person [{\"first_name\":\"Ada\",\"age_years\":36}]");
        clients.send("a", "{\"emit\":\"typed\",\"args\":[{\"first_name\":\"Bob\",\"age_years\":7}]}");
        assertThat(nextSeen()).isEqualTo("Person[firstName=Bob, ageYears=7]");
    }

    // ---- threading

    @Test
    void handlersRunOffTheNettyEventLoopsByDefault() throws Exception {
        io.onConnection(socket -> seen.add(threadOf("connection")));
        clients("websocket");
        Socket socket = open("/");
        socket.on("where", () -> seen.add(threadOf("event")));
        socket.onDisconnect(reason -> seen.add(threadOf("disconnect")));
        clients.send("a", "{\"emit\":\"where\"}");
        clients.send("a", "{\"disconnect\":true}");
        for (String handler : List.of("connection", "event", "disconnect")) {
            assertThat(nextSeen()).matches(handler + " on sockeye-handler-\\d+");
        }
    }

    private static String threadOf(String handler) {
        Thread thread = Thread.currentThread();
        return handler + " on " + thread.getName()
                + (thread instanceof FastThreadLocalThread ? " (a Netty thread)" : "");
    }

    @Test
    void aThrowingHandlerIsLoggedWithTheSocketIdAndTheSocketGoesOn() throws Exception {
        clients("websocket");
        Socket socket = open("/");
        socket.on("boom", () -> {
            throw new IllegalStateException("kaboom");
        });
        String log;
        try (LogCapture capture = new LogCapture()) {
            clients.send("a", "{\"emit\":\"boom\"}");
            sync();
            log = String.join("\n", capture.lines());
        }
        assertThat(log)
                .contains("handler of event 'boom' of socket " + socket.id() + " failed")
                .contains("java.lang.IllegalStateException: kaboom");
        assertThat(socket.connected()).isTrue();
    }

    // ---- handshake

    @ParameterizedTest
    @ValueSource(strings = {"polling", "websocket"})
    void theHandshakeHasNodesFieldsAndFormats(String transports) throws Exception {
        clients(transports);
        long before = System.currentTimeMillis();
        Socket socket = open(
                "h",
                "/",
                ",\"options\":{\"extraHeaders\":{\"x-custom\":\"hello\",\"origin\":\"http://example.com\"},"
                        + "\"query\":{\"q\":\"1\"}}");
        long after = System.currentTimeMillis();
        Handshake handshake = socket.handshake();
        assertThat(handshake.headers())
                .containsEntry("x-custom", "hello")
                .containsEntry("origin", "http://example.com");
        assertThat(handshake.url())
                .startsWith("/socket.io/?")
                .contains("q=1")
                .contains("EIO=4")
                .contains("transport=" + transports);
        assertThat(handshake.query())
                .containsEntry("q", "1")
                .containsEntry("EIO", "4")
                .containsEntry("transport", transports);
        assertThat(handshake.address()).isEqualTo("127.0.0.1");
        assertThat(handshake.xdomain()).isTrue();
        assertThat(handshake.secure()).isFalse();
        assertThat(handshake.issued()).isBetween(before, after);
        assertThat(socket.request()).isNotNull();
        clients.send("h", "{\"date\":true}");
        String nodeDate = clients.next("h").path("value").asString();
        // Date.prototype.toString(): same day, same zone suffix, same shape
        assertThat(handshake.time().substring(0, 15)).isEqualTo(nodeDate.substring(0, 15));
        assertThat(handshake.time().substring(24)).isEqualTo(nodeDate.substring(24));
        assertThat(handshake.time().replaceAll("\\d", "0")).isEqualTo(nodeDate.replaceAll("\\d", "0"));

        Socket plain = open("p", "/", "");
        assertThat(plain.handshake().xdomain()).isFalse();
    }
}
