package io.headroom.spring.autoconfigure;

import io.headroom.ratelimit.Bandwidth;
import io.headroom.ratelimit.RateLimitAlgorithm;
import io.headroom.ratelimit.RateLimitOutagePolicy;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The named rate limiters (headroom.rate-limit.limiters.NAME.*); each becomes a RateLimiter bean
 * qualified by its name. Unset settings take RateLimitConfig's defaults.
 *
 * @param limiters the limiters by name (the name becomes the limiter's RateLimitConfig.name())
 */
public record RateLimitProperties(@DefaultValue Map<String, Limiter> limiters) {

    /**
     * One limiter.
     *
     * @param bandwidths the limits, each written CAPACITY/PERIOD such as 100/1m (or a
     *     name= prefix, per-minute=100/1m); at least one
     * @param algorithm GCRA or SLIDING_WINDOW; unset: the SDK's default (GCRA)
     * @param outagePolicy what the Redis limiter decides while Redis is down; unset: the SDK's default
     * @param expectedInstances how many instances share the limit (sizes the local fallback); unset: 1
     * @param backend which backend serves the limiter; default AUTO (Redis when configured)
     * @param blockedKeyCache the cache of denied keys in front of the Redis limiter; unset: the SDK's default
     *     (on, 10,000 keys, max-block 1s)
     * @param limitsRefresh how stale runtime limits may be; unset: the SDK's default (5s)
     */
    public record Limiter(
            @DefaultValue List<Bandwidth> bandwidths,
            @Nullable RateLimitAlgorithm algorithm,
            @Nullable RateLimitOutagePolicy outagePolicy,
            @Nullable Integer expectedInstances,
            @DefaultValue("auto") Backend backend,
            @Nullable BlockedKeys blockedKeyCache,
            @Nullable Duration limitsRefresh) {
    }

    /**
     * The blocked-key cache of one limiter (headroom.rate-limit.limiters.NAME.blocked-key-cache.*); a
     * setting left unset keeps BlockedKeyCache.ofDefaults()'s.
     *
     * @param enabled whether denials are cached
     * @param maximumSize the most keys held
     * @param maxBlock the longest one cached denial is served (the bound on how late a reset is seen)
     */
    public record BlockedKeys(@Nullable Boolean enabled, @Nullable Long maximumSize, @Nullable Duration maxBlock) {
    }
}
