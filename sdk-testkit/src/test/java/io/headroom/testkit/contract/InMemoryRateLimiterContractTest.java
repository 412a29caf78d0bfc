package io.headroom.testkit.contract;

import io.headroom.Ticker;
import io.headroom.ratelimit.RateLimitConfig;
import io.headroom.ratelimit.RateLimiter;

/** The rate-limiter contract against the embedded in-memory limiter. */
class InMemoryRateLimiterContractTest extends RateLimiterContract {

    @Override
    protected RateLimiter create(RateLimitConfig config, Ticker ticker) {
        return RateLimiter.inMemory(config, ticker);
    }
}
