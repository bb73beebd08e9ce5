package dev.sockeye.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sockeye.netty.NettyServer;
import dev.sockeye.server.Socket;
import dev.sockeye.server.SocketIoServer;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Node's {@code express-session} pattern: an engine middleware looks a session up once per
 * connection, on the handshake request, and every socket of that connection, in every namespace,
 * reads it from {@code socket.request()}. With the official socket.io-client 4.x (Node).
 */
class EngineMiddlewareSessionNodeClientTest {
    /** What a session store would hand out. */
    record Session(String user) {}

    private SocketIoServer io;
    private NettyServer server;
    private NodeClients clients;
    private final AtomicInteger requests = new AtomicInteger();
    private final AtomicInteger lookups = new AtomicInteger();
    private final BlockingQueue<Socket> connected = new LinkedBlockingQueue<>();

    @BeforeEach
    void start() {
        io = SocketIoServer.create();
        io.engine().use((request, responseHeaders, next) -> {
            requests.incrementAndGet();
            if (request.query("sid") == null) { // the handshake: later requests of the session carry its sid
                request.setAttribute("session", new Session("user-" + lookups.incrementAndGet()));
            }
            next.proceed();
        });
        io.onConnection(connected::add);
        io.of("/admin").onConnection(connected::add);
        server = Loopback.serve(io.engine());
    }

    @AfterEach
    void stop() {
        clients.close();
        io.close();
        server.close();
    }

    @ParameterizedTest
    @ValueSource(strings = {"polling,websocket", "websocket"})
    void aValueLookedUpOnceByAnEngineMiddlewareIsSeenByEverySocketOfTheConnection(String transports) throws Exception {
        clients = new NodeClients(server.port(), transports);
        Map<String, Socket> byNamespace = new ConcurrentHashMap<>();
        for (String nsp : List.of("/", "/admin")) {
            // the peer's default connection (it opens it at start): one Manager, one Engine.IO session
            clients.send("{\"open\":\"" + nsp + "\"}");
            assertThat(clients.next("").path("event").asString()).isEqualTo("connect");
            Socket socket = connected.poll(10, TimeUnit.SECONDS);
            assertThat(socket).as("socket of %s", nsp).isNotNull();
            byNamespace.put(socket.nsp().name(), socket);
        }

        Session main = byNamespace.get("/").request().attribute("session", Session.class);
        Session admin = byNamespace.get("/admin").request().attribute("session", Session.class);
        assertThat(main).isEqualTo(new Session("user-1"));
        assertThat(admin).isSameAs(main);
        assertThat(lookups).hasValue(1);
        if (transports.startsWith("polling")) {
            assertThat(requests.get())
                    .as("the middleware ran for every request")
                    .isGreaterThan(1);
        }
    }
}
