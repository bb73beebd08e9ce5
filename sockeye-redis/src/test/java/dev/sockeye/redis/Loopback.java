package dev.sockeye.redis;

import dev.sockeye.netty.NettyServer;
import dev.sockeye.server.SocketIoServer;

/** Serves a Socket.IO server on the loopback interface for the Redis adapter's end-to-end tests. */
public final class Loopback {

    private Loopback() {}

    /**
     * Starts a Netty front for {@code io} on {@code 127.0.0.1} and a free port.
     *
     * @param io the server to serve
     * @return the started front; the caller closes it
     */
    public static NettyServer serve(SocketIoServer io) {
        return NettyServer.builder()
                .host("127.0.0.1")
                .port(0)
                .engine(io.engine())
                .build()
                .start();
    }
}
