package dev.sockeye.redis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sockeye.netty.NettyServer;
import dev.sockeye.server.AckTimeoutException;
import dev.sockeye.server.SocketIoServer;
import io.socket.client.Ack;
import io.socket.client.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;

/**
 * {@code io.timeout(…).emit(event, callback)} across two Sockeye servers on the real Redis, with
 * real clients (io.socket Java client 2.x): when one client of the other server never answers,
 * the callback gets an {@link AckTimeoutException} holding the answers that did arrive, local
 * and remote, instead of waiting forever.
 */
class RedisBroadcastAckTimeoutTest {

    private final List<AutoCloseable> resources = new ArrayList<>();
    private final List<NettyServer> servers = new ArrayList<>();

    @AfterEach
    void tearDown() throws Exception {
        for (int i = resources.size() - 1; i >= 0; i--) {
            resources.get(i).close();
        }
    }

    private SocketIoServer server(boolean sharded, String prefix) {
        RedisAdapterFactory redis = sharded
                ? RedisAdapters.createShardedAdapter(
                        "redis://127.0.0.1:6379",
                        ShardedRedisAdapterOptions.builder()
                                .channelPrefix(prefix)
                                .build())
                : RedisAdapters.createAdapter(
                        "redis://127.0.0.1:6379",
                        RedisAdapterOptions.builder().key(prefix).build());
        resources.add(redis);
        SocketIoServer io = SocketIoServer.builder().adapter(redis).build();
        resources.add(io);
        NettyServer netty = Loopback.serve(io);
        resources.add(netty);
        servers.add(netty);
        return io;
    }

    /** A connected client of server {@code index} that records "ask" and answers it when {@code answer} is set. */
    private Socket client(int index, String answer, BlockingQueue<String> asked) throws InterruptedException {
        Socket socket = JavaClients.socket(servers.get(index).port());
        resources.add(socket::close);
        socket.on("ask", args -> {
            asked.add(answer == null ? "silent" : answer);
            if (answer != null) {
                ((Ack) args[args.length - 1]).call(answer);
            }
        });
        JavaClients.connect(socket, "client of server " + index);
        return socket;
    }

    @ParameterizedTest(name = "sharded={0}")
    @ValueSource(booleans = {false, true})
    void aClientOfAnotherServerThatNeverAnswersEndsTheBroadcastWithATimeoutAndThePartialAnswers(boolean sharded)
            throws Exception {
        String prefix = "sockeye-test-" + UUID.randomUUID().toString().substring(0, 8);
        SocketIoServer a = server(sharded, prefix);
        server(sharded, prefix);
        BlockingQueue<String> asked = new LinkedBlockingQueue<>();
        client(0, "from-a", asked);
        client(1, "from-b", asked);
        client(1, null, asked);
        // the cluster is formed and knows every client
        assertThat(a.fetchSockets().get(10, TimeUnit.SECONDS)).hasSize(3);
        BlockingQueue<Object[]> results = new LinkedBlockingQueue<>();

        a.timeout(Duration.ofSeconds(3))
                .emit("ask", (error, responses) -> results.add(new Object[] {error, responses}), "question");

        List<String> reached = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            reached.add(asked.poll(10, TimeUnit.SECONDS));
        }
        assertThat(reached).containsExactlyInAnyOrder("from-a", "from-b", "silent");
        Object[] result = results.poll(15, TimeUnit.SECONDS);
        assertThat(result).as("the callback was called").isNotNull();
        assertThat(result[0]).isInstanceOf(AckTimeoutException.class);
        @SuppressWarnings("unchecked")
        List<JsonNode> responses = (List<JsonNode>) result[1];
        assertThat(responses).extracting(JsonNode::asString).containsExactlyInAnyOrder("from-a", "from-b");
        assertThat(((AckTimeoutException) result[0]).responses()).isEqualTo(responses);
    }
}
