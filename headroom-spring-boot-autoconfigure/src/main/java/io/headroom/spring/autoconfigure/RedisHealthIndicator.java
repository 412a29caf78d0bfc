package io.headroom.spring.autoconfigure;

import java.time.Duration;
import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;

/** UP when Redis answers PING in time, DOWN otherwise; the details say standalone or cluster. */
final class RedisHealthIndicator extends AbstractHealthIndicator {

    private final HeadroomRedis redis;
    private final Duration timeout;

    RedisHealthIndicator(HeadroomRedis redis, Duration timeout) {
        super("Redis health check failed");
        this.redis = redis;
        this.timeout = timeout;
    }

    @Override
    protected void doHealthCheck(Health.Builder builder) throws Exception {
        builder.withDetail("mode", redis.isCluster() ? "cluster" : "standalone");
        String reply = redis.ping(timeout);
        builder.up().withDetail("ping", reply);
    }
}
