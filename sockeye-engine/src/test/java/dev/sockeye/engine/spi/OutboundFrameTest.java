package dev.sockeye.engine.spi;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;

/** The wire form of a frame: RFC 6455 headers for the three length encodings, shared between callers. */
class OutboundFrameTest {

    private static byte[] bytes(ByteBuffer buffer) {
        byte[] out = new byte[buffer.remaining()];
        buffer.get(out);
        return out;
    }

    @Test
    void aShortTextFrameHasATwoByteHeader() {
        OutboundFrame frame = OutboundFrame.text("4hi".getBytes());
        assertThat(bytes(frame.wire())).containsExactly(0x81, 3, '4', 'h', 'i');
        assertThat(frame.size()).isEqualTo(5);
        assertThat(frame.wire().isDirect()).isFalse(); // small: a channel's copy costs less than direct memory
        assertThat(frame.wire().hasArray()).isTrue(); // copied from its array, Netty's fastest path
    }

    @Test
    void aMediumBinaryFrameHasASixteenBitLength() {
        byte[] payload = new byte[1000];
        payload[999] = 7;
        OutboundFrame frame = OutboundFrame.binary(payload);
        byte[] wire = bytes(frame.wire());
        assertThat(wire)
                .hasSize(1004)
                .startsWith(0x82, 126, 1000 >> 8, 1000 & 0xff)
                .endsWith(7);
        assertThat(frame.size()).isEqualTo(1004);
        assertThat(frame.wire().isDirect()).isTrue();
    }

    @Test
    void aLargeFrameHasASixtyFourBitLength() {
        OutboundFrame frame = OutboundFrame.text(new byte[70_000]);
        byte[] wire = bytes(frame.wire());
        assertThat(wire).hasSize(70_010).startsWith(0x81, 127, 0, 0, 0, 0, 0, 1, (byte) (70_000 >> 8), (byte) 70_000);
        assertThat(frame.size()).isEqualTo(70_010);
    }

    @Test
    void everyCallerGetsAViewWithItsOwnPosition() {
        OutboundFrame frame = OutboundFrame.text(new byte[600]);
        ByteBuffer first = frame.wire();
        first.get(new byte[100]);
        ByteBuffer second = frame.wire();
        assertThat(second.position()).isZero();
        assertThat(second.isReadOnly()).isTrue();
    }
}
