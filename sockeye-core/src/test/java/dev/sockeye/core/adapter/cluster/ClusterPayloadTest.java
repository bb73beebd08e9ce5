package dev.sockeye.core.adapter.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sockeye.core.Packet;
import dev.sockeye.core.adapter.BroadcastOptions;
import dev.sockeye.core.adapter.SocketDetails;
import dev.sockeye.core.adapter.internal.ClusterWire;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * The records of {@link ClusterPayload} through {@link ClusterWire#toData} and
 * {@link ClusterWire#fromData}: every type comes back as the record it left as, with the same
 * data on the wire. The wire bytes themselves are pinned by the golden tests.
 */
class ClusterPayloadTest {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final BroadcastOptions OPTS =
            BroadcastOptions.toRooms(List.of("r1", "r2")).except(Set.of("x")).withTimeout(Duration.ofMillis(500));

    private static ArrayNode event(String name, String arg) {
        return NODES.arrayNode().add(name).add(arg);
    }

    private static List<ClusterPayload> oneOfEach() {
        ObjectNode handshake = NODES.objectNode().put("url", "/socket.io/");
        return List.of(
                new ClusterPayload.InitialHeartbeat(),
                new ClusterPayload.Heartbeat(),
                new ClusterPayload.AdapterClose(),
                new ClusterPayload.Broadcast(Packet.event("/", event("hello", "world")), OPTS, null),
                new ClusterPayload.Broadcast(Packet.event("/", event("hello", "world")), OPTS, "req-1"),
                new ClusterPayload.SocketsJoin(OPTS, List.of("a", "b")),
                new ClusterPayload.SocketsLeave(OPTS, List.of("b")),
                new ClusterPayload.DisconnectSockets(OPTS, true),
                new ClusterPayload.FetchSockets(OPTS, "req-2"),
                new ClusterPayload.FetchSocketsResponse(
                        "req-2",
                        List.of(new SocketDetails(
                                "s1",
                                handshake,
                                Set.of("s1"),
                                NODES.objectNode().put("user", "ann")))),
                new ClusterPayload.ServerSideEmit(null, event("ping", "1")),
                new ClusterPayload.ServerSideEmit("req-3", event("ping", "2")),
                new ClusterPayload.ServerSideEmitResponse("req-3", NODES.stringNode("pong")),
                new ClusterPayload.BroadcastClientCount("req-1", 7),
                new ClusterPayload.BroadcastAck("req-1", NODES.numberNode(42)));
    }

    @Test
    void everyTypeComesBackAsItsRecordWithTheSameData() {
        List<ClusterPayload> payloads = oneOfEach();
        assertThat(payloads).extracting(ClusterPayload::type).containsAll(List.of(MessageType.values()));
        for (ClusterPayload payload : payloads) {
            JsonNode data = ClusterWire.toData(payload);
            // through the bytes, as a peer would get it
            ClusterMessage received = ClusterMessageCodec.decode(ClusterMessageCodec.encode(
                    new ClusterMessage("uid", "/", payload.type().code(), data)));
            ClusterPayload back = ClusterWire.fromData(received.messageType(), received.data(), "/");

            assertThat(back).as("%s", payload.type()).hasSameClassAs(payload);
            assertThat(back.type()).isEqualTo(payload.type());
            assertThat(ClusterWire.toData(back)).as("%s", payload.type()).isEqualTo(data);
        }
    }

    @Test
    void theFieldsAreReadBack() {
        ClusterPayload.Broadcast broadcast = (ClusterPayload.Broadcast)
                roundTrip(new ClusterPayload.Broadcast(Packet.event("/", event("hello", "world")), OPTS, "req-1"));
        assertThat(broadcast.requestId()).isEqualTo("req-1");
        assertThat(broadcast.packet().data()).isEqualTo(event("hello", "world"));
        assertThat(broadcast.opts().rooms()).containsExactly("r1", "r2");
        assertThat(broadcast.opts().except()).containsExactly("x");
        assertThat(broadcast.opts().timeout()).isEqualTo(Duration.ofMillis(500));

        ClusterPayload.SocketsJoin join =
                (ClusterPayload.SocketsJoin) roundTrip(new ClusterPayload.SocketsJoin(OPTS, List.of("b", "a")));
        assertThat(join.rooms()).containsExactly("b", "a");

        ClusterPayload.BroadcastClientCount count =
                (ClusterPayload.BroadcastClientCount) roundTrip(new ClusterPayload.BroadcastClientCount("req-1", 7));
        assertThat(count.clientCount()).isEqualTo(7);

        ClusterPayload.FetchSocketsResponse fetched =
                (ClusterPayload.FetchSocketsResponse) roundTrip(new ClusterPayload.FetchSocketsResponse(
                        "req-2", List.of(new SocketDetails("s1", NODES.nullNode(), Set.of("s1"), NODES.nullNode()))));
        assertThat(fetched.sockets()).extracting(SocketDetails::id).containsExactly("s1");
    }

    @Test
    void aNumericOptionalRequestIdIsReadAsTextButARequiredOneMustBeAString() {
        JsonNode broadcast =
                ClusterWire.toData(new ClusterPayload.Broadcast(Packet.event("/", event("a", "b")), OPTS, null));
        ((ObjectNode) broadcast).put("requestId", 12);
        assertThat(((ClusterPayload.Broadcast) ClusterWire.fromData(MessageType.BROADCAST, broadcast, "/")).requestId())
                .isEqualTo("12");

        ObjectNode ack = NODES.objectNode().put("requestId", 12).put("packet", 1);
        assertThatThrownBy(() -> ClusterWire.fromData(MessageType.BROADCAST_ACK, ack, "/"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("requestId");
    }

    @Test
    void malformedDataIsRefusedWithAnIllegalArgument() {
        assertThatThrownBy(() -> ClusterWire.fromData(MessageType.BROADCAST, null, "/"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ClusterWire.fromData(MessageType.SERVER_SIDE_EMIT, null, "/"))
                .isInstanceOf(IllegalArgumentException.class);
        ObjectNode emptyEmit = NODES.objectNode();
        emptyEmit.putArray("packet");
        assertThatThrownBy(() -> ClusterWire.fromData(MessageType.SERVER_SIDE_EMIT, emptyEmit, "/"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("non-empty");
        assertThatThrownBy(() -> ClusterWire.fromData(
                        MessageType.FETCH_SOCKETS_RESPONSE,
                        NODES.objectNode().put("requestId", "r").put("sockets", "none"),
                        "/"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("sockets");
    }

    private static ClusterPayload roundTrip(ClusterPayload payload) {
        byte[] bytes = ClusterMessageCodec.encode(
                new ClusterMessage("uid", "/", payload.type().code(), ClusterWire.toData(payload)));
        assertThat(new String(bytes, StandardCharsets.UTF_8)).startsWith("{");
        ClusterMessage received = ClusterMessageCodec.decode(bytes);
        return ClusterWire.fromData(received.messageType(), received.data(), "/");
    }
}
