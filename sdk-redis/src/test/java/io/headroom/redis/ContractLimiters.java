package io.headroom.redis;

import io.headroom.Ticker;
import io.headroom.ratelimit.RateLimitConfig;
import io.headroom.ratelimit.RateLimiter;
import java.time.Duration;
import java.util.UUID;

/** Builds the Redis limiters the contract runs against, on any backend, each under a key prefix of its own. */
final class ContractLimiters {

    private ContractLimiters() {
    }

    static RateLimiter create(RedisBackend backend, RateLimitConfig config, Ticker ticker) {
        return RedisRateLimiter.create(backend, config, RedisOptions.builder()
                .keyPrefix("contract:" + UUID.randomUUID() + ":")
                .timeout(Duration.ofSeconds(10)) // a loaded 2-core CI box must not turn into fallback decisions
                .clock(ticker)
                .build());
    }
}
