package io.headroom.internal;

import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.headroom.Ticker;
import java.time.Duration;
import org.jspecify.annotations.Nullable;

/**
 * The backend-call settings every backend module's options share (the call timeout and the circuit breaker of
 * {@code RedisOptions} and {@code FirestoreSettings}), validated in one place, and the {@link BackendGuard} they
 * build. A public options type keeps its own builder methods (with its own documented defaults) and builds one of
 * these in its {@code build()}. Immutable and thread-safe.
 *
 * @param timeout the longest one backend call may take, in (0, {@link #MAX_TIMEOUT}]
 * @param circuitBreakerConfig the circuit breaker settings around backend calls
 */
public record CallSettings(Duration timeout, CircuitBreakerConfig circuitBreakerConfig) {

    /** The longest allowed call timeout. */
    public static final Duration MAX_TIMEOUT = Duration.ofMinutes(1);

    /**
     * Validates the settings.
     *
     * @param timeout the longest one backend call may take, in (0, {@link #MAX_TIMEOUT}]
     * @param circuitBreakerConfig the circuit breaker settings
     * @throws IllegalArgumentException naming {@code timeout} or {@code circuitBreakerConfig} when it breaks its rule
     */
    public CallSettings {
        check(timeout, circuitBreakerConfig);
    }

    private static void check(@Nullable Duration timeout, @Nullable CircuitBreakerConfig circuitBreakerConfig) {
        Arguments.positive(timeout, "timeout");
        if (timeout.compareTo(MAX_TIMEOUT) > 0) {
            throw new IllegalArgumentException("timeout must be at most " + MAX_TIMEOUT + ", was " + timeout);
        }
        Arguments.notNull(circuitBreakerConfig, "circuitBreakerConfig");
    }

    /**
     * A new guard with these settings, one per primitive instance.
     *
     * @param name the breaker's name, e.g. {@code "headroom-counter-unread"}
     * @param ticker the elapsed-time source of the breaker's bookkeeping and the call timer
     * @return the guard
     * @throws IllegalArgumentException when an argument is {@code null}
     */
    public BackendGuard newGuard(String name, Ticker ticker) {
        return BackendGuard.create(name, timeout, circuitBreakerConfig, ticker);
    }
}
