package io.headroom.ratelimit;

import java.time.Duration;

/**
 * Settings of a remote limiter's local blocked-key cache: after the shared limiter (Redis) denies a key, this
 * instance answers further requests of that key for at least as many permits locally, without a round trip,
 * until the denial's {@code retryAfter} has passed or {@code maxBlock} has, whichever comes first. Such a
 * decision says so ({@link RateLimitDecision#cached()}).
 *
 * <p>Why it is safe: the cache only ever denies, and only what the shared limiter would deny too. Without a reset
 * or a limit change, the state of a key only fills up between decisions (time passing frees permits exactly at
 * the rate the denial's {@code retryAfter} already accounts for; other instances' admissions only consume), so a
 * request for {@code n} or more permits stays denied until {@code retryAfter} has passed, on every instance. The
 * local deadline is measured from before the request was sent, so it never ends later than the shared one.
 *
 * <p>The bound: an admin {@link RateLimiter#reset reset} (or a raised limit) made through another instance is
 * honoured here within {@code maxBlock}; one made through this instance at once. Memory is bounded by
 * {@code maximumSize} entries (Caffeine, size-evicted; an evicted key just asks the shared limiter again).
 *
 * <p>Defaults ({@link #ofDefaults()}): enabled, 10,000 keys, {@code maxBlock} 1 s. The in-memory limiter ignores
 * this setting (it has no round trip to save). Immutable and thread-safe.
 *
 * @param enabled whether denials are cached
 * @param maximumSize the most keys held, in {@code [1, 10,000,000]}
 * @param maxBlock the longest one cached denial is served, in {@code [1 ms, 1 h]}: the bound on how late a reset
 *     or a raised limit made elsewhere is seen
 */
public record BlockedKeyCache(boolean enabled, long maximumSize, Duration maxBlock) {

    /** The largest allowed {@link #maximumSize()}. */
    public static final long MAX_SIZE = 10_000_000L;
    /** The longest allowed {@link #maxBlock()}. */
    public static final Duration MAX_BLOCK = Duration.ofHours(1);

    /**
     * Validates the components.
     *
     * @param enabled whether denials are cached
     * @param maximumSize the most keys held
     * @param maxBlock the longest one cached denial is served
     * @throws IllegalArgumentException when {@code maximumSize} or {@code maxBlock} is out of range
     */
    public BlockedKeyCache {
        if (maximumSize < 1 || maximumSize > MAX_SIZE) {
            throw new IllegalArgumentException(
                    "maximumSize must be between 1 and " + MAX_SIZE + ", was " + maximumSize);
        }
        if (maxBlock == null || maxBlock.compareTo(Duration.ofMillis(1)) < 0 || maxBlock.compareTo(MAX_BLOCK) > 0) {
            throw new IllegalArgumentException("maxBlock must be between 1 ms and " + MAX_BLOCK + ", was " + maxBlock);
        }
    }

    /**
     * The default: enabled, 10,000 keys, {@code maxBlock} 1 s.
     *
     * @return the default settings
     */
    public static BlockedKeyCache ofDefaults() {
        return new BlockedKeyCache(true, 10_000, Duration.ofSeconds(1));
    }

    /**
     * No cache: every decision asks the shared limiter.
     *
     * @return disabled settings (the size and bound are the defaults' and unused)
     */
    public static BlockedKeyCache disabled() {
        return new BlockedKeyCache(false, 10_000, Duration.ofSeconds(1));
    }
}
