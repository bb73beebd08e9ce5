package dev.sockeye.redis.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sockeye.core.Packet;
import dev.sockeye.core.adapter.BroadcastOptions;
import dev.sockeye.core.adapter.SessionToPersist;
import dev.sockeye.core.adapter.cluster.ClusterMessage;
import dev.sockeye.core.adapter.internal.ClusterWire;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;

/**
 * The Redis Streams formats against what {@code @socket.io/redis-streams-adapter} 0.3.1 wrote
 * to Redis ({@code streams-golden/node-0.3.1.json}, captured by {@code e2e/node/redis/streams-capture.js}):
 * Sockeye reads every entry and the session, and writes the same bytes for the same content.
 */
class StreamsWireGoldenTest {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final JsonNode CAPTURE = StreamsGolden.capture();

    private static Map<String, String> asText(Map<String, byte[]> fields) {
        Map<String, String> text = new LinkedHashMap<>();
        fields.forEach((k, v) -> text.put(k, new String(v, StandardCharsets.UTF_8)));
        return text;
    }

    @Test
    void everyEntryNodeWroteIsReadAndWrittenAgainIdentically() {
        assertThat(CAPTURE.get("entries")).hasSize(14);
        for (JsonNode entry : CAPTURE.get("entries")) {
            Map<String, byte[]> fields = StreamsGolden.fields(entry);

            ClusterMessage message = StreamsWire.decode(fields);

            assertThat(asText(StreamsWire.encode(message, false)))
                    .as(entry.get("id").asString())
                    .containsExactlyEntriesOf(asText(fields));
        }
    }

    @Test
    void aBroadcastToARoomIsJsonInTheDataField() {
        ClusterMessage message = new ClusterMessage(
                CAPTURE.get("uid").asString(),
                "/",
                3,
                ClusterWire.broadcast(
                        Packet.event(
                                "/", NODES.arrayNode().add("hello").add("world").add(42)),
                        BroadcastOptions.toRooms(List.of("room1")),
                        null));

        assertThat(asText(StreamsWire.encode(message, false)))
                .containsExactlyEntriesOf(
                        asText(StreamsGolden.fields(CAPTURE.get("entries").get(0))));
    }

    @Test
    void aBroadcastWithBinaryIsBase64MsgpackInTheDataField() {
        ArrayNode args = NODES.arrayNode().add("bin").add(new byte[] {1, 2, 3});
        args.addObject().put("nested", new byte[] {4});
        ClusterMessage message = new ClusterMessage(
                CAPTURE.get("uid").asString(),
                "/",
                3,
                ClusterWire.broadcast(Packet.event("/", args), BroadcastOptions.all(), null));

        Map<String, String> fields = asText(StreamsWire.encode(message, false));

        assertThat(fields)
                .containsExactlyEntriesOf(
                        asText(StreamsGolden.fields(CAPTURE.get("entries").get(1))));
        assertThat(fields.get("data"))
                .isEqualTo(
                        "gqZwYWNrZXSCpHR5cGUCpGRhdGGTo2JpbsQDAQIDgaZuZXN0ZWTEAQSkb3B0c4Olcm9vbXOQpmV4Y2VwdJClZmxhZ3OA");
    }

    @Test
    void socketsJoinLeaveAndDisconnectAreReadWithTheirTypes() {
        JsonNode entries = CAPTURE.get("entries");
        ClusterMessage join = StreamsWire.decode(StreamsGolden.fields(entries.get(3)));
        ClusterMessage leave = StreamsWire.decode(StreamsGolden.fields(entries.get(4)));
        ClusterMessage disconnect = StreamsWire.decode(StreamsGolden.fields(entries.get(5)));

        assertThat(join.type()).isEqualTo(4);
        assertThat(join.data().get("rooms").toString()).isEqualTo("[\"room2\",\"room3\"]");
        assertThat(leave.type()).isEqualTo(5);
        assertThat(disconnect.type()).isEqualTo(6);
        assertThat(disconnect.data().get("close").asBoolean()).isTrue();
        assertThat(StreamsWire.decode(StreamsGolden.fields(entries.get(7))).nsp())
                .isEqualTo("/other");
    }

    @Test
    void theSessionNodeStoredIsReadAndWrittenAgainIdentically() {
        String stored = CAPTURE.get("session").asString();

        SessionToPersist session = StreamsWire.decodeSession(stored);

        JsonNode restored = CAPTURE.get("restored");
        assertThat(session.sid()).isEqualTo(restored.get("sid").asString());
        assertThat(session.pid()).isEqualTo(CAPTURE.get("pid").asString());
        assertThat(session.rooms()).containsExactly(session.sid(), "room1", "room2");
        assertThat(session.data()).isEqualTo(restored.get("data"));
        assertThat(session.data().get("big").longValue()).isEqualTo(5_000_000_000L);
        assertThat(StreamsWire.encodeSession(session)).isEqualTo(stored);
    }

    @Test
    void aSessionBuiltInJavaIsWhatNodeWouldStore() {
        JsonNode restored = CAPTURE.get("restored");
        SessionToPersist session = new SessionToPersist(
                restored.get("sid").asString(),
                CAPTURE.get("pid").asString(),
                new java.util.LinkedHashSet<>(List.of(restored.get("sid").asString(), "room1", "room2")),
                restored.get("data").deepCopy());

        assertThat(StreamsWire.encodeSession(session))
                .isEqualTo(CAPTURE.get("session").asString());
    }

    @Test
    void offsetsAreCheckedAndAdvancedAsNodeDoes() {
        assertThat(StreamsWire.isOffset("1796590645610-1")).isTrue();
        assertThat(StreamsWire.isOffset("1796590645610")).isFalse();
        assertThat(StreamsWire.isOffset("$")).isFalse();
        assertThat(StreamsWire.isOffset("1-2\n")).isFalse();
        assertThat(StreamsWire.isOffset(null)).isFalse();
        assertThat(StreamsWire.nextOffset("1796590645610-1")).isEqualTo("1796590645610-2");
        assertThat(StreamsWire.nextOffset("1796590645610-9")).isEqualTo("1796590645610-10");
    }

    @Test
    void aMissedBroadcastIsForTheSessionWhenItTargetsOneOfItsRoomsAndExcludesNone() {
        Set<String> rooms = Set.of("sid", "room1", "room2");

        assertThat(StreamsWire.isFor(rooms, BroadcastOptions.all())).isTrue();
        assertThat(StreamsWire.isFor(rooms, BroadcastOptions.toRooms(List.of("room9", "room2"))))
                .isTrue();
        assertThat(StreamsWire.isFor(rooms, BroadcastOptions.toRooms(List.of("room9"))))
                .isFalse();
        assertThat(StreamsWire.isFor(rooms, BroadcastOptions.all().except(List.of("room2"))))
                .isFalse();
    }

    @Test
    void malformedEntriesAreRefused() {
        Map<String, byte[]> noType = new LinkedHashMap<>();
        noType.put("uid", "x".getBytes(StandardCharsets.UTF_8));
        Map<String, byte[]> badData = new LinkedHashMap<>(noType);
        badData.put("type", "3".getBytes(StandardCharsets.UTF_8));
        badData.put("data", "not base64 !".getBytes(StandardCharsets.UTF_8));

        assertThatThrownBy(() -> StreamsWire.decode(noType)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> StreamsWire.decode(badData)).isInstanceOf(IllegalArgumentException.class);
    }
}
