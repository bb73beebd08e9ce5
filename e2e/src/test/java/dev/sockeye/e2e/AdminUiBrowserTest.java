package dev.sockeye.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import dev.sockeye.adminui.AdminUi;
import dev.sockeye.adminui.AdminUiHttpHandler;
import dev.sockeye.adminui.AdminUiOptions;
import dev.sockeye.netty.NettySocketIoServer;
import dev.sockeye.redis.RedisAdapterFactory;
import dev.sockeye.redis.RedisAdapterOptions;
import dev.sockeye.redis.RedisAdapters;
import dev.sockeye.server.SocketIoServer;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * The real Admin UI (@socket.io/admin-ui 0.5.1's {@code ui/dist}, served by Sockeye at {@code /admin-ui/}) in headless
 * Chromium ({@code e2e/node/browser/admin-ui.js}): a wrong password is refused, the right one logs in, the UI shows
 * the servers, sockets and rooms, and its disconnect button disconnects a real client. Once with one server, once
 * with two servers on Redis, where the UI of one shows both and disconnects a client of the other.
 */
class AdminUiBrowserTest {
    private static final Path NODE_DIR = Path.of(System.getProperty("sockeye.node.dir", "node"));
    private static final String REDIS = "redis://127.0.0.1:6379";

    private final List<AutoCloseable> resources = new ArrayList<>();

    @AfterEach
    void stop() {
        for (int i = resources.size() - 1; i >= 0; i--) {
            try {
                resources.get(i).close();
            } catch (Exception ignored) {
                // best effort
            }
        }
    }

    /** A server with the UI at /admin-ui/, every socket in "lobby"; with a Redis adapter when {@code prefix} is set. */
    private NettySocketIoServer server(String serverId, String prefix) {
        SocketIoServer.Builder builder = SocketIoServer.builder();
        if (prefix != null) {
            RedisAdapterFactory redis = RedisAdapters.createAdapter(
                    REDIS, RedisAdapterOptions.builder().key(prefix).build());
            resources.add(redis);
            builder.adapter(redis);
        }
        SocketIoServer io = builder.build();
        io.onConnection(socket -> socket.join("lobby"));
        AdminUi adminUi = AdminUi.instrument(
                io,
                AdminUiOptions.builder()
                        .basicAuth("admin", AdminUiNodeClientTest.HASH)
                        .serverId(serverId)
                        .build());
        resources.add(adminUi);
        AdminUiHttpHandler page = AdminUiHttpHandler.at("/admin-ui/");
        NettySocketIoServer netty =
                Loopback.builder(io).handler(() -> page).build().start();
        resources.add(netty);
        return netty;
    }

    private NodeClients clients(NettySocketIoServer server) throws IOException {
        NodeClients clients = new NodeClients(server.port(), "websocket");
        resources.add(clients);
        return clients;
    }

    private static String connect(NodeClients clients, String client) throws Exception {
        clients.send(client, "{\"open\":\"/\"}");
        JsonNode connect = clients.next(client);
        assertThat(connect.path("event").asString()).as("%s", connect).isEqualTo("connect");
        return connect.path("id").asString();
    }

    @Test
    void theUiLogsInShowsSocketsRoomsAndStatsAndDisconnectsARealClient() throws Exception {
        NettySocketIoServer server = server("sockeye-one", null);
        NodeClients clients = clients(server);
        String alice = connect(clients, "alice");
        String bob = connect(clients, "bob");

        runUi(server, server, "sockeye-one", alice, bob, "admin-ui");

        assertThat(clients.next("alice").toString())
                .isEqualTo("{\"event\":\"disconnect\",\"nsp\":\"/\",\"reason\":\"io server disconnect\"}");
    }

    @Test
    void theUiOfOneServerOnRedisShowsBothServersAndDisconnectsAClientOfTheOther() throws Exception {
        String prefix = "sockeye-admin-ui-browser-" + UUID.randomUUID();
        NettySocketIoServer a = server("server-a", prefix);
        NettySocketIoServer b = server("server-b", prefix);
        String alice = connect(clients(b), "alice");
        NodeClients ofB = resourcesLastClients();
        String bob = connect(clients(a), "bob");

        runUi(a, a, "server-a,server-b", alice, bob, "admin-ui-cluster");

        assertThat(ofB.next("alice").toString())
                .isEqualTo("{\"event\":\"disconnect\",\"nsp\":\"/\",\"reason\":\"io server disconnect\"}");
    }

    private NodeClients resourcesLastClients() {
        for (int i = resources.size() - 1; i >= 0; i--) {
            if (resources.get(i) instanceof NodeClients clients) {
                return clients;
            }
        }
        throw new IllegalStateException("no clients");
    }

    /** Runs the browser script against {@code ui}'s page logged in to {@code target}; fails unless it prints OK. */
    private static void runUi(
            NettySocketIoServer ui,
            NettySocketIoServer target,
            String serverIds,
            String victim,
            String other,
            String screenshotName)
            throws Exception {
        Chromium.assertInstalled();
        Path screenshots = Path.of("target").toAbsolutePath();
        Files.createDirectories(screenshots);
        ProcessBuilder builder = new ProcessBuilder(
                        "node",
                        "browser/admin-ui.js",
                        "http://127.0.0.1:" + ui.port() + "/admin-ui/",
                        "http://127.0.0.1:" + target.port(),
                        AdminUiNodeClientTest.PASSWORD,
                        serverIds,
                        victim,
                        other,
                        screenshots.resolve(screenshotName).toString())
                .directory(NODE_DIR.toFile())
                .redirectErrorStream(true);
        builder.environment().put("CHROMIUM", Chromium.PATH);
        Process node = builder.start();
        List<String> output = new ArrayList<>();
        try {
            Thread reader = new Thread(
                    () -> {
                        try (BufferedReader in = new BufferedReader(
                                new InputStreamReader(node.getInputStream(), StandardCharsets.UTF_8))) {
                            for (String line = in.readLine(); line != null; line = in.readLine()) {
                                synchronized (output) {
                                    output.add(line);
                                }
                            }
                        } catch (IOException ignored) {
                            // the process ended
                        }
                    },
                    "admin-ui-script-output");
            reader.setDaemon(true);
            reader.start();
            if (!node.waitFor(120, TimeUnit.SECONDS)) {
                fail("the browser script did not finish in time; so far:%n%s", String.join("\n", output));
            }
            reader.join(5000);
            synchronized (output) {
                assertThat(node.exitValue()).as(String.join("\n", output)).isZero();
                assertThat(output)
                        .contains(
                                "STEP wrong password",
                                "STEP login",
                                "STEP servers",
                                "STEP sockets",
                                "STEP rooms",
                                "STEP disconnect",
                                "OK");
            }
        } finally {
            node.destroyForcibly();
        }
    }
}
