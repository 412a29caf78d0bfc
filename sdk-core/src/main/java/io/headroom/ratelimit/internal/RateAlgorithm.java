package io.headroom.ratelimit.internal;

import io.headroom.ratelimit.Bandwidth;
import io.headroom.ratelimit.RateLimitConfig;
import io.headroom.ratelimit.RateLimitDecision;
import java.util.List;

/**
 * One of the {@link io.headroom.ratelimit.RateLimitAlgorithm}s over all bandwidths of a config, applied to a
 * {@link KeyState} with compare-and-set. Stateless apart from the derived constants; thread-safe.
 */
public abstract class RateAlgorithm {

    /** Every bandwidth, in configuration order. */
    protected final List<Bandwidth> bandwidths;

    RateAlgorithm(RateLimitConfig config) {
        this.bandwidths = config.bandwidths();
    }

    /**
     * Returns the algorithm the config names.
     *
     * @param config the configuration
     * @return its algorithm
     */
    public static RateAlgorithm of(RateLimitConfig config) {
        switch (config.algorithm()) {
            case GCRA:
                return config.bandwidths().size() == 1 ? new Gcra.Single(config) : new Gcra.Multi(config);
            case SLIDING_WINDOW:
                return new SlidingWindow(config);
            default:
                throw new AssertionError(config.algorithm());
        }
    }

    /**
     * Tries to take {@code permits} at {@code nowMicros}; writes the state only when admitted.
     *
     * @param state the key's state
     * @param nowMicros the current time in microseconds
     * @param permits permits asked for, already validated
     * @return the decision
     */
    public abstract RateLimitDecision acquire(KeyState state, long nowMicros, long permits);

    /**
     * Returns the decision {@link #acquire} would return at {@code nowMicros}, writing nothing.
     *
     * @param state the key's state (a fresh one for a key never charged)
     * @param nowMicros the current time in microseconds
     * @param permits permits asked for, already validated
     * @return the decision
     */
    public abstract RateLimitDecision peek(KeyState state, long nowMicros, long permits);

    /**
     * How long a key may stay untouched before its state is certainly full again, so it can be forgotten.
     *
     * @return microseconds
     */
    public abstract long idleExpiryMicros();

    /** Picks the deciding bandwidth and assembles the decision from per-bandwidth figures. */
    final RateLimitDecision combine(boolean allowed, long[] remaining, long[] retry, long[] full) {
        int decider = 0;
        long minRemaining = Long.MAX_VALUE;
        long maxRetry = 0;
        long maxFull = 0;
        for (int i = 0; i < remaining.length; i++) {
            if (allowed ? remaining[i] < minRemaining : retry[i] > maxRetry) {
                decider = i;
            }
            minRemaining = Math.min(minRemaining, remaining[i]);
            maxRetry = Math.max(maxRetry, retry[i]);
            maxFull = Math.max(maxFull, full[i]);
        }
        return RateLimitDecision.of(allowed, minRemaining, maxRetry, maxFull, bandwidths.get(decider), bandwidths);
    }
}
