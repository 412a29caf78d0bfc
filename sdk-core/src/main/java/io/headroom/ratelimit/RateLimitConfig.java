package io.headroom.ratelimit;

import io.headroom.internal.Arguments;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * The immutable, validated configuration of a {@link RateLimiter}: its name, algorithm, one or more bandwidths,
 * and what remote backends do during an outage.
 *
 * <p>A request passes only if every bandwidth admits it, and a denied request consumes nothing from any of them.
 * Typical use: {@code 100 per minute} plus a {@code 10 per second} burst guard.
 *
 * <p>Defaults: name {@code "default"}, algorithm {@link RateLimitAlgorithm#GCRA}, outage policy
 * {@link RateLimitOutagePolicy#LOCAL_FALLBACK} with {@code expectedInstances = 1}, the blocked-key cache
 * {@link BlockedKeyCache#ofDefaults()} (used by remote limiters only). {@link #ofDefaults()} adds the
 * bandwidth 100 per minute. Instances are immutable and thread-safe; build them with {@link #builder()}.
 */
public final class RateLimitConfig {

    /** The most bandwidths one limiter may have. */
    public static final int MAX_BANDWIDTHS = 8;
    /** For {@link RateLimitAlgorithm#SLIDING_WINDOW}: the largest allowed capacity times period in milliseconds. */
    public static final long MAX_SLIDING_WINDOW_PRODUCT = 1L << 50;

    private final String name;
    private final RateLimitAlgorithm algorithm;
    private final List<Bandwidth> bandwidths;
    private final RateLimitOutagePolicy outagePolicy;
    private final int expectedInstances;
    private final BlockedKeyCache blockedKeyCache;
    private final Duration limitsRefresh;
    private final long minCapacity;

    private RateLimitConfig(Builder b) {
        this.name = b.name;
        this.algorithm = b.algorithm;
        this.bandwidths = List.copyOf(b.bandwidths);
        this.outagePolicy = b.outagePolicy;
        this.expectedInstances = b.expectedInstances;
        this.blockedKeyCache = b.blockedKeyCache;
        this.limitsRefresh = b.limitsRefresh;
        this.minCapacity = bandwidths.stream().mapToLong(Bandwidth::capacity).min().orElseThrow();
    }

    /**
     * Returns a configuration of 100 permits per minute with every other setting at its default.
     *
     * @return the default configuration
     */
    public static RateLimitConfig ofDefaults() {
        return builder().bandwidth(Bandwidth.of(100, Duration.ofMinutes(1))).build();
    }

    /**
     * Returns a new builder with every setting at its default and no bandwidth.
     *
     * @return a builder; not thread-safe
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Returns a builder holding this configuration's settings, to derive a variant.
     *
     * @return a builder initialised from this configuration
     */
    public Builder toBuilder() {
        Builder b = new Builder().name(name).algorithm(algorithm).outagePolicy(outagePolicy)
                .expectedInstances(expectedInstances).blockedKeyCache(blockedKeyCache)
                .limitsRefresh(limitsRefresh);
        bandwidths.forEach(b::bandwidth);
        return b;
    }

    /**
     * The limiter's name, used in backend keys, log lines and exception messages.
     *
     * @return the name
     */
    public String name() {
        return name;
    }

    /**
     * The algorithm enforcing every bandwidth.
     *
     * @return the algorithm
     */
    public RateLimitAlgorithm algorithm() {
        return algorithm;
    }

    /**
     * The bandwidths, in the order they were added.
     *
     * @return an unmodifiable, non-empty list
     */
    public List<Bandwidth> bandwidths() {
        return bandwidths;
    }

    /**
     * What a remote limiter decides while its backend is unavailable.
     *
     * @return the outage policy
     */
    public RateLimitOutagePolicy outagePolicy() {
        return outagePolicy;
    }

    /**
     * How many application instances share a remote limiter; {@link RateLimitOutagePolicy#LOCAL_FALLBACK}
     * divides each capacity by it.
     *
     * @return the expected number of instances, at least 1
     */
    public int expectedInstances() {
        return expectedInstances;
    }

    /**
     * The local blocked-key cache of a remote limiter (see {@link BlockedKeyCache}); ignored in memory.
     *
     * @return the settings, {@link BlockedKeyCache#ofDefaults()} unless set
     */
    public BlockedKeyCache blockedKeyCache() {
        return blockedKeyCache;
    }

    /**
     * How stale a remote limiter's runtime limits ({@link RateLimiter#updateLimits}) may get: each instance
     * re-reads them before its first decision once this long has passed since it last read them.
     *
     * @return the bound, 5 s unless set
     */
    public Duration limitsRefresh() {
        return limitsRefresh;
    }

    /**
     * The smallest capacity of all bandwidths: the most permits one request may ask for (every limiter rejects
     * more with {@link IllegalArgumentException}).
     *
     * @return the smallest capacity
     */
    public long minCapacity() {
        return minCapacity;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof RateLimitConfig c && name.equals(c.name) && algorithm == c.algorithm
                && bandwidths.equals(c.bandwidths) && outagePolicy == c.outagePolicy
                && expectedInstances == c.expectedInstances && blockedKeyCache.equals(c.blockedKeyCache)
                && limitsRefresh.equals(c.limitsRefresh);
    }

    @Override
    public int hashCode() {
        return Objects.hash(name, algorithm, bandwidths, outagePolicy, expectedInstances, blockedKeyCache, limitsRefresh);
    }

    @Override
    public String toString() {
        return "RateLimitConfig[name=" + name + ", algorithm=" + algorithm + ", bandwidths=" + bandwidths
                + ", outagePolicy=" + outagePolicy + ", expectedInstances=" + expectedInstances
                + ", blockedKeyCache=" + blockedKeyCache + ", limitsRefresh=" + limitsRefresh + "]";
    }

    /** Builds a {@link RateLimitConfig}; {@link #build()} validates and copies. Not thread-safe. */
    public static final class Builder {
        private String name = "default";
        private RateLimitAlgorithm algorithm = RateLimitAlgorithm.GCRA;
        private final List<Bandwidth> bandwidths = new ArrayList<>();
        private RateLimitOutagePolicy outagePolicy = RateLimitOutagePolicy.LOCAL_FALLBACK;
        private int expectedInstances = 1;
        private BlockedKeyCache blockedKeyCache = BlockedKeyCache.ofDefaults();
        private Duration limitsRefresh = Duration.ofSeconds(5);

        private Builder() {
        }

        /**
         * Sets the limiter's name: 1 to 64 characters of {@code [A-Za-z0-9_.:-]}. Default {@code "default"}.
         *
         * @param name the name
         * @return this builder
         */
        public Builder name(String name) {
            this.name = name;
            return this;
        }

        /**
         * Sets the algorithm. Default {@link RateLimitAlgorithm#GCRA}.
         *
         * @param algorithm the algorithm
         * @return this builder
         */
        public Builder algorithm(RateLimitAlgorithm algorithm) {
            this.algorithm = algorithm;
            return this;
        }

        /**
         * Adds a bandwidth; a request must pass every bandwidth. At least one is required, at most
         * {@value RateLimitConfig#MAX_BANDWIDTHS}, with distinct names.
         *
         * @param bandwidth the bandwidth to add
         * @return this builder
         */
        public Builder bandwidth(Bandwidth bandwidth) {
            if (bandwidth == null) {
                throw new IllegalArgumentException("bandwidth must not be null");
            }
            bandwidths.add(bandwidth);
            return this;
        }

        /**
         * Sets what remote backends decide during an outage. Default
         * {@link RateLimitOutagePolicy#LOCAL_FALLBACK}.
         *
         * @param outagePolicy the policy
         * @return this builder
         */
        public Builder outagePolicy(RateLimitOutagePolicy outagePolicy) {
            this.outagePolicy = outagePolicy;
            return this;
        }

        /**
         * Sets how many instances share a remote limiter, used by {@link RateLimitOutagePolicy#LOCAL_FALLBACK}.
         * Default 1.
         *
         * @param expectedInstances at least 1
         * @return this builder
         */
        public Builder expectedInstances(int expectedInstances) {
            this.expectedInstances = expectedInstances;
            return this;
        }

        /**
         * Sets the local blocked-key cache of a remote limiter. Default {@link BlockedKeyCache#ofDefaults()}
         * (enabled); {@link BlockedKeyCache#disabled()} turns it off.
         *
         * @param blockedKeyCache the settings
         * @return this builder
         */
        public Builder blockedKeyCache(BlockedKeyCache blockedKeyCache) {
            this.blockedKeyCache = blockedKeyCache;
            return this;
        }

        /**
         * Sets how stale a remote limiter's runtime limits may get, in {@code [10 ms, 1 h]}. Default 5 s.
         *
         * @param limitsRefresh the bound
         * @return this builder
         */
        public Builder limitsRefresh(Duration limitsRefresh) {
            this.limitsRefresh = limitsRefresh;
            return this;
        }

        /**
         * Validates the settings and returns an immutable configuration.
         *
         * @return the configuration
         * @throws IllegalArgumentException when a setting breaks its rule; the message names it
         */
        public RateLimitConfig build() {
            Arguments.name(name, "name");
            if (algorithm == null) {
                throw new IllegalArgumentException("algorithm must not be null");
            }
            if (outagePolicy == null) {
                throw new IllegalArgumentException("outagePolicy must not be null");
            }
            if (limitsRefresh == null || limitsRefresh.compareTo(Duration.ofMillis(10)) < 0
                    || limitsRefresh.compareTo(Duration.ofHours(1)) > 0) {
                throw new IllegalArgumentException("limitsRefresh must be between 10 ms and 1 h, was " + limitsRefresh);
            }
            if (blockedKeyCache == null) {
                throw new IllegalArgumentException("blockedKeyCache must not be null");
            }
            if (expectedInstances < 1) {
                throw new IllegalArgumentException("expectedInstances must be at least 1, was " + expectedInstances);
            }
            if (bandwidths.isEmpty()) {
                throw new IllegalArgumentException("bandwidths must contain at least one bandwidth, was empty");
            }
            if (bandwidths.size() > MAX_BANDWIDTHS) {
                throw new IllegalArgumentException(
                        "bandwidths must contain at most " + MAX_BANDWIDTHS + " bandwidths, was " + bandwidths.size());
            }
            Set<String> names = new HashSet<>();
            for (Bandwidth bw : bandwidths) {
                if (!names.add(bw.name())) {
                    throw new IllegalArgumentException("bandwidths must have distinct names, \"" + bw.name()
                            + "\" appears twice (name them with Bandwidth.named)");
                }
                if (algorithm == RateLimitAlgorithm.SLIDING_WINDOW) {
                    long millis = bw.period().toMillis();
                    if (millis > MAX_SLIDING_WINDOW_PRODUCT / bw.capacity()) {
                        throw new IllegalArgumentException("bandwidth " + bw.name()
                                + ": capacity * period in ms must be at most 2^50 for SLIDING_WINDOW, was "
                                + bw.capacity() + " * " + millis);
                    }
                }
            }
            return new RateLimitConfig(this);
        }
    }
}
