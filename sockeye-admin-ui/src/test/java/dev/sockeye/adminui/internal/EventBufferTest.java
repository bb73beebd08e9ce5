package dev.sockeye.adminui.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

class EventBufferTest {
    private final AtomicLong millis = new AtomicLong(1_795_315_630_250L);
    private final EventBuffer buffer = new EventBuffer(millis::get);

    @Test
    void countsAreGroupedBySecondTypeAndSubTypeAndTakenOnce() {
        buffer.add("rawConnection", null, 1);
        buffer.add("rawConnection", null, 1);
        buffer.add("bytesIn", null, 42);
        buffer.add("rawDisconnection", "transport close", 1);
        millis.addAndGet(800); // next second
        buffer.add("rawConnection", null, 1);

        assertThat(buffer.takeAll())
                .containsExactlyInAnyOrder(
                        new AggregatedEvent(1_795_315_630_000L, "rawConnection", null, 2),
                        new AggregatedEvent(1_795_315_630_000L, "bytesIn", null, 42),
                        new AggregatedEvent(1_795_315_630_000L, "rawDisconnection", "transport close", 1),
                        new AggregatedEvent(1_795_315_631_000L, "rawConnection", null, 1));
        assertThat(buffer.takeAll()).isEmpty();
    }

    @Test
    void anEventWithoutSubTypeHasNoSubTypeFieldAsInNode() {
        String json = JsonMapper.shared()
                .writeValueAsString(new AggregatedEvent(1_795_315_630_000L, "rawConnection", null, 3));
        assertThat(json).isEqualTo("{\"timestamp\":1795315630000,\"type\":\"rawConnection\",\"count\":3}");
        assertThat(JsonMapper.shared()
                        .writeValueAsString(
                                new AggregatedEvent(1_795_315_630_000L, "rawDisconnection", "transport close", 1)))
                .isEqualTo(
                        "{\"timestamp\":1795315630000,\"type\":\"rawDisconnection\",\"subType\":\"transport close\",\"count\":1}");
    }

    @Test
    void utf8LengthIsNodesByteLength() {
        assertThat(EngineStats.utf8Length("42[\"a\"]")).isEqualTo(7);
        assertThat(EngineStats.utf8Length("é€😀")).isEqualTo(2 + 3 + 4);
        assertThat(EngineStats.utf8Length("\uD800")).as("lone surrogate").isEqualTo(3);
    }
}
