package dev.sockeye.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sockeye.netty.NettySocketIoServer;
import dev.sockeye.server.SocketIoServer;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** {@code io.closeAsync()}, Node's {@code io.close(callback)}, on a standalone Netty server with real clients. */
class ServerCloseTest {

    @Test
    void closeAsyncCompletesOnceEveryClientIsDisconnectedAndThePortIsFreeForANewServerAtOnce() throws Exception {
        SocketIoServer io = SocketIoServer.create();
        NettySocketIoServer server = Loopback.serve(io);
        int port = server.port();
        try (NodeClients clients = new NodeClients(port, "websocket");
                RawWebSocket raw = RawWebSocket.connect(port, "/socket.io/?EIO=4&transport=websocket")) {
            clients.send("ws", "{\"open\":\"/\"}");
            clients.send("polling", "{\"open\":\"/\",\"options\":{\"transports\":[\"polling\"]}}");
            assertThat(clients.next("ws").path("event").asString()).isEqualTo("connect");
            assertThat(clients.next("polling").path("event").asString()).isEqualTo("connect");
            assertThat(raw.nextMessage()).startsWith("0{\"sid\":");

            CompletableFuture<Void> closed = io.closeAsync();
            closed.get(10, TimeUnit.SECONDS);

            // the connections were closed before it completed: the close frame and the end are with the client
            assertThat(raw.awaitClosed(Duration.ofSeconds(5))).isEqualTo(1005);
            // the port is free at once, for a new server
            SocketIoServer next = SocketIoServer.create();
            NettySocketIoServer.builder(next)
                    .host("127.0.0.1")
                    .port(port)
                    .build()
                    .start();
            next.closeAsync().get(10, TimeUnit.SECONDS);
            assertThat(clients.next("ws").path("reason").asString()).as("ws").isEqualTo("transport close");
            // a polling client between two polls when the port closes finds no server for its next one: it sees
            // the end as a failed request ("transport error") rather than the close packet (a fresh-clone run did)
            assertThat(clients.next("polling").path("reason").asString())
                    .as("polling")
                    .isIn("transport close", "transport error");
            // closing the Netty server now finds everything closed; every call returns the same future
            CompletableFuture<Void> serverClosed = server.closeAsync();
            serverClosed.get(10, TimeUnit.SECONDS);
            assertThat(server.closeAsync()).isSameAs(serverClosed);
        }
    }
}
