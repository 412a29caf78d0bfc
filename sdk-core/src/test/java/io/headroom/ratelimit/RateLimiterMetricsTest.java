package io.headroom.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;

import io.headroom.spi.BackendCallObserver;
import io.headroom.spi.ObservableBackend;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class RateLimiterMetricsTest {

    @Test
    void countsAllowedAndDeniedDecisions() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        RateLimiter limiter = RateLimiterMetrics.bind(RateLimiter.inMemory(RateLimitConfig.builder().name("api")
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
        // an embedded limiter makes no backend calls: no timer
        assertThat(registry.find("headroom.ratelimit.backend.calls").timers()).isEmpty();
    }

    @Test
    void timesTheBackendCallsOfARemoteLimiter() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        Remote remote = new Remote();
        RateLimiter limiter = RateLimiterMetrics.bind(remote, registry);
        limiter.tryAcquire("k");
        remote.fail = true;
        limiter.tryAcquire("k");
        limiter.tryAcquire("k");
        assertThat(registry.get("headroom.ratelimit.backend.calls").tag("limiter", "remote").tag("result", "success")
                .timer().count()).isEqualTo(1);
        assertThat(registry.get("headroom.ratelimit.backend.calls").tag("result", "success").timer()
                .totalTime(TimeUnit.NANOSECONDS)).isEqualTo(7_000);
        assertThat(registry.get("headroom.ratelimit.backend.calls").tag("limiter", "remote").tag("result", "failure")
                .timer().count()).isEqualTo(2);
        assertThat(registry.get("headroom.ratelimit.fallbacks").tag("limiter", "remote").functionCounter().count())
                .isEqualTo(2);
    }

    /** A stand-in for a remote limiter: reports one 7 µs backend call per decision, failing ones fall back. */
    private static final class Remote implements RateLimiter, ObservableBackend,
            io.headroom.spi.FallbackCounting {
        private final RateLimitConfig config = RateLimitConfig.builder().name("remote")
                .bandwidth(Bandwidth.of(10, Duration.ofMinutes(1))).build();
        private final RateLimiter local = RateLimiter.inMemory(config, () -> 0L);
        private volatile BackendCallObserver observer = BackendCallObserver.NONE;
        private volatile boolean fail;
        private long fallbacks;

        @Override
        public RateLimitDecision tryAcquire(String key, long permits) {
            if (fail) {
                fallbacks++;
                observer.record(5_000, new IllegalStateException("down"));
            } else {
                observer.record(7_000, null);
            }
            return local.tryAcquire(key, permits);
        }

        @Override
        public CompletionStage<RateLimitDecision> tryAcquireAsync(String key, long permits) {
            return CompletableFuture.completedFuture(tryAcquire(key, permits));
        }

        @Override
        public RateLimitDecision peek(String key, long permits) {
            return local.peek(key, permits);
        }

        @Override
        public CompletionStage<RateLimitDecision> peekAsync(String key, long permits) {
            return local.peekAsync(key, permits);
        }

        @Override
        public void reset(String key) {
            local.reset(key);
        }

        @Override
        public CompletionStage<Void> resetAsync(String key) {
            return local.resetAsync(key);
        }

        @Override
        public void list(String key, KeyListing listing, Duration ttl) {
            local.list(key, listing, ttl);
        }

        @Override
        public CompletionStage<Void> listAsync(String key, KeyListing listing, Duration ttl) {
            return local.listAsync(key, listing, ttl);
        }

        @Override
        public void updateLimits(java.util.List<Bandwidth> bandwidths) {
            local.updateLimits(bandwidths);
        }

        @Override
        public CompletionStage<Void> updateLimitsAsync(java.util.List<Bandwidth> bandwidths) {
            return local.updateLimitsAsync(bandwidths);
        }

        @Override
        public void unlist(String key) {
            local.unlist(key);
        }

        @Override
        public CompletionStage<Void> unlistAsync(String key) {
            return local.unlistAsync(key);
        }

        @Override
        public RateLimitConfig config() {
            return config;
        }

        @Override
        public void observeBackendCalls(BackendCallObserver observer) {
            this.observer = observer;
        }

        @Override
        public long fallbackDecisions() {
            return fallbacks;
        }
    }
}
