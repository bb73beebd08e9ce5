package dev.sockeye.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class EngineRequestAttributesTest {
    private final EngineRequest request =
            new EngineRequest("GET", "/engine.io/?EIO=4&transport=polling", Map.of(), null, false);

    @Test
    void anAttachedValueIsReadBackWithItsTypeAndRemovedWithNull() {
        assertThat(request.attribute("session", String.class)).isNull();
        request.setAttribute("session", "alice");
        assertThat(request.attribute("session", String.class)).isEqualTo("alice");
        request.setAttribute("session", "bob");
        assertThat(request.attribute("session", String.class)).isEqualTo("bob");
        request.setAttribute("session", null);
        assertThat(request.attribute("session", String.class)).isNull();
    }

    @Test
    void readingAnAttributeAsAnotherTypeFails() {
        request.setAttribute("n", 1);
        assertThatThrownBy(() -> request.attribute("n", String.class)).isInstanceOf(ClassCastException.class);
    }
}
