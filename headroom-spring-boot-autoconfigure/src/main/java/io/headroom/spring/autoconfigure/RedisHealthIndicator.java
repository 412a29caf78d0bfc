package io.headroom.spring.autoconfigure;

import java.time.Duration;
import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;

/**
 * UP when Redis answers PING in time, DOWN otherwise; the details say standalone or cluster and give the state of
 * each Redis primitive's circuit breaker ({@code OPEN}: that primitive is deciding by its outage policy).
 */
final class RedisHealthIndicator extends AbstractHealthIndicator {

    private final HeadroomRedis redis;
    private final RedisPrimitiveBackend primitives;
    private final Duration timeout;

    RedisHealthIndicator(HeadroomRedis redis, RedisPrimitiveBackend primitives, Duration timeout) {
        super("Redis health check failed");
        this.redis = redis;
        this.primitives = primitives;
        this.timeout = timeout;
    }

    @Override
    protected void doHealthCheck(Health.Builder builder) throws Exception {
        builder.withDetail("mode", redis.isCluster() ? "cluster" : "standalone");
        // the breakers tell which primitives are deciding by their outage policy right now
        builder.withDetail("circuitBreakers", primitives.breakerStates());
        String reply = redis.ping(timeout);
        builder.up().withDetail("ping", reply);
    }
}
