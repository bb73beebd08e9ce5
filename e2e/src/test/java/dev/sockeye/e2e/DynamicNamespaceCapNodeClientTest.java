package dev.sockeye.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sockeye.netty.NettySocketIoServer;
import dev.sockeye.server.SocketIoServer;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import tools.jackson.databind.JsonNode;

/**
 * One client cannot use up the dynamic-namespace cap for everyone (issue 14, item 5), with the
 * default {@code cleanupEmptyChildNamespaces(false)}: a real socket.io-client 4.x creates and
 * leaves three times the cap's worth of namespaces in a loop, and another client still connects
 * to a fresh one, at once. Namespaces in use are never taken away.
 */
class DynamicNamespaceCapNodeClientTest {
    private static final int CAP = 20;

    private NettySocketIoServer server;
    private NodeClients clients;

    @BeforeEach
    void start() throws Exception {
        SocketIoServer io = SocketIoServer.builder().maxChildNamespaces(CAP).build();
        io.of(Pattern.compile("^/dyn-[a-z0-9-]+$"))
                .onConnection(socket -> socket.on("hello", (args, ack) -> ack.send("hello-back")));
        server = Loopback.serve(io);
        clients = new NodeClients(server.port(), "websocket");
    }

    @AfterEach
    void stop() {
        clients.close();
        server.close();
    }

    private JsonNode open(String client, String nsp) throws Exception {
        clients.send(client, "{\"open\":\"" + nsp + "\"}");
        return clients.next(client);
    }

    @Test
    @Timeout(60)
    void aClientLoopingOverNamespacesLeavesRoomForAFreshOne() throws Exception {
        // the hostile client keeps one namespace in use the whole time: it must survive the evictions
        assertThat(open("hostile", "/dyn-kept").path("event").asString()).isEqualTo("connect");
        for (int i = 0; i < 3 * CAP; i++) {
            String nsp = "/dyn-h" + i;
            assertThat(open("hostile", nsp).path("event").asString()).as(nsp).isEqualTo("connect");
            clients.send("hostile", "{\"nsp\":\"" + nsp + "\",\"disconnect\":true}");
            assertThat(clients.next("hostile").path("event").asString()).isEqualTo("disconnect");
        }
        long start = System.nanoTime();
        JsonNode victim = open("victim", "/dyn-fresh");
        long millis = (System.nanoTime() - start) / 1_000_000;
        assertThat(victim.path("event").asString())
                .as("the later client's CONNECT to a fresh namespace: %s", victim)
                .isEqualTo("connect");
        assertThat(millis).as("connect time in ms").isLessThan(5_000);
        // the namespace the hostile client kept is still there and answers
        clients.send("hostile", "{\"nsp\":\"/dyn-kept\",\"emit\":\"hello\",\"ack\":true}");
        assertThat(clients.nextEvent("hostile")).contains("ack", "hello-back");
    }

    @Test
    @Timeout(60)
    void namespacesInUseStillCountAgainstTheCap() throws Exception {
        for (int i = 0; i < CAP; i++) {
            assertThat(open("holder", "/dyn-" + i).path("event").asString()).isEqualTo("connect");
        }
        JsonNode refused = open("victim", "/dyn-fresh");
        assertThat(refused.path("event").asString()).isEqualTo("connect_error");
        assertThat(refused.path("message").asString()).isEqualTo("Invalid namespace");
        clients.send("holder", "{\"nsp\":\"/dyn-3\",\"disconnect\":true}");
        assertThat(clients.next("holder").path("event").asString()).isEqualTo("disconnect");
        clients.send("victim", "{\"nsp\":\"/dyn-fresh\",\"connect\":true}");
        assertThat(clients.next("victim").path("event").asString()).isEqualTo("connect");
    }
}
