package consumer;

import dev.sockeye.netty.NettySocketIoServer;
import dev.sockeye.server.SocketIoServer;

/** Starts a server on a free port and stops it: enough for its start-up log line to show. */
public final class ConsumerApp {
    public static void main(String[] args) {
        SocketIoServer io = SocketIoServer.builder().build();
        io.onConnection(socket -> socket.emit("hello", "world"));
        try (var server = NettySocketIoServer.builder(io).host("127.0.0.1").port(0).build().start()) {
            System.out.println("CONSUMER STARTED port=" + server.port());
        }
    }
}
