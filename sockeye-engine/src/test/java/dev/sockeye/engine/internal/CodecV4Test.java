package dev.sockeye.engine.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sockeye.engine.EngineMessage;
import dev.sockeye.engine.EnginePacket;
import dev.sockeye.engine.spi.OutboundFrame;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Protocol 4 as engine.io-parser 5 writes and reads it, byte for byte. */
class CodecV4Test {
    private static final EngineCodec CODEC = EngineCodec.of(4, true);
    private static final byte[] BYTES = {1, 2, 3};

    @Test
    void aPayloadJoinsItsPacketsWithTheRecordSeparatorAndWritesBinaryAsBase64() {
        EngineCodec.Payload payload = CODEC.encodePayload(List.of(
                Packet.Control.open("{\"sid\":\"x\"}"),
                new Packet.Message(EngineMessage.text("héllo")),
                new Packet.Message(EngineMessage.binary(BYTES)),
                Packet.PING));

        assertThat(payload).isEqualTo(new EngineCodec.Payload.Text("0{\"sid\":\"x\"}\u001e4héllo\u001ebAQID\u001e2"));
    }

    @Test
    void aPayloadIsReadPacketByPacketWithBase64BinaryAndLineBreaksInTheBase64Skipped() {
        EngineCodec.DecodedPayload decoded = CODEC.decodePayload("4hello\u001ebAQ\nID\n\u001e3\u001e1");

        assertThat(decoded.error()).isNull();
        assertThat(decoded.packets()).hasSize(4);
        assertPacket(decoded.packets().get(0), EnginePacket.Type.MESSAGE, "hello");
        assertThat(decoded.packets().get(1).binary()).containsExactly(BYTES);
        assertPacket(decoded.packets().get(2), EnginePacket.Type.PONG, null);
        assertPacket(decoded.packets().get(3), EnginePacket.Type.CLOSE, null);
    }

    @Test
    void aMalformedPacketStopsThePayloadAfterThePacketsBeforeIt() {
        EngineCodec.DecodedPayload decoded = CODEC.decodePayload("4a\u001e9x\u001e4b");

        assertThat(decoded.packets()).extracting(EnginePacket::text).containsExactly("a");
        assertThat(decoded.error()).isEqualTo("unknown packet type");
        assertThat(CODEC.decodePayload("").error()).isEqualTo("empty packet");
        assertThat(CODEC.decodePayload("4a\u001e").error()).isEqualTo("empty packet");
        assertThat(CODEC.decodePayload("b!!").error()).isEqualTo("invalid base64");
    }

    @Test
    void aBinaryRequestBodyIsInvalidContent() {
        assertThat(CODEC.decodePayload(new byte[] {4, 1}).error()).isEqualTo("invalid content");
    }

    @Test
    void webSocketFramesAreTheTypeDigitAndUtf8TextOrTheBareBinary() throws Exception {
        EngineMessage text = EngineMessage.text("é");
        EngineMessage binary = EngineMessage.binary(BYTES);

        assertThat(CODEC.encodeFrame(text).kind()).isEqualTo(OutboundFrame.Kind.TEXT);
        assertThat(CODEC.encodeFrame(text).payload()).containsExactly(0x34, 0xc3, 0xa9);
        assertThat(CODEC.encodeFrame(binary).kind()).isEqualTo(OutboundFrame.Kind.BINARY);
        assertThat(CODEC.encodeFrame(binary).payload()).containsExactly(BYTES);
        assertThat(CODEC.encodeFrame(Packet.PONG_PROBE).payload())
                .isEqualTo("3probe".getBytes(StandardCharsets.US_ASCII));

        assertPacket(CODEC.decodeFrame("4"), EnginePacket.Type.MESSAGE, null);
        assertPacket(CODEC.decodeFrame("2probe"), EnginePacket.Type.PING, "probe");
        assertThat(CODEC.decodeFrame(BYTES).binary()).containsExactly(BYTES);
        assertThatThrownBy(() -> CODEC.decodeFrame("")).hasMessage("empty packet");
        assertThatThrownBy(() -> CODEC.decodeFrame("7")).hasMessage("unknown packet type");
    }

    static void assertPacket(EnginePacket packet, EnginePacket.Type type, String text) {
        assertThat(packet.type()).isEqualTo(type);
        assertThat(packet.text()).isEqualTo(text);
        assertThat(packet.binary()).isNull();
    }
}
