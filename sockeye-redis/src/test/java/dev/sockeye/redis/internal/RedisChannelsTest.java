package dev.sockeye.redis.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sockeye.core.Packet;
import dev.sockeye.core.adapter.BroadcastOptions;
import dev.sockeye.core.adapter.FetchedSocket;
import dev.sockeye.core.adapter.cluster.ClusterAdapter;
import dev.sockeye.redis.RedisAdapterFactory;
import dev.sockeye.redis.RedisAdapterOptions;
import dev.sockeye.redis.RedisAdapters;
import dev.sockeye.redis.ShardedRedisAdapterOptions;
import dev.sockeye.redis.SubscriptionMode;
import dev.sockeye.redis.internal.RedisCluster.Protocol;
import dev.sockeye.redis.internal.StubHost.StubSocket;
import dev.sockeye.testing.Await;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.node.JsonNodeFactory;

/**
 * The channels the options make the adapters use on the real Redis, observed from a raw Redis
 * connection: where the classic adapter answers with and without
 * {@code publishOnSpecificResponseChannel}, and what each sharded {@code subscriptionMode}
 * subscribes and publishes to (cluster-wire.md §1.3, §1.4).
 */
class RedisChannelsTest {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final String SID = "aaaaaaaaaaaaaaaaaaaa";

    private RedisCluster cluster;

    @AfterEach
    void tearDown() {
        if (cluster != null) {
            cluster.close();
        }
    }

    private static String uid(StubHost host) {
        return ((ClusterAdapter) host.adapter).uid();
    }

    private StubHost addClassicNode(boolean specific) throws Exception {
        RedisAdapterFactory factory = RedisAdapters.createAdapter(
                RedisCluster.REDIS,
                RedisAdapterOptions.builder()
                        .key(cluster.prefix)
                        .requestsTimeout(Duration.ofSeconds(2))
                        .publishOnSpecificResponseChannel(specific)
                        .build());
        cluster.factories.add(factory);
        return cluster.addNode(factory, "/");
    }

    /** A one-node sharded cluster in this mode, and the raw connection that observes it. */
    private StubHost shardedNode(SubscriptionMode mode) throws Exception {
        cluster = new RedisCluster(Protocol.SHARDED, RedisCluster.REDIS, Duration.ofSeconds(2));
        RedisAdapterFactory factory = RedisAdapters.createShardedAdapter(
                RedisCluster.REDIS,
                ShardedRedisAdapterOptions.builder()
                        .channelPrefix(cluster.prefix)
                        .requestsTimeout(Duration.ofSeconds(2))
                        .subscriptionMode(mode)
                        .build());
        cluster.factories.add(factory);
        return cluster.addNode(factory, "/");
    }

    @ParameterizedTest(name = "publishOnSpecificResponseChannel={0}")
    @ValueSource(booleans = {false, true})
    void classicResponsesGoToTheRequestersOwnChannelOnlyWithPublishOnSpecificResponseChannel(boolean specific)
            throws Exception {
        cluster = new RedisCluster(Protocol.CLASSIC, RedisCluster.REDIS, Duration.ofSeconds(2));
        StubHost requester = addClassicNode(false);
        StubHost responder = addClassicNode(specific);
        StubSocket b = responder.connect("bbbbbbbbbbbbbbbbbbbb");
        RawRedis raw = cluster.raw();
        String shared = cluster.prefix + "-response#/#";
        // matches the shared channel and every node's own one
        raw.psubscribe(shared + "*");
        String expected = specific ? shared + uid(requester) + "#" : shared;

        assertThat(requester.adapter.fetchSockets(BroadcastOptions.all()).get(10, TimeUnit.SECONDS))
                .extracting(FetchedSocket::id)
                .containsExactly("bbbbbbbbbbbbbbbbbbbb");
        assertThat(raw.next()).startsWith(expected + " {\"requestId\":").contains("\"sockets\":[{\"id\":\"bbbb");

        LinkedBlockingQueue<String> counts = new LinkedBlockingQueue<>();
        requester.adapter.broadcastWithAck(
                Packet.event("/", NODES.arrayNode().add("ackme")),
                BroadcastOptions.all().withTimeout(Duration.ofSeconds(5)),
                n -> counts.add(String.valueOf(n)),
                a -> {});
        b.answerAck(NODES.arrayNode().add("acked"));
        // the count (type 8, JSON) and the ack (type 9, msgpack: a map of 3 entries, "type" first)
        // race between the bus thread and the answering socket's: either may be published first
        List<String> ackTraffic = List.of(raw.next(), raw.next());
        assertThat(ackTraffic)
                .anySatisfy(m -> assertThat(m).startsWith(expected + " {\"type\":8,"))
                .anySatisfy(m -> assertThat(m).startsWith(expected + " \u0083\u00a4type\t"));

        assertThat(requester
                        .adapter
                        .serverSideEmitWithAck(NODES.arrayNode().add("ping"), null)
                        .get(10, TimeUnit.SECONDS))
                .hasSize(1);
        // as in Node, serverSideEmit answers use the shared channel whatever the option says
        assertThat(raw.next()).startsWith(shared + " {\"type\":6,");
        assertThat(raw.received).isEmpty();
    }

    private List<String> expectedShardChannels(SubscriptionMode mode, StubHost node) {
        String p = cluster.prefix + "#/#";
        List<String> channels = new ArrayList<>(List.of(p, p + uid(node) + "#"));
        if (mode != SubscriptionMode.STATIC) {
            channels.add(p + "room1#");
        }
        if (mode == SubscriptionMode.DYNAMIC_PRIVATE) {
            channels.add(p + SID + "#");
        }
        return channels.stream().sorted().toList();
    }

    /** Asks Redis until the shard channels are {@code expected}, in any order (unsubscribing is asynchronous). */
    private List<String> awaitShardChannels(List<String> expected) {
        RawRedis raw = cluster.raw();
        Await.until(
                "shard channels " + expected,
                StubHost.WAIT,
                () -> Set.copyOf(raw.shardChannels(cluster.prefix + "#*")).equals(Set.copyOf(expected)));
        return raw.shardChannels(cluster.prefix + "#*");
    }

    @ParameterizedTest
    @EnumSource(SubscriptionMode.class)
    void eachSubscriptionModeSubscribesTheShardChannelsNodeWould(SubscriptionMode mode) throws Exception {
        StubHost node = shardedNode(mode);
        RawRedis raw = cluster.raw();
        String p = cluster.prefix + "#/#";

        assertThat(raw.shardChannels(cluster.prefix + "#*")).containsExactlyInAnyOrder(p, p + uid(node) + "#");

        StubSocket a = node.connect(SID, "room1");
        cluster.settle();
        assertThat(raw.shardChannels(cluster.prefix + "#*")).isEqualTo(expectedShardChannels(mode, node));

        // the rooms go when the socket leaves them: dynamic modes SUNSUBSCRIBE their channels
        a.disconnect(false);
        assertThat(awaitShardChannels(List.of(p, p + uid(node) + "#")))
                .containsExactlyInAnyOrder(p, p + uid(node) + "#");
    }

    @ParameterizedTest
    @EnumSource(SubscriptionMode.class)
    void eachSubscriptionModePublishesOneRoomBroadcastsWhereNodeWould(SubscriptionMode mode) throws Exception {
        StubHost node = shardedNode(mode);
        String p = cluster.prefix + "#/#";
        boolean dynamic = mode != SubscriptionMode.STATIC;
        RawRedis raw = cluster.raw();
        raw.ssubscribe(p);
        raw.ssubscribe(p + "room1#");
        raw.ssubscribe(p + SID + "#");

        node.adapter.broadcast(
                Packet.event("/", NODES.arrayNode().add("to-room")), BroadcastOptions.toRooms(List.of("room1")));
        node.adapter.broadcast(
                Packet.event("/", NODES.arrayNode().add("to-socket")), BroadcastOptions.toRooms(List.of(SID)));
        node.adapter.broadcast(
                Packet.event("/", NODES.arrayNode().add("to-two")),
                BroadcastOptions.toRooms(List.of("room1", "room2")));

        assertThat(raw.next())
                .startsWith((dynamic ? p + "room1#" : p) + " {\"type\":3,")
                .contains("[\"to-room\"]");
        // a 20-character room looks like a socket id: its own channel only in dynamic-private
        assertThat(raw.next())
                .startsWith((mode == SubscriptionMode.DYNAMIC_PRIVATE ? p + SID + "#" : p) + " {\"type\":3,")
                .contains("[\"to-socket\"]");
        assertThat(raw.next()).startsWith(p + " {\"type\":3,").contains("[\"to-two\"]");
        assertThat(raw.received).isEmpty();
    }
}
