package io.headroom.ratelimit;

import io.headroom.internal.Arguments;
import io.headroom.internal.BackendTimers;
import io.headroom.spi.FallbackCounting;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.concurrent.CompletionStage;

/**
 * Micrometer instrumentation for any {@link RateLimiter}; usable only when Micrometer is on the class path
 * (it is an optional dependency of sdk-core, and nothing else in Headroom loads this class).
 *
 * <p>Meters, tagged {@code limiter=<config name>}: counter {@code headroom.ratelimit.decisions} with
 * {@code result=allowed|denied|denied_cached} ({@code denied_cached}: answered by the local
 * {@link BlockedKeyCache} without a backend call; peeks are not counted), and, for remote limiters (Redis),
 * function counter {@code headroom.ratelimit.fallbacks} (decisions made by the {@link RateLimitOutagePolicy}) and Timer
 * {@code headroom.ratelimit.backend.calls} with {@code result=success|failure} around every backend call (a call
 * refused by the open circuit breaker never reaches the backend and is not timed). Limiters keep no decision
 * counts of their own, so {@link #bind} returns a counting view.
 */
public final class RateLimiterMetrics {

    private RateLimiterMetrics() {
    }

    /**
     * Returns a limiter that makes the same decisions as {@code limiter} and counts them in {@code registry}; for
     * a remote limiter it also starts timing its backend calls.
     *
     * @param limiter the limiter to observe
     * @param registry where the meters go
     * @return the instrumented limiter, to use from now on; thread-safe like the one it wraps
     * @throws IllegalArgumentException when an argument is {@code null}
     */
    public static RateLimiter bind(RateLimiter limiter, MeterRegistry registry) {
        Arguments.notNull(limiter, "limiter");
        Arguments.notNull(registry, "registry");
        String name = limiter.config().name();
        BackendTimers.bind(limiter, registry, "ratelimit", "limiter", name);
        if (limiter instanceof FallbackCounting counting) {
            FunctionCounter.builder("headroom.ratelimit.fallbacks", counting, FallbackCounting::fallbackDecisions)
                    .tag("limiter", name)
                    .description("rate-limit decisions made by the outage policy instead of the backend")
                    .register(registry);
        }
        Counter allowed = decisions(registry, name, "allowed");
        Counter denied = decisions(registry, name, "denied");
        Counter cachedDenied = decisions(registry, name, "denied_cached");
        return new Metered(limiter, allowed, denied, cachedDenied);
    }

    private static Counter decisions(MeterRegistry registry, String limiter, String result) {
        return Counter.builder("headroom.ratelimit.decisions").tag("limiter", limiter).tag("result", result)
                .description("rate-limit decisions").register(registry);
    }

    /** Counts decisions, delegates everything else. */
    private static final class Metered implements RateLimiter {
        private final RateLimiter delegate;
        private final Counter allowed;
        private final Counter denied;
        private final Counter cachedDenied;

        Metered(RateLimiter delegate, Counter allowed, Counter denied, Counter cachedDenied) {
            this.delegate = delegate;
            this.allowed = allowed;
            this.denied = denied;
            this.cachedDenied = cachedDenied;
        }

        private RateLimitDecision count(RateLimitDecision d) {
            (d.allowed() ? allowed : d.cached() ? cachedDenied : denied).increment();
            return d;
        }

        @Override
        public RateLimitDecision tryAcquire(String key, long permits) {
            return count(delegate.tryAcquire(key, permits));
        }

        @Override
        public CompletionStage<RateLimitDecision> tryAcquireAsync(String key, long permits) {
            return delegate.tryAcquireAsync(key, permits).thenApply(this::count);
        }

        @Override
        public RateLimitDecision peek(String key, long permits) {
            return delegate.peek(key, permits);
        }

        @Override
        public CompletionStage<RateLimitDecision> peekAsync(String key, long permits) {
            return delegate.peekAsync(key, permits);
        }

        @Override
        public void reset(String key) {
            delegate.reset(key);
        }

        @Override
        public CompletionStage<Void> resetAsync(String key) {
            return delegate.resetAsync(key);
        }

        @Override
        public void list(String key, KeyListing listing, java.time.Duration ttl) {
            delegate.list(key, listing, ttl);
        }

        @Override
        public CompletionStage<Void> listAsync(String key, KeyListing listing, java.time.Duration ttl) {
            return delegate.listAsync(key, listing, ttl);
        }

        @Override
        public void updateLimits(java.util.List<Bandwidth> bandwidths) {
            delegate.updateLimits(bandwidths);
        }

        @Override
        public CompletionStage<Void> updateLimitsAsync(java.util.List<Bandwidth> bandwidths) {
            return delegate.updateLimitsAsync(bandwidths);
        }

        @Override
        public void unlist(String key) {
            delegate.unlist(key);
        }

        @Override
        public CompletionStage<Void> unlistAsync(String key) {
            return delegate.unlistAsync(key);
        }

        @Override
        public RateLimitConfig config() {
            return delegate.config();
        }

        @Override
        public String toString() {
            return "Metered" + delegate;
        }
    }
}
