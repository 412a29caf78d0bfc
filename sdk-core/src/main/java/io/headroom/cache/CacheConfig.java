package io.headroom.cache;

import io.headroom.internal.Arguments;
import java.time.Duration;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The immutable, validated configuration of a {@link CacheAside}: its name, how long values live, how they are
 * encoded, and what a remote tier does during an outage.
 *
 * <h2>Time to live</h2>
 * A value loaded at time {@code t} is <em>fresh</em> until {@code t + softTtl}, then <em>stale</em> until
 * {@code t + ttl} (the hard TTL), then gone. Reading a stale value returns it at once and starts one background
 * refresh (stale-while-revalidate); if that refresh fails the stale value keeps being served until the hard TTL
 * (stale-if-error), and the next read tries again. Without a soft TTL values are fresh until the hard TTL.
 * Both TTLs of a value are multiplied by one random factor in {@code [1 - jitter, 1 + jitter]} so keys written
 * together do not expire together.
 *
 * <h2>Defaults</h2>
 * name {@code "default"}, ttl 5 minutes, no soft TTL, jitter 0.1 (±10%), no negative caching, L1 maximum size
 * 10,000 entries, no codec (the embedded cache keeps references; a Redis tier requires one), value size limit
 * 1 MiB (checked only when a codec is set), early refresh off, outage policy {@link CacheOutagePolicy#BYPASS}.
 *
 * <p>Instances are immutable and thread-safe; build them with {@link #named(String)} or {@link #builder()}.
 *
 * @param <V> the value type (fixed by the codec)
 */
public final class CacheConfig<V> {

    /** The largest allowed TTL. */
    public static final Duration MAX_TTL = Duration.ofDays(365);
    /** The largest allowed jitter. */
    public static final double MAX_JITTER = 0.5;
    /** The default value size limit, 1 MiB. */
    public static final int DEFAULT_MAX_VALUE_BYTES = 1 << 20;


    private final String name;
    private final Duration ttl;
    private final @Nullable Duration softTtl;
    private final double jitter;
    private final @Nullable Duration negativeTtl;
    private final long maximumSize;
    private final @Nullable Codec<V> codec;
    private final int maxValueBytes;
    private final double earlyRefreshBeta;
    private final CacheOutagePolicy outagePolicy;

    private CacheConfig(Builder<V> b) {
        this.name = b.name;
        this.ttl = b.ttl;
        this.softTtl = b.softTtl;
        this.jitter = b.jitter;
        this.negativeTtl = b.negativeTtl;
        this.maximumSize = b.maximumSize;
        this.codec = b.codec;
        this.maxValueBytes = b.maxValueBytes;
        this.earlyRefreshBeta = b.earlyRefreshBeta;
        this.outagePolicy = b.outagePolicy;
    }

    /**
     * Returns a builder with every setting at its default and the given name.
     *
     * @param name the cache's name, see {@link Builder#name(String)}
     * @return a builder; not thread-safe
     */
    public static Builder<Object> named(String name) {
        return new Builder<>().name(name);
    }

    /**
     * Returns a builder with every setting at its default.
     *
     * @return a builder; not thread-safe
     */
    public static Builder<Object> builder() {
        return new Builder<>();
    }

    /**
     * Returns a configuration with every setting at its default.
     *
     * @return the default configuration (no codec, so usable by the embedded cache only)
     */
    public static CacheConfig<Object> ofDefaults() {
        return builder().build();
    }

    /**
     * Returns a builder holding this configuration's settings, to derive a variant.
     *
     * @return a builder initialised from this configuration
     */
    public Builder<V> toBuilder() {
        Builder<V> b = new Builder<>();
        b.name = name;
        b.ttl = ttl;
        b.softTtl = softTtl;
        b.jitter = jitter;
        b.negativeTtl = negativeTtl;
        b.maximumSize = maximumSize;
        b.codec = codec;
        b.maxValueBytes = maxValueBytes;
        b.earlyRefreshBeta = earlyRefreshBeta;
        b.outagePolicy = outagePolicy;
        return b;
    }

    /**
     * The cache's name: used in remote keys (namespacing), metrics, log lines and exception messages.
     *
     * @return the name
     */
    public String name() {
        return name;
    }

    /**
     * The hard TTL: no value is served after it (before jitter).
     *
     * @return the hard TTL
     */
    public Duration ttl() {
        return ttl;
    }

    /**
     * The soft TTL after which a value is served stale and refreshed in the background, or {@code null} when
     * values are fresh until the hard TTL.
     *
     * @return the soft TTL, at most {@link #ttl()}, or {@code null}
     */
    public @Nullable Duration softTtl() {
        return softTtl;
    }

    /**
     * The jitter fraction: both TTLs of each value are multiplied by a random factor in
     * {@code [1 - jitter, 1 + jitter]}.
     *
     * @return the jitter, in [0, {@value #MAX_JITTER}]
     */
    public double jitter() {
        return jitter;
    }

    /**
     * How long "not found" (a loader returning {@code null}, or a key missing from a bulk load's map) is cached,
     * or {@code null} when it is not cached. Loader failures are never cached.
     *
     * @return the negative TTL or {@code null}
     */
    public @Nullable Duration negativeTtl() {
        return negativeTtl;
    }

    /**
     * The most entries the in-process tier (L1) holds; least valuable entries are evicted first (Caffeine's
     * W-TinyLFU).
     *
     * @return the maximum size, at least 1
     */
    public long maximumSize() {
        return maximumSize;
    }

    /**
     * The codec of values, or {@code null} when none is set (the embedded cache then keeps references and skips
     * the size check; a Redis tier refuses such a configuration).
     *
     * @return the codec or {@code null}
     */
    public @Nullable Codec<V> codec() {
        return codec;
    }

    /**
     * The largest encoded value that is cached; bigger values are returned to the caller but not cached, and
     * counted in {@link CacheStats#oversizeSkips()}. Checked only when a {@link #codec()} is set.
     *
     * @return the limit in bytes, at least 1
     */
    public int maxValueBytes() {
        return maxValueBytes;
    }

    /**
     * The XFetch parameter of probabilistic early refresh, or 0 when off. A read of a fresh value at time
     * {@code now} starts a background refresh when {@code now - delta * beta * ln(random()) >= expiry}, where
     * {@code delta} is how long the value took to load and {@code expiry} its soft (else hard) expiry: hot keys
     * are refreshed shortly before they expire, so they never miss. 1.0 is the usual value.
     *
     * @return beta, in [0, 10]
     */
    public double earlyRefreshBeta() {
        return earlyRefreshBeta;
    }

    /**
     * What reads do while a remote tier is unavailable (see {@link CacheOutagePolicy} for what each value does and
     * throws); ignored by the embedded cache.
     *
     * @return the policy; default {@link CacheOutagePolicy#BYPASS}
     */
    public CacheOutagePolicy outagePolicy() {
        return outagePolicy;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof CacheConfig<?> c && name.equals(c.name) && ttl.equals(c.ttl)
                && Objects.equals(softTtl, c.softTtl) && jitter == c.jitter
                && Objects.equals(negativeTtl, c.negativeTtl) && maximumSize == c.maximumSize
                && Objects.equals(codec, c.codec) && maxValueBytes == c.maxValueBytes
                && earlyRefreshBeta == c.earlyRefreshBeta && outagePolicy == c.outagePolicy;
    }

    @Override
    public int hashCode() {
        return Objects.hash(name, ttl, softTtl, jitter, negativeTtl, maximumSize, codec, maxValueBytes,
                earlyRefreshBeta, outagePolicy);
    }

    @Override
    public String toString() {
        return "CacheConfig[name=" + name + ", ttl=" + ttl + ", softTtl=" + softTtl + ", jitter=" + jitter
                + ", negativeTtl=" + negativeTtl + ", maximumSize=" + maximumSize + ", codec=" + codec
                + ", maxValueBytes=" + maxValueBytes + ", earlyRefreshBeta=" + earlyRefreshBeta
                + ", outagePolicy=" + outagePolicy + "]";
    }

    /**
     * Builds a {@link CacheConfig}; {@link #build()} validates and copies. Not thread-safe.
     *
     * @param <V> the value type, fixed by {@link #codec(Codec)}
     */
    public static final class Builder<V> {
        private String name = "default";
        private Duration ttl = Duration.ofMinutes(5);
        private @Nullable Duration softTtl;
        private double jitter = 0.1;
        private @Nullable Duration negativeTtl;
        private long maximumSize = 10_000;
        private @Nullable Codec<V> codec;
        private int maxValueBytes = DEFAULT_MAX_VALUE_BYTES;
        private double earlyRefreshBeta;
        private CacheOutagePolicy outagePolicy = CacheOutagePolicy.BYPASS;

        private Builder() {
        }

        /**
         * Sets the name: 1 to 64 characters of {@code [A-Za-z0-9_.:-]}. Default {@code "default"}.
         *
         * @param name the name
         * @return this builder
         */
        public Builder<V> name(String name) {
            this.name = name;
            return this;
        }

        /**
         * Sets the hard TTL, in (0, 365 days]. Default 5 minutes.
         *
         * @param ttl the TTL
         * @return this builder
         */
        public Builder<V> ttl(Duration ttl) {
            this.ttl = ttl;
            return this;
        }

        /**
         * Sets the soft TTL (stale-while-revalidate and stale-if-error after it), in (0, ttl], or {@code null}
         * for none. Default none.
         *
         * @param softTtl the soft TTL or {@code null}
         * @return this builder
         */
        public Builder<V> softTtl(@Nullable Duration softTtl) {
            this.softTtl = softTtl;
            return this;
        }

        /**
         * Sets the jitter fraction, in [0, 0.5]; 0 turns jitter off. Default 0.1.
         *
         * @param jitter the fraction
         * @return this builder
         */
        public Builder<V> jitter(double jitter) {
            this.jitter = jitter;
            return this;
        }

        /**
         * Caches "not found" for {@code negativeTtl}, in (0, 365 days], or not at all with {@code null}.
         * Default {@code null}.
         *
         * @param negativeTtl the negative TTL or {@code null}
         * @return this builder
         */
        public Builder<V> negativeTtl(@Nullable Duration negativeTtl) {
            this.negativeTtl = negativeTtl;
            return this;
        }

        /**
         * Sets the in-process tier's maximum number of entries, at least 1. Default 10,000.
         *
         * @param maximumSize the maximum size
         * @return this builder
         */
        public Builder<V> maximumSize(long maximumSize) {
            this.maximumSize = maximumSize;
            return this;
        }

        /**
         * Sets the codec, which fixes the value type. Required by remote tiers. Default none.
         *
         * @param codec the codec
         * @param <T> the value type
         * @return this builder, typed for {@code T}
         */
        @SuppressWarnings("unchecked")
        public <T> Builder<T> codec(Codec<T> codec) {
            Builder<T> self = (Builder<T>) this;
            self.codec = codec;
            return self;
        }

        /**
         * Sets the largest encoded value that is cached, at least 1 byte. Default 1 MiB.
         *
         * @param maxValueBytes the limit
         * @return this builder
         */
        public Builder<V> maxValueBytes(int maxValueBytes) {
            this.maxValueBytes = maxValueBytes;
            return this;
        }

        /**
         * Turns on probabilistic early refresh (XFetch) with this beta, in (0, 10], or off with 0. Default 0.
         *
         * @param beta the XFetch parameter
         * @return this builder
         */
        public Builder<V> earlyRefresh(double beta) {
            this.earlyRefreshBeta = beta;
            return this;
        }

        /**
         * Sets what reads do while a remote tier is unavailable: {@link CacheOutagePolicy#BYPASS} answers them from
         * the loader, {@link CacheOutagePolicy#FAIL} throws {@link io.headroom.BackendUnavailableException}.
         * Default {@link CacheOutagePolicy#BYPASS}.
         *
         * @param outagePolicy the policy
         * @return this builder
         */
        public Builder<V> outagePolicy(CacheOutagePolicy outagePolicy) {
            this.outagePolicy = outagePolicy;
            return this;
        }

        /**
         * Validates the settings and returns an immutable configuration.
         *
         * @return the configuration
         * @throws IllegalArgumentException when a setting breaks its rule; the message names it
         */
        public CacheConfig<V> build() {
            Arguments.name(name, "name");
            checkTtl(ttl, "ttl");
            if (softTtl != null) {
                checkTtl(softTtl, "softTtl");
                if (softTtl.compareTo(ttl) > 0) {
                    throw new IllegalArgumentException("softTtl must not exceed ttl (the hard TTL), was softTtl="
                            + softTtl + " > ttl=" + ttl);
                }
            }
            if (negativeTtl != null) {
                checkTtl(negativeTtl, "negativeTtl");
            }
            if (!(jitter >= 0 && jitter <= MAX_JITTER)) {
                throw new IllegalArgumentException("jitter must be between 0 and " + MAX_JITTER + ", was " + jitter);
            }
            Arguments.inRange(maximumSize, 1, Long.MAX_VALUE, "maximumSize", "");
            Arguments.inRange(maxValueBytes, 1, Integer.MAX_VALUE, "maxValueBytes", "");
            if (!(earlyRefreshBeta >= 0 && earlyRefreshBeta <= 10)) {
                throw new IllegalArgumentException("earlyRefresh beta must be between 0 (off) and 10, was "
                        + earlyRefreshBeta);
            }
            Arguments.notNull(outagePolicy, "outagePolicy");
            return new CacheConfig<>(this);
        }

        private static void checkTtl(@Nullable Duration value, String name) {
            Arguments.positive(value, name);
            if (value.compareTo(MAX_TTL) > 0) {
                throw new IllegalArgumentException(name + " must be at most " + MAX_TTL + ", was " + value);
            }
            if (value.toNanos() < 1_000) {
                throw new IllegalArgumentException(name + " must be at least 1 microsecond, was " + value);
            }
        }
    }
}
