package dev.sockeye.redis.example;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sockeye.redis.JavaClients;
import dev.sockeye.redis.example.RedisChatExample.ChatServer;
import io.socket.client.Socket;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The chat example works: a message sent to one server reaches a client of the other (io.socket Java client 2.x). */
class RedisChatExampleTest {

    private static Socket client(int port, BlockingQueue<String> received) throws InterruptedException {
        Socket socket = JavaClients.socket(port);
        socket.on("chat", args -> received.add(String.valueOf(args[0])));
        JavaClients.connect(socket, "chat client");
        return socket;
    }

    @Test
    void aMessageToOneServerReachesTheClientsOfBoth() throws Exception {
        BlockingQueue<String> atA = new LinkedBlockingQueue<>();
        BlockingQueue<String> atB = new LinkedBlockingQueue<>();
        try (ChatServer a = RedisChatExample.start("redis://127.0.0.1:6379", 0);
                ChatServer b = RedisChatExample.start("redis://127.0.0.1:6379", 0)) {
            Socket alice = client(a.port(), atA);
            Socket bob = client(b.port(), atB);
            try {
                alice.emit("chat", "hello from A");

                assertThat(atB.poll(10, TimeUnit.SECONDS)).isEqualTo(alice.id() + ": hello from A");
                assertThat(atA.poll(10, TimeUnit.SECONDS)).isEqualTo(alice.id() + ": hello from A");
            } finally {
                alice.close();
                bob.close();
            }
        }
    }
}
