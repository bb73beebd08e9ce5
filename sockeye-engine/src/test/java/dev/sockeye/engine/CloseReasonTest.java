package dev.sockeye.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** The close reasons keep the Node.js engine's spelling, which Socket.IO's disconnect reasons repeat. */
class CloseReasonTest {

    @Test
    void everyReasonIsSpelledAsNodeSpellsIt() {
        assertThat(Arrays.stream(CloseReason.values()).map(CloseReason::wire))
                .containsExactly(
                        "transport close",
                        "transport error",
                        "parse error",
                        "ping timeout",
                        "forced close",
                        "server shutting down");
        assertThat(CloseReason.PING_TIMEOUT).hasToString("ping timeout");
        assertThat(CloseReason.OUTBOUND_BUFFER_FULL).isEqualTo("outbound buffer full");
    }

    @Test
    void aSpellingReadsBackAsItsReason() {
        for (CloseReason reason : CloseReason.values()) {
            assertThat(CloseReason.fromWire(reason.wire())).isSameAs(reason);
        }
        assertThatThrownBy(() -> CloseReason.fromWire("transport closed"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("transport closed");
    }
}
