package dev.sockeye.redis.example;

import dev.sockeye.netty.NettyServer;
import dev.sockeye.redis.RedisAdapterFactory;
import dev.sockeye.redis.RedisAdapters;
import dev.sockeye.server.SocketIoServer;
import java.util.concurrent.CountDownLatch;

/**
 * A chat served by two Sockeye servers sharing one Redis: a message sent to either server
 * reaches the clients of both. Run it, then connect any Socket.IO client to port 3000 or 3001
 * and emit {@code chat} with a text; every client receives {@code chat} with {@code "<id>: <text>"}.
 *
 * <pre>
 * java … dev.sockeye.redis.example.RedisChatExample [redis://127.0.0.1:6379] [3000] [3001]
 * </pre>
 */
public final class RedisChatExample {

    private RedisChatExample() {}

    /** One chat server: its Redis adapter, its Socket.IO server and its port. */
    public static final class ChatServer implements AutoCloseable {
        private final RedisAdapterFactory redis;
        private final SocketIoServer io;
        private final NettyServer netty;

        ChatServer(RedisAdapterFactory redis, SocketIoServer io, NettyServer netty) {
            this.redis = redis;
            this.io = io;
            this.netty = netty;
        }

        /** The port the server listens on. */
        public int port() {
            return netty.port();
        }

        @Override
        public void close() {
            netty.close();
            io.close();
            redis.close();
        }
    }

    /**
     * Starts one chat server on 127.0.0.1.
     *
     * @param redisUri where Redis is
     * @param port     the port, 0 for any free one
     * @return the running server
     */
    public static ChatServer start(String redisUri, int port) {
        RedisAdapterFactory redis = RedisAdapters.createAdapter(redisUri);
        SocketIoServer io = SocketIoServer.builder().adapter(redis).build();
        io.onConnection(socket -> {
            socket.join("chat");
            // io.to(...) goes through the Redis adapter: clients of every server get it
            socket.on("chat", String.class, text -> io.to("chat").emit("chat", socket.id() + ": " + text));
        });
        NettyServer netty = NettyServer.builder()
                .host("127.0.0.1")
                .port(port)
                .engine(io.engine())
                .build()
                .start();
        return new ChatServer(redis, io, netty);
    }

    /**
     * Starts two servers and runs until interrupted.
     *
     * @param args optional Redis URI and two ports
     * @throws InterruptedException when interrupted
     */
    public static void main(String[] args) throws InterruptedException {
        String redis = args.length > 0 ? args[0] : "redis://127.0.0.1:6379";
        int portA = args.length > 1 ? Integer.parseInt(args[1]) : 3000;
        int portB = args.length > 2 ? Integer.parseInt(args[2]) : 3001;
        try (ChatServer a = start(redis, portA);
                ChatServer b = start(redis, portB)) {
            System.out.println("chat servers on http://127.0.0.1:" + a.port() + " and http://127.0.0.1:" + b.port()
                    + ", sharing " + redis);
            new CountDownLatch(1).await();
        }
    }
}
