package io.headroom.redis;

import io.headroom.Ticker;
import io.headroom.ratelimit.RateLimitConfig;
import io.headroom.ratelimit.RateLimiter;
import io.headroom.testkit.RedisCluster;
import io.headroom.testkit.contract.RateLimiterContract;
import io.lettuce.core.RedisURI;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import java.util.List;
import java.util.stream.Collectors;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/** The rate-limiter contract, unchanged, against a real 3-master Redis Cluster. */
class RedisRateLimiterClusterIT extends RateLimiterContract {

    private static RedisClusterClient client;
    private static StatefulRedisClusterConnection<String, String> connection;
    private static RedisBackend backend;

    @BeforeContainer
    static void connect() {
        client = RedisClusterClient.create(RedisCluster.shared().uris().stream()
                .map(RedisURI::create).collect(Collectors.toList()));
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
