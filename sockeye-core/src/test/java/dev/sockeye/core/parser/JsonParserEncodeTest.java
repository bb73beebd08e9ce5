package dev.sockeye.core.parser;

import static dev.sockeye.core.parser.Wire.MAPPER;
import static dev.sockeye.core.parser.Wire.encodeFrame;
import static dev.sockeye.core.parser.Wire.packet;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sockeye.core.Packet;
import dev.sockeye.core.PacketType;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/** Exact text the encoder writes for each packet type, as seen in WebSocket frames. */
class JsonParserEncodeTest {

    private final Encoder encoder = new JsonParser().encoder();

    @Test
    void connectOnTheMainNamespaceOmitsTheNamespace() {
        assertThat(encodeFrame(encoder, packet(PacketType.CONNECT, "/", "{\"sid\":\"abc\"}", null)))
                .isEqualTo("40{\"sid\":\"abc\"}");
        assertThat(encodeFrame(encoder, packet(PacketType.CONNECT, "/", null, null)))
                .isEqualTo("40");
    }

    @Test
    void otherNamespacesAreFollowedByAComma() {
        assertThat(encodeFrame(encoder, packet(PacketType.CONNECT, "/custom", "{\"sid\":\"x\"}", null)))
                .isEqualTo("40/custom,{\"sid\":\"x\"}");
        assertThat(encodeFrame(encoder, packet(PacketType.CONNECT, "/custom", null, null)))
                .isEqualTo("40/custom,");
        assertThat(encodeFrame(encoder, packet(PacketType.DISCONNECT, "/custom", null, null)))
                .isEqualTo("41/custom,");
    }

    @Test
    void disconnectHasNoPayload() {
        assertThat(encodeFrame(encoder, packet(PacketType.DISCONNECT, "/", null, null)))
                .isEqualTo("41");
    }

    @Test
    void eventIsCompactJsonWithKeysInInsertionOrder() {
        assertThat(encodeFrame(
                        encoder, packet(PacketType.EVENT, "/", "[\"message-back\",1,\"2\",{\"3\":[true]}]", null)))
                .isEqualTo("42[\"message-back\",1,\"2\",{\"3\":[true]}]");
        ObjectNode obj = MAPPER.createObjectNode().put("z", 1).put("a", 2).put("m", "x");
        ArrayNode data = MAPPER.createArrayNode().add("e").add(obj);
        assertThat(encodeFrame(encoder, Packet.event("/", data))).isEqualTo("42[\"e\",{\"z\":1,\"a\":2,\"m\":\"x\"}]");
    }

    @Test
    void eventWithNamespaceAndAckIdPutsTheIdAfterTheComma() {
        assertThat(encodeFrame(encoder, packet(PacketType.EVENT, "/custom", "[\"a\"]", 12L)))
                .isEqualTo("42/custom,12[\"a\"]");
        assertThat(encodeFrame(encoder, packet(PacketType.EVENT, "/", "[\"a\"]", 9007199254740991L)))
                .isEqualTo("429007199254740991[\"a\"]");
    }

    @Test
    void ackCarriesItsIdAndArguments() {
        assertThat(encodeFrame(encoder, packet(PacketType.ACK, "/", "[1,\"2\",{\"3\":[false]}]", 456L)))
                .isEqualTo("43456[1,\"2\",{\"3\":[false]}]");
        assertThat(encodeFrame(encoder, packet(PacketType.ACK, "/custom", "[]", 0L)))
                .isEqualTo("43/custom,0[]");
    }

    @Test
    void connectErrorCarriesAnObjectOrAString() {
        assertThat(encodeFrame(
                        encoder,
                        packet(PacketType.CONNECT_ERROR, "/nope", "{\"message\":\"Invalid namespace\"}", null)))
                .isEqualTo("44/nope,{\"message\":\"Invalid namespace\"}");
        assertThat(encodeFrame(
                        encoder,
                        packet(
                                PacketType.CONNECT_ERROR,
                                "/",
                                "{\"message\":\"not authorized\",\"data\":{\"code\":401}}",
                                null)))
                .isEqualTo("44{\"message\":\"not authorized\",\"data\":{\"code\":401}}");
        assertThat(encodeFrame(encoder, packet(PacketType.CONNECT_ERROR, "/", "\"Unauthorized\"", null)))
                .isEqualTo("44\"Unauthorized\"");
    }

    @Test
    void stringsAreEscapedAsJsonStringifyDoes() {
        ArrayNode data = MAPPER.createArrayNode().add("e").add("é \"q\" \\ / \n\t\u0001 \u2028 😀");
        assertThat(encodeFrame(encoder, Packet.event("/", data)))
                .isEqualTo("42[\"e\",\"é \\\"q\\\" \\\\ / \\n\\t\\u0001 \u2028 😀\"]");
    }

    @Test
    void nonFiniteNumbersBecomeNullAsInJavaScript() {
        ArrayNode data = MAPPER.createArrayNode()
                .add("e")
                .add(Double.NaN)
                .add(Double.POSITIVE_INFINITY)
                .add(1.5)
                .add(-3L);
        assertThat(encodeFrame(encoder, Packet.event("/", data))).isEqualTo("42[\"e\",null,null,1.5,-3]");
    }

    @Test
    void nullAndMissingDataAreOmitted() {
        assertThat(encodeFrame(encoder, new Packet(PacketType.CONNECT, "/", MAPPER.nullNode(), null)))
                .isEqualTo("40");
        assertThat(encodeFrame(encoder, new Packet(PacketType.DISCONNECT, null, MAPPER.missingNode(), null)))
                .isEqualTo("41");
    }

    @Test
    void binaryTypeWithoutBinaryDataGoesOutAsPlainEventOrAck() {
        assertThat(encodeFrame(encoder, packet(PacketType.BINARY_EVENT, "/", "[\"a\",1]", null)))
                .isEqualTo("42[\"a\",1]");
        assertThat(encodeFrame(encoder, packet(PacketType.BINARY_ACK, "/", "[1]", 3L)))
                .isEqualTo("433[1]");
    }

    @Test
    void binaryOutsideEventsAndAcksStaysInlineAsBase64() {
        ObjectNode data = MAPPER.createObjectNode().put("message", "x");
        data.set("data", MAPPER.getNodeFactory().binaryNode(new byte[] {1, 2, 3}));
        assertThat(encodeFrame(encoder, new Packet(PacketType.CONNECT_ERROR, "/", data, null)))
                .isEqualTo("44{\"message\":\"x\",\"data\":\"AQID\"}");
    }

    @Test
    void placeholderShapedObjectsInPlainEventsAreWrittenAsObjects() {
        assertThat(encodeFrame(
                        encoder, packet(PacketType.EVENT, "/", "[\"x\",{\"_placeholder\":true,\"num\":0}]", null)))
                .isEqualTo("42[\"x\",{\"_placeholder\":true,\"num\":0}]");
    }

    @Test
    void indentationOfACustomMapperIsIgnored() {
        var pretty = tools.jackson.databind.json.JsonMapper.builder()
                .enable(tools.jackson.databind.SerializationFeature.INDENT_OUTPUT)
                .build();
        Encoder prettyEncoder = new JsonParser(pretty).encoder();
        assertThat(encodeFrame(prettyEncoder, packet(PacketType.EVENT, "/", "[\"a\",{\"b\":[1,2]}]", null)))
                .isEqualTo("42[\"a\",{\"b\":[1,2]}]");
    }

    @Test
    void namespacesThatCannotBeDecodedBackAreRefused() {
        assertThatThrownBy(() -> encoder.encode(packet(PacketType.EVENT, "/a,b", "[\"a\"]", null)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("invalid namespace: must not contain a comma");
        assertThatThrownBy(() -> encoder.encode(packet(PacketType.EVENT, "chat", "[\"a\"]", null)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("invalid namespace: must start with '/'");
    }

    @Test
    void ackIdsAJavaScriptPeerCannotReadAreRefused() {
        assertThatThrownBy(() -> encoder.encode(packet(PacketType.ACK, "/", "[]", -1L)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("invalid ack id: -1");
        assertThatThrownBy(() -> encoder.encode(packet(PacketType.EVENT, "/", "[\"a\"]", 9007199254740992L)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("invalid ack id: 9007199254740992");
    }
}
