package io.headroom.ratelimit;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.headroom.Ticker;
import io.headroom.ratelimit.internal.KeyState;
import io.headroom.ratelimit.internal.RateAlgorithm;
import io.headroom.spi.Arguments;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * The embedded {@link RateLimiter}: no server, lock-free per key, bounded memory.
 *
 * <p>Each key's state is one or a few {@code long}s changed by compare-and-set; a denied request reads but never
 * writes. Keys live in a Caffeine map that forgets a key once it has been idle long enough to be full again
 * (the largest {@code C * T} for GCRA, two periods for the sliding window; plus one second), so millions of distinct keys cannot
 * leak memory and forgetting a key never changes a decision. Time is read from the given {@link Ticker} in whole
 * microseconds. Thread-safe; the asynchronous forms complete immediately on the caller's thread.
 */
public final class InMemoryRateLimiter implements RateLimiter {

    private static final Duration CAFFEINE_TOLERANCE = Duration.ofSeconds(1);

    private final RateLimitConfig config;
    private final RateAlgorithm algorithm;
    private final Ticker ticker;
    private final Cache<String, KeyState> states;

    private InMemoryRateLimiter(RateLimitConfig config, Ticker ticker) {
        this.config = config;
        this.ticker = ticker;
        this.algorithm = RateAlgorithm.of(config);
        // Caffeine skips access-time updates younger than its 1 s expiry tolerance, so a recorded access may lag
        // the real one by up to 1 s: keep keys that much longer, or a key could be dropped before it is full
        this.states = Caffeine.newBuilder()
                .expireAfterAccess(Duration.ofNanos(algorithm.idleExpiryMicros() * 1_000).plus(CAFFEINE_TOLERANCE))
                .ticker(ticker::read)
                .build();
    }

    /**
     * Creates a limiter on the system ticker.
     *
     * @param config the configuration
     * @return a new limiter
     * @throws IllegalArgumentException when {@code config} is {@code null}
     */
    public static InMemoryRateLimiter create(RateLimitConfig config) {
        return create(config, Ticker.system());
    }

    /**
     * Creates a limiter reading time from {@code ticker}.
     *
     * @param config the configuration
     * @param ticker the time source
     * @return a new limiter
     * @throws IllegalArgumentException when an argument is {@code null}
     */
    public static InMemoryRateLimiter create(RateLimitConfig config, Ticker ticker) {
        return new InMemoryRateLimiter(Arguments.notNull(config, "config"), Arguments.notNull(ticker, "ticker"));
    }

    @Override
    public RateLimitDecision tryAcquire(String key, long permits) {
        Arguments.key(key, "key");
        config.checkPermits(permits);
        KeyState state = states.get(key, k -> new KeyState());
        return algorithm.acquire(state, Math.floorDiv(ticker.read(), 1_000), permits);
    }

    @Override
    public CompletionStage<RateLimitDecision> tryAcquireAsync(String key, long permits) {
        return CompletableFuture.completedFuture(tryAcquire(key, permits));
    }

    @Override
    public RateLimitConfig config() {
        return config;
    }

    /**
     * The approximate number of keys currently held.
     *
     * @return the estimated number of tracked keys
     */
    public long estimatedKeyCount() {
        return states.estimatedSize();
    }

    /**
     * Drops expired keys now rather than during later calls; for tests and diagnostics.
     */
    public void cleanUp() {
        states.cleanUp();
    }

    @Override
    public String toString() {
        return "InMemoryRateLimiter[" + config.name() + "]";
    }
}
