package dev.sockeye.redis.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sockeye.core.Packet;
import dev.sockeye.core.adapter.BroadcastOptions;
import dev.sockeye.core.adapter.Session;
import dev.sockeye.core.adapter.SessionToPersist;
import dev.sockeye.redis.RedisAdapterFactory;
import dev.sockeye.redis.RedisAdapters;
import dev.sockeye.redis.RedisStreamsAdapterOptions;
import dev.sockeye.redis.internal.RedisCluster.Protocol;
import dev.sockeye.redis.internal.StubHost.StubSocket;
import io.lettuce.core.StreamMessage;
import io.lettuce.core.XAddArgs;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.BinaryNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * What only the Redis Streams adapter does, on the real Redis (127.0.0.1:6379), each test on a
 * stream, channels and session keys of its own: the stream entries it writes, offsets on
 * broadcasts, sessions persisted and restored (also from what the Node adapter wrote), and a reader
 * that goes on past entries it cannot use. The cluster-aware operations are in
 * {@code RedisClusterTest} (protocol STREAMS).
 */
class RedisStreamsAdapterTest {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final Duration RECOVERY = Duration.ofSeconds(30);
    private RedisCluster cluster;

    @AfterEach
    void tearDown() {
        if (cluster != null) {
            cluster.close();
        }
    }

    private static <T> T await(CompletableFuture<T> future) throws Exception {
        return future.get(10, TimeUnit.SECONDS);
    }

    private static Packet event(Object... args) {
        ArrayNode data = NODES.arrayNode();
        for (Object arg : args) {
            if (arg instanceof byte[] b) {
                data.add(b);
            } else if (arg instanceof Integer i) {
                data.add(i);
            } else {
                data.add((String) arg);
            }
        }
        return Packet.event("/", data);
    }

    private RedisCluster twoNodes() throws Exception {
        cluster = RedisCluster.of(Protocol.STREAMS, 2);
        cluster.node(0).recovery = RECOVERY;
        cluster.node(1).recovery = RECOVERY;
        return cluster;
    }

    private List<StreamMessage<String, byte[]>> entries() {
        return cluster.raw().sync().xrange(cluster.prefix, io.lettuce.core.Range.create("-", "+"));
    }

    private static String text(byte[] value) {
        return new String(value, StandardCharsets.UTF_8);
    }

    @Test
    void aBroadcastIsOneStreamEntryAndItsIdIsTheOffsetEveryNodeAppends() throws Exception {
        twoNodes();
        StubSocket a = cluster.node(0).connect("aaaaaaaaaaaaaaaaaaaa", "room1");
        StubSocket b = cluster.node(1).connect("bbbbbbbbbbbbbbbbbbbb", "room1");

        cluster.node(0).adapter.broadcast(event("hello", "world", 42), BroadcastOptions.toRooms(List.of("room1")));

        List<StreamMessage<String, byte[]>> entries = entries();
        assertThat(entries).hasSize(1);
        String id = entries.get(0).getId();
        Map<String, String> fields = new LinkedHashMap<>();
        entries.get(0).getBody().forEach((k, v) -> fields.put(k, text(v)));
        assertThat(fields)
                .containsExactly(
                        Map.entry("uid", ((RedisStreamsAdapter) cluster.node(0).adapter).uid()),
                        Map.entry("nsp", "/"),
                        Map.entry("type", "3"),
                        Map.entry(
                                "data",
                                "{\"packet\":{\"type\":2,\"data\":"
                                        + "[\"hello\",\"world\",42]},\"opts\":{\"rooms\":[\"room1\"],\"except\":[],\"flags\":{}}}"));
        assertThat(a.next()).isEqualTo("2[\"hello\",\"world\",42,\"" + id + "\"]");
        assertThat(b.next()).isEqualTo("2[\"hello\",\"world\",42,\"" + id + "\"]");
    }

    @Test
    void withoutRecoveryBroadcastsCarryNoOffsetAndWhatNeedsNoHistoryStaysOutOfTheStream() throws Exception {
        cluster = RedisCluster.of(Protocol.STREAMS, 2);
        StubSocket a = cluster.node(0).connect("aaaaaaaaaaaaaaaaaaaa");
        StubSocket b = cluster.node(1).connect("bbbbbbbbbbbbbbbbbbbb");

        cluster.node(0).adapter.broadcast(event("plain"), BroadcastOptions.all());
        assertThat(a.next()).isEqualTo("2[\"plain\"]");
        assertThat(b.next()).isEqualTo("2[\"plain\"]");
        assertThat(await(cluster.node(0)
                        .adapter
                        .serverSideEmitWithAck((ArrayNode) event("ping").data(), null)))
                .hasSize(1);
        assertThat(await(cluster.node(0).adapter.fetchSockets(BroadcastOptions.all())))
                .hasSize(2);

        // serverSideEmit and fetchSockets went through pub/sub: only the broadcast is in the stream
        assertThat(entries()).extracting(e -> text(e.getBody().get("type"))).containsExactly("3");
    }

    @Test
    void aSessionIsStoredForMaxDisconnectionDurationAndRestoredOnceWithTheBroadcastsItsRoomsMissed() throws Exception {
        twoNodes();
        StubSocket a = cluster.node(0).connect("aaaaaaaaaaaaaaaaaaaa", "room1");
        cluster.node(1).adapter.broadcast(event("seen"), BroadcastOptions.all());
        String seen = a.next();
        String offset = seen.substring(seen.lastIndexOf(",\"") + 2, seen.length() - 2);
        ObjectNode data = NODES.objectNode().put("user", "bob");
        SessionToPersist session = new SessionToPersist(
                "aaaaaaaaaaaaaaaaaaaa",
                "pidpidpidpidpidpid01",
                new LinkedHashSet<>(List.of("aaaaaaaaaaaaaaaaaaaa", "room1")),
                data);
        cluster.node(0).adapter.persistSession(session);
        String key = cluster.prefix + ":session:pidpidpidpidpidpid01";
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (cluster.raw().sync().exists(key) == 0 && System.nanoTime() < deadline) {
            Thread.onSpinWait();
        }
        assertThat(text(cluster.raw().sync().get(key))).isEqualTo(StreamsWire.encodeSession(session));
        assertThat(cluster.raw().sync().pttl(key)).isBetween(RECOVERY.toMillis() - 5000, RECOVERY.toMillis());

        // missed: one for everyone, one for room1, one for another room, one excluding room1, one with binary
        cluster.node(1).adapter.broadcast(event("all"), BroadcastOptions.all());
        cluster.node(1).adapter.broadcast(event("room1"), BroadcastOptions.toRooms(List.of("room1")));
        cluster.node(1).adapter.broadcast(event("room2"), BroadcastOptions.toRooms(List.of("room2")));
        cluster.node(1)
                .adapter
                .broadcast(event("not-room1"), BroadcastOptions.all().except(List.of("room1")));
        cluster.node(1).adapter.broadcast(event("bin", new byte[] {1, 2}), BroadcastOptions.all());
        cluster.node(1).adapter.addSockets(BroadcastOptions.toRooms(List.of("nobody")), List.of("r"));
        await(cluster.node(1).adapter.serverCount()); // the publications above are written before this answer

        // restored on the other node (any node can), once
        Session restored = await(cluster.node(1).adapter.restoreSession("pidpidpidpidpidpid01", offset));
        List<StreamMessage<String, byte[]>> entries = entries();
        String all = entries.get(1).getId();
        String room1 = entries.get(2).getId();
        String bin = entries.get(5).getId();
        assertThat(restored.state()).isEqualTo(session);
        assertThat(restored.missedPackets())
                .extracting(JsonNode::toString)
                .containsExactly(
                        "[\"all\",\"" + all + "\"]",
                        "[\"room1\",\"" + room1 + "\"]",
                        "[\"bin\"," + NODES.binaryNode(new byte[] {1, 2}) + ",\"" + bin + "\"]");
        assertThat(restored.missedPackets().get(2).get(1)).isInstanceOf(BinaryNode.class);
        assertThat(await(cluster.node(0).adapter.restoreSession("pidpidpidpidpidpid01", offset)))
                .as("a session is restored once")
                .isNull();
        assertThat(cluster.raw().sync().exists(key)).isZero();
    }

    @Test
    void aSessionIsNotRestoredWithAnUnknownOrMalformedOffsetOrAnUnknownPid() throws Exception {
        twoNodes();
        StubSocket a = cluster.node(0).connect("aaaaaaaaaaaaaaaaaaaa");
        cluster.node(0).adapter.broadcast(event("seen"), BroadcastOptions.all());
        String seen = a.next();
        String offset = seen.substring(seen.lastIndexOf(",\"") + 2, seen.length() - 2);
        SessionToPersist session = new SessionToPersist(
                "aaaaaaaaaaaaaaaaaaaa",
                "pidpidpidpidpidpid02",
                List.of("aaaaaaaaaaaaaaaaaaaa").stream().collect(java.util.stream.Collectors.toSet()),
                NODES.objectNode());

        assertThat(await(cluster.node(0).adapter.restoreSession("pidpidpidpidpidpid02", offset)))
                .as("no session")
                .isNull();
        cluster.node(0).adapter.persistSession(session);
        await(cluster.node(0).adapter.serverCount());
        assertThat(await(cluster.node(0).adapter.restoreSession("pidpidpidpidpidpid02", "not-an-offset")))
                .as("malformed offset")
                .isNull();
        assertThat(await(cluster.node(0).adapter.restoreSession("pidpidpidpidpidpid02", "1-1")))
                .as("an offset the stream does not hold (trimmed)")
                .isNull();
        // Node's order: GET+DEL and the offset check run together, so the failed attempt used the session up
        assertThat(await(cluster.node(0).adapter.restoreSession("pidpidpidpidpidpid02", offset)))
                .isNull();
    }

    @Test
    void sessionsAndEntriesWrittenByTheNodeAdapterAreRestoredAsNodeRestoresThem() throws Exception {
        JsonNode capture = StreamsGolden.capture();
        cluster = new RedisCluster(Protocol.STREAMS, RedisCluster.REDIS, Duration.ofSeconds(2));
        for (JsonNode entry : capture.get("entries")) {
            cluster.raw()
                    .sync()
                    .xadd(cluster.prefix, new XAddArgs().id(entry.get("id").asString()), StreamsGolden.fields(entry));
        }
        String pid = capture.get("pid").asString();
        cluster.raw()
                .sync()
                .set(
                        cluster.prefix + ":session:" + pid,
                        capture.get("session").asString().getBytes(StandardCharsets.UTF_8));
        StubHost node = cluster.addNode("/");

        Session restored =
                await(node.adapter.restoreSession(pid, capture.get("offset").asString()));

        JsonNode expected = capture.get("restored");
        assertThat(restored.state().sid()).isEqualTo(expected.get("sid").asString());
        assertThat(restored.state().rooms())
                .containsExactly(
                        expected.get("rooms").get(0).asString(),
                        expected.get("rooms").get(1).asString(),
                        expected.get("rooms").get(2).asString());
        assertThat(restored.state().data()).isEqualTo(expected.get("data"));
        assertThat(restored.missedPackets())
                .hasSize(expected.get("missedPackets").size());
        for (int i = 0; i < restored.missedPackets().size(); i++) {
            assertThat(withBinaryAsNodePrints(restored.missedPackets().get(i)))
                    .isEqualTo(expected.get("missedPackets").get(i));
        }
    }

    /** Binary values as the capture script prints Node's Buffers: {@code {"_bin":[1,2]}}. */
    private static JsonNode withBinaryAsNodePrints(JsonNode node) {
        if (node.isBinary()) {
            ObjectNode bin = NODES.objectNode();
            ArrayNode bytes = bin.putArray("_bin");
            for (byte b : node.binaryValue()) {
                bytes.add(b & 0xff);
            }
            return bin;
        }
        if (node.isArray()) {
            ArrayNode copy = NODES.arrayNode();
            node.forEach(child -> copy.add(withBinaryAsNodePrints(child)));
            return copy;
        }
        if (node.isObject()) {
            ObjectNode copy = NODES.objectNode();
            node.properties().forEach(e -> copy.set(e.getKey(), withBinaryAsNodePrints(e.getValue())));
            return copy;
        }
        return node;
    }

    @Test
    void theReaderSkipsEntriesItCannotUseAndGoesOn() throws Exception {
        twoNodes();
        StubSocket b = cluster.node(1).connect("bbbbbbbbbbbbbbbbbbbb");
        Map<String, byte[]> noNsp = Map.of("uid", bytes("x"), "type", bytes("3"));
        Map<String, byte[]> garbage = new LinkedHashMap<>(
                Map.of("uid", bytes("x"), "nsp", bytes("/"), "type", bytes("3"), "data", bytes("%%% not base64")));
        Map<String, byte[]> heartbeat = new LinkedHashMap<>(Map.of(
                "uid",
                bytes("0123456789abcdef"),
                "nsp",
                bytes("/"),
                "type",
                bytes("2"))); // 0.2.x wrote heartbeats into the stream
        for (Map<String, byte[]> fields : List.of(noNsp, garbage, heartbeat)) {
            cluster.raw().sync().xadd(cluster.prefix, fields);
        }

        cluster.node(0).adapter.broadcast(event("after"), BroadcastOptions.all());

        assertThat(b.next()).startsWith("2[\"after\",\"");
    }

    @Test
    void theStreamIsTrimmedToAboutMaxLen() throws Exception {
        cluster = new RedisCluster(Protocol.STREAMS, RedisCluster.REDIS, Duration.ofSeconds(2));
        RedisAdapterFactory factory = RedisAdapters.createStreamsAdapter(
                RedisCluster.REDIS,
                cluster.streamsOptions().toBuilder().maxLen(10).build());
        cluster.factories.add(factory);
        StubHost node = cluster.addNode(factory, "/");

        for (int i = 0; i < 500; i++) {
            node.adapter.broadcast(event("t"), BroadcastOptions.all());
        }
        await(node.adapter.serverCount());

        // approximate trimming drops whole radix-tree nodes (100 entries by default)
        assertThat(cluster.raw().sync().xlen(cluster.prefix)).isBetween(10L, 200L);
    }

    @Test
    void aRedisStreamsUrlGivesAStreamsAdapterWithNodesDefaults() throws Exception {
        String nsp = "/from-url-" + UUID.randomUUID().toString().substring(0, 8);
        cluster = new RedisCluster(Protocol.STREAMS, RedisCluster.REDIS, Duration.ofSeconds(2));
        RedisAdapterFactory a = RedisAdapters.fromUrl("redis-streams://127.0.0.1:6379");
        cluster.factories.add(a);
        RedisAdapterFactory b = RedisAdapters.fromUrl("redis-streams://127.0.0.1:6379");
        cluster.factories.add(b);
        StubHost nodeA = cluster.addNode(a, nsp);
        StubSocket socket = cluster.addNode(b, nsp).connect("bbbbbbbbbbbbbbbbbbbb");

        assertThat(a.isStreams()).isTrue();
        assertThat(a.isSharded()).isFalse();
        assertThat(((RedisStreamsAdapter) nodeA.adapter).stream()).isEqualTo("socket.io");
        assertThat(await(nodeA.adapter.serverCount())).isEqualTo(2);
        nodeA.adapter.broadcast(Packet.event(nsp, NODES.arrayNode().add("hi")), BroadcastOptions.all());
        assertThat(socket.next()).isEqualTo("2" + nsp + ",[\"hi\"]");
        assertThat(RedisStreamsAdapterOptions.defaults().streamOf(nsp)).isEqualTo("socket.io");
    }

    @Test
    void namespacesAreSpreadOverStreamsByJavasHashCodeAsNodeDoes() {
        RedisStreamsAdapterOptions options =
                RedisStreamsAdapterOptions.builder().streamCount(3).build();

        assertThat(options.streamOf("/")).isEqualTo("socket.io-" + ("/".hashCode() % 3));
        assertThat(options.streamOf("/chat")).isEqualTo("socket.io-" + ("/chat".hashCode() % 3));
        // Node's hashCode("/dashboard") is negative too (JS's % keeps the sign): the same name, minus sign included
        assertThat(options.streamOf("/dashboard")).isEqualTo("socket.io--" + (1694060731 % 3));
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
