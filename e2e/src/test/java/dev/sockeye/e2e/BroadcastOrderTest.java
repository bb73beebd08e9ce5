package dev.sockeye.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sockeye.netty.NettySocketIoServer;
import dev.sockeye.server.Socket;
import dev.sockeye.server.SocketIoServer;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Broadcasts and direct emits from one handler, over WebSocket on two I/O threads: each client gets them in exactly
 * the order the handler made them, however far the handler runs ahead of the I/O threads (every frame waits in its
 * connection's outbox, and one drain task per I/O thread writes them for the whole batch).
 */
class BroadcastOrderTest {
    private static final int CLIENTS = 12;
    private static final int ROUNDS = 400;

    private NettySocketIoServer server;
    private final List<RawWebSocket> clients = new ArrayList<>();

    @AfterEach
    void stop() throws IOException {
        for (RawWebSocket client : clients) {
            client.close();
        }
        if (server != null) {
            server.close();
        }
    }

    @Test
    void eachClientGetsBroadcastsAndDirectEmitsInTheOrderTheHandlerMadeThem() throws Exception {
        SocketIoServer io = SocketIoServer.builder().build();
        List<Socket> members = new CopyOnWriteArrayList<>();
        CountDownLatch joined = new CountDownLatch(CLIENTS);
        io.onConnection(socket -> {
            socket.join("room");
            members.add(socket);
            joined.countDown();
            socket.on("go", () -> {
                for (int i = 0; i < ROUNDS; i++) {
                    io.to("room").emit("b", i); // broadcast: the shared frame in each member's outbox
                    for (Socket member : members) {
                        member.emit("d", i); // direct: through the member's outbox
                    }
                }
                io.to("room").emit("end");
            });
        });
        server = Loopback.builder(io).ioThreads(2).build().start();
        for (int c = 0; c < CLIENTS; c++) {
            RawWebSocket ws = RawWebSocket.connect(server.port(), "/socket.io/?EIO=4&transport=websocket");
            clients.add(ws);
            assertThat(ws.next().text()).startsWith("0{\"sid\":");
            ws.sendText("40");
            assertThat(ws.nextMessage()).startsWith("40{\"sid\":");
        }
        assertThat(joined.await(10, TimeUnit.SECONDS)).isTrue();
        clients.get(0).sendText("42[\"go\"]");

        List<String> expected = new ArrayList<>();
        for (int i = 0; i < ROUNDS; i++) {
            expected.add("42[\"b\"," + i + "]");
            expected.add("42[\"d\"," + i + "]");
        }
        expected.add("42[\"end\"]");
        for (RawWebSocket client : clients) {
            List<String> received = new ArrayList<>();
            String message;
            do {
                message = client.nextMessage();
                received.add(message);
            } while (!message.equals("42[\"end\"]") && received.size() <= expected.size());
            assertThat(received).containsExactlyElementsOf(expected);
        }
    }
}
