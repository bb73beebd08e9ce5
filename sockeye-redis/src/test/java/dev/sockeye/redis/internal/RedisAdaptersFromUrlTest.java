package dev.sockeye.redis.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sockeye.core.Packet;
import dev.sockeye.core.adapter.BroadcastOptions;
import dev.sockeye.redis.RedisAdapterException;
import dev.sockeye.redis.RedisAdapterFactory;
import dev.sockeye.redis.RedisAdapters;
import dev.sockeye.redis.internal.RedisCluster.Protocol;
import dev.sockeye.redis.internal.StubHost.StubSocket;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.node.JsonNodeFactory;

/**
 * {@link RedisAdapters#fromUrl}, as the benchmark server's {@code --adapter} takes it: the scheme
 * picks the protocol, with the default options. The defaults mean the shared key
 * {@code socket.io}, so each test uses a namespace of its own: every channel name holds it, and
 * servers of other test runs (on {@code /}) never meet these.
 */
class RedisAdaptersFromUrlTest {

    private RedisCluster cluster;

    @AfterEach
    void tearDown() {
        if (cluster != null) {
            cluster.close();
        }
    }

    @ParameterizedTest
    @EnumSource(
            value = Protocol.class,
            names = {"CLASSIC", "SHARDED"})
    void theSchemeGivesAWorkingAdapterOfItsProtocol(Protocol protocol) throws Exception {
        String url = (protocol == Protocol.CLASSIC ? "redis" : "redis-sharded") + "://127.0.0.1:6379";
        String nsp = "/from-url-" + UUID.randomUUID().toString().substring(0, 8);
        cluster = new RedisCluster(protocol, RedisCluster.REDIS, Duration.ofSeconds(2));
        RedisAdapterFactory a = RedisAdapters.fromUrl(url);
        cluster.factories.add(a);
        RedisAdapterFactory b = RedisAdapters.fromUrl(url);
        cluster.factories.add(b);
        StubHost nodeA = cluster.addNode(a, nsp);
        StubSocket socket = cluster.addNode(b, nsp).connect("bbbbbbbbbbbbbbbbbbbb");

        assertThat(a.isSharded()).isEqualTo(protocol == Protocol.SHARDED);
        assertThat(a.redis()).isEqualTo("redis://127.0.0.1:6379");
        // NUMSUB of the request channel (classic) or SHARDNUMSUB of the namespace channel (sharded)
        assertThat(nodeA.adapter.serverCount().get(10, TimeUnit.SECONDS)).isEqualTo(2);

        RawRedis raw = cluster.raw();
        if (protocol == Protocol.CLASSIC) {
            raw.psubscribe("socket.io#" + nsp + "#*");
        } else {
            raw.ssubscribe("socket.io#" + nsp + "#");
        }
        nodeA.adapter.broadcast(
                Packet.event(nsp, JsonNodeFactory.instance.arrayNode().add("hi")), BroadcastOptions.all());

        assertThat(socket.next()).isEqualTo("2" + nsp + ",[\"hi\"]");
        // classic: msgpack [uid, packet, opts] (fixarray of 3, the 16-character uid); sharded: JSON
        assertThat(raw.next())
                .startsWith(
                        "socket.io#" + nsp + "# " + (protocol == Protocol.CLASSIC ? "\u0093\u00b0" : "{\"type\":3,"));
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "http://127.0.0.1:6379",
                "127.0.0.1:6379",
                "redis+sharded://127.0.0.1:6379",
                "",
                "redis-sharded-cluster://127.0.0.1:6379"
            })
    void anotherSchemeIsRefusedWithTheUrlInTheMessage(String url) {
        assertThatThrownBy(() -> RedisAdapters.fromUrl(url))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("not a Redis adapter URL (redis://H:P, redis-sentinel://H:P#master, "
                        + "redis-cluster://H:P,H:P, each also as rediss and with -sharded or -streams): " + url);
    }

    @ParameterizedTest
    @ValueSource(strings = {"redis", "redis-sharded"})
    void anUnreachableRedisIsAClearErrorAtStart(String scheme) throws Exception {
        int port = RedisFaultsTest.freePort();

        assertThatThrownBy(() -> RedisAdapters.fromUrl(scheme + "://127.0.0.1:" + port))
                .isInstanceOf(RedisAdapterException.class)
                .hasMessageStartingWith("cannot connect to Redis at redis://127.0.0.1:" + port + ": ")
                .hasMessageContaining("refused");
    }

    @ParameterizedTest
    @ValueSource(strings = {"redis://", "redis-sharded://"})
    void anAddressWithoutHostIsRefusedBeforeConnecting(String url) {
        assertThatThrownBy(() -> RedisAdapters.fromUrl(url))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("not a Redis URI: ");
    }
}
