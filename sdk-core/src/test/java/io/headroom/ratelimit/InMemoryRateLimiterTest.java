package io.headroom.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class InMemoryRateLimiterTest {

    private final AtomicLong nanos = new AtomicLong();

    /** Caffeine drains its write buffer in bounded batches; a few rounds settle 10,000 writes. */
    private static void settle(InMemoryRateLimiter limiter) {
        for (int i = 0; i < 200; i++) {
            limiter.cleanUp();
        }
    }

    @Test
    void forgetsKeysOnceTheyAreFullAgain() {
        // 10 per second: full 1 s after the last use; kept at least 1 s + 1 s (Caffeine's tolerance) + 1 ms
        // after the last use, and at most twice that
        InMemoryRateLimiter limiter = InMemoryRateLimiter.create(RateLimitConfig.builder()
                .bandwidth(Bandwidth.of(10, Duration.ofSeconds(1))).build(), nanos::get);
        for (int i = 0; i < 10_000; i++) {
            limiter.tryAcquire("user:" + i);
        }
        settle(limiter);
        assertThat(limiter.estimatedKeyCount()).isEqualTo(10_000);
        nanos.addAndGet(Duration.ofMillis(3_000).toNanos());
        limiter.tryAcquire("user:7"); // used again: kept for at least another 2.001 s
        settle(limiter);
        assertThat(limiter.estimatedKeyCount()).as("within the keep time").isEqualTo(10_000);
        nanos.addAndGet(Duration.ofMillis(1_003).toNanos());
        settle(limiter);
        assertThat(limiter.estimatedKeyCount()).as("only the key used at 3 s is left").isEqualTo(1);
        nanos.addAndGet(Duration.ofMillis(4_003).toNanos());
        settle(limiter);
        assertThat(limiter.estimatedKeyCount()).isZero();
        // a forgotten key decides as a full one would
        assertThat(limiter.tryAcquire("user:1", 10).allowed()).isTrue();
    }

    @Test
    void gcraSpacesPermitsByTheEmissionInterval() {
        RateLimiter limiter = RateLimiter.inMemory(RateLimitConfig.builder()
                .bandwidth(Bandwidth.of(3, Duration.ofSeconds(3))).build(), nanos::get);
        assertThat(limiter.tryAcquire("k", 3).allowed()).isTrue();
        RateLimitDecision denied = limiter.tryAcquire("k");
        assertThat(denied.retryAfter()).isEqualTo(Duration.ofSeconds(1));
        assertThat(denied.timeUntilFull()).isEqualTo(Duration.ofSeconds(3));
        nanos.addAndGet(Duration.ofSeconds(1).toNanos());
        RateLimitDecision ok = limiter.tryAcquire("k");
        assertThat(ok.allowed()).isTrue();
        assertThat(ok.remaining()).isZero();
        assertThat(ok.timeUntilFull()).isEqualTo(Duration.ofSeconds(3));
    }

    @Test
    void slidingWindowWeighsThePreviousWindow() {
        RateLimiter limiter = RateLimiter.inMemory(RateLimitConfig.builder().algorithm(RateLimitAlgorithm.SLIDING_WINDOW)
                .bandwidth(Bandwidth.of(10, Duration.ofSeconds(1))).build(), nanos::get);
        assertThat(limiter.tryAcquire("k", 10).allowed()).isTrue();
        nanos.addAndGet(Duration.ofMillis(1_500).toNanos()); // half of the previous window still counts: 5
        RateLimitDecision d = limiter.tryAcquire("k", 5);
        assertThat(d.allowed()).isTrue();
        assertThat(d.remaining()).isZero();
        RateLimitDecision denied = limiter.tryAcquire("k", 1);
        assertThat(denied.allowed()).isFalse();
        // the weight drops by one permit every 100 ms
        assertThat(denied.retryAfter()).isEqualTo(Duration.ofMillis(100));
    }

    @Test
    void rejectsNullArguments() {
        assertThatThrownBy(() -> RateLimiter.inMemory(null)).hasMessageContaining("config must not be null");
        assertThatThrownBy(() -> RateLimiter.inMemory(RateLimitConfig.ofDefaults(), null))
                .hasMessageContaining("ticker must not be null");
    }
}
