package io.headroom.ratelimit;

/**
 * How a {@link RateLimiter} enforces each {@link Bandwidth}. Every backend implements both algorithms with the
 * same integer arithmetic, so a decision does not depend on the backend.
 *
 * <p>Notation for one bandwidth: capacity {@code C}, period {@code P}, {@code n} permits requested at time
 * {@code now}.
 */
public enum RateLimitAlgorithm {

    /**
     * The generic cell rate algorithm (the default): a continuous token bucket of size {@code C} refilled at
     * {@code C / P}, stored as one number per key, the theoretical arrival time {@code TAT}.
     *
     * <p>Exactly, in microseconds: the emission interval is {@code T = ceil(P / C)} and the burst tolerance
     * {@code L = C * T}. A request is admitted iff {@code max(TAT, now) + n*T - now <= L}; then
     * {@code TAT = max(TAT, now) + n*T}. Hence a fresh key admits a burst of exactly {@code C}, and in any interval
     * of length {@code W} at most {@code C + floor(W / T)} permits are admitted (never more than {@code C / P}
     * sustained, since {@code T >= P / C}). {@code remaining = floor((L - (TAT - now)) / T)}; a denied request
     * reports {@code retryAfter = max(TAT, now) + n*T - L - now}, after which it would be admitted if nothing else
     * consumed; {@code timeUntilFull = max(0, TAT - now)}. State older than {@code L} is full and may be dropped.
     */
    GCRA,

    /**
     * A sliding-window counter (Cloudflare's weighted approximation), in milliseconds: time is cut into fixed
     * windows of length {@code P}; a key counts permits in the current window ({@code curr}) and keeps the previous
     * window's count ({@code prev}). With {@code e} the milliseconds elapsed in the current window, a request is
     * admitted iff {@code prev * (P - e) + (curr + n) * P <= C * P}, i.e. the previous window's count weighted by
     * the part of it still inside the sliding window, plus the current count, stays within {@code C}.
     *
     * <p>Consequences: in every fixed window at most {@code C} permits are admitted, and in any interval of length
     * {@code P} at most {@code 2C}; the estimate is exact when traffic in the previous window was uniform.
     * {@code remaining = floor((C*P - prev*(P - e)) / P) - curr}; {@code retryAfter} is the first millisecond at
     * which the request would be admitted if nothing else consumed; {@code timeUntilFull} is the time until both
     * windows have passed. Requires {@code C * P(ms) <= 2^50} so every product is exact in a Lua double.
     */
    SLIDING_WINDOW
}
