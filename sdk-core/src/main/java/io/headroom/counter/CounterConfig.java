package io.headroom.counter;

import io.headroom.internal.Arguments;
import java.time.Duration;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The immutable, validated configuration of a {@link ShardedCounter}.
 *
 * <p>Defaults ({@link #ofDefaults()}): name {@code "default"}; 1 shard, growing to no more ({@code maxShards} =
 * {@code shards}); no TTL; at most 1,000,000 counters in memory; at most 100,000 pending increments per instance;
 * the backend's own coalescing window ({@code null}: none on Redis, 1 s on Firestore); retries backing off from
 * 50 ms to 5 s; flush timeout 10 s; outage policy {@link CounterOutagePolicy#BUFFER_AND_RETRY}. Thread-safe; build
 * with {@link #builder()}.
 *
 * <p>Outage policy (remote backends, {@link #outagePolicy()}): {@link CounterOutagePolicy#BUFFER_AND_RETRY}, the
 * only one: a write that fails or times out is retried with exponential, jittered backoff (Resilience4j) between
 * {@link #retryInitialBackoff()} and {@link #retryMaxBackoff()} until it succeeds, with the same idempotency
 * token, so it is never applied twice. Meanwhile new increments are accepted into a buffer of at most
 * {@link #maxPendingIncrements()} increments; past that bound they are refused with
 * {@link CounterBufferFullException}. Nothing is ever dropped silently.
 */
public final class CounterConfig {

    /** The most shards one counter may have. */
    public static final int MAX_SHARDS = 1_024;
    /** The shortest allowed TTL. */
    public static final Duration MIN_TTL = Duration.ofSeconds(1);
    /** The longest allowed coalescing window, backoff or flush timeout. */
    public static final Duration MAX_DURATION = Duration.ofHours(1);

    private final String name;
    private final int shards;
    private final int maxShards;
    private final @Nullable Duration ttl;
    private final long maximumCounters;
    private final int maxPendingIncrements;
    private final @Nullable Duration coalescingWindow;
    private final Duration retryInitialBackoff;
    private final Duration retryMaxBackoff;
    private final Duration flushTimeout;
    private final CounterOutagePolicy outagePolicy;

    private CounterConfig(Builder b, int maxShards) {
        this.name = b.name;
        this.shards = b.shards;
        this.maxShards = maxShards;
        this.ttl = b.ttl;
        this.maximumCounters = b.maximumCounters;
        this.maxPendingIncrements = b.maxPendingIncrements;
        this.coalescingWindow = b.coalescingWindow;
        this.retryInitialBackoff = b.retryInitialBackoff;
        this.retryMaxBackoff = b.retryMaxBackoff;
        this.flushTimeout = b.flushTimeout;
        this.outagePolicy = b.outagePolicy;
    }

    /**
     * Returns the configuration with every setting at its default.
     *
     * @return the default configuration
     */
    public static CounterConfig ofDefaults() {
        return builder().build();
    }

    /**
     * Returns a builder with every setting at its default.
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
        return new Builder().name(name).shards(shards).maxShards(maxShards).ttl(ttl).maximumCounters(maximumCounters)
                .maxPendingIncrements(maxPendingIncrements).coalescingWindow(coalescingWindow)
                .retryBackoff(retryInitialBackoff, retryMaxBackoff).flushTimeout(flushTimeout)
                .outagePolicy(outagePolicy);
    }

    /**
     * The counter family's name, used in backend keys, metrics, log lines and exception messages.
     *
     * @return the name
     */
    public String name() {
        return name;
    }

    /**
     * How many shards each counter starts with on a remote backend: Redis keys (in distinct cluster slots when
     * above 1) or Firestore documents. Reads sum all shards; each write goes to one. Ignored in memory, which
     * stripes contended counters by itself.
     *
     * @return the initial shard count, in {@code [1, MAX_SHARDS]}
     */
    public int shards() {
        return shards;
    }

    /**
     * Up to how many shards a backend that grows shards on contention (Firestore) may grow a counter.
     *
     * @return the largest shard count, in {@code [shards(), MAX_SHARDS]}
     */
    public int maxShards() {
        return maxShards;
    }

    /**
     * How long a counter lives after its last increment or reset, or {@code null} (the default) to keep counters
     * until reset. Reads do not extend it. On Redis it must be far longer than an outage lasts: a retried write
     * whose first attempt was applied is recognised only while the counter exists.
     *
     * @return the TTL, at least {@link #MIN_TTL}, or {@code null}
     */
    public @Nullable Duration ttl() {
        return ttl;
    }

    /**
     * The most counters the in-memory backend holds; past it the least recently used counters are evicted and
     * their values lost (counted in {@link CounterStats#evictions()}). Ignored by remote backends.
     *
     * @return the bound, at least 1
     */
    public long maximumCounters() {
        return maximumCounters;
    }

    /**
     * The most accepted increments one instance holds that are not yet durable (in flight, coalescing, or waiting
     * for a retry); past it increments are refused with {@link CounterBufferFullException}.
     *
     * @return the bound, at least 1
     */
    public int maxPendingIncrements() {
        return maxPendingIncrements;
    }

    /**
     * The coalescing window: increments to one shard within it are summed and written once, so each shard gets at
     * most one write per window. {@code null} (the default) uses the backend's own default (Redis: none, Firestore:
     * 1 s); {@link Duration#ZERO} disables coalescing.
     *
     * @return the window, or {@code null}
     */
    public @Nullable Duration coalescingWindow() {
        return coalescingWindow;
    }

    /**
     * The first delay before retrying a failed write; later delays double, with jitter.
     *
     * @return the initial backoff
     */
    public Duration retryInitialBackoff() {
        return retryInitialBackoff;
    }

    /**
     * The longest delay between two retries of a failed write.
     *
     * @return the largest backoff
     */
    public Duration retryMaxBackoff() {
        return retryMaxBackoff;
    }

    /**
     * The longest {@link ShardedCounter#flush()}, {@link ShardedCounter#awaitDurable()} and
     * {@link ShardedCounter#close()} wait for buffered increments to become durable.
     *
     * @return the flush timeout
     */
    public Duration flushTimeout() {
        return flushTimeout;
    }

    /**
     * What a remote backend does while it is unavailable (see {@link CounterOutagePolicy}); ignored in memory.
     *
     * @return the outage policy; default {@link CounterOutagePolicy#BUFFER_AND_RETRY}
     */
    public CounterOutagePolicy outagePolicy() {
        return outagePolicy;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof CounterConfig c && name.equals(c.name) && shards == c.shards && maxShards == c.maxShards
                && Objects.equals(ttl, c.ttl) && maximumCounters == c.maximumCounters
                && maxPendingIncrements == c.maxPendingIncrements
                && Objects.equals(coalescingWindow, c.coalescingWindow)
                && retryInitialBackoff.equals(c.retryInitialBackoff) && retryMaxBackoff.equals(c.retryMaxBackoff)
                && flushTimeout.equals(c.flushTimeout) && outagePolicy == c.outagePolicy;
    }

    @Override
    public int hashCode() {
        return Objects.hash(name, shards, maxShards, ttl, maximumCounters, maxPendingIncrements, coalescingWindow,
                retryInitialBackoff, retryMaxBackoff, flushTimeout, outagePolicy);
    }

    @Override
    public String toString() {
        return "CounterConfig[name=" + name + ", shards=" + shards + ", maxShards=" + maxShards + ", ttl=" + ttl
                + ", maximumCounters=" + maximumCounters + ", maxPendingIncrements=" + maxPendingIncrements
                + ", coalescingWindow=" + (coalescingWindow == null ? "backend default" : coalescingWindow)
                + ", retryBackoff=" + retryInitialBackoff + ".." + retryMaxBackoff
                + ", flushTimeout=" + flushTimeout + ", outagePolicy=" + outagePolicy + "]";
    }

    /** Builds a {@link CounterConfig}; {@link #build()} validates. Not thread-safe. */
    public static final class Builder {
        private String name = "default";
        private int shards = 1;
        private int maxShards = 0; // 0: same as shards
        private @Nullable Duration ttl;
        private long maximumCounters = 1_000_000;
        private int maxPendingIncrements = 100_000;
        private @Nullable Duration coalescingWindow;
        private Duration retryInitialBackoff = Duration.ofMillis(50);
        private Duration retryMaxBackoff = Duration.ofSeconds(5);
        private Duration flushTimeout = Duration.ofSeconds(10);
        private CounterOutagePolicy outagePolicy = CounterOutagePolicy.BUFFER_AND_RETRY;

        private Builder() {
        }

        /**
         * Sets the name: 1 to 64 characters of {@code [A-Za-z0-9_.:-]}. Default {@code "default"}.
         *
         * @param name the name
         * @return this builder
         */
        public Builder name(String name) {
            this.name = name;
            return this;
        }

        /**
         * Sets the initial shard count, in {@code [1, MAX_SHARDS]}. Default 1. Raise it, never lower it, for
         * counters that already exist: reads sum the configured shards only.
         *
         * @param shards the shard count
         * @return this builder
         */
        public Builder shards(int shards) {
            this.shards = shards;
            return this;
        }

        /**
         * Sets the most shards automatic growth may reach, in {@code [shards, MAX_SHARDS]}. Default: the shard
         * count (no growth).
         *
         * @param maxShards the largest shard count
         * @return this builder
         */
        public Builder maxShards(int maxShards) {
            this.maxShards = maxShards;
            return this;
        }

        /**
         * Sets the TTL after the last increment or reset, at least 1 s and at most 3650 days, or {@code null} for
         * none (the default).
         *
         * @param ttl the TTL, or {@code null}
         * @return this builder
         */
        public Builder ttl(@Nullable Duration ttl) {
            this.ttl = ttl;
            return this;
        }

        /**
         * Sets the most counters held in memory, at least 1. Default 1,000,000.
         *
         * @param maximumCounters the bound
         * @return this builder
         */
        public Builder maximumCounters(long maximumCounters) {
            this.maximumCounters = maximumCounters;
            return this;
        }

        /**
         * Sets the most pending (accepted, not yet durable) increments per instance, in {@code [1, 100,000,000]}.
         * Default 100,000.
         *
         * @param maxPendingIncrements the bound
         * @return this builder
         */
        public Builder maxPendingIncrements(int maxPendingIncrements) {
            this.maxPendingIncrements = maxPendingIncrements;
            return this;
        }

        /**
         * Sets the coalescing window, in {@code [0, 1 h]}, or {@code null} for the backend's default (the
         * default).
         *
         * @param window the window, or {@code null}
         * @return this builder
         */
        public Builder coalescingWindow(@Nullable Duration window) {
            this.coalescingWindow = window;
            return this;
        }

        /**
         * Sets the retry backoff of failed writes: positive, {@code initial <= max <= 1 h}. Default 50 ms to 5 s.
         *
         * @param initial the first delay
         * @param max the largest delay
         * @return this builder
         */
        public Builder retryBackoff(Duration initial, Duration max) {
            this.retryInitialBackoff = initial;
            this.retryMaxBackoff = max;
            return this;
        }

        /**
         * Sets how long flush, awaitDurable and close wait, positive and at most 1 h. Default 10 s.
         *
         * @param flushTimeout the timeout
         * @return this builder
         */
        public Builder flushTimeout(Duration flushTimeout) {
            this.flushTimeout = flushTimeout;
            return this;
        }

        /**
         * Sets what a remote backend does while it is unavailable. Default
         * {@link CounterOutagePolicy#BUFFER_AND_RETRY} (the only policy today).
         *
         * @param outagePolicy the policy, not {@code null}
         * @return this builder
         */
        public Builder outagePolicy(CounterOutagePolicy outagePolicy) {
            this.outagePolicy = outagePolicy;
            return this;
        }

        /**
         * Validates the settings and returns an immutable configuration.
         *
         * @return the configuration
         * @throws IllegalArgumentException when a setting breaks its rule; the message names it
         */
        public CounterConfig build() {
            Arguments.name(name, "name");
            if (shards < 1 || shards > MAX_SHARDS) {
                throw new IllegalArgumentException("shards must be between 1 and " + MAX_SHARDS + ", was " + shards);
            }
            int max = maxShards == 0 ? shards : maxShards;
            if (max < shards || max > MAX_SHARDS) {
                throw new IllegalArgumentException("maxShards must be between shards (" + shards + ") and "
                        + MAX_SHARDS + ", was " + maxShards);
            }
            if (ttl != null && (ttl.compareTo(MIN_TTL) < 0 || ttl.compareTo(Duration.ofDays(3650)) > 0)) {
                throw new IllegalArgumentException("ttl must be null or between 1 s and 3650 days, was " + ttl);
            }
            if (maximumCounters < 1) {
                throw new IllegalArgumentException("maximumCounters must be at least 1, was " + maximumCounters);
            }
            if (maxPendingIncrements < 1 || maxPendingIncrements > 100_000_000) {
                throw new IllegalArgumentException("maxPendingIncrements must be between 1 and 100000000, was "
                        + maxPendingIncrements);
            }
            if (coalescingWindow != null && (coalescingWindow.isNegative()
                    || coalescingWindow.compareTo(MAX_DURATION) > 0)) {
                throw new IllegalArgumentException("coalescingWindow must be null or between 0 and 1 h, was "
                        + coalescingWindow);
            }
            requirePositive(retryInitialBackoff, "retryInitialBackoff");
            requirePositive(retryMaxBackoff, "retryMaxBackoff");
            if (retryMaxBackoff.compareTo(retryInitialBackoff) < 0) {
                throw new IllegalArgumentException("retryMaxBackoff must be at least retryInitialBackoff ("
                        + retryInitialBackoff + "), was " + retryMaxBackoff);
            }
            requirePositive(flushTimeout, "flushTimeout");
            if (outagePolicy == null) {
                throw new IllegalArgumentException("outagePolicy must not be null");
            }
            return new CounterConfig(this, max);
        }

        private static void requirePositive(@Nullable Duration d, String name) {
            if (d == null || d.isZero() || d.isNegative() || d.compareTo(MAX_DURATION) > 0) {
                throw new IllegalArgumentException(name + " must be positive and at most 1 h, was " + d);
            }
        }
    }
}
