package dev.sockeye.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sockeye.adminui.AdminUi;
import dev.sockeye.adminui.AdminUiOptions;
import dev.sockeye.netty.NettySocketIoServer;
import dev.sockeye.redis.RedisAdapterFactory;
import dev.sockeye.redis.RedisAdapterOptions;
import dev.sockeye.redis.RedisAdapters;
import dev.sockeye.server.SocketIoServer;
import java.util.HashSet;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * One Admin UI logged in to one of two Sockeye servers on the shared Redis: it gets both servers' stats, the other
 * server's sockets with their client id and transport, and its commands reach a client of the other server.
 */
class AdminUiClusterTest {
    private static final String REDIS = "redis://127.0.0.1:6379";
    private static final String LOGIN = "{\"open\":\"/admin\",\"auth\":{\"username\":\"admin\",\"password\":\""
            + AdminUiNodeClientTest.PASSWORD + "\"}}";

    /** One server of the cluster, instrumented. */
    static final class Node implements AutoCloseable {
        final RedisAdapterFactory redis;
        final SocketIoServer io;
        final AdminUi adminUi;
        final NettySocketIoServer netty;

        Node(String prefix, String serverId) {
            redis = RedisAdapters.createAdapter(
                    REDIS, RedisAdapterOptions.builder().key(prefix).build());
            io = SocketIoServer.builder().adapter(redis).build();
            adminUi = AdminUi.instrument(
                    io,
                    AdminUiOptions.builder()
                            .basicAuth("admin", AdminUiNodeClientTest.HASH)
                            .serverId(serverId)
                            .build());
            netty = Loopback.serve(io);
        }

        @Override
        public void close() {
            adminUi.close();
            netty.close();
            redis.close();
        }
    }

    private Node a;
    private Node b;
    private NodeClients ofA;
    private NodeClients ofB;

    @AfterEach
    void stop() {
        for (AutoCloseable c : new AutoCloseable[] {ofA, ofB, a, b}) {
            if (c != null) {
                try {
                    c.close();
                } catch (Exception ignored) {
                    // best effort: the next test starts its own
                }
            }
        }
    }

    @Test
    void aUiOfOneServerSeesAndManagesBoth() throws Exception {
        String prefix = "sockeye-admin-ui-test-" + UUID.randomUUID();
        a = new Node(prefix, "server-a");
        b = new Node(prefix, "server-b");
        ofA = new NodeClients(a.netty.port(), "websocket");
        ofB = new NodeClients(b.netty.port(), "websocket");

        ofB.send("bob", "{\"open\":\"/\"}");
        JsonNode connect = ofB.next("bob");
        assertThat(connect.path("event").asString()).isEqualTo("connect");
        String bob = connect.path("id").asString();

        ofA.send("ui", LOGIN);
        JsonNode all = ofA.awaitMessage("ui", "all_sockets").get(0);
        JsonNode bobSeen = null;
        for (JsonNode socket : all) {
            if (socket.path("id").asString().equals(bob)) {
                bobSeen = socket;
            }
        }
        assertThat(bobSeen).as("bob, of server b, in %s", all).isNotNull();
        assertThat(bobSeen.path("clientId").asString()).as("asked of server b").hasSize(12);
        assertThat(bobSeen.path("transport").asString()).isEqualTo("websocket");
        assertThat(bobSeen.path("rooms").toString()).isEqualTo("[\"" + bob + "\"]");

        Set<String> servers = new HashSet<>();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (servers.size() < 2 && System.nanoTime() < deadline) {
            servers.add(ofA.awaitMessage("ui", "server_stats")
                    .get(0)
                    .path("serverId")
                    .asString());
        }
        assertThat(servers).containsExactlyInAnyOrder("server-a", "server-b");

        ofB.send("carol", "{\"open\":\"/\"}");
        String carol = ofB.next("carol").path("id").asString();
        JsonNode connected;
        do {
            connected = ofA.awaitMessage("ui", "socket_connected").get(0);
        } while (!connected.path("id").asString().equals(carol));
        assertThat(connected.path("clientId").asString()).hasSize(12);

        ofA.send("ui", "{\"nsp\":\"/admin\",\"emit\":\"_disconnect\",\"args\":[\"/\",false,\"" + bob + "\"]}");
        assertThat(ofB.next("bob").toString())
                .isEqualTo("{\"event\":\"disconnect\",\"nsp\":\"/\",\"reason\":\"io server disconnect\"}");
        JsonNode disconnected;
        do {
            disconnected = ofA.awaitMessage("ui", "socket_disconnected");
        } while (!disconnected.get(1).asString().equals(bob));
        assertThat(disconnected.get(2).asString()).isEqualTo("server namespace disconnect");
    }
}
