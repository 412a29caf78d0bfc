package io.headroom.ratelimit;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import io.headroom.Ticker;
import io.headroom.internal.Arguments;
import io.headroom.ratelimit.internal.KeyState;
import io.headroom.ratelimit.internal.Listings;
import io.headroom.ratelimit.internal.RateAlgorithm;
import io.headroom.ratelimit.internal.RateLimitConfigs;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.jspecify.annotations.Nullable;

/**
 * The embedded {@link RateLimiter}: no server, lock-free per key, bounded memory.
 *
 * <p>Each key's state is one or a few {@code long}s changed by compare-and-set; a denied request reads but never
 * writes. Keys live in a Caffeine map that forgets a key once it has been idle long enough to be full again
 * (the largest {@code C * T} for GCRA, two periods for the sliding window; plus one second), and at most
 * about twice that long, so millions of distinct keys cannot
 * leak memory and forgetting a key never changes a decision. Time is read from the given {@link Ticker} in whole
 * microseconds. {@link #peek} reads without creating a key; {@link #reset} forgets the key. The
 * {@link RateLimitConfig#blockedKeyCache()} setting is ignored: a denial here already costs no more than a read.
 * Thread-safe; the asynchronous forms complete immediately on the caller's thread (bar
 * {@link #acquireAsync}, which waits on a timer).
 */
public final class InMemoryRateLimiter implements RateLimiter {

    private static final Duration CAFFEINE_TOLERANCE = Duration.ofSeconds(1);
    /** How stale the clock handed to Caffeine may get before a caller refreshes it. */
    private static final long CACHE_CLOCK_RESOLUTION_NANOS = 1_000_000;
    private static final VarHandle CACHE_CLOCK;

    static {
        try {
            CACHE_CLOCK = MethodHandles.lookup().findVarHandle(InMemoryRateLimiter.class, "cacheClock", long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** The limits in use: a configuration and its algorithm, replaced together by {@link #updateLimits}. */
    private volatile Limits limits;
    /** How long a key is kept after use (see {@link KeepAfterUse}); only ever grows. */
    private volatile long keepNanos;
    private final Ticker ticker;
    private final Cache<String, KeyState> states;
    /** Deny and allow listings; looked at only once a key was ever listed, so the hot path stays one map read. */
    private final Cache<String, Listing> listings;
    private volatile boolean anyListed;
    // The time Caffeine sees: the last reading a caller took, refreshed at most every millisecond, so a decision
    // reads the real clock once (not once more inside Caffeine). It lags the ticker by at most the resolution
    // while the limiter is in use; the expiry below is that much longer so no key is dropped early.
    @SuppressWarnings("unused") // accessed through CACHE_CLOCK
    private volatile long cacheClock;

    private record Limits(RateLimitConfig config, RateAlgorithm algorithm) {
    }

    private InMemoryRateLimiter(RateLimitConfig config, Ticker ticker) {
        this.ticker = ticker;
        RateAlgorithm algorithm = RateAlgorithm.of(config);
        this.limits = new Limits(config, algorithm);
        // Caffeine skips access-time updates younger than its 1 s expiry tolerance, so a recorded access may lag
        // the real one by up to 1 s: keep keys that much longer, or a key could be dropped before it is full
        this.cacheClock = ticker.read();
        // A key may be forgotten once it has been idle long enough to be full again. Caffeine's variable expiry
        // (no read buffer, unlike expireAfterAccess) keeps reads free of shared writes: a read only pushes the
        // deadline out again once less than half of it is left, so every key lives at least `keep` after its
        // last use, and at most twice that. `keep` also covers Caffeine's 1 s expiry tolerance and the lag of
        // the clock it is given.
        this.keepNanos = keepNanos(algorithm);
        this.states = Caffeine.newBuilder()
                .expireAfter(new KeepAfterUse())
                .ticker(() -> cacheClock)
                .build();
        this.listings = Caffeine.newBuilder()
                .expireAfter(new UntilListingEnds())
                .ticker(ticker::read)
                .build();
    }

    private static long keepNanos(RateAlgorithm algorithm) {
        return 2 * (algorithm.idleExpiryMicros() * 1_000 + CACHE_CLOCK_RESOLUTION_NANOS + CAFFEINE_TOLERANCE.toNanos());
    }

    /** A listing of one key until a time in microseconds. */
    private record Listing(KeyListing listing, long untilMicros) {
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
        Limits current = limits;
        RateLimitConfigs.checkPermits(current.config, permits);
        long now = ticker.read();
        long seen = cacheClock;
        if (now - seen > CACHE_CLOCK_RESOLUTION_NANOS) {
            CACHE_CLOCK.compareAndSet(this, seen, now); // losing the race means another caller just advanced it
        }
        long micros = Math.floorDiv(now, 1_000);
        if (anyListed) {
            RateLimitDecision listed = listed(key, micros);
            if (listed != null) {
                return listed;
            }
        }
        KeyState state = states.get(key, k -> new KeyState());
        return current.algorithm.acquire(state, micros, permits);
    }

    private @Nullable RateLimitDecision listed(String key, long nowMicros) {
        Listing l = listings.getIfPresent(key);
        return l == null || nowMicros >= l.untilMicros ? null
                : Listings.decision(limits.config, l.listing, l.untilMicros - nowMicros);
    }

    @Override
    public CompletionStage<RateLimitDecision> tryAcquireAsync(String key, long permits) {
        return CompletableFuture.completedFuture(tryAcquire(key, permits));
    }

    @Override
    public RateLimitDecision peek(String key, long permits) {
        Arguments.key(key, "key");
        Limits current = limits;
        RateLimitConfigs.checkPermits(current.config, permits);
        long micros = Math.floorDiv(ticker.read(), 1_000);
        if (anyListed) {
            RateLimitDecision listed = listed(key, micros);
            if (listed != null) {
                return listed;
            }
        }
        KeyState state = states.getIfPresent(key);
        return current.algorithm.peek(state == null ? new KeyState() : state, micros, permits);
    }

    @Override
    public void list(String key, KeyListing listing, Duration ttl) {
        long ttlMicros = Listings.checkList(key, listing, ttl);
        anyListed = true;
        listings.put(key, new Listing(listing, Math.floorDiv(ticker.read(), 1_000) + ttlMicros));
    }

    @Override
    public CompletionStage<Void> listAsync(String key, KeyListing listing, Duration ttl) {
        list(key, listing, ttl);
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public void unlist(String key) {
        Arguments.key(key, "key");
        listings.invalidate(key);
    }

    @Override
    public CompletionStage<Void> unlistAsync(String key) {
        unlist(key);
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public CompletionStage<RateLimitDecision> peekAsync(String key, long permits) {
        return CompletableFuture.completedFuture(peek(key, permits));
    }

    @Override
    public void reset(String key) {
        Arguments.key(key, "key");
        states.invalidate(key);
    }

    @Override
    public CompletionStage<Void> resetAsync(String key) {
        reset(key);
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public synchronized void updateLimits(List<Bandwidth> bandwidths) {
        RateLimitConfig next = RateLimitConfigs.withBandwidths(limits.config, bandwidths);
        RateAlgorithm algorithm = RateAlgorithm.of(next);
        // keys are kept at least as long as the longer limits need; states kept for shorter ones stay safe
        keepNanos = Math.max(keepNanos, keepNanos(algorithm));
        limits = new Limits(next, algorithm);
    }

    @Override
    public CompletionStage<Void> updateLimitsAsync(List<Bandwidth> bandwidths) {
        updateLimits(bandwidths);
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public RateLimitConfig config() {
        return limits.config;
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
        CACHE_CLOCK.setVolatile(this, ticker.read());
        states.cleanUp();
    }

    /** A listing leaves memory when it ends (its end is also checked on every read). */
    private static final class UntilListingEnds implements Expiry<String, Listing> {
        @Override
        public long expireAfterCreate(String key, Listing value, long currentTime) {
            return Math.max(0, value.untilMicros * 1_000 - currentTime) + CAFFEINE_TOLERANCE.toNanos();
        }

        @Override
        public long expireAfterUpdate(String key, Listing value, long currentTime, long currentDuration) {
            return expireAfterCreate(key, value, currentTime);
        }

        @Override
        public long expireAfterRead(String key, Listing value, long currentTime, long currentDuration) {
            return currentDuration;
        }
    }

    /** Expiry that keeps a key at least half of {@link #keepNanos} after each use. */
    private final class KeepAfterUse implements Expiry<String, KeyState> {
        @Override
        public long expireAfterCreate(String key, KeyState value, long currentTime) {
            return keepNanos;
        }

        @Override
        public long expireAfterUpdate(String key, KeyState value, long currentTime, long currentDuration) {
            return currentDuration;
        }

        @Override
        public long expireAfterRead(String key, KeyState value, long currentTime, long currentDuration) {
            long lifetime = keepNanos;
            return currentDuration < lifetime / 2 ? lifetime : currentDuration;
        }
    }

    @Override
    public String toString() {
        return "InMemoryRateLimiter[" + limits.config.name() + "]";
    }
}
