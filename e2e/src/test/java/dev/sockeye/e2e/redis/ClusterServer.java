package dev.sockeye.e2e.redis;

import dev.sockeye.core.adapter.ConnectionStateRecovery;
import dev.sockeye.core.parser.MsgpackParser;
import dev.sockeye.e2e.Loopback;
import dev.sockeye.netty.NettyServer;
import dev.sockeye.redis.RedisAdapterFactory;
import dev.sockeye.redis.RedisAdapterOptions;
import dev.sockeye.redis.RedisAdapters;
import dev.sockeye.redis.RedisStreamsAdapterOptions;
import dev.sockeye.redis.ShardedRedisAdapterOptions;
import dev.sockeye.server.SocketIoServer;
import dev.sockeye.testing.node.NodePeer;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** One server of a test cluster on the shared Redis: Sockeye or Node.js, both answering {@link RedisControl}'s events. */
interface ClusterServer extends AutoCloseable {

    String REDIS = "redis://127.0.0.1:6379";

    String name();

    String url();

    /** The wire format its clients must speak: {@code json}, or {@code msgpack} for a {@code java-msgpack} server. */
    default String parser() {
        return "json";
    }

    /** Waits until the room channels this server asked for are subscribed (sharded dynamic mode). */
    default void settle() throws Exception {}

    @Override
    void close();

    /**
     * Starts a server of a kind: {@code node}, {@code java}, or {@code java-msgpack} (Sockeye with the msgpack
     * parser), with the adapter of a protocol: {@code classic}, {@code sharded} or {@code streams}.
     */
    static ClusterServer start(String kind, String protocol, String prefix, String name) throws Exception {
        return start(kind, protocol, prefix, name, null);
    }

    /**
     * Starts a server as {@link #start(String, String, String, String)} does, with connection state recovery on
     * ({@code maxDisconnectionDuration}, middlewares skipped) unless {@code recovery} is null.
     */
    static ClusterServer start(String kind, String protocol, String prefix, String name, Duration recovery)
            throws Exception {
        return switch (kind) {
            case "node" -> NodeServer.start(protocol, prefix, name, recovery);
            case "java" -> SockeyeServer.start(protocol, prefix, name, false, recovery);
            case "java-msgpack" -> SockeyeServer.start(protocol, prefix, name, true, recovery);
            default -> throw new IllegalArgumentException("no server kind " + kind);
        };
    }

    /** A Sockeye server on Netty with a Redis adapter, speaking JSON or msgpack to its clients. */
    final class SockeyeServer implements ClusterServer {
        private final String name;
        private final RedisAdapterFactory redis;
        private final SocketIoServer io;
        private final NettyServer netty;

        private final boolean msgpack;

        private SockeyeServer(
                String name, RedisAdapterFactory redis, SocketIoServer io, NettyServer netty, boolean msgpack) {
            this.name = name;
            this.redis = redis;
            this.io = io;
            this.netty = netty;
            this.msgpack = msgpack;
        }

        static SockeyeServer start(String protocol, String prefix, String name, boolean msgpack, Duration recovery) {
            RedisAdapterFactory redis = switch (protocol) {
                case "sharded" ->
                    RedisAdapters.createShardedAdapter(
                            REDIS,
                            ShardedRedisAdapterOptions.builder()
                                    .channelPrefix(prefix)
                                    .build());
                case "streams" ->
                    RedisAdapters.createStreamsAdapter(
                            REDIS,
                            RedisStreamsAdapterOptions.builder()
                                    .streamName(prefix)
                                    .channelPrefix(prefix)
                                    .build());
                default ->
                    RedisAdapters.createAdapter(
                            REDIS, RedisAdapterOptions.builder().key(prefix).build());
            };
            SocketIoServer.Builder builder = SocketIoServer.builder().adapter(redis);
            if (msgpack) {
                builder.parser(new MsgpackParser());
            }
            if (recovery != null) {
                builder.connectionStateRecovery(
                        ConnectionStateRecovery.defaults().withMaxDisconnectionDuration(recovery));
            }
            SocketIoServer io = builder.build();
            RedisControl.install(io, name);
            NettyServer netty = Loopback.serve(io.engine());
            return new SockeyeServer(name, redis, io, netty, msgpack);
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
        public String parser() {
            return msgpack ? "msgpack" : "json";
        }

        /** The Socket.IO server, for tests that broadcast or look at its sockets directly. */
        SocketIoServer io() {
            return io;
        }

        @Override
        public void settle() throws Exception {
            RedisAdapters.roomSubscriptionsSettled(io.sockets().adapter()).get(10, TimeUnit.SECONDS);
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

    /**
     * A Node.js socket.io 4.8 server with @socket.io/redis-adapter 8.3 or @socket.io/redis-streams-adapter 0.3.1
     * ({@code e2e/node/redis/server.js}).
     */
    final class NodeServer implements ClusterServer {
        private final String name;
        private final NodePeer peer;
        private final int port;

        private NodeServer(String name, NodePeer peer, int port) {
            this.name = name;
            this.peer = peer;
            this.port = port;
        }

        static NodeServer start(String protocol, String prefix, String name, Duration recovery) throws Exception {
            Map<String, String> env =
                    recovery == null ? Map.of() : Map.of("SOCKEYE_RECOVERY_MS", Long.toString(recovery.toMillis()));
            NodePeer peer = NodePeer.start("redis/server.js", env, protocol, prefix, name);
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
