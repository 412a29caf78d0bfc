package io.headroom.ratelimit.internal;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import io.headroom.Ticker;
import io.headroom.ratelimit.Bandwidth;
import io.headroom.ratelimit.BlockedKeyCache;
import io.headroom.ratelimit.RateLimitConfig;
import io.headroom.ratelimit.RateLimitDecision;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The local blocked-key cache of a remote limiter, as {@link BlockedKeyCache} documents it: a Caffeine map,
 * bounded in size, from key to the last backend denial of that key, each entry expiring when its denial ends.
 *
 * <p>An entry for {@code n} permits answers requests for {@code n} or more until {@code sentAt + min(retryAfter,
 * maxBlock)}, where {@code sentAt} was read before the request went to the backend, so the local deadline never
 * ends after the shared one. An admission of the key through this instance drops its entry (a later request for
 * more permits then asks the backend, and the cached figures never lag this instance's own charges). Times are
 * nanoseconds of the given ticker. Thread-safe.
 */
public final class BlockedKeys {

    private final Cache<String, Block> blocks;
    private final long maxBlockNanos;

    /** One cached denial: for {@code permits} or more, until {@code until}; figures as the backend reported. */
    private record Block(long permits, long until, long fullAt, long remaining, Bandwidth limit,
                         List<Bandwidth> policy) {
    }

    private BlockedKeys(BlockedKeyCache settings, Ticker ticker) {
        this.maxBlockNanos = settings.maxBlock().toNanos();
        this.blocks = Caffeine.newBuilder()
                .maximumSize(settings.maximumSize())
                .ticker(ticker::read)
                .expireAfter(new UntilEnd())
                .build();
    }

    /**
     * Creates the cache a configuration asks for.
     *
     * @param config the limiter's configuration
     * @param ticker the time source of {@code now} and {@code sentAt} arguments
     * @return the cache, or {@code null} when {@link RateLimitConfig#blockedKeyCache()} is disabled
     */
    public static @Nullable BlockedKeys create(RateLimitConfig config, Ticker ticker) {
        BlockedKeyCache settings = config.blockedKeyCache();
        return settings.enabled() ? new BlockedKeys(settings, ticker) : null;
    }

    /**
     * Answers a request locally when a cached denial covers it.
     *
     * @param key the key
     * @param permits the permits asked for
     * @param now the current ticker reading
     * @return the cached denial, or {@code null} to ask the backend
     */
    public @Nullable RateLimitDecision lookup(String key, long permits, long now) {
        Block b = blocks.getIfPresent(key);
        if (b == null || permits < b.permits || now >= b.until) {
            return null;
        }
        long retryMicros = Math.max(1, (b.until - now) / 1_000);
        long fullMicros = Math.max(0, (b.fullAt - now) / 1_000);
        // the policy of the limits that made the denial (a runtime change drops every entry soon after)
        return RateLimitDecision.cachedDenial(b.remaining, retryMicros, fullMicros, b.limit, b.policy);
    }

    /**
     * Learns from a backend decision: a denial is cached, an admission drops the key's entry.
     *
     * @param key the key
     * @param permits the permits asked for
     * @param sentAt the ticker reading taken before the request was sent
     * @param decision the backend's decision (never a cached one or an outage policy's)
     */
    public void record(String key, long permits, long sentAt, RateLimitDecision decision) {
        if (decision.allowed()) {
            blocks.invalidate(key);
            return;
        }
        long block = Math.min(decision.retryAfterMicros() * 1_000, maxBlockNanos);
        blocks.put(key, new Block(permits, sentAt + block, sentAt + decision.timeUntilFullMicros() * 1_000,
                decision.remaining(), decision.limit(), decision.policy()));
    }

    /**
     * Drops the key's entry (after a reset through this instance).
     *
     * @param key the key
     */
    public void forget(String key) {
        blocks.invalidate(key);
    }

    /**
     * Drops every entry (after the limits changed).
     */
    public void forgetAll() {
        blocks.invalidateAll();
    }

    /**
     * The approximate number of keys held.
     *
     * @return the estimate
     */
    public long estimatedSize() {
        return blocks.estimatedSize();
    }

    /** Each entry lives until its denial ends. */
    private static final class UntilEnd implements Expiry<String, Block> {
        @Override
        public long expireAfterCreate(String key, Block value, long currentTime) {
            return Math.max(0, value.until - currentTime);
        }

        @Override
        public long expireAfterUpdate(String key, Block value, long currentTime, long currentDuration) {
            return Math.max(0, value.until - currentTime);
        }

        @Override
        public long expireAfterRead(String key, Block value, long currentTime, long currentDuration) {
            return currentDuration;
        }
    }
}
