package io.headroom.ratelimit;

/**
 * What a remote {@link RateLimiter} (the Redis one) decides when its backend cannot answer: a call fails, times
 * out (the backend's configured timeout) or is refused by the open circuit breaker. Chosen with
 * {@link RateLimitConfig.Builder#outagePolicy(RateLimitOutagePolicy)}, default {@link #LOCAL_FALLBACK}; ignored
 * by the in-memory limiter, which has no backend.
 *
 * <p>Under every policy a remote limiter never throws because of an outage: {@code tryAcquire} returns a
 * decision (and {@code execute} throws {@link RateLimitExceededException} only for a denial). Decisions made by
 * the policy are counted ({@code headroom.ratelimit.fallbacks} in {@link RateLimiterMetrics}) and logged at most
 * every 30 s. Recovery is automatic once the breaker's probe calls succeed.
 */
public enum RateLimitOutagePolicy {

    /**
     * Admit every request while the backend is unavailable (availability over protection). The decision reports
     * {@code remaining = minCapacity - permits}, no wait.
     */
    FAIL_OPEN,

    /**
     * Deny every request while the backend is unavailable (protection over availability). The decision asks the
     * caller to retry after the circuit breaker's open-state wait (at least 1 s).
     */
    FAIL_CLOSED,

    /**
     * Decide with an in-memory limiter per instance whose capacities are the configured ones divided by
     * {@link RateLimitConfig#expectedInstances()} (rounded down, at least 1), so the fleet as a whole still admits
     * about the configured rate; a request for more permits than this instance's share is denied like
     * {@link #FAIL_CLOSED}. The default.
     */
    LOCAL_FALLBACK
}
