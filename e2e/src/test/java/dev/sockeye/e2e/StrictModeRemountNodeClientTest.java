package dev.sockeye.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sockeye.netty.NettyServer;
import dev.sockeye.server.ConnectMiddleware;
import dev.sockeye.server.SocketIoServer;
import dev.sockeye.testing.Await;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;

/**
 * The official socket.io-client 4.x (Node) calls {@code socket.connect(); socket.disconnect();
 * socket.connect()} on a namespace of a Manager that is already open, as React StrictMode does on
 * every mount: it sends a second CONNECT before the first answer and no DISCONNECT in between. The
 * connection stays up and the client ends with exactly one server-side socket, which alone receives
 * broadcasts.
 */
class StrictModeRemountNodeClientTest {
    private static final Duration WAIT = Duration.ofSeconds(10);

    private SocketIoServer io;
    private NettyServer server;
    private NodeClients clients;
    /** The connect middleware's continuations of "/", when the test holds them. */
    private final BlockingQueue<ConnectMiddleware.Next> held = new LinkedBlockingQueue<>();

    private final BlockingQueue<String> disconnects = new LinkedBlockingQueue<>();
    /** The socket ids of the CONNECTs to "/" by the "mount" number in their auth (1, then 2). */
    private final Map<Integer, String> attempts = new ConcurrentHashMap<>();

    private volatile boolean hold;

    @BeforeEach
    void start() throws Exception {
        io = SocketIoServer.create();
        io.use((socket, next) -> {
            attempts.put(socket.handshake().auth().path("mount").asInt(), socket.id());
            if (hold) {
                held.add(next);
            } else {
                next.proceed();
            }
        });
        io.onConnection(socket -> {
            socket.on("echo", (args, ack) -> ack.send(args.nodes().toArray()));
            socket.onDisconnect(reason -> disconnects.add(reason.wire()));
        });
        io.of("/other");
        server = Loopback.serve(io.engine());
        clients = new NodeClients(server.port(), "websocket");
    }

    @AfterEach
    void stop() {
        clients.close();
        io.close();
        server.close();
    }

    /** Opens the shared Manager through another namespace, so that the remount sends its CONNECTs at once. */
    private void openManager() throws Exception {
        clients.send("a", "{\"open\":\"/other\"}");
        assertThat(clients.next("a").path("event").asString()).isEqualTo("connect");
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void aRemountEndsConnectedWithOneServerSocketThatGetsEachBroadcastOnce(boolean slowMiddleware) throws Exception {
        openManager();
        hold = slowMiddleware;
        clients.send("a", "{\"remount\":\"/\"}");
        if (slowMiddleware) {
            // both CONNECTs arrived while the first was still in the middleware: no DISCONNECT came in
            // between (it would have closed the connection, the namespace having no socket yet); the
            // older attempt is dropped without an answer, whichever middleware finishes first
            ConnectMiddleware.Next first = poll(held);
            ConnectMiddleware.Next second = poll(held);
            first.proceed();
            second.proceed();
        }
        // the newer CONNECT always wins
        Await.until(
                "the second CONNECT's socket alone in /",
                WAIT,
                () -> attempts.size() == 2 && io.sockets().sockets().keySet().equals(Set.of(attempts.get(2))));
        String sid = attempts.get(2);
        // The client takes each CONNECT answer as its id: one or two, depending on whether the
        // first socket connected before the second CONNECT arrived; the last one is the server's socket.
        JsonNode connect = clients.next("a");
        assertThat(connect.path("event").asString()).isEqualTo("connect");
        if (slowMiddleware) {
            assertThat(connect.path("id").asString()).isEqualTo(sid);
        } else if (!connect.path("id").asString().equals(sid)) {
            connect = clients.next("a");
            assertThat(connect.path("event").asString()).isEqualTo("connect");
            assertThat(connect.path("id").asString()).isEqualTo(sid);
            assertThat(poll(disconnects)).isEqualTo("client namespace disconnect");
        }

        io.emit("news", 1);
        assertThat(clients.nextEvent("a")).isEqualTo("news [1]");
        clients.send("a", "{\"emit\":\"echo\",\"args\":[\"sync\"],\"ack\":true}");
        assertThat(clients.next("a").path("args").toString()).isEqualTo("[\"sync\"]");
        assertThat(io.fetchSockets().get(5, TimeUnit.SECONDS)).hasSize(1);
        assertThat(io.sockets().sockets().keySet()).containsExactly(sid);
        assertThat(disconnects).isEmpty();
    }

    private static <T> T poll(BlockingQueue<T> queue) throws InterruptedException {
        T value = queue.poll(WAIT.toSeconds(), TimeUnit.SECONDS);
        assertThat(value).as("within %s", WAIT).isNotNull();
        return value;
    }
}
