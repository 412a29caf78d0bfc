package io.headroom.firestore;

import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.headroom.Ticker;
import io.headroom.internal.Arguments;
import io.headroom.internal.BackendGuard;
import io.headroom.internal.CallSettings;
import java.time.Duration;

/**
 * The one immutable, validated settings type of Headroom's Firestore primitives (the counter and the paginator):
 * the prefix of the collections they write, the timeout of each backend call, the circuit breaker around calls,
 * and the sharded counter's read mode and token retention. (Named {@code FirestoreSettings} so it never clashes
 * with Google's {@code com.google.cloud.firestore.FirestoreOptions}, which configures the client itself.)
 *
 * <p>Defaults ({@link #defaults()}): collection prefix {@code "headroom_"} (so the counter's documents live in
 * {@code headroom_counters}), timeout 2 s (a Firestore commit takes tens of milliseconds, and a transaction the
 * client retries after {@code ABORTED} waits about a second before its next attempt), the circuit breaker of
 * {@link BackendGuard#defaultCircuitBreakerConfig()}, counter reads by {@link CounterReadMode#AGGREGATION},
 * counter token retention 1 day. Each primitive instance gets its own breaker with these settings. Thread-safe.
 */
public final class FirestoreSettings {

    /** The longest allowed call timeout. */
    public static final Duration MAX_TIMEOUT = CallSettings.MAX_TIMEOUT;

    /** The longest allowed collection prefix. */
    public static final int MAX_PREFIX_LENGTH = 100;

    /** The shortest allowed {@link #counterTokenRetention()}. */
    public static final Duration MIN_TOKEN_RETENTION = Duration.ofMinutes(1);

    /** How {@link FirestoreShardedCounter#get} reads a counter's shards. */
    public enum CounterReadMode {
        /** One {@code sum("v")} aggregation query over the counter's shard documents: one billed read. */
        AGGREGATION,
        /** One batch get of all {@code maxShards} shard documents: one billed read per shard document. */
        BATCH_GET
    }

    private final String collectionPrefix;
    private final CallSettings calls;
    private final CounterReadMode counterReadMode;
    private final Duration counterTokenRetention;

    private FirestoreSettings(Builder b, CallSettings calls) {
        this.collectionPrefix = b.collectionPrefix;
        this.calls = calls;
        this.counterReadMode = b.counterReadMode;
        this.counterTokenRetention = b.counterTokenRetention;
    }

    /**
     * Returns the default settings.
     *
     * @return the defaults
     */
    public static FirestoreSettings defaults() {
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
     * The prefix of every top-level collection Headroom writes, e.g. {@code headroom_counters}.
     *
     * @return the prefix (may be empty)
     */
    public String collectionPrefix() {
        return collectionPrefix;
    }

    /**
     * The name of a collection of Headroom's, with the prefix applied.
     *
     * @param name the primitive's collection name, e.g. {@code "counters"}
     * @return the prefixed collection id
     * @throws IllegalArgumentException when {@code name} is empty or contains {@code /}
     */
    public String collection(String name) {
        Arguments.notNull(name, "name");
        if (name.isEmpty() || name.indexOf('/') >= 0) {
            throw new IllegalArgumentException("name must be a non-empty collection id without '/', was '" + name + "'");
        }
        return collectionPrefix + name;
    }

    /**
     * The longest one backend call may take before it counts as failed and the primitive applies its outage policy
     * (a counter write is then retried).
     *
     * @return the timeout
     */
    public Duration timeout() {
        return calls.timeout();
    }

    /**
     * The circuit breaker settings around backend calls.
     *
     * @return the breaker configuration
     */
    public CircuitBreakerConfig circuitBreakerConfig() {
        return calls.circuitBreakerConfig();
    }

    /**
     * How the sharded counter's reads sum a counter's shards.
     *
     * @return the read mode
     */
    public CounterReadMode counterReadMode() {
        return counterReadMode;
    }

    /**
     * How long a counter write's idempotency token document is kept: its {@code expireAt} field is set that far
     * ahead, for a Firestore TTL policy on the collection group {@code tokens}. Must exceed the longest outage a
     * write may be retried through.
     *
     * @return the retention
     */
    public Duration counterTokenRetention() {
        return counterTokenRetention;
    }

    /** A new guard (timeout + circuit breaker) with these settings, one per primitive instance. */
    BackendGuard newGuard(String name, Ticker ticker) {
        return calls.newGuard(name, ticker);
    }

    /** As {@link #newGuard(String, Ticker)} on the system ticker. */
    BackendGuard newGuard(String name) {
        return newGuard(name, Ticker.system());
    }

    @Override
    public String toString() {
        return "FirestoreSettings[collectionPrefix=" + collectionPrefix + ", timeout=" + calls.timeout()
                + ", counterReadMode=" + counterReadMode + ", counterTokenRetention=" + counterTokenRetention + "]";
    }

    /** Builds {@link FirestoreSettings}; {@link #build()} validates. Not thread-safe. */
    public static final class Builder {
        private String collectionPrefix = "headroom_";
        private Duration timeout = Duration.ofSeconds(2);
        private CircuitBreakerConfig circuitBreakerConfig = BackendGuard.defaultCircuitBreakerConfig();
        private CounterReadMode counterReadMode = CounterReadMode.AGGREGATION;
        private Duration counterTokenRetention = Duration.ofDays(1);

        private Builder() {
        }

        /**
         * Sets the collection prefix: at most {@value FirestoreSettings#MAX_PREFIX_LENGTH} characters, no
         * {@code /}, and not starting with {@code __} (reserved by Firestore). Default {@code "headroom_"}.
         *
         * @param collectionPrefix the prefix; may be empty
         * @return this builder
         */
        public Builder collectionPrefix(String collectionPrefix) {
            this.collectionPrefix = collectionPrefix;
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
         * Sets how the sharded counter reads. Default {@link CounterReadMode#AGGREGATION}.
         *
         * @param readMode the mode
         * @return this builder
         */
        public Builder counterReadMode(CounterReadMode readMode) {
            this.counterReadMode = readMode;
            return this;
        }

        /**
         * Sets how long the sharded counter's idempotency tokens are kept, at least
         * {@link FirestoreSettings#MIN_TOKEN_RETENTION}. Default 1 day.
         *
         * @param retention the retention
         * @return this builder
         */
        public Builder counterTokenRetention(Duration retention) {
            this.counterTokenRetention = retention;
            return this;
        }

        /**
         * Validates and returns the settings.
         *
         * @return the settings
         * @throws IllegalArgumentException when a setting breaks its rule; the message names it
         */
        public FirestoreSettings build() {
            Arguments.notNull(collectionPrefix, "collectionPrefix");
            if (collectionPrefix.length() > MAX_PREFIX_LENGTH) {
                throw new IllegalArgumentException("collectionPrefix must be at most " + MAX_PREFIX_LENGTH
                        + " characters, was " + collectionPrefix.length());
            }
            if (collectionPrefix.indexOf('/') >= 0 || collectionPrefix.startsWith("__")) {
                throw new IllegalArgumentException("collectionPrefix must contain no '/' and not start with '__', was '"
                        + collectionPrefix + "'");
            }
            CallSettings calls = new CallSettings(timeout, circuitBreakerConfig);
            Arguments.notNull(counterReadMode, "counterReadMode");
            Arguments.positive(counterTokenRetention, "counterTokenRetention");
            if (counterTokenRetention.compareTo(MIN_TOKEN_RETENTION) < 0) {
                throw new IllegalArgumentException("counterTokenRetention must be at least " + MIN_TOKEN_RETENTION
                        + ", was " + counterTokenRetention);
            }
            return new FirestoreSettings(this, calls);
        }
    }
}
