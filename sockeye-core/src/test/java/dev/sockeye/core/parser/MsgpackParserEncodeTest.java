package dev.sockeye.core.parser;

import static dev.sockeye.core.parser.MsgpackParserRejectsBadInputTest.mp;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sockeye.core.Packet;
import dev.sockeye.core.PacketType;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;

/** Java values in packets the server sends, written as notepack writes their JavaScript counterparts. */
class MsgpackParserEncodeTest {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private final MsgpackParser parser = new MsgpackParser();

    private String encode(Packet packet) {
        return HexFormat.of().formatHex(parser.encoder().encode(packet).binary());
    }

    private String encodeEvent(Object... args) {
        return encode(Packet.event("/", PacketData.eventData(parser.mapper(), "e", args)));
    }

    private static String hex(String tokens) {
        return HexFormat.of().formatHex(mp(tokens));
    }

    private record Point(int x, byte[] raw) {}

    @Test
    void theJavadocExampleIsRight() {
        assertThat(encode(Packet.event("/", PacketData.eventData(parser.mapper(), "hi", new byte[] {1}))))
                .isEqualTo(hex("83 'type 02 'data 92 'hi c40101 'nsp '/"));
    }

    @Test
    void binaryOfEveryJavaShapeIsBin() {
        String bin = hex("83 'type 02 'data 92 'e c403010203 'nsp '/");
        assertThat(encodeEvent(new byte[] {1, 2, 3})).isEqualTo(bin);
        assertThat(encodeEvent(ByteBuffer.wrap(new byte[] {0, 1, 2, 3}).position(1)))
                .isEqualTo(bin);
        ArrayNode pojo = NODES.arrayNode().add("e").addPOJO(new byte[] {1, 2, 3});
        assertThat(encode(Packet.event("/", pojo))).isEqualTo(bin);
        assertThat(encode(Packet.event("/", NODES.arrayNode().add("e").addPOJO(ByteBuffer.wrap(new byte[] {1, 2, 3})))))
                .isEqualTo(bin);
        // and a record's byte[] field, converted by the mapper
        assertThat(encodeEvent(new Point(1, new byte[] {7})))
                .isEqualTo(hex("83 'type 02 'data 92 'e 82 'x 01 'raw c40107 'nsp '/"));
        assertThat(encode(Packet.event("/", NODES.arrayNode().add("e").addPOJO(new Point(1, new byte[] {7})))))
                .isEqualTo(hex("83 'type 02 'data 92 'e 82 'x 01 'raw c40107 'nsp '/"));
    }

    @Test
    void numbersAreIntegersWheneverIntegralWhateverTheirJavaType() {
        String seven = hex("83 'type 02 'data 92 'e 07 'nsp '/");
        assertThat(encodeEvent(7)).isEqualTo(seven);
        assertThat(encodeEvent(7L)).isEqualTo(seven);
        assertThat(encodeEvent(7.0)).isEqualTo(seven);
        assertThat(encodeEvent(7.0f)).isEqualTo(seven);
        assertThat(encodeEvent(new BigDecimal("7.00"))).isEqualTo(seven);
        assertThat(encodeEvent(-0.0)).isEqualTo(hex("83 'type 02 'data 92 'e 00 'nsp '/"));
        assertThat(encodeEvent(0.5f)).isEqualTo(hex("83 'type 02 'data 92 'e cb3fe0000000000000 'nsp '/"));
        assertThat(encodeEvent(Double.NaN)).isEqualTo(hex("83 'type 02 'data 92 'e cb7ff8000000000000 'nsp '/"));
        assertThat(encodeEvent(Double.NEGATIVE_INFINITY))
                .isEqualTo(hex("83 'type 02 'data 92 'e cbfff0000000000000 'nsp '/"));
        assertThat(encodeEvent(Long.MAX_VALUE)).isEqualTo(hex("83 'type 02 'data 92 'e cf7fffffffffffffff 'nsp '/"));
        assertThat(encodeEvent(0x1p63)).isEqualTo(hex("83 'type 02 'data 92 'e cf8000000000000000 'nsp '/"));
    }

    @Test
    void binaryTypesAreWrittenAsTheirPlainTypesAndEmptyDataIsLeftOut() {
        assertThat(encode(new Packet(PacketType.BINARY_EVENT, "/", Wire.json("[\"e\"]"), null)))
                .isEqualTo(hex("83 'type 02 'data 91 'e 'nsp '/"));
        assertThat(encode(new Packet(PacketType.BINARY_ACK, "/", Wire.json("[]"), 1L)))
                .isEqualTo(hex("84 'id 01 'type 03 'data 90 'nsp '/"));
        assertThat(encode(new Packet(PacketType.CONNECT, "/", NODES.nullNode(), null)))
                .isEqualTo(hex("82 'type 00 'nsp '/"));
        assertThat(encode(new Packet(PacketType.CONNECT, null, null, null))).isEqualTo(hex("82 'type 00 'nsp '/"));
    }

    @Test
    void ackIdsOutsideWhatJavaScriptHoldsAreRefused() {
        Packet packet = new Packet(PacketType.ACK, "/", Wire.json("[]"), (1L << 53));
        assertThatThrownBy(() -> parser.encoder().encode(packet)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> parser.encoder().encode(packet.withId(-1L)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(encode(packet.withId((1L << 53) - 1))).startsWith(hex("84 'id cf001fffffffffffff"));
    }
}
