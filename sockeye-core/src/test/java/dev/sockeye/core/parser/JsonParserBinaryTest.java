package dev.sockeye.core.parser;

import static dev.sockeye.core.parser.Wire.MAPPER;
import static dev.sockeye.core.parser.Wire.frame;
import static dev.sockeye.core.parser.Wire.json;
import static dev.sockeye.core.parser.Wire.parts;
import static dev.sockeye.core.parser.Wire.unwrap;
import static org.assertj.core.api.Assertions.assertThat;

import dev.sockeye.core.Packet;
import dev.sockeye.core.PacketType;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/** Binary events and acks: placeholders in the header, attachments as separate messages (FIXTURE.md §3.3). */
class JsonParserBinaryTest {

    private static final byte[] A = {1, 2, 3};
    private static final byte[] B = {4, 5, 6};

    private final JsonParser parser = new JsonParser();
    private final Encoder encoder = parser.encoder();
    private final Decoder decoder = parser.newDecoder();

    @Test
    void binaryEventIsAHeaderWithPlaceholdersThenOneMessagePerAttachment() {
        ArrayNode data = MAPPER.createArrayNode().add("message-back").add(A).add(B);
        List<Object> messages = parts(encoder.encode(Packet.event("/", data)));
        assertThat(messages).hasSize(3);
        assertThat(frame(messages.get(0)))
                .isEqualTo(
                        "452-[\"message-back\",{\"_placeholder\":true,\"num\":0},{\"_placeholder\":true,\"num\":1}]");
        assertThat(messages.get(1)).isEqualTo(A);
        assertThat(messages.get(2)).isEqualTo(B);
    }

    @Test
    void binaryAckKeepsItsId() {
        ArrayNode data = MAPPER.createArrayNode().add(A).add(B);
        List<Object> messages = parts(encoder.encode(new Packet(PacketType.ACK, "/", data, 789L)));
        assertThat(frame(messages.get(0)))
                .isEqualTo("462-789[{\"_placeholder\":true,\"num\":0},{\"_placeholder\":true,\"num\":1}]");
        assertThat(messages.subList(1, 3)).containsExactly(A, B);
    }

    @Test
    void nestedBinaryIsNumberedInDocumentOrderWithNamespaceAndId() {
        ObjectNode obj = MAPPER.createObjectNode();
        obj.put("z", B);
        obj.putArray("list").add(1).add(A);
        ArrayNode data = MAPPER.createArrayNode().add("up").add(obj);
        List<Object> messages = parts(encoder.encode(new Packet(PacketType.EVENT, "/admin", data, 3L)));
        assertThat(frame(messages.get(0)))
                .isEqualTo(
                        "452-/admin,3[\"up\",{\"z\":{\"_placeholder\":true,\"num\":0},\"list\":[1,{\"_placeholder\":true,\"num\":1}]}]");
        assertThat(messages.subList(1, 3)).containsExactly(B, A);
    }

    @Test
    void encodingDoesNotChangeTheTree() {
        ArrayNode data = MAPPER.createArrayNode().add("m").add(A);
        String before = data.toString();
        encoder.encode(Packet.event("/", data));
        assertThat(data.toString()).isEqualTo(before);
        assertThat(data.get(1).isBinary()).isTrue();
    }

    @Test
    void decoderHoldsTheHeaderUntilEveryAttachmentArrived() throws DecodeException {
        assertThat(decoder.add(unwrap(
                        "452-[\"message\",{\"_placeholder\":true,\"num\":0},{\"_placeholder\":true,\"num\":1}]")))
                .isNull();
        assertThat(decoder.add(A)).isNull();
        Packet p = decoder.add(B);
        assertThat(p.type()).isEqualTo(PacketType.EVENT);
        assertThat(p.nsp()).isEqualTo("/");
        assertThat(p.id()).isNull();
        assertThat(p.data().get(0).stringValue()).isEqualTo("message");
        assertThat(p.data().get(1).isBinary()).isTrue();
        assertThat(p.data().get(1).binaryValue()).isEqualTo(A);
        assertThat(p.data().get(2).binaryValue()).isEqualTo(B);
        // Reassembly is over: the next text packet is decoded normally.
        assertThat(decoder.add(unwrap("42[\"next\"]")).data()).isEqualTo(json("[\"next\"]"));
    }

    @Test
    void binaryAckIsDecodedAsAnAckWithItsId() throws DecodeException {
        assertThat(decoder.add(unwrap("462-789[{\"_placeholder\":true,\"num\":0},{\"_placeholder\":true,\"num\":1}]")))
                .isNull();
        assertThat(decoder.add(A)).isNull();
        Packet p = decoder.add(B);
        assertThat(p.type()).isEqualTo(PacketType.ACK);
        assertThat(p.id()).isEqualTo(789L);
        assertThat(p.data().get(0).binaryValue()).isEqualTo(A);
        assertThat(p.data().get(1).binaryValue()).isEqualTo(B);
    }

    @Test
    void placeholdersMayBeDeepInObjectsAndOutOfOrder() throws DecodeException {
        decoder.add(
                unwrap(
                        "452-/admin,7[\"up\",{\"k\":{\"_placeholder\":true,\"num\":1},\"l\":[{\"_placeholder\":true,\"num\":0}]}]"));
        decoder.add(A);
        Packet p = decoder.add(B);
        assertThat(p.nsp()).isEqualTo("/admin");
        assertThat(p.id()).isEqualTo(7L);
        assertThat(p.data().get(1).get("k").binaryValue()).isEqualTo(B);
        assertThat(p.data().get(1).get("l").get(0).binaryValue()).isEqualTo(A);
    }

    @Test
    void binaryEventRoundTripsThroughEncoderAndDecoder() throws DecodeException {
        ArrayNode data = MAPPER.createArrayNode().add("m").add(A);
        data.addObject().put("x", B).put("y", "z");
        List<Object> messages = parts(encoder.encode(new Packet(PacketType.EVENT, "/c", data, 42L)));
        Packet decoded = null;
        for (Object m : messages) {
            decoded = m instanceof String s ? decoder.add(s) : decoder.add((byte[]) m);
        }
        assertThat(decoded).isEqualTo(new Packet(PacketType.EVENT, "/c", data, 42L));
    }

    @Test
    void decodedBinaryPacketEncodesBackToTheSameMessages() throws DecodeException {
        String header =
                "452-789[\"message-with-ack\",{\"_placeholder\":true,\"num\":0},{\"_placeholder\":true,\"num\":1}]";
        decoder.add(unwrap(header));
        decoder.add(A);
        Packet p = decoder.add(B);
        List<Object> out = parts(encoder.encode(p));
        assertThat(frame(out.get(0))).isEqualTo(header);
        assertThat(out.subList(1, 3)).containsExactly(A, B);
    }

    @Test
    void destroyDropsAPartialPacketAndDecodingResumes() throws DecodeException {
        assertThat(decoder.add(unwrap("451-[\"hello\",{\"_placeholder\":true,\"num\":0}]")))
                .isNull();
        decoder.destroy();
        Packet p = decoder.add(unwrap("42[\"hello\"]"));
        assertThat(p.data()).isEqualTo(json("[\"hello\"]"));
    }

    @Test
    void attachmentsWithoutPlaceholdersAreAcceptedAndIgnored() throws DecodeException {
        // The Node parser does not require each attachment to be referenced either.
        assertThat(decoder.add(unwrap("451-[\"a\"]"))).isNull();
        JsonNode data = decoder.add(A).data();
        assertThat(data).isEqualTo(json("[\"a\"]"));
    }
}
