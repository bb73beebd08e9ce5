package dev.sockeye.examples;

import dev.sockeye.netty.NettySocketIoServer;
import dev.sockeye.server.ConnectError;
import dev.sockeye.server.SocketIoServer;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/** The README's tour, compiled so it cannot drift from the API. */
public final class HelloServer {
    record ChatMessage(String room, String text) {}

    public static void main(String[] args) throws Exception {
        SocketIoServer io = SocketIoServer.builder()
                .pingInterval(Duration.ofSeconds(25)) // every option has the Node default
                .build();

        // connect middleware: a refusal reaches the client as connect_error {message, data}
        io.use((socket, next) -> {
            var token = socket.handshake().auth().get("token"); // the client's auth object
            if (token == null) {
                next.fail(new ConnectError("not authorized", Map.of("code", 401)));
                return;
            }
            next.proceed();
        });

        io.onConnection(socket -> {
            socket.join("lobby");
            // typed arguments, bound with Jackson
            socket.on("chat", ChatMessage.class, msg -> socket.to(msg.room()).emit("chat", msg));
            // the last parameter may be the client's ack callback
            socket.on("add", Integer.class, Integer.class, (a, b, ack) -> ack.send(a + b));
            // ask the client, with a timeout
            socket.timeout(Duration.ofSeconds(5))
                    .emitWithAck("whoami", String.class)
                    .thenAccept(name -> socket.data().put("name", name));
            socket.onDisconnect(reason -> System.out.println(socket.id() + " left: " + reason));
        });

        // namespaces by name, regex or function; broadcasts with rooms, except, acks
        io.of("/admin").onConnection(socket -> socket.emit("hello", "admin"));
        io.to("lobby").except("muted").emit("news", "Sockeye is up");
        io.timeout(Duration.ofSeconds(2))
                .emitWithAck("status", String.class)
                .thenAccept((List<String> replies) -> System.out.println(replies));

        try (var server = NettySocketIoServer.builder(io).port(3000).build().start()) {
            server.awaitTermination();
        }
    }
}
