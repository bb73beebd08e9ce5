package dev.sockeye.micrometer;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class EventNameTagsTest {

    @Test
    void theFirstNamesKeepTheirTagAndLaterOnesAreFoldedIntoOther() {
        EventNameTags tags = new EventNameTags(2);
        assertThat(tags.enabled()).isTrue();
        assertThat(tags.tag("chat")).isEqualTo("chat");
        assertThat(tags.tag("move")).isEqualTo("move");
        assertThat(tags.tag("random-1")).isEqualTo(EventNameTags.OTHER);
        assertThat(tags.tag("random-2")).isEqualTo(EventNameTags.OTHER);
        assertThat(tags.tag("chat")).as("an admitted name stays admitted").isEqualTo("chat");
    }

    @Test
    void zeroTurnsTheTagOff() {
        assertThat(new EventNameTags(0).enabled()).isFalse();
    }
}
