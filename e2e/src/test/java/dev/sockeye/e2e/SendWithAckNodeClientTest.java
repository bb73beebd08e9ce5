package dev.sockeye.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sockeye.netty.NettyServer;
import dev.sockeye.server.Socket;
import dev.sockeye.server.SocketIoServer;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * {@code socket.send(…)} with an acknowledgement, as Node's {@code socket.send(...args, ack)}: the
 * official socket.io-client 4.x (Node) gets a {@code message} event and answers its ack (the peer
 * answers with the arguments it received).
 */
class SendWithAckNodeClientTest {
    private SocketIoServer io;
    private NettyServer server;
    private NodeClients clients;
    private final BlockingQueue<Socket> connected = new LinkedBlockingQueue<>();

    @BeforeEach
    void start() throws Exception {
        io = SocketIoServer.create();
        io.onConnection(connected::add);
        server = Loopback.serve(io.engine());
        clients = new NodeClients(server.port(), "websocket");
        clients.send("a", "{\"open\":\"/\"}");
        assertThat(clients.next("a").path("event").asString()).isEqualTo("connect");
    }

    @AfterEach
    void stop() {
        clients.close();
        io.close();
        server.close();
    }

    @Test
    void sendWithAnAckCallbackAndSendWithAckAreAnsweredByTheClient() throws Exception {
        Socket socket = connected.poll(10, TimeUnit.SECONDS);
        assertThat(socket).isNotNull();

        CompletableFuture<String> answered = new CompletableFuture<>();
        assertThat(socket.send((error, response) -> answered.complete(error + " " + response.nodes()), "hi", 1))
                .isTrue();
        JsonNode received = clients.next("a");
        assertThat(received.path("name").asString()).isEqualTo("message");
        assertThat(received.path("args").toString()).isEqualTo("[\"hi\",1]");
        assertThat(received.path("acked").asBoolean()).isTrue();
        assertThat(answered.get(10, TimeUnit.SECONDS)).isEqualTo("null [\"hi\", 1]");

        CompletableFuture<String> future = socket.timeout(Duration.ofSeconds(5)).sendWithAck(String.class, "again");
        assertThat(clients.nextEvent("a")).isEqualTo("message [\"again\"]");
        assertThat(future.get(10, TimeUnit.SECONDS)).isEqualTo("again");
    }
}
