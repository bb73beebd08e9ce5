package dev.sockeye.redis.internal;

import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.codec.RedisCodec;
import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;

/**
 * A plain Redis peer for tests: publishes arbitrary bytes and records what it receives on the
 * channels it subscribed to ({@code channel payload-as-latin1}); or just sits subscribed, like a
 * node that vanished without unsubscribing.
 */
final class RawRedis implements AutoCloseable {

    private static final RedisCodec<String, byte[]> CODEC = RedisCodec.of(StringCodec.UTF8, ByteArrayCodec.INSTANCE);

    private final RedisClient client;
    private final StatefulRedisConnection<String, byte[]> pub;
    private final StatefulRedisPubSubConnection<String, byte[]> sub;
    final BlockingQueue<String> received = new LinkedBlockingQueue<>();

    RawRedis(String uri) {
        client = RedisClient.create(uri);
        pub = client.connect(CODEC);
        sub = client.connectPubSub(CODEC);
        sub.addListener(new RedisPubSubAdapter<>() {
            @Override
            public void message(String channel, byte[] message) {
                received.add(channel + " " + new String(message, java.nio.charset.StandardCharsets.ISO_8859_1));
            }

            @Override
            public void message(String pattern, String channel, byte[] message) {
                message(channel, message);
            }

            @Override
            public void smessage(String channel, byte[] message) {
                message(channel, message);
            }
        });
    }

    void subscribe(String channel) {
        sub.sync().subscribe(channel);
    }

    void psubscribe(String pattern) {
        sub.sync().psubscribe(pattern);
    }

    void ssubscribe(String channel) {
        sub.sync().ssubscribe(channel);
    }

    void publish(String channel, byte[] payload) {
        pub.sync().publish(channel, payload);
    }

    void spublish(String channel, byte[] payload) {
        pub.sync().spublish(channel, payload);
    }

    void del(String key) {
        pub.sync().del(key);
    }

    /** The connection's synchronous commands, for the stream and session tests. */
    io.lettuce.core.api.sync.RedisCommands<String, byte[]> sync() {
        return pub.sync();
    }

    /** {@code PUBSUB SHARDCHANNELS pattern}, sorted. */
    java.util.List<String> shardChannels(String pattern) {
        return pub.sync().pubsubShardChannels(pattern).stream().sorted().toList();
    }

    /** The next message received ({@code channel payload-as-latin1}), failing after {@link StubHost#WAIT}. */
    String next() throws InterruptedException {
        String message = StubHost.poll(received);
        if (message == null) {
            throw new AssertionError("no message within " + StubHost.WAIT);
        }
        return message;
    }

    /** Publishes {@code classic} with PUBLISH or {@code sharded} with SPUBLISH, as the protocol wants. */
    void publishOrSpublish(RedisCluster.Protocol protocol, String channel, byte[] classic, byte[] sharded) {
        if (protocol == RedisCluster.Protocol.CLASSIC) {
            publish(channel, classic);
        } else {
            spublish(channel, sharded);
        }
    }

    /** Subscribes where a node of this protocol counts itself, and never answers. */
    void actAsSilentNode(RedisCluster cluster, String nsp) {
        switch (cluster.protocol) {
            case CLASSIC -> subscribe(cluster.prefix + "-request#" + nsp + "#");
            case SHARDED -> ssubscribe(cluster.prefix + "#" + nsp + "#");
            case STREAMS -> subscribe(cluster.prefix + "#" + nsp + "#");
        }
    }

    @Override
    public void close() {
        sub.close();
        pub.close();
        client.shutdown();
    }
}
