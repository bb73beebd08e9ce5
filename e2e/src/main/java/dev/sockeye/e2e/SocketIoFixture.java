package dev.sockeye.e2e;

import dev.sockeye.netty.NettyServer;
import dev.sockeye.server.Namespace;
import dev.sockeye.server.Socket;
import dev.sockeye.server.SocketIoServer;
import java.time.Duration;

/**
 * FIXTURE §3: the Socket.IO endpoint {@code /socket.io/} the Socket.IO protocol suite targets.
 * Namespaces {@code /} and {@code /custom}; on connect each emits {@code auth} with the client's
 * CONNECT payload; {@code /} echoes {@code message} as {@code message-back} and answers
 * {@code message-with-ack}; both answer {@code emit-with-ack} with an emit that asks for an ack
 * (200 ms) and emit the ack's arguments back.
 */
final class SocketIoFixture {
    private SocketIoFixture() {}

    /** Adds the endpoint to the fixture's server. */
    static void endpoint(NettyServer.Builder builder) {
        builder.engine(create().engine());
    }

    /** The Socket.IO server of the endpoint, not yet bound to a port. */
    static SocketIoServer create() {
        SocketIoServer io = SocketIoServer.builder()
                .engineOptions(ConformanceFixture.sharedOptions().build())
                .connectTimeout(Duration.ofMillis(1000))
                .build();
        setUp(io.sockets(), true);
        setUp(io.of("/custom"), false);
        return io;
    }

    private static void setUp(Namespace nsp, boolean main) {
        nsp.onConnection(socket -> {
            socket.emit("auth", socket.handshake().auth());
            if (main) {
                socket.on(
                        "message",
                        (args, ack) -> socket.emit("message-back", args.nodes().toArray()));
                socket.on(
                        "message-with-ack", (args, ack) -> ack.send(args.nodes().toArray()));
            }
            socket.on(
                    "emit-with-ack",
                    (args, ack) -> emitWithAck(socket, args.nodes().toArray()));
        });
    }

    private static void emitWithAck(Socket socket, Object[] args) {
        socket.timeout(Duration.ofMillis(200))
                .emit(
                        "emit-with-ack",
                        (error, response) -> {
                            if (error == null) {
                                socket.emit("emit-with-ack", response.nodes().toArray());
                            }
                        },
                        args);
    }
}
