package dev.sockeye.engine.spi;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
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
        ByteBuffer once = frame.wire();
        assertThat(once.isDirect()).isFalse(); // small and sent once: a channel's copy costs less than direct memory
        assertThat(once.hasArray()).isTrue(); // copied from its array, Netty's fastest path
        assertThat(bytes(once)).containsExactly(0x81, 3, '4', 'h', 'i');
        assertThat(frame.size()).isEqualTo(5);
    }

    @Test
    void aShortFrameAskedForAgainMovesToDirectMemoryOnce() {
        OutboundFrame frame = OutboundFrame.text("4hi".getBytes());
        ByteBuffer first = frame.wire();
        ByteBuffer second = frame.wire(); // a second connection: a broadcast's members share one direct copy
        ByteBuffer third = frame.wire();
        assertThat(first.isDirect()).isFalse();
        assertThat(second.isDirect()).isTrue();
        assertThat(second.isReadOnly()).isTrue();
        assertThat(bytes(second)).containsExactly(0x81, 3, '4', 'h', 'i');
        assertThat(bytes(third)).containsExactly(0x81, 3, '4', 'h', 'i');
        assertThat(bytes(first)).containsExactly(0x81, 3, '4', 'h', 'i'); // the first caller's view still reads
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

    @Test
    void aFrontBufferIsMadeOnceForOneConnectionAndOnceMoreInDirectMemoryWhenShared() {
        OutboundFrame frame = OutboundFrame.text("4hi".getBytes());
        List<ByteBuffer> madeFrom = new ArrayList<>();
        Function<ByteBuffer, byte[]> make = bytes -> {
            madeFrom.add(bytes);
            return bytes(bytes.duplicate());
        };

        byte[] first = frame.frontBuffer(byte[].class, make);
        byte[] second = frame.frontBuffer(byte[].class, make); // a second connection: the frame is shared
        byte[] third = frame.frontBuffer(byte[].class, make);

        assertThat(madeFrom).hasSize(2);
        assertThat(madeFrom.get(0).isDirect()).isFalse(); // one connection: the heap bytes a channel copies
        assertThat(madeFrom.get(1).isDirect()).isTrue(); // shared: one direct copy for every channel
        assertThat(third).isSameAs(second);
        assertThat(first).containsExactly(0x81, 3, '4', 'h', 'i');
        assertThat(second).containsExactly(0x81, 3, '4', 'h', 'i');
    }

    @Test
    void aLargeFramesFrontBufferIsDirectAndMadeOnce() {
        OutboundFrame frame = OutboundFrame.binary(new byte[1000]);
        List<ByteBuffer> madeFrom = new ArrayList<>();
        Function<ByteBuffer, ByteBuffer> make = bytes -> {
            madeFrom.add(bytes);
            return bytes;
        };
        ByteBuffer first = frame.frontBuffer(ByteBuffer.class, make);
        assertThat(frame.frontBuffer(ByteBuffer.class, make)).isSameAs(first);
        assertThat(madeFrom).hasSize(1);
        assertThat(first.isDirect()).isTrue();
    }
}
