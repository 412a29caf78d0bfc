package io.headroom.spring.autoconfigure;

import io.headroom.cache.CacheAside;
import io.headroom.cache.CacheConfig;
import io.headroom.counter.CounterConfig;
import io.headroom.counter.ShardedCounter;
import io.headroom.ratelimit.RateLimitConfig;
import io.headroom.ratelimit.RateLimiter;
import io.headroom.redis.RedisCacheAside;
import io.headroom.redis.RedisOptions;
import io.headroom.redis.RedisRateLimiter;
import io.headroom.redis.RedisShardedCounter;

/** Builds primitives on the application's {@link HeadroomRedis} connection. */
final class RedisPrimitiveBackend implements PrimitiveBackend {

    private final HeadroomRedis redis;
    private final RedisOptions options;

    RedisPrimitiveBackend(HeadroomRedis redis, RedisConnectionProperties properties) {
        this.redis = redis;
        PropertyChecks checks = PropertyChecks.under("headroom.redis");
        RedisOptions.Builder b = RedisOptions.builder();
        checks.set("key-prefix", properties.keyPrefix(), b::keyPrefix);
        checks.set("timeout", properties.timeout(), b::timeout);
        this.options = checks.build(b::build);
    }

    @Override
    public Backend kind() {
        return Backend.REDIS;
    }

    @Override
    public boolean serves(String kind) {
        return true;
    }

    @Override
    public RateLimiter rateLimiter(RateLimitConfig config) {
        return RedisRateLimiter.create(redis.backend(), config, options);
    }

    @Override
    public ShardedCounter counter(CounterConfig config) {
        return RedisShardedCounter.create(redis.backend(), config, options);
    }

    @Override
    public CacheAside<Object, Object> cache(CacheConfig<Object> config) {
        return RedisCacheAside.builder(redis.backend(), redis.pubSub(), config).options(options).build();
    }
}
