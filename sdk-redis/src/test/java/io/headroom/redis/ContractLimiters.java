package io.headroom.redis;

import io.headroom.Ticker;
import io.headroom.ratelimit.RateLimitConfig;
import io.headroom.ratelimit.RateLimiter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/** Builds the Redis limiters the contract runs against, on any backend, each under a key prefix of its own. */
final class ContractLimiters {

    private ContractLimiters() {
    }

    static RateLimiter create(RedisBackend backend, RateLimitConfig config, Ticker ticker) {
        return fleet(backend, config, ticker, 1).get(0);
    }

    /** Instances sharing one key prefix (one state), each with its own blocked-key cache. */
    static List<RateLimiter> fleet(RedisBackend backend, RateLimitConfig config, Ticker ticker, int instances) {
        RedisOptions options = RedisOptions.builder()
                .keyPrefix("contract:" + UUID.randomUUID() + ":")
                .timeout(Duration.ofSeconds(10)) // a loaded 2-core CI box must not turn into fallback decisions
                .clock(ticker)
                .build();
        List<RateLimiter> fleet = new ArrayList<>();
        for (int i = 0; i < instances; i++) {
            fleet.add(RedisRateLimiter.create(backend, config, options));
        }
        return fleet;
    }
}
