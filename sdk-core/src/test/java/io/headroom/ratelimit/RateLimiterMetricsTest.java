package io.headroom.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class RateLimiterMetricsTest {

    @Test
    void countsAllowedAndDeniedDecisions() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        RateLimiter limiter = RateLimiterMetrics.instrument(RateLimiter.inMemory(RateLimitConfig.builder().name("api")
                .bandwidth(Bandwidth.of(3, Duration.ofMinutes(1))).build(), () -> 0L), registry);
        for (int i = 0; i < 5; i++) {
            limiter.tryAcquire("k");
        }
        limiter.tryAcquireAsync("k").toCompletableFuture().join();
        assertThat(registry.get("headroom.ratelimit.decisions").tag("limiter", "api").tag("result", "allowed")
                .counter().count()).isEqualTo(3);
        assertThat(registry.get("headroom.ratelimit.decisions").tag("limiter", "api").tag("result", "denied")
                .counter().count()).isEqualTo(3);
        assertThat(limiter.config().name()).isEqualTo("api");
    }
}
