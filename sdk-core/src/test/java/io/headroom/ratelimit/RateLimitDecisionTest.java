package io.headroom.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class RateLimitDecisionTest {

    private final Bandwidth minute = Bandwidth.of(100, Duration.ofMinutes(1));
    private final Bandwidth second = Bandwidth.of(10, Duration.ofSeconds(1)).named("burst");
    private final List<Bandwidth> policy = List.of(minute, second);

    @Test
    void deniedDecisionGivesTheHeadersOfA429() {
        RateLimitDecision d = RateLimitDecision.of(false, 0, 1_200_000, 30_000_001, second, policy);
        assertThat(d.retryAfter()).isEqualTo(Duration.ofMillis(1200));
        assertThat(d.retryAfterSeconds()).isEqualTo(2);
        assertThat(d.timeUntilFull()).isEqualTo(Duration.ofNanos(30_000_001_000L));
        assertThat(d.headers()).containsExactly(
                org.assertj.core.api.Assertions.entry("RateLimit-Policy", "\"100-per-60s\";q=100;w=60, \"burst\";q=10;w=1"),
                org.assertj.core.api.Assertions.entry("RateLimit", "\"burst\";r=0;t=31"),
                org.assertj.core.api.Assertions.entry("Retry-After", "2"));
    }

    @Test
    void allowedDecisionHasNoRetryAfter() {
        RateLimitDecision d = RateLimitDecision.of(true, 7, 0, 0, minute, policy);
        assertThat(d.retryAfter()).isZero();
        assertThat(d.retryAfterSeconds()).isZero();
        assertThat(d.headers()).doesNotContainKey("Retry-After").containsEntry("RateLimit", "\"100-per-60s\";r=7;t=0");
        assertThat(d).isEqualTo(RateLimitDecision.of(true, 7, 0, 0, minute, policy)).hasToString(
                "RateLimitDecision[allowed, remaining=7, retryAfterMicros=0, timeUntilFullMicros=0, limit=100-per-60s]");
    }

    @Test
    void inconsistentDecisionsAreRejected() {
        assertThatThrownBy(() -> RateLimitDecision.of(true, 1, 5, 0, minute, policy)).hasMessageContaining("retryAfterMicros must be 0");
        assertThatThrownBy(() -> RateLimitDecision.of(false, -1, 5, 0, minute, policy)).hasMessageContaining(">= 0");
        assertThatThrownBy(() -> RateLimitDecision.of(false, 0, 5, 0, Bandwidth.of(1, Duration.ofDays(1)), policy))
                .hasMessageContaining("limit must be one of policy");
    }
}
