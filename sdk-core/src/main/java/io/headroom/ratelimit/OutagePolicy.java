package io.headroom.ratelimit;

/**
 * What a remote {@link RateLimiter} (for example the Redis one) decides when its backend cannot answer within the
 * call timeout, fails, or its circuit breaker is open. Ignored by the in-memory limiter, which has no backend.
 */
public enum OutagePolicy {

    /** Admit every request while the backend is unavailable (availability over protection). */
    FAIL_OPEN,

    /** Deny every request while the backend is unavailable (protection over availability). */
    FAIL_CLOSED,

    /**
     * Decide with an in-memory limiter per instance whose capacities are the configured ones divided by
     * {@link RateLimitConfig#expectedInstances()} (rounded down, at least 1), so the fleet as a whole still admits
     * about the configured rate. The default.
     */
    LOCAL_FALLBACK
}
