package io.headroom.redis;

import io.headroom.Ticker;
import io.headroom.ratelimit.RateLimitConfig;
import io.headroom.ratelimit.RateLimiter;
import io.headroom.testkit.RedisServer;
import io.headroom.testkit.contract.RateLimiterContract;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import java.util.List;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/** The rate-limiter contract, unchanged, against a real standalone redis-server. */
class RedisRateLimiterStandaloneIT extends RateLimiterContract {

    private static RedisClient client;
    private static StatefulRedisConnection<String, String> connection;
    private static RedisBackend backend;

    @BeforeContainer
    static void connect() {
        client = RedisClient.create(RedisServer.shared().uri());
        connection = client.connect();
        backend = RedisBackend.of(connection);
    }

    @AfterContainer
    static void disconnect() {
        connection.close();
        client.shutdown();
    }

    @Override
    protected RateLimiter create(RateLimitConfig config, Ticker ticker) {
        return ContractLimiters.create(backend, config, ticker);
    }

    @Override
    protected List<RateLimiter> createFleet(RateLimitConfig config, Ticker ticker, int instances) {
        return ContractLimiters.fleet(backend, config, ticker, instances);
    }
}
