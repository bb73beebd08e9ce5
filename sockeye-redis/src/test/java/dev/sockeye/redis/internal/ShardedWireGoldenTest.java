package dev.sockeye.redis.internal;

import static dev.sockeye.core.adapter.cluster.GoldenArgs.args;
import static org.assertj.core.api.Assertions.assertThat;

import dev.sockeye.core.Packet;
import dev.sockeye.core.adapter.BroadcastOptions;
import dev.sockeye.core.adapter.cluster.ClusterMessage;
import dev.sockeye.core.adapter.cluster.ClusterMessageCodec;
import dev.sockeye.core.adapter.cluster.ClusterPayload;
import dev.sockeye.core.adapter.cluster.MessageType;
import dev.sockeye.core.adapter.cluster.TypedClusterMessage;
import dev.sockeye.core.adapter.internal.ClusterWire;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.node.JsonNodeFactory;

/**
 * The sharded protocol against the vectors captured from {@code @socket.io/redis-adapter} 8.3.0
 * {@code createShardedAdapter} (cluster-wire.md §1.4 and §1.11), through the codec the sharded
 * adapter publishes with.
 */
class ShardedWireGoldenTest {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final String UID = "259ff36633bb7e2f";

    private static String json(ClusterMessage m) {
        return new String(ClusterMessageCodec.encode(m), StandardCharsets.UTF_8);
    }

    @Test
    void broadcastToARoomMatchesCapture() {
        ClusterMessage m = new ClusterMessage(
                UID,
                "/",
                3,
                ClusterWire.broadcast(
                        Packet.event("/", args("hello", "world", 42)),
                        BroadcastOptions.toRooms(List.of("room1")),
                        null));

        assertThat(json(m))
                .isEqualTo(Monitor.text("{\\\"type\\\":3,\\\"data\\\":{\\\"packet\\\":{\\\"type\\\":2,"
                        + "\\\"data\\\":[\\\"hello\\\",\\\"world\\\",42]},\\\"opts\\\":{\\\"rooms\\\":[\\\"room1\\\"],\\\"except\\\":[],"
                        + "\\\"flags\\\":{}}},\\\"uid\\\":\\\"259ff36633bb7e2f\\\",\\\"nsp\\\":\\\"/\\\"}"));
    }

    @Test
    void fetchSocketsRequestMatchesCapture() {
        ClusterMessage m =
                new ClusterMessage(UID, "/", 7, ClusterWire.fetchSockets(BroadcastOptions.all(), "a7829540b2c9047c"));

        assertThat(json(m))
                .isEqualTo("{\"type\":7,\"data\":{\"opts\":{\"rooms\":[],\"except\":[],\"flags\":{}},"
                        + "\"requestId\":\"a7829540b2c9047c\"},\"uid\":\"259ff36633bb7e2f\",\"nsp\":\"/\"}");
    }

    @Test
    void broadcastWithAckAndItsResponsesMatchCapture() {
        ClusterMessage request = new ClusterMessage(
                UID,
                "/",
                3,
                ClusterWire.broadcast(
                        Packet.event("/", args("ackme", "x")),
                        BroadcastOptions.all().withTimeout(Duration.ofSeconds(1)),
                        "1db29c77387c9b5b"));
        ClusterMessage count =
                new ClusterMessage("c9f72a2b3d881a78", "/", 11, ClusterWire.clientCount("1db29c77387c9b5b", 1));
        ClusterMessage ack = new ClusterMessage(
                "c9f72a2b3d881a78", "/", 12, ClusterWire.answer("1db29c77387c9b5b", NODES.stringNode("acked:x")));

        assertThat(json(request))
                .isEqualTo("{\"type\":3,\"data\":{\"packet\":{\"type\":2,\"data\":[\"ackme\",\"x\"]},"
                        + "\"requestId\":\"1db29c77387c9b5b\",\"opts\":{\"rooms\":[],\"except\":[],\"flags\":{\"timeout\":1000}}},"
                        + "\"uid\":\"259ff36633bb7e2f\",\"nsp\":\"/\"}");
        assertThat(json(count))
                .isEqualTo("{\"type\":11,\"data\":{\"requestId\":\"1db29c77387c9b5b\",\"clientCount\":1},"
                        + "\"uid\":\"c9f72a2b3d881a78\",\"nsp\":\"/\"}");
        assertThat(json(ack))
                .isEqualTo("{\"type\":12,\"data\":{\"requestId\":\"1db29c77387c9b5b\",\"packet\":\"acked:x\"},"
                        + "\"uid\":\"c9f72a2b3d881a78\",\"nsp\":\"/\"}");
    }

    @Test
    void binaryBroadcastIsWholeMessageMsgpackAsCaptured() {
        ClusterMessage m = new ClusterMessage(
                UID,
                "/",
                3,
                ClusterWire.broadcast(
                        Packet.event("/", args("hello", new byte[] {1, 2, 3})), BroadcastOptions.all(), null));

        // captured: \x84\xa4type\x03\xa4data\x82\xa6packet\x82\xa4type\x02\xa4data\x92\xa5hello\xc4\x03\x01\x02\x03
        // \xa4opts\x83... (opts elided in the capture, as below) \xa3uid\xb0259ff36633bb7e2f\xa3nsp\xa1/
        assertThat(ClusterMessageCodec.encode(m))
                .isEqualTo(Monitor.bytes(
                        "\\x84\\xa4type\\x03\\xa4data\\x82\\xa6packet\\x82\\xa4type\\x02\\xa4data\\x92\\xa5hello\\xc4\\x03\\x01"
                                + "\\x02\\x03\\xa4opts\\x83\\xa5rooms\\x90\\xa6except\\x90\\xa5flags\\x80\\xa3uid\\xb0259ff36633bb7e2f"
                                + "\\xa3nsp\\xa1/"));
    }

    /**
     * Captured 2026-12 from the Node adapter itself (not in cluster-wire.md, whose §1.11 capture
     * elides the opts): socket.io 4.8.4 with {@code createShardedAdapter(pub, sub, {channelPrefix})}
     * of @socket.io/redis-adapter 8.3.0 (notepack.io 3.0.1), redis 4.7.1 clients, running
     * {@code io.to("room1").except("room2").emit("hello", "world", Buffer.from([1, 2, 3]))} while a
     * third client {@code sSubscribe}d to {@code <prefix>#/#room1#} in buffer mode printed the
     * message with {@code toString("hex")}. The uid is that run's random one.
     */
    @Test
    void binaryBroadcastToARoomIsByteIdenticalToTheNodeAdapters() {
        String captured = "84a47479706503a46461746182a67061636b657482a47479706502a46461746193a568656c6c6fa5776f726c64"
                + "c403010203a46f70747383a5726f6f6d7391a5726f6f6d31a665786365707491a5726f6f6d32a5666c61677380a3756964b0"
                + "66393161313566316630636433653636a36e7370a12f";
        ClusterMessage m = new ClusterMessage(
                "f91a15f1f0cd3e66",
                "/",
                3,
                ClusterWire.broadcast(
                        Packet.event("/", args("hello", "world", new byte[] {1, 2, 3})),
                        BroadcastOptions.toRooms(List.of("room1")).except("room2"),
                        null));

        assertThat(HexFormat.of().formatHex(ClusterMessageCodec.encode(m))).isEqualTo(captured);
        assertThat(ClusterMessageCodec.decode(HexFormat.of().parseHex(captured)))
                .isEqualTo(m);
    }

    @Test
    void theTypedMessageTheAdapterPublishesIsTheCapturedBytes() {
        Packet packet = Packet.event("/", args("hello", "world", new byte[] {1, 2, 3}));
        BroadcastOptions opts = BroadcastOptions.toRooms(List.of("room1")).except("room2");
        TypedClusterMessage typed = new TypedClusterMessage(UID, "/", new ClusterPayload.Broadcast(packet, opts, null));

        // the tree form is pinned to Node's bytes by the tests above
        assertThat(ClusterMessageCodec.encode(typed))
                .isEqualTo(ClusterMessageCodec.encode(
                        new ClusterMessage(UID, "/", 3, ClusterWire.broadcast(packet, opts, null))));
        assertThat(ClusterMessageCodec.decode(ClusterMessageCodec.encode(typed), "/"))
                .isEqualTo(typed);
    }

    @Test
    void deterministicMsgpackVectorDecodes() {
        ClusterMessage m = ClusterMessageCodec.decode(
                HexFormat.of()
                        .parseHex(
                                "84a3756964b030313233343536373839616263646566a36e7370a12fa47479706503a46461746182a67061636b657482a4"
                                        + "7479706502a46461746192a362696ec403010203a46f70747383a5726f6f6d7390a665786365707490a5666c61677380"));

        assertThat(m.uid()).isEqualTo("0123456789abcdef");
        assertThat(m.nsp()).isEqualTo("/");
        assertThat(m.messageType()).isEqualTo(MessageType.BROADCAST);
        assertThat(m.data().get("packet").get("data").get(1).binaryValue()).containsExactly(1, 2, 3);
        // and re-encoded in Node's key order it is the same message
        assertThat(ClusterMessageCodec.decode(ClusterMessageCodec.encode(m))).isEqualTo(m);
    }
}
