package dev.sockeye.redis.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sockeye.core.Packet;
import dev.sockeye.core.adapter.BroadcastOptions;
import dev.sockeye.core.adapter.FetchedSocket;
import dev.sockeye.redis.RedisAdapterException;
import dev.sockeye.redis.RedisAdapters;
import dev.sockeye.redis.internal.RedisCluster.Protocol;
import dev.sockeye.redis.internal.StubHost.StubSocket;
import dev.sockeye.testing.LogCapture;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import tools.jackson.databind.node.JsonNodeFactory;

/**
 * What the adapters do with bad input and a missing Redis: malformed, unknown or foreign bus
 * messages are ignored without stopping the subscriber; emitters are understood; an unreachable
 * Redis at start is a clear error.
 */
class RedisFaultsTest {

    private RedisCluster cluster;
    private RawRedis raw;
    private LogCapture log;

    @AfterEach
    void tearDown() {
        if (log != null) {
            log.close();
        }
        if (cluster != null) {
            cluster.close();
        }
        if (raw != null) {
            raw.close();
        }
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    @ParameterizedTest
    @EnumSource(
            value = Protocol.class,
            names = {"CLASSIC", "SHARDED"})
    void anUnreachableRedisAtStartIsAClearError(Protocol protocol) throws Exception {
        String uri = "redis://127.0.0.1:" + freePort();

        assertThatThrownBy(() -> {
                    if (protocol == Protocol.CLASSIC) {
                        RedisAdapters.createAdapter(uri);
                    } else {
                        RedisAdapters.createShardedAdapter(uri);
                    }
                })
                .isInstanceOf(RedisAdapterException.class)
                .hasMessageStartingWith("cannot connect to Redis at " + uri + ": ")
                .hasMessageContaining("refused");
    }

    @ParameterizedTest
    @EnumSource(
            value = Protocol.class,
            names = {"CLASSIC", "SHARDED"})
    void malformedAndUnknownMessagesAreIgnoredAndTheSubscriberGoesOn(Protocol protocol) throws Exception {
        cluster = RedisCluster.of(protocol, 2);
        StubSocket b = cluster.node(1).connect("bbbbbbbbbbbbbbbbbbbb", "room1");
        cluster.settle();
        raw = new RawRedis(RedisCluster.REDIS);
        String p = cluster.prefix;
        List<byte[]> garbage = List.of(
                utf8("{not json"),
                new byte[] {(byte) 0xc1},
                new byte[0],
                HexFormat.of().parseHex("92a17801"),
                utf8("{\"type\":99,\"uid\":\"x\",\"nsp\":\"/\"}"),
                utf8("{\"type\":3,\"uid\":\"x\",\"nsp\":\"/\"}"),
                utf8("{\"type\":5,\"uid\":\"x\"}"),
                utf8("{\"type\":7,\"uid\":\"x\",\"nsp\":\"/\",\"data\":{\"opts\":42}}"),
                utf8("{\"type\":\"3\",\"data\":[]}"),
                utf8("[1,2,3]"));
        log = new LogCapture();
        for (byte[] payload : garbage) {
            if (protocol == Protocol.CLASSIC) {
                raw.publish(p + "#/#", payload);
                raw.publish(p + "#/#room1#", payload);
                raw.publish(p + "-request#/#", payload);
                raw.publish(p + "-response#/#", payload);
            } else {
                raw.spublish(p + "#/#", payload);
                raw.spublish(p + "#/#room1#", payload);
            }
        }

        cluster.node(0)
                .adapter
                .broadcast(
                        Packet.event("/", JsonNodeFactory.instance.arrayNode().add("still here")),
                        BroadcastOptions.toRooms(List.of("room1")));

        assertThat(b.next()).isEqualTo("2[\"still here\"]");
        // the bad messages were logged at debug on the subscriber's thread, before the valid one
        String adapter = protocol == Protocol.CLASSIC ? "ClassicRedisAdapter" : "ShardedRedisAdapter";
        List<String> expected = protocol == Protocol.CLASSIC
                ? List.of(
                        "ignored malformed broadcast on " + p + "#/#room1#: ",
                        "ignored malformed message on " + p + "-request#/#: ",
                        "ignored malformed message on " + p + "-response#/#: ",
                        "ignored classic request of type 99")
                : List.of(
                        "ignored malformed message on " + p + "#/#: ",
                        "ignored malformed message on " + p + "#/#room1#: ");
        for (String line : expected) {
            assertThat(log.lines())
                    .as("debug line '%s'", line)
                    .anyMatch(l ->
                            l.contains(" DEBUG dev.sockeye.redis.internal." + adapter + " - [") && l.contains(line));
        }
        assertThat(cluster.node(0).adapter.fetchSockets(BroadcastOptions.all()).get(10, TimeUnit.SECONDS))
                .extracting(FetchedSocket::id)
                .containsExactly("bbbbbbbbbbbbbbbbbbbb");
    }

    @ParameterizedTest
    @EnumSource(
            value = Protocol.class,
            names = {"CLASSIC", "SHARDED"})
    void emitterMessagesAreDelivered(Protocol protocol) throws Exception {
        cluster = RedisCluster.of(protocol, 1);
        StubSocket a = cluster.node(0).connect("aaaaaaaaaaaaaaaaaaaa", "room1");
        raw = new RawRedis(RedisCluster.REDIS);
        String p = cluster.prefix;

        if (protocol == Protocol.CLASSIC) {
            // @socket.io/redis-emitter: uid "emitter", old versions without "except"
            raw.publish(
                    p + "#/#",
                    Monitor.bytes("\\x93\\xa7emitter\\x83\\xa4type\\x02\\xa4data\\x92\\xa4test\\xa9some data"
                            + "\\xa3nsp\\xa1/\\x82\\xa5rooms\\x90\\xa5flags\\x80"));
            // join request of an emitter: no uid at all
            raw.publish(
                    p + "-request#/#",
                    utf8("{\"type\":2,\"opts\":{\"rooms\":[\"room1\"],\"except\":[]},"
                            + "\"rooms\":[\"joined-by-emitter\"]}"));
        } else {
            // an emitter's message may carry no namespace: the channel names it
            raw.spublish(
                    p + "#/#",
                    utf8("{\"type\":3,\"data\":{\"packet\":{\"type\":2,\"data\":[\"test\",\"some data\"]},"
                            + "\"opts\":{\"rooms\":[],\"except\":[],\"flags\":{}}},\"uid\":\"emitter\"}"));
            raw.spublish(
                    p + "#/#",
                    utf8("{\"type\":4,\"data\":{\"opts\":{\"rooms\":[\"room1\"],\"except\":[]},"
                            + "\"rooms\":[\"joined-by-emitter\"]},\"uid\":\"emitter\",\"nsp\":\"/\"}"));
        }
        raw.publishOrSpublish(
                protocol,
                p + "#/#",
                Monitor.bytes("\\x93\\xa7emitter\\x83\\xa4type\\x02\\xa4data\\x91"
                        + "\\xa4done\\xa3nsp\\xa1/\\x83\\xa5rooms\\x90\\xa6except\\x90\\xa5flags\\x80"),
                utf8("{\"type\":3,\"data\":"
                        + "{\"packet\":{\"type\":2,\"data\":[\"done\"]},\"opts\":{\"rooms\":[],\"except\":[],\"flags\":{}}},"
                        + "\"uid\":\"emitter\",\"nsp\":\"/\"}"));

        assertThat(a.next()).isEqualTo("2[\"test\",\"some data\"]");
        assertThat(a.next()).isEqualTo("2[\"done\"]");
        assertThat(cluster.node(0).adapter.socketRooms("aaaaaaaaaaaaaaaaaaaa")).contains("joined-by-emitter");
    }
}
