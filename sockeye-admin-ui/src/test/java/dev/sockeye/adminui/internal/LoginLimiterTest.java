package dev.sockeye.adminui.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class LoginLimiterTest {
    private final AtomicLong now = new AtomicLong(1_000_000_000L);
    private final LoginLimiter limiter = new LoginLimiter(5, Duration.ofMinutes(1), now::get);

    @Test
    void anAddressIsBlockedAtItsFifthFailureWithinAMinuteAndNotBefore() {
        for (int i = 0; i < 4; i++) {
            limiter.recordFailure("10.0.0.1");
            assertThat(limiter.isBlocked("10.0.0.1"))
                    .as("after %d failures", i + 1)
                    .isFalse();
        }
        limiter.recordFailure("10.0.0.1");
        assertThat(limiter.isBlocked("10.0.0.1")).isTrue();
        assertThat(limiter.isBlocked("10.0.0.2")).as("another address").isFalse();
    }

    @Test
    void theBlockEndsWhenTheOldestOfTheFiveFailuresIsAMinuteOld() {
        for (int i = 0; i < 5; i++) {
            limiter.recordFailure("a");
            now.addAndGet(Duration.ofSeconds(10).toNanos());
        }
        // failures at 0, 10, 20, 30, 40 s; now 50 s
        assertThat(limiter.isBlocked("a")).isTrue();
        now.addAndGet(Duration.ofSeconds(9).toNanos());
        assertThat(limiter.isBlocked("a")).as("59 s after the first").isTrue();
        now.addAndGet(Duration.ofSeconds(1).toNanos());
        assertThat(limiter.isBlocked("a")).as("60 s after the first").isFalse();
    }

    @Test
    void expiredAddressesAreForgotten() {
        limiter.recordFailure("a");
        limiter.recordFailure("b");
        now.addAndGet(Duration.ofSeconds(30).toNanos());
        limiter.recordFailure("b");
        now.addAndGet(Duration.ofSeconds(31).toNanos());
        limiter.removeExpired();
        assertThat(limiter.size()).isEqualTo(1);
        assertThat(limiter.isBlocked("b")).isFalse();
    }
}
