package io.headroom.ratelimit;

import io.headroom.HeadroomException;

/**
 * Thrown by {@link RateLimiter#execute(String, java.util.function.Supplier)} and the suppliers returned by
 * {@link RateLimiter#decorate(String, java.util.function.Supplier)} when the limiter denies the call. Carries the
 * decision, so a handler can still answer with {@link RateLimitDecision#headers()}.
 */
public class RateLimitExceededException extends HeadroomException {

    private static final long serialVersionUID = 1L;

    private final transient RateLimitDecision decision;
    private final String limiterName;
    private final String key;

    /**
     * Creates the exception.
     *
     * @param limiterName the name of the limiter that denied
     * @param key the key that was denied
     * @param decision the denying decision
     */
    public RateLimitExceededException(String limiterName, String key, RateLimitDecision decision) {
        super("rate limit exceeded: limiter '" + limiterName + "', key '" + key + "', limit '"
                + decision.limit().name() + "', retry after " + decision.retryAfter());
        this.limiterName = limiterName;
        this.key = key;
        this.decision = decision;
    }

    /**
     * The denying decision.
     *
     * @return the decision
     */
    public RateLimitDecision decision() {
        return decision;
    }

    /**
     * The name of the limiter that denied.
     *
     * @return the limiter name
     */
    public String limiterName() {
        return limiterName;
    }

    /**
     * The key that was denied.
     *
     * @return the key
     */
    public String key() {
        return key;
    }
}
