package dev.sockeye.adminui.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class SessionsTest {
    private final AtomicLong now = new AtomicLong();
    private final Sessions sessions = new Sessions(Duration.ofHours(24), now::get);

    @Test
    void aSessionIdIsSixteenHexCharactersValidForTwentyFourHours() {
        String id = sessions.create();
        assertThat(id).matches("[0-9a-f]{16}");
        assertThat(sessions.isValid(id)).isTrue();
        assertThat(sessions.isValid("0123456789abcdef")).isFalse();
        assertThat(sessions.isValid(null)).isFalse();
        now.addAndGet(Duration.ofHours(24).minusNanos(1).toNanos());
        assertThat(sessions.isValid(id)).isTrue();
        now.addAndGet(1);
        assertThat(sessions.isValid(id)).isFalse();
        assertThat(sessions.size()).isZero();
    }

    @Test
    void expiredSessionsAreRemovedWithoutBeingAskedFor() {
        sessions.create();
        now.addAndGet(Duration.ofHours(12).toNanos());
        String young = sessions.create();
        now.addAndGet(Duration.ofHours(12).toNanos());
        sessions.removeExpired();
        assertThat(sessions.size()).isEqualTo(1);
        assertThat(sessions.isValid(young)).isTrue();
    }
}
