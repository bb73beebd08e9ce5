package dev.sockeye.e2e;

import dev.sockeye.server.ConnectError;
import dev.sockeye.server.Socket;
import dev.sockeye.server.SocketIoServer;
import java.util.Map;
import java.util.concurrent.BlockingQueue;

/**
 * The server side of the Socket.IO v2 client tests (npm socket.io-client 2.5.0 in Node and in Chromium here, the Java
 * {@code io.socket:socket.io-client} 1.0.2 in {@code e2e-v2-java}), on a server built with {@code allowEIO3(true)}.
 */
public final class V2ClientFixture {
    private V2ClientFixture() {}

    /**
     * The handlers of the v2 client tests; every socket that connects goes into {@code connected}. {@code "/"} refuses a
     * connection query {@code token=bad} (a v2 client's query option is the engine request's query in {@code "/"}) with
     * data {@code {code: 401}}, emits {@code welcome [token, id]}, answers {@code echo} with its args, {@code join}s a
     * room, {@code shout}s {@code shouted [room, bytes 7]} to a room, and closes the connection on {@code drop};
     * {@code "/admin"} refuses auth {@code token=bad} with data {@code {code: 401}}, {@code token=text} with data
     * {@code "token refused"} and {@code token=none} without data, and emits {@code admin [auth, id]}.
     */
    public static void serve(SocketIoServer io, BlockingQueue<Socket> connected) {
        io.use((socket, next) -> {
            if ("bad".equals(socket.handshake().query().get("token"))) {
                next.fail(new ConnectError("not authorized", Map.of("code", 401)));
            } else {
                next.proceed();
            }
        });
        io.onConnection(socket -> {
            socket.emit("welcome", socket.handshake().query().get("token"), socket.id());
            socket.on("echo", (args, ack) -> ack.send(args.nodes().toArray()));
            socket.on("join", String.class, (room, ack) -> {
                socket.join(room);
                ack.send("joined");
            });
            socket.on("shout", String.class, (room, ack) -> {
                socket.to(room).emit("shouted", room, new byte[] {7});
                ack.send("done");
            });
            socket.on("drop", () -> socket.conn().close());
            connected.add(socket);
        });
        io.of("/admin").use((socket, next) -> {
            switch (socket.handshake().auth().path("token").asString("")) {
                case "bad" -> next.fail(new ConnectError("not authorized", Map.of("code", 401)));
                case "none" -> next.fail(new ConnectError("forbidden"));
                case "text" -> next.fail(new ConnectError("not authorized", "token refused"));
                default -> next.proceed();
            }
        });
        io.of("/admin").onConnection(socket -> {
            socket.emit("admin", socket.handshake().auth(), socket.id());
            connected.add(socket);
        });
    }
}
