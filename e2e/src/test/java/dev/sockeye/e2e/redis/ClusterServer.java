package dev.sockeye.e2e.redis;

import dev.sockeye.e2e.NodePeer;
import dev.sockeye.netty.NettyServer;
import dev.sockeye.redis.RedisAdapterFactory;
import dev.sockeye.redis.RedisAdapterOptions;
import dev.sockeye.redis.RedisAdapters;
import dev.sockeye.redis.ShardedRedisAdapterOptions;
import dev.sockeye.redis.internal.ShardedRedisAdapter;
import dev.sockeye.server.SocketIoServer;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** One server of a test cluster on the shared Redis: Sockeye or Node.js, both answering {@link RedisControl}'s events. */
interface ClusterServer extends AutoCloseable {

    String REDIS = "redis://127.0.0.1:6379";

    String name();

    String url();

    /** Waits until the room channels this server asked for are subscribed (sharded dynamic mode). */
    default void settle() throws Exception {
    }

    @Override
    void close();

    static ClusterServer start(String kind, boolean sharded, String prefix, String name) throws Exception {
        return "node".equals(kind) ? NodeServer.start(sharded, prefix, name) : SockeyeServer.start(sharded, prefix, name);
    }

    /** A Sockeye server on Netty with a Redis adapter. */
    final class SockeyeServer implements ClusterServer {
        private final String name;
        private final RedisAdapterFactory redis;
        private final SocketIoServer io;
        private final NettyServer netty;

        private SockeyeServer(String name, RedisAdapterFactory redis, SocketIoServer io, NettyServer netty) {
            this.name = name;
            this.redis = redis;
            this.io = io;
            this.netty = netty;
        }

        static SockeyeServer start(boolean sharded, String prefix, String name) {
            RedisAdapterFactory redis = sharded
                    ? RedisAdapters.createShardedAdapter(REDIS, ShardedRedisAdapterOptions.builder().channelPrefix(prefix).build())
                    : RedisAdapters.createAdapter(REDIS, RedisAdapterOptions.builder().key(prefix).build());
            SocketIoServer io = SocketIoServer.builder().adapter(redis).build();
            RedisControl.install(io, name);
            NettyServer netty = NettyServer.builder().host("127.0.0.1").port(0).engine(io.engine()).build().start();
            return new SockeyeServer(name, redis, io, netty);
        }

        @Override
        public String name() {
            return name;
        }

        @Override
        public String url() {
            return "http://127.0.0.1:" + netty.port();
        }

        @Override
        public void settle() throws Exception {
            if (io.sockets().adapter() instanceof ShardedRedisAdapter sharded) {
                sharded.roomSubscriptionsSettled().get(10, TimeUnit.SECONDS);
            }
        }

        @Override
        public void close() {
            try {
                netty.close();
                io.close();
            } finally {
                redis.close();
            }
        }
    }

    /** A Node.js socket.io 4.8 server with @socket.io/redis-adapter 8.3 ({@code e2e/node/redis/server.js}). */
    final class NodeServer implements ClusterServer {
        private final String name;
        private final NodePeer peer;
        private final int port;

        private NodeServer(String name, NodePeer peer, int port) {
            this.name = name;
            this.peer = peer;
            this.port = port;
        }

        static NodeServer start(boolean sharded, String prefix, String name) throws Exception {
            NodePeer peer = NodePeer.start("redis/server.js", Map.of(), sharded ? "sharded" : "classic", prefix, name);
            String line = peer.expect(l -> l.startsWith("{\"listening\":"));
            return new NodeServer(name, peer, Integer.parseInt(line.replaceAll("\\D", "")));
        }

        @Override
        public String name() {
            return name;
        }

        @Override
        public String url() {
            return "http://127.0.0.1:" + port;
        }

        @Override
        public void close() {
            peer.close();
        }
    }
}
