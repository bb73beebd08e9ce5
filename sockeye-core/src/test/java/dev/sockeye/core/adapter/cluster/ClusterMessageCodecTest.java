package dev.sockeye.core.adapter.cluster;

import static dev.sockeye.core.adapter.cluster.GoldenArgs.args;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sockeye.core.Packet;
import dev.sockeye.core.adapter.BroadcastOptions;
import dev.sockeye.core.adapter.SocketDetails;
import dev.sockeye.core.adapter.internal.ClusterWire;
import dev.sockeye.core.adapter.internal.MsgpackTree;
import dev.sockeye.testing.AllocationBudget;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/** Golden tests against the traffic captured from the Node adapters (shared/design/cluster-wire.md §1.11). */
class ClusterMessageCodecTest {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final HexFormat HEX = HexFormat.of();
    private static final String UID = "259ff36633bb7e2f";

    @Test
    void broadcastToOneRoomIsTheCapturedShardedJson() {
        ClusterMessage message = new ClusterMessage(
                UID,
                "/",
                3,
                ClusterWire.broadcast(
                        Packet.event("/", args("hello", "world", 42)),
                        BroadcastOptions.toRooms(List.of("room1")),
                        null));

        assertThat(new String(ClusterMessageCodec.encode(message), StandardCharsets.UTF_8))
                .isEqualTo("{\"type\":3,\"data\":{\"packet\":{\"type\":2,\"data\":[\"hello\",\"world\",42]},"
                        + "\"opts\":{\"rooms\":[\"room1\"],\"except\":[],\"flags\":{}}},"
                        + "\"uid\":\"259ff36633bb7e2f\",\"nsp\":\"/\"}");
    }

    @Test
    void fetchSocketsRequestIsTheCapturedJson() {
        ClusterMessage message =
                new ClusterMessage(UID, "/", 7, ClusterWire.fetchSockets(BroadcastOptions.all(), "a7829540b2c9047c"));

        assertThat(ClusterMessageCodec.toJson(message))
                .isEqualTo("{\"type\":7,\"data\":{\"opts\":{\"rooms\":[],\"except\":[],\"flags\":{}},"
                        + "\"requestId\":\"a7829540b2c9047c\"},\"uid\":\"259ff36633bb7e2f\",\"nsp\":\"/\"}");
    }

    @Test
    void broadcastWithAckAndItsResponsesAreTheCapturedJson() {
        ClusterMessage request = new ClusterMessage(
                UID,
                "/",
                3,
                ClusterWire.broadcast(
                        Packet.event("/", args("ackme", "x")).withId(7L),
                        BroadcastOptions.all().withTimeout(Duration.ofSeconds(1)),
                        "1db29c77387c9b5b"));
        ClusterMessage count =
                new ClusterMessage("c9f72a2b3d881a78", "/", 11, ClusterWire.clientCount("1db29c77387c9b5b", 1));
        ClusterMessage ack = new ClusterMessage(
                "c9f72a2b3d881a78", "/", 12, ClusterWire.answer("1db29c77387c9b5b", NODES.stringNode("acked:x")));

        assertThat(ClusterMessageCodec.toJson(request))
                .isEqualTo("{\"type\":3,\"data\":{\"packet\":{\"type\":2,\"data\":[\"ackme\",\"x\"]},"
                        + "\"requestId\":\"1db29c77387c9b5b\","
                        + "\"opts\":{\"rooms\":[],\"except\":[],\"flags\":{\"timeout\":1000}}},"
                        + "\"uid\":\"259ff36633bb7e2f\",\"nsp\":\"/\"}");
        assertThat(ClusterMessageCodec.toJson(count))
                .isEqualTo("{\"type\":11,\"data\":{\"requestId\":\"1db29c77387c9b5b\",\"clientCount\":1},"
                        + "\"uid\":\"c9f72a2b3d881a78\",\"nsp\":\"/\"}");
        assertThat(ClusterMessageCodec.toJson(ack))
                .isEqualTo("{\"type\":12,\"data\":{\"requestId\":\"1db29c77387c9b5b\",\"packet\":\"acked:x\"},"
                        + "\"uid\":\"c9f72a2b3d881a78\",\"nsp\":\"/\"}");
    }

    @Test
    void broadcastWithBinaryGoesOutAsMsgpackInTheCapturedKeyOrder() {
        ClusterMessage message = new ClusterMessage(
                UID,
                "/",
                3,
                ClusterWire.broadcast(
                        Packet.event("/", args("hello", new byte[] {1, 2, 3})), BroadcastOptions.all(), null));

        String hex = HEX.formatHex(ClusterMessageCodec.encode(message));

        // captured:
        // "\x84\xa4type\x03\xa4data\x82\xa6packet...\xc4\x03\x01\x02\x03\xa4opts\x83...\xa3uid\xb0259f...\xa3nsp\xa1/"
        assertThat(hex)
                .isEqualTo("84a47479706503a46461746182a67061636b657482a47479706502a46461746192a568656c6c6f"
                        + "c403010203a46f70747383a5726f6f6d7390a665786365707490a5666c61677380"
                        + "a3756964b032353966663336363333626237653266a36e7370a12f");
    }

    @Test
    void theDeterministicShardedBinaryVectorDecodesAndReencodesByteForByte() {
        byte[] bytes = HEX.parseHex("84a3756964b030313233343536373839616263646566a36e7370a12fa47479706503a46461746182"
                + "a67061636b657482a47479706502a46461746192a362696ec403010203a46f70747383a5726f6f6d7390a665786365707490"
                + "a5666c61677380");

        ClusterMessage message = ClusterMessageCodec.decode(bytes);

        assertThat(message.uid()).isEqualTo("0123456789abcdef");
        assertThat(message.nsp()).isEqualTo("/");
        assertThat(message.messageType()).isEqualTo(MessageType.BROADCAST);
        Packet packet = ClusterWire.packetFromTree(message.data().get("packet"), "/");
        assertThat(packet.data().get(0).stringValue()).isEqualTo("bin");
        assertThat(packet.data().get(1).binaryValue()).containsExactly(1, 2, 3);
        assertThat(ClusterWire.optsFromTree(message.data().get("opts"))).isEqualTo(BroadcastOptions.all());
        assertThat(MsgpackTree.write(MsgpackTree.read(bytes))).isEqualTo(bytes);
    }

    @Test
    void theClassicRedisVectorsAreReproducedByTheMsgpackWriter() {
        ObjectNode packet = NODES.objectNode();
        packet.put("type", 2);
        packet.set("data", args("hello", "world", 42));
        packet.put("nsp", "/");
        ObjectNode opts = ClusterWire.optsToTree(BroadcastOptions.toRooms(List.of("room1")));
        ArrayNode withRoom = NODES.arrayNode().add("AbC123").add(packet).add(opts);
        ObjectNode binPacket = NODES.objectNode();
        binPacket.put("type", 2);
        binPacket.set("data", args("bin", new byte[] {1, 2, 3}));
        binPacket.put("nsp", "/");
        ArrayNode withBinary =
                NODES.arrayNode().add("AbC123").add(binPacket).add(ClusterWire.optsToTree(BroadcastOptions.all()));

        assertThat(HEX.formatHex(MsgpackTree.write(withRoom)))
                .isEqualTo(
                        "93a641624331323383a47479706502a46461746193a568656c6c6fa5776f726c642aa36e7370a12f83a5726f6f6d7391"
                                + "a5726f6f6d31a665786365707490a5666c61677380");
        assertThat(HEX.formatHex(MsgpackTree.write(withBinary)))
                .isEqualTo(
                        "93a641624331323383a47479706502a46461746192a362696ec403010203a36e7370a12f83a5726f6f6d7390a665786365"
                                + "707490a5666c61677380");
    }

    @Test
    void capturedClassicMessagesParse() {
        JsonNode emitter = MsgpackTree.read(HEX.parseHex("93a7656d697474657283a47479706502a46461746192a474657374a9"
                + "736f6d652064617461a36e7370a12f82a5726f6f6d7390a5666c61677380"));
        JsonNode ackRequest = MsgpackTree.read(HEX.parseHex("85a3756964a64f6346533047a9726571756573744964a64f2d5a48"
                + "3952a47479706507a67061636b657483a47479706502a46461746192a561636b6d65a178a36e7370a12fa46f70747383a5"
                + "726f6f6d7390a665786365707490a5666c61677381a774696d656f7574cd03e8"));

        assertThat(emitter.get(0).stringValue()).isEqualTo("emitter");
        assertThat(ClusterWire.packetFromTree(emitter.get(1), "/").data()).isEqualTo(args("test", "some data"));
        // old emitters omit "except"
        assertThat(ClusterWire.optsFromTree(emitter.get(2))).isEqualTo(BroadcastOptions.all());
        assertThat(ClusterWire.optsFromTree(ackRequest.get("opts")).timeout()).isEqualTo(Duration.ofSeconds(1));
        assertThat(ackRequest.get("requestId").stringValue()).isEqualTo("O-ZH9R");
    }

    @Test
    void theStreamsAdapterBinaryDataFieldRoundTrips() {
        byte[] bytes = Base64.getDecoder()
                .decode("gqZwYWNrZXSCpHR5cGUCpGRhdGGSpWhlbGxvxAEJpG9wdHODpXJvb21zkKZleGNlcHSQpWZsYWdzgA==");
        ObjectNode data =
                ClusterWire.broadcast(Packet.event("/", args("hello", new byte[] {9})), BroadcastOptions.all(), null);

        assertThat(ClusterMessageCodec.treeToMsgpack(data)).isEqualTo(bytes);
        assertThat(ClusterMessageCodec.msgpackToTree(bytes)).isEqualTo(data);
        assertThat(ClusterMessageCodec.treeToJson(ClusterWire.broadcast(
                        Packet.event("/", args("hello", 1)), BroadcastOptions.toRooms(List.of("room1")), null)))
                .isEqualTo("{\"packet\":{\"type\":2,\"data\":[\"hello\",1]},"
                        + "\"opts\":{\"rooms\":[\"room1\"],\"except\":[],\"flags\":{}}}");
    }

    @Test
    void datesUseTheTimestampExtensionAndDecodeToIsoStrings() {
        Instant instant = Instant.parse("2023-11-14T22:13:20Z");

        assertThat(HEX.formatHex(MsgpackTree.write(NODES.pojoNode(instant)))).isEqualTo("d6ff6553f100");
        assertThat(MsgpackTree.read(HEX.parseHex("d6ff6553f100")).stringValue()).isEqualTo("2023-11-14T22:13:20.000Z");
        // notepack 2: fixext8 type 0 is a Date in epoch ms, fixext1 type 0 is undefined, ext8 type 0 an ArrayBuffer
        assertThat(MsgpackTree.read(HEX.parseHex("d7000000018bcfe56800")).stringValue())
                .isEqualTo("2023-11-14T22:13:20.000Z");
        assertThat(MsgpackTree.read(HEX.parseHex("d40000")).isNull()).isTrue();
        assertThat(MsgpackTree.read(HEX.parseHex("c70300010203")).binaryValue()).containsExactly(1, 2, 3);
    }

    @Test
    void numbersTakeTheSmallestEncodingLikeJavaScript() {
        assertThat(HEX.formatHex(MsgpackTree.write(NODES.numberNode(42.0)))).isEqualTo("2a");
        assertThat(HEX.formatHex(MsgpackTree.write(NODES.numberNode(-1)))).isEqualTo("ff");
        assertThat(HEX.formatHex(MsgpackTree.write(NODES.numberNode(1000)))).isEqualTo("cd03e8");
        assertThat(HEX.formatHex(MsgpackTree.write(NODES.numberNode(1.5)))).isEqualTo("cb3ff8000000000000");
        assertThat(HEX.formatHex(MsgpackTree.write(NODES.numberNode(1.5f)))).isEqualTo("cb3ff8000000000000");
        assertThat(MsgpackTree.read(HEX.parseHex("cfffffffffffffffff"))
                        .bigIntegerValue()
                        .toString())
                .isEqualTo("18446744073709551615");
    }

    @Test
    void fetchSocketsResponseCarriesTheSocketDetailsShape() {
        ObjectNode handshake =
                NODES.objectNode().put("address", "::ffff:127.0.0.1").put("issued", 1795315543376L);
        SocketDetails details = new SocketDetails(
                "Q8Hb-HqcXovQ2zVTAAAA",
                handshake,
                Set.of("Q8Hb-HqcXovQ2zVTAAAA"),
                NODES.objectNode().put("user", "bob"));
        ClusterMessage message = new ClusterMessage(
                "c9f72a2b3d881a78", "/", 8, ClusterWire.fetchSocketsResponse("a7829540b2c9047c", List.of(details)));

        String json = ClusterMessageCodec.toJson(message);

        assertThat(json)
                .isEqualTo("{\"type\":8,\"data\":{\"requestId\":\"a7829540b2c9047c\",\"sockets\":[{"
                        + "\"id\":\"Q8Hb-HqcXovQ2zVTAAAA\",\"handshake\":{\"address\":\"::ffff:127.0.0.1\","
                        + "\"issued\":1795315543376},\"rooms\":[\"Q8Hb-HqcXovQ2zVTAAAA\"],\"data\":{\"user\":\"bob\"}}]},"
                        + "\"uid\":\"c9f72a2b3d881a78\",\"nsp\":\"/\"}");
        assertThat(ClusterWire.detailsList(
                        ClusterMessageCodec.fromJson(json).data().get("sockets")))
                .containsExactly(details);
    }

    @Test
    void optionsFlagsRoundTripAndUnknownFlagsAreIgnored() {
        BroadcastOptions opts = BroadcastOptions.toRooms(List.of("a", "b"))
                .except("c")
                .withVolatile(true)
                .withCompress(false)
                .withBroadcast(true)
                .withTimeout(Duration.ofMillis(250))
                .withExpectSingleResponse(true);

        JsonNode tree = ClusterWire.optsToTree(opts);
        ((ObjectNode) tree.get("flags")).put("binary", true).put("somethingNew", "x");

        assertThat(ClusterMessageCodec.treeToJson(ClusterWire.optsToTree(opts)))
                .isEqualTo(
                        "{\"rooms\":[\"a\",\"b\"],\"except\":[\"c\"],\"flags\":{\"volatile\":true,\"compress\":false,"
                                + "\"broadcast\":true,\"timeout\":250,\"expectSingleResponse\":true}}");
        assertThat(ClusterWire.optsFromTree(tree)).isEqualTo(opts);
    }

    @Test
    void aTimeoutThatIsNoLongNumberOfMillisecondsIsNoTimeout() {
        // found by ClusterMessageCodecFuzzTest: asLong() threw Jackson's JsonNodeException for a timeout beyond a long
        for (String timeout : List.of("1" + "0".repeat(30), "1e300", "-5", "\"12\"", "[]")) {
            JsonNode opts = ClusterMessageCodec.jsonToTree("{\"flags\":{\"timeout\":" + timeout + "}}");
            assertThat(ClusterWire.optsFromTree(opts).timeout()).as(timeout).isNull();
        }
        JsonNode opts = ClusterMessageCodec.jsonToTree("{\"flags\":{\"timeout\":1500}}");
        assertThat(ClusterWire.optsFromTree(opts).timeout()).isEqualTo(Duration.ofMillis(1500));
    }

    @Test
    void extraFieldsAndMissingUidAreTolerated() {
        ClusterMessage message = ClusterMessageCodec.decode(("{\"type\":9,\"data\":{\"packet\":[\"ping\"]},"
                        + "\"nsp\":\"/\",\"nodeId\":\"x\",\"source\":\"_sio_adapter\"}")
                .getBytes(StandardCharsets.UTF_8));

        assertThat(message.uid()).isNull();
        assertThat(message.messageType()).isEqualTo(MessageType.SERVER_SIDE_EMIT);
        assertThat(new ClusterMessage("u", "/", 99, null).messageType()).isNull();
    }

    @Test
    void malformedPayloadsAreRejectedWithIllegalArgumentException() {
        for (String bad : List.of("{", "{\"data\":{}}", "{\"type\":\"3\"}", "[1,2]")) {
            assertThatThrownBy(() -> ClusterMessageCodec.decode(bad.getBytes(StandardCharsets.UTF_8)))
                    .as(bad)
                    .isInstanceOf(IllegalArgumentException.class);
        }
        for (String badHex : List.of("", "c1", "dc0005", "92a1", "c7030901")) {
            assertThatThrownBy(() -> ClusterMessageCodec.decode(HEX.parseHex(badHex)))
                    .as(badHex)
                    .isInstanceOf(IllegalArgumentException.class);
        }
        byte[] deep = new byte[MsgpackTree.MAX_DEPTH + 10];
        java.util.Arrays.fill(deep, (byte) 0x91);
        assertThatThrownBy(() -> MsgpackTree.read(deep)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aBinaryOrExtensionLengthBeyondTheInputIsRefusedBeforeAnythingIsAllocated() throws Exception {
        // found by ClusterMessageCodecFuzzTest: msgpack-core allocates a declared length up to 64 MB up front
        for (String fiveBytesAnnouncing64Mb : List.of("c603ffffff", "c903ffffff01", "81a474797065c603ffffff")) {
            AllocationBudget.check(
                    fiveBytesAnnouncing64Mb.length() / 2,
                    () -> assertThatThrownBy(() -> ClusterMessageCodec.decode(HEX.parseHex(fiveBytesAnnouncing64Mb)))
                            .isInstanceOf(IllegalArgumentException.class)
                            .hasMessageContaining("only"));
        }
        // a payload the input does hold still reads
        assertThat(MsgpackTree.read(HEX.parseHex("c403010203")).binaryValue()).containsExactly(1, 2, 3);
    }

    @Test
    void randomIdsAreSixteenHexCharacters() {
        String id = ClusterWire.randomId();

        assertThat(id).matches("[0-9a-f]{16}");
        assertThat(ClusterWire.randomId()).isNotEqualTo(id);
    }
}
