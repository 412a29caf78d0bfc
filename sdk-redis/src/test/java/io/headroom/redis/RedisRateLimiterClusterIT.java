package io.headroom.redis;

import static org.assertj.core.api.Assertions.assertThat;

import io.headroom.Ticker;
import io.headroom.ratelimit.Bandwidth;
import io.headroom.ratelimit.RateLimitConfig;
import io.headroom.ratelimit.RateLimiter;
import io.headroom.testkit.RedisCluster;
import io.headroom.testkit.contract.RateLimiterContract;
import io.lettuce.core.RedisURI;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;
import net.jqwik.api.Example;
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

    @Example
    void keysWithBracesAreDecidedByTheClusterNotByTheFallback() {
        RedisRateLimiter limiter = (RedisRateLimiter) ContractLimiters.create(backend, RateLimitConfig.builder()
                .bandwidth(Bandwidth.of(1, Duration.ofMinutes(1))).build(), Ticker.system());
        for (String key : List.of("}{", "}", "{x}", "a}b{c", "{}")) {
            assertThat(limiter.tryAcquire(key).allowed()).as(key).isTrue();
            assertThat(limiter.tryAcquire(key).allowed()).as(key).isFalse();
            assertThat(limiter.peek(key).allowed()).as(key).isFalse();
        }
        // a CROSSSLOT error would have been answered by the local fallback, silently
        assertThat(limiter.fallbackDecisions()).isZero();
    }

    @Override
    protected List<RateLimiter> createFleet(RateLimitConfig config, Ticker ticker, int instances) {
        return ContractLimiters.fleet(backend, config, ticker, instances);
    }
}
