package dev.sockeye.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import org.junit.jupiter.api.Test;

/**
 * The leak extension sees real Netty leaks. Each test leaks on purpose and then drains the
 * reports itself, so that the extension's own check after this class (which runs too, being
 * auto-detected) finds nothing.
 */
class NettyLeakDetectionTest {

    /** Allocates a tracked buffer and drops it without releasing it; in its own frame so nothing keeps it. */
    private static void leakOneBuffer() {
        ByteBuf buffer = ByteBufAllocator.DEFAULT.buffer(16);
        buffer.writeLong(42);
    }

    @Test
    void theExtensionWasInstalledBeforeNettyCreatedItsBufferDetector() {
        assertThat(NettyLeakDetection.watches(ByteBuf.class)).isTrue();
    }

    @Test
    void aBufferCollectedWithoutReleaseIsReported() {
        leakOneBuffer();
        assertThat(NettyLeakDetection.collectLeaks())
                .anySatisfy(report -> assertThat(report)
                        .startsWith("LEAK: ByteBuf.release() was not called")
                        .contains("leakOneBuffer"));
    }

    @Test
    void theClassFailsWhenALeakWasReported() {
        leakOneBuffer();
        assertThatThrownBy(() -> new NettyLeakDetection().afterAll(null))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("Netty leak report(s) during this test class")
                .hasMessageContaining("LEAK: ByteBuf");
        assertThat(NettyLeakDetection.collectLeaks()).isEmpty();
    }

    @Test
    void releasedBuffersAreNotReported() {
        for (int i = 0; i < 100; i++) {
            ByteBuf buffer = ByteBufAllocator.DEFAULT.buffer(16);
            buffer.writeLong(i);
            buffer.release();
        }
        assertThat(NettyLeakDetection.collectLeaks()).isEmpty();
    }
}
