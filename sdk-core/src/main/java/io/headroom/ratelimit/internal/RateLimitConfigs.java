package io.headroom.ratelimit.internal;

import io.headroom.ratelimit.Bandwidth;
import io.headroom.ratelimit.RateLimitConfig;
import io.headroom.ratelimit.RateLimitOutagePolicy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

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
                .outagePolicy(config.outagePolicy()).expectedInstances(instances)
                .blockedKeyCache(config.blockedKeyCache()).limitsRefresh(config.limitsRefresh());
        for (Bandwidth bw : config.bandwidths()) {
            b.bandwidth(new Bandwidth(bw.name(), Math.max(1, bw.capacity() / instances), bw.period()));
        }
        return b.build();
    }

    /**
     * The configuration with other bandwidths, as a runtime limit change makes it: every other setting kept, the
     * same number of bandwidths (so every backend keeps each key's state, bandwidth by bandwidth).
     *
     * @param config the current configuration
     * @param bandwidths the new bandwidths, in the same order
     * @return the new configuration
     * @throws IllegalArgumentException when {@code bandwidths} is {@code null}, holds {@code null}, changes the
     *     number of bandwidths or breaks a rule of {@link RateLimitConfig.Builder#build()}
     */
    public static RateLimitConfig withBandwidths(RateLimitConfig config, List<Bandwidth> bandwidths) {
        if (bandwidths == null || bandwidths.size() != config.bandwidths().size()) {
            throw new IllegalArgumentException("bandwidths must keep the number of bandwidths of limiter '"
                    + config.name() + "' (" + config.bandwidths().size() + "), was "
                    + (bandwidths == null ? "null" : bandwidths.size()));
        }
        RateLimitConfig.Builder b = RateLimitConfig.builder().name(config.name()).algorithm(config.algorithm())
                .outagePolicy(config.outagePolicy()).expectedInstances(config.expectedInstances())
                .blockedKeyCache(config.blockedKeyCache()).limitsRefresh(config.limitsRefresh());
        for (Bandwidth bw : bandwidths) {
            b.bandwidth(bw);
        }
        return b.build();
    }

    /**
     * Writes bandwidths as text, {@code name:capacity:periodNanos} joined by commas (names never hold either).
     *
     * @param bandwidths the bandwidths
     * @return the text
     */
    public static String encode(List<Bandwidth> bandwidths) {
        StringBuilder sb = new StringBuilder();
        for (Bandwidth bw : bandwidths) {
            if (sb.length() > 0) {
                sb.append(',');
            }
            sb.append(bw.name()).append(':').append(bw.capacity()).append(':').append(bw.period().toNanos());
        }
        return sb.toString();
    }

    /**
     * Reads what {@link #encode} wrote.
     *
     * @param text the text
     * @return the bandwidths
     * @throws IllegalArgumentException when the text is malformed or a bandwidth breaks its rules
     */
    public static List<Bandwidth> decode(String text) {
        List<Bandwidth> out = new ArrayList<>();
        for (String part : text.split(",")) {
            String[] f = part.split(":");
            if (f.length != 3) {
                throw new IllegalArgumentException("malformed bandwidth '" + part + "' in '" + text + "'");
            }
            try {
                out.add(new Bandwidth(f[0], Long.parseLong(f[1]), Duration.ofNanos(Long.parseLong(f[2]))));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("malformed bandwidth '" + part + "' in '" + text + "'", e);
            }
        }
        return out;
    }
}
