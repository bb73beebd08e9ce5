package dev.sockeye.engine.internal;

import static dev.sockeye.engine.internal.CodecV4Test.assertPacket;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sockeye.engine.EngineMessage;
import dev.sockeye.engine.EnginePacket;
import dev.sockeye.engine.spi.OutboundFrame;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Protocol 3 as engine.io-parser 2.2 (Node's parser-v3) writes and reads it, byte for byte. */
class CodecV3Test {
    private static final EngineCodec BINARY = EngineCodec.of(3, true);
    private static final EngineCodec BASE64 = EngineCodec.of(3, false);
    private static final byte[] BYTES = {1, 2, 3};
    /** One character outside the BMP: two UTF-16 code units, four UTF-8 bytes. */
    private static final String GRIN = "\uD83D\uDE00";
    /** Open, text beyond the BMP, text of two-digit length, binary. */
    private static final List<Packet> MIXED = List.of(
            Packet.Control.open("{}"),
            new Packet.Message(EngineMessage.text("a" + GRIN)),
            new Packet.Message(EngineMessage.text("hello world")),
            new Packet.Message(EngineMessage.binary(BYTES)));

    @Test
    void aTextPayloadPrefixesEachPacketWithItsLengthInUtf16CodeUnits() {
        EngineCodec.Payload payload = BASE64.encodePayload(MIXED);

        assertThat(payload).isEqualTo(new EngineCodec.Payload.Text("3:0{}4:4a" + GRIN + "12:4hello world6:b4AQID"));
    }

    @Test
    void anEmptyPayloadIsZeroColon() {
        assertThat(BASE64.encodePayload(List.of())).isEqualTo(new EngineCodec.Payload.Text("0:"));
    }

    @Test
    void aClientThatTakesBinaryGetsATextPayloadUntilABinaryMessageIsInIt() {
        assertThat(BINARY.encodePayload(List.of(Packet.NOOP, new Packet.Message(EngineMessage.text("x")))))
                .isEqualTo(new EngineCodec.Payload.Text("1:62:4x"));
    }

    @Test
    void aBinaryPayloadFramesTextAsUtf8WithItsByteLengthAndBinaryAfterItsTypeByte() {
        EngineCodec.Payload payload = BINARY.encodePayload(MIXED);

        ByteArrayOutputStream expected = new ByteArrayOutputStream();
        expected.writeBytes(new byte[] {0, 3, (byte) 255, '0', '{', '}'});
        expected.writeBytes(
                new byte[] {0, 6, (byte) 255, '4', 'a', (byte) 0xf0, (byte) 0x9f, (byte) 0x98, (byte) 0x80});
        expected.writeBytes(new byte[] {0, 1, 2, (byte) 255});
        expected.writeBytes("4hello world".getBytes(StandardCharsets.US_ASCII));
        expected.writeBytes(new byte[] {1, 4, (byte) 255, 4, 1, 2, 3});
        assertThat(payload).isInstanceOf(EngineCodec.Payload.Binary.class);
        assertThat(((EngineCodec.Payload.Binary) payload).bytes()).containsExactly(expected.toByteArray());
    }

    @Test
    void aTextPayloadIsReadByItsLengthPrefixes() {
        EngineCodec.DecodedPayload decoded = BINARY.decodePayload("6:4hello1:24:4a" + GRIN + "6:b4AQID0:");

        assertThat(decoded.error()).isNull();
        assertThat(decoded.packets()).hasSize(4);
        assertPacket(decoded.packets().get(0), EnginePacket.Type.MESSAGE, "hello");
        assertPacket(decoded.packets().get(1), EnginePacket.Type.PING, null);
        assertPacket(decoded.packets().get(2), EnginePacket.Type.MESSAGE, "a" + GRIN);
        assertThat(decoded.packets().get(3).binary()).containsExactly(BYTES);
    }

    @Test
    void aTextPayloadWithWrongFramingEndsWithAnErrorAfterThePacketsBeforeIt() {
        EngineCodec.DecodedPayload shortLength = BINARY.decodePayload("5:4hello");
        assertThat(shortLength.packets()).extracting(EnginePacket::text).containsExactly("hell");
        assertThat(shortLength.error()).isEqualTo("invalid payload length");

        assertThat(BINARY.decodePayload("7:4hello").error()).isEqualTo("invalid payload length");
        assertThat(BINARY.decodePayload("a:4").error()).isEqualTo("invalid payload length");
        assertThat(BINARY.decodePayload(":4").error()).isEqualTo("invalid payload length");
        assertThat(BINARY.decodePayload("").error()).isEqualTo("empty payload");
        assertThat(BINARY.decodePayload("2:9x").error()).isEqualTo("unknown packet type");
        assertThat(BINARY.decodePayload("3:b5A").error()).isEqualTo("unknown packet type");
    }

    @Test
    void aBinaryPayloadIsReadWithUtf8TextAndTypedBinary() {
        byte[] body = {
            0,
            6,
            (byte) 255,
            '4',
            'a',
            (byte) 0xf0,
            (byte) 0x9f,
            (byte) 0x98,
            (byte) 0x80,
            1,
            4,
            (byte) 255,
            4,
            1,
            2,
            3,
            0,
            1,
            (byte) 255,
            '2'
        };

        EngineCodec.DecodedPayload decoded = BINARY.decodePayload(body);

        assertThat(decoded.error()).isNull();
        assertThat(decoded.packets()).hasSize(3);
        assertPacket(decoded.packets().get(0), EnginePacket.Type.MESSAGE, "a" + GRIN);
        assertThat(decoded.packets().get(1).binary()).containsExactly(BYTES);
        assertPacket(decoded.packets().get(2), EnginePacket.Type.PING, null);
    }

    @Test
    void aBinaryPayloadWithWrongFramingOrBytesIsAnError() {
        assertThat(BINARY.decodePayload(new byte[] {0, 9, (byte) 255, '4'}).error())
                .isEqualTo("invalid payload length");
        assertThat(BINARY.decodePayload(new byte[] {0, 12, (byte) 255, '4'}).error())
                .isEqualTo("invalid payload length");
        assertThat(BINARY.decodePayload(new byte[] {0, 1}).error()).isEqualTo("invalid payload length");
        assertThat(BINARY.decodePayload(new byte[] {0, 2, (byte) 255, '4', (byte) 0xc3})
                        .error())
                .isEqualTo("invalid utf-8");
        assertThat(BINARY.decodePayload(new byte[] {1, 2, (byte) 255, 5, 1}).error())
                .isEqualTo("unknown packet type");
    }

    @Test
    void webSocketBinaryFramesStartWithTheTypeByteUnlessTheClientAskedForBase64() throws Exception {
        EngineMessage binary = EngineMessage.binary(BYTES);

        assertThat(BINARY.encodeFrame(binary).kind()).isEqualTo(OutboundFrame.Kind.BINARY);
        assertThat(BINARY.encodeFrame(binary).payload()).containsExactly(4, 1, 2, 3);
        assertThat(BASE64.encodeFrame(binary).kind()).isEqualTo(OutboundFrame.Kind.TEXT);
        assertThat(BASE64.encodeFrame(binary).payload()).isEqualTo("b4AQID".getBytes(StandardCharsets.US_ASCII));
        assertThat(BINARY.encodeFrame(EngineMessage.text("é")).payload()).containsExactly(0x34, 0xc3, 0xa9);

        assertThat(BINARY.decodeFrame(new byte[] {4, 1, 2, 3}).binary()).containsExactly(BYTES);
        assertThat(BINARY.decodeFrame("b4AQID").binary()).containsExactly(BYTES);
        assertPacket(BINARY.decodeFrame("2"), EnginePacket.Type.PING, null);
        assertThatThrownBy(() -> BINARY.decodeFrame(new byte[] {5, 1})).hasMessage("unknown packet type");
        assertThatThrownBy(() -> BINARY.decodeFrame(new byte[0])).hasMessage("unknown packet type");
    }
}
