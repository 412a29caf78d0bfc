package io.headroom.firestore;

import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.headroom.internal.Arguments;
import io.headroom.internal.BackendGuard;
import java.time.Duration;

/**
 * Immutable, validated settings of a {@link FirestoreShardedCounter}: where its documents live, how it reads, the
 * call timeout and circuit breaker, and how long idempotency tokens are kept.
 *
 * <p>Defaults ({@link #defaults()}): collection {@code "headroom_counters"}, reads by {@link ReadMode#AGGREGATION},
 * timeout 2 s, the breaker of {@link BackendGuard#defaultCircuitBreakerConfig()}, token retention 1 day. Thread-safe.
 */
public final class FirestoreCounterOptions {

    /** How {@link FirestoreShardedCounter#get} reads a counter's shards. */
    public enum ReadMode {
        /** One {@code sum("v")} aggregation query over the counter's shard documents: one billed read. */
        AGGREGATION,
        /** One batch get of all {@code maxShards} shard documents: one billed read per shard document. */
        BATCH_GET
    }

    private final String collection;
    private final ReadMode readMode;
    private final Duration timeout;
    private final CircuitBreakerConfig circuitBreakerConfig;
    private final Duration tokenRetention;

    private FirestoreCounterOptions(Builder b) {
        this.collection = b.collection;
        this.readMode = b.readMode;
        this.timeout = b.timeout;
        this.circuitBreakerConfig = b.circuitBreakerConfig;
        this.tokenRetention = b.tokenRetention;
    }

    /**
     * Returns the default options.
     *
     * @return the defaults
     */
    public static FirestoreCounterOptions defaults() {
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
     * The root collection of every counter document.
     *
     * @return the collection id
     */
    public String collection() {
        return collection;
    }

    /**
     * How reads sum a counter's shards.
     *
     * @return the read mode
     */
    public ReadMode readMode() {
        return readMode;
    }

    /**
     * The longest one Firestore call may take before it counts as failed (and a write is retried).
     *
     * @return the timeout
     */
    public Duration timeout() {
        return timeout;
    }

    /**
     * The circuit breaker settings around Firestore calls.
     *
     * @return the breaker configuration
     */
    public CircuitBreakerConfig circuitBreakerConfig() {
        return circuitBreakerConfig;
    }

    /**
     * How long a write's idempotency token document is kept: its {@code expireAt} field is set that far ahead, for a
     * Firestore TTL policy on the collection group {@code tokens}. Must exceed the longest outage a write may be
     * retried through.
     *
     * @return the retention
     */
    public Duration tokenRetention() {
        return tokenRetention;
    }

    @Override
    public String toString() {
        return "FirestoreCounterOptions[collection=" + collection + ", readMode=" + readMode + ", timeout=" + timeout
                + ", tokenRetention=" + tokenRetention + "]";
    }

    /** Builds {@link FirestoreCounterOptions}; {@link #build()} validates. Not thread-safe. */
    public static final class Builder {
        private String collection = "headroom_counters";
        private ReadMode readMode = ReadMode.AGGREGATION;
        private Duration timeout = Duration.ofSeconds(2);
        private CircuitBreakerConfig circuitBreakerConfig = BackendGuard.defaultCircuitBreakerConfig();
        private Duration tokenRetention = Duration.ofDays(1);

        private Builder() {
        }

        /**
         * Sets the root collection id: 1 to 100 characters of {@code [A-Za-z0-9_-]}. Default
         * {@code "headroom_counters"}.
         *
         * @param collection the collection id
         * @return this builder
         */
        public Builder collection(String collection) {
            this.collection = collection;
            return this;
        }

        /**
         * Sets the read mode. Default {@link ReadMode#AGGREGATION}.
         *
         * @param readMode the mode
         * @return this builder
         */
        public Builder readMode(ReadMode readMode) {
            this.readMode = readMode;
            return this;
        }

        /**
         * Sets the call timeout, in (0, 1 min]. Default 2 s.
         *
         * @param timeout the timeout
         * @return this builder
         */
        public Builder timeout(Duration timeout) {
            this.timeout = timeout;
            return this;
        }

        /**
         * Sets the circuit breaker settings. Default {@link BackendGuard#defaultCircuitBreakerConfig()}.
         *
         * @param config the breaker configuration
         * @return this builder
         */
        public Builder circuitBreakerConfig(CircuitBreakerConfig config) {
            this.circuitBreakerConfig = config;
            return this;
        }

        /**
         * Sets how long idempotency tokens are kept, at least 1 minute. Default 1 day.
         *
         * @param retention the retention
         * @return this builder
         */
        public Builder tokenRetention(Duration retention) {
            this.tokenRetention = retention;
            return this;
        }

        /**
         * Validates and returns the options.
         *
         * @return the options
         * @throws IllegalArgumentException when a setting breaks its rule; the message names it
         */
        public FirestoreCounterOptions build() {
            if (collection == null || !collection.matches("[A-Za-z0-9_-]{1,100}")) {
                throw new IllegalArgumentException("collection must be 1 to 100 characters of [A-Za-z0-9_-], was "
                        + (collection == null ? "null" : '"' + collection + '"'));
            }
            Arguments.notNull(readMode, "readMode");
            Arguments.positive(timeout, "timeout");
            if (timeout.compareTo(Duration.ofMinutes(1)) > 0) {
                throw new IllegalArgumentException("timeout must be at most 1 min, was " + timeout);
            }
            Arguments.notNull(circuitBreakerConfig, "circuitBreakerConfig");
            Arguments.positive(tokenRetention, "tokenRetention");
            if (tokenRetention.compareTo(Duration.ofMinutes(1)) < 0) {
                throw new IllegalArgumentException("tokenRetention must be at least 1 min, was " + tokenRetention);
            }
            return new FirestoreCounterOptions(this);
        }
    }
}
