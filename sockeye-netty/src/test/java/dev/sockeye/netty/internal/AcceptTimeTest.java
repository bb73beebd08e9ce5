package dev.sockeye.netty.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.util.AttributeKey;
import org.junit.jupiter.api.Test;

class AcceptTimeTest {
    @Test
    void theStampIsReadOnceAndLeavesNothingOnTheChannel() {
        EmbeddedChannel server = new EmbeddedChannel(AcceptTime.STAMPER);
        EmbeddedChannel accepted = new EmbeddedChannel();
        long before = System.nanoTime();
        server.writeInbound(accepted);
        long after = System.nanoTime();

        long stamp = AcceptTime.take(accepted);

        assertThat(stamp - before).isNotNegative();
        assertThat(after - stamp).isNotNegative();
        assertThat(accepted.hasAttr(AttributeKey.valueOf(AcceptTime.class, "acceptedAt")))
                .isFalse();
        assertThat(server.<Object>readInbound()).isSameAs(accepted);
        server.finishAndReleaseAll();
        accepted.finishAndReleaseAll();
    }

    @Test
    void aChannelNoStamperSawIsTakenAsAcceptedNowAndGetsNoAttribute() {
        EmbeddedChannel channel = new EmbeddedChannel();
        long before = System.nanoTime();

        long stamp = AcceptTime.take(channel);

        assertThat(stamp - before).isNotNegative();
        assertThat(channel.hasAttr(AttributeKey.valueOf(AcceptTime.class, "acceptedAt")))
                .isFalse();
        channel.finishAndReleaseAll();
    }
}
