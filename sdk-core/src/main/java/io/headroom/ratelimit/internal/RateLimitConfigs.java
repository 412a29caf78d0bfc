package io.headroom.ratelimit.internal;

import io.headroom.ratelimit.Bandwidth;
import io.headroom.ratelimit.RateLimitConfig;
import io.headroom.ratelimit.RateLimitOutagePolicy;

/**
 * What every rate-limiter backend derives from a {@link RateLimitConfig} the same way, kept out of the public
 * config: the permit check all of them apply before any I/O, and the per-instance share a
 * {@link RateLimitOutagePolicy#LOCAL_FALLBACK} limiter enforces. Stateless and thread-safe.
 */
public final class RateLimitConfigs {

    private RateLimitConfigs() {
    }

    /**
     * Checks a permit count against a configuration, so every backend rejects the same input.
     *
     * @param config the limiter's configuration
     * @param permits the permits asked for
     * @return {@code permits}
     * @throws IllegalArgumentException when {@code permits} is outside {@code [1, config.minCapacity()]}
     */
    public static long checkPermits(RateLimitConfig config, long permits) {
        long max = config.minCapacity();
        if (permits < 1 || permits > max) {
            throw new IllegalArgumentException("permits must be between 1 and " + max
                    + " (the smallest bandwidth capacity of limiter '" + config.name() + "'), was " + permits);
        }
        return permits;
    }

    /**
     * The configuration a {@link RateLimitOutagePolicy#LOCAL_FALLBACK} limiter uses: every capacity divided by
     * {@link RateLimitConfig#expectedInstances()}, rounded down, at least 1; names, periods and every other
     * setting unchanged.
     *
     * @param config the limiter's configuration
     * @return the per-instance share ({@code config} itself when there is one instance)
     */
    public static RateLimitConfig localShare(RateLimitConfig config) {
        int instances = config.expectedInstances();
        if (instances == 1) {
            return config;
        }
        RateLimitConfig.Builder b = RateLimitConfig.builder().name(config.name()).algorithm(config.algorithm())
                .outagePolicy(config.outagePolicy()).expectedInstances(instances);
        for (Bandwidth bw : config.bandwidths()) {
            b.bandwidth(new Bandwidth(bw.name(), Math.max(1, bw.capacity() / instances), bw.period()));
        }
        return b.build();
    }
}
