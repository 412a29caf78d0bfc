package io.headroom.redis;

import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.headroom.Ticker;
import io.headroom.internal.Arguments;
import io.headroom.internal.BackendGuard;
import io.headroom.internal.CallSettings;
import java.time.Duration;
import org.jspecify.annotations.Nullable;

/**
 * Immutable, validated settings shared by Headroom's Redis primitives: key prefix, call timeout, circuit breaker,
 * and (for tests only) a client-side clock replacing the server's {@code TIME}.
 *
 * <p>Defaults ({@link #defaults()}): key prefix {@code "headroom:"}, timeout 50 ms, the circuit breaker of
 * {@link BackendGuard#defaultCircuitBreakerConfig()}, time from the Redis server. Thread-safe.
 */
public final class RedisOptions {

    /** The longest allowed call timeout. */
    public static final Duration MAX_TIMEOUT = CallSettings.MAX_TIMEOUT;

    private final String keyPrefix;
    private final CallSettings calls;
    private final @Nullable Ticker clock;
    private final @Nullable ReplicaAcks replicaAcks;

    private RedisOptions(Builder b, CallSettings calls) {
        this.keyPrefix = b.keyPrefix;
        this.calls = calls;
        this.clock = b.clock;
        this.replicaAcks = b.replicaAcks;
    }

    /**
     * Whether writes wait for replicas ({@code WAIT}) before they are acknowledged; used by
     * {@link RedisShardedCounter} (increments and resets). Default {@code null}: no waiting, Redis' asynchronous
     * replication (see {@link ReplicaAcks} for the loss window).
     *
     * @return the settings, or {@code null}
     */
    public @Nullable ReplicaAcks replicaAcks() {
        return replicaAcks;
    }

    /**
     * Returns the default options.
     *
     * @return the defaults
     */
    public static RedisOptions defaults() {
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
     * The prefix of every Redis key Headroom writes.
     *
     * @return the prefix (may be empty)
     */
    public String keyPrefix() {
        return keyPrefix;
    }

    /**
     * The longest one backend call may take before the primitive applies its outage policy.
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

    /** The timeout and breaker, validated, for building each primitive's guard. */
    CallSettings callSettings() {
        return calls;
    }

    /**
     * The client-side clock that replaces the server's {@code TIME}, or {@code null} (the default) to use the
     * server as the single time authority.
     *
     * @return the clock, or {@code null}
     */
    public @Nullable Ticker clock() {
        return clock;
    }

    @Override
    public String toString() {
        return "RedisOptions[keyPrefix=" + keyPrefix + ", timeout=" + calls.timeout()
                + (replicaAcks == null ? "" : ", replicaAcks=" + replicaAcks)
                + ", clock=" + (clock == null ? "server TIME" : clock) + "]";
    }

    /** Builds {@link RedisOptions}; {@link #build()} validates. Not thread-safe. */
    public static final class Builder {
        private String keyPrefix = "headroom:";
        private Duration timeout = Duration.ofMillis(50);
        private CircuitBreakerConfig circuitBreakerConfig = BackendGuard.defaultCircuitBreakerConfig();
        private @Nullable Ticker clock;
        private @Nullable ReplicaAcks replicaAcks;

        private Builder() {
        }

        /**
         * Makes writes wait for replicas before they are acknowledged (see {@link ReplicaAcks}). Default
         * {@code null}: no waiting.
         *
         * @param acks the settings, or {@code null}
         * @return this builder
         */
        public Builder replicaAcks(@Nullable ReplicaAcks acks) {
            this.replicaAcks = acks;
            return this;
        }

        /**
         * Sets the key prefix, at most 256 characters, without <code>'&#123;'</code> or <code>'&#125;'</code> (a brace in the prefix
         * would become every key's cluster hash tag). Default {@code "headroom:"}. Two applications sharing one Redis
         * should use prefixes neither of which starts the other (e.g. both ending in {@code ':'}).
         *
         * @param keyPrefix the prefix; may be empty
         * @return this builder
         */
        public Builder keyPrefix(String keyPrefix) {
            this.keyPrefix = keyPrefix;
            return this;
        }

        /**
         * Sets the call timeout, in (0, 1 min]. Default 50 ms.
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
         * Replaces the server's {@code TIME} with a client-side clock; for deterministic tests. Every client
         * sharing keys must then share the clock. Default {@code null}: the server's time.
         *
         * @param clock the clock, or {@code null} for the server's time
         * @return this builder
         */
        public Builder clock(@Nullable Ticker clock) {
            this.clock = clock;
            return this;
        }

        /**
         * Validates and returns the options.
         *
         * @return the options
         * @throws IllegalArgumentException when a setting breaks its rule; the message names it
         */
        public RedisOptions build() {
            Arguments.notNull(keyPrefix, "keyPrefix");
            if (keyPrefix.length() > 256) {
                throw new IllegalArgumentException("keyPrefix must be at most 256 characters, was " + keyPrefix.length());
            }
            if (keyPrefix.indexOf('{') >= 0 || keyPrefix.indexOf('}') >= 0) {
                throw new IllegalArgumentException("keyPrefix must not contain '{' or '}' (it would become the "
                        + "hash tag of every key), was '" + keyPrefix + "'");
            }
            Arguments.wellFormed(keyPrefix, "keyPrefix");
            CallSettings calls = new CallSettings(timeout, circuitBreakerConfig);
            if (replicaAcks != null && replicaAcks.timeout().compareTo(calls.timeout()) >= 0) {
                throw new IllegalArgumentException("replicaAcks.timeout must be shorter than timeout (the call "
                        + "timeout, which covers the write and its WAIT), was " + replicaAcks.timeout() + " >= "
                        + calls.timeout());
            }
            return new RedisOptions(this, calls);
        }
    }
}
