package io.headroom.firestore;

import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.headroom.internal.Arguments;
import io.headroom.internal.BackendGuard;
import java.time.Duration;

/**
 * Immutable, validated settings shared by Headroom's Firestore primitives: the prefix of the collections they
 * write, the timeout of each backend call, and the circuit breaker around calls. (Named {@code FirestoreSettings}
 * so it never clashes with Google's {@code com.google.cloud.firestore.FirestoreOptions}, which configures the
 * client itself.)
 *
 * <p>Defaults ({@link #defaults()}): collection prefix {@code "headroom_"}, timeout 2 s (a Firestore commit
 * takes tens of milliseconds, and a transaction the client retries after {@code ABORTED} waits about a second
 * before its next attempt), the circuit breaker of {@link BackendGuard#defaultCircuitBreakerConfig()}.
 * Thread-safe.
 */
public final class FirestoreSettings {

    /** The longest allowed call timeout. */
    public static final Duration MAX_TIMEOUT = Duration.ofMinutes(1);

    /** The longest allowed collection prefix. */
    public static final int MAX_PREFIX_LENGTH = 100;

    private final String collectionPrefix;
    private final Duration timeout;
    private final CircuitBreakerConfig circuitBreakerConfig;

    private FirestoreSettings(Builder b) {
        this.collectionPrefix = b.collectionPrefix;
        this.timeout = b.timeout;
        this.circuitBreakerConfig = b.circuitBreakerConfig;
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
     * The longest one backend call may take before the primitive applies its outage policy.
     *
     * @return the timeout
     */
    public Duration timeout() {
        return timeout;
    }

    /**
     * The circuit breaker settings around backend calls.
     *
     * @return the breaker configuration
     */
    public CircuitBreakerConfig circuitBreakerConfig() {
        return circuitBreakerConfig;
    }

    /**
     * A new guard (timeout + circuit breaker) with these settings, one per primitive instance.
     *
     * @param name the breaker's name, e.g. {@code "headroom-counter-likes"}
     * @return the guard
     * @throws IllegalArgumentException when {@code name} is {@code null}
     */
    public BackendGuard newGuard(String name) {
        return BackendGuard.create(name, timeout, circuitBreakerConfig);
    }

    @Override
    public String toString() {
        return "FirestoreSettings[collectionPrefix=" + collectionPrefix + ", timeout=" + timeout + "]";
    }

    /** Builds {@link FirestoreSettings}; {@link #build()} validates. Not thread-safe. */
    public static final class Builder {
        private String collectionPrefix = "headroom_";
        private Duration timeout = Duration.ofSeconds(2);
        private CircuitBreakerConfig circuitBreakerConfig = BackendGuard.defaultCircuitBreakerConfig();

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
            Arguments.positive(timeout, "timeout");
            if (timeout.compareTo(MAX_TIMEOUT) > 0) {
                throw new IllegalArgumentException("timeout must be at most " + MAX_TIMEOUT + ", was " + timeout);
            }
            Arguments.notNull(circuitBreakerConfig, "circuitBreakerConfig");
            return new FirestoreSettings(this);
        }
    }
}
