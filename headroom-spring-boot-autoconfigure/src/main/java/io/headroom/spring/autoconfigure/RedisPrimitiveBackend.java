package io.headroom.spring.autoconfigure;

import io.headroom.cache.CacheAside;
import io.headroom.cache.CacheConfig;
import io.headroom.counter.CounterConfig;
import io.headroom.counter.ShardedCounter;
import io.headroom.notify.DispatchConfig;
import io.headroom.notify.NotificationDispatcher;
import io.headroom.presence.Presence;
import io.headroom.presence.PresenceConfig;
import io.headroom.presence.SessionConfig;
import io.headroom.presence.Sessions;
import io.headroom.presence.Typing;
import io.headroom.presence.TypingConfig;
import io.headroom.ratelimit.RateLimitConfig;
import io.headroom.ratelimit.RateLimiter;
import io.headroom.redis.RedisCacheAside;
import io.headroom.redis.RedisDurableOptions;
import io.headroom.redis.RedisNotificationDispatcher;
import io.headroom.redis.RedisOptions;
import io.headroom.redis.RedisPresence;
import io.headroom.redis.RedisSessions;
import io.headroom.redis.RedisTyping;
import io.headroom.redis.RedisRateLimiter;
import io.headroom.redis.RedisShardedCounter;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.headroom.spi.PushProvider;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentSkipListMap;
import org.jspecify.annotations.Nullable;

/** Builds primitives on the application's {@link HeadroomRedis} connection. */
final class RedisPrimitiveBackend implements PrimitiveBackend {

    private final HeadroomRedis redis;
    private final RedisOptions options;
    private final RedisConnectionProperties properties;
    /** The circuit breaker of each primitive created here, for the health details ("rate-limit:api" to breaker). */
    private final Map<String, CircuitBreaker> breakers = new ConcurrentSkipListMap<>();

    RedisPrimitiveBackend(HeadroomRedis redis, RedisConnectionProperties properties) {
        this.redis = redis;
        this.properties = properties;
        PropertyChecks checks = PropertyChecks.under("headroom.redis");
        RedisOptions.Builder b = RedisOptions.builder();
        checks.set("key-prefix", properties.keyPrefix(), b::keyPrefix);
        checks.set("timeout", properties.timeout(), b::timeout);
        this.options = checks.build(b::build);
    }

    /** The state of each primitive's circuit breaker, e.g. {@code rate-limit:api=CLOSED}. */
    Map<String, String> breakerStates() {
        Map<String, String> states = new LinkedHashMap<>();
        breakers.forEach((name, breaker) -> states.put(name, breaker.getState().name()));
        return states;
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
        RedisRateLimiter limiter = RedisRateLimiter.create(redis.backend(), config, options);
        breakers.put("rate-limit:" + config.name(), limiter.circuitBreaker());
        return limiter;
    }

    @Override
    public ShardedCounter counter(CounterConfig config) {
        return RedisShardedCounter.create(redis.backend(), config, options);
    }

    @Override
    public CacheAside<Object, Object> cache(CacheConfig<Object> config) {
        RedisCacheAside<Object, Object> cache = RedisCacheAside.<Object, Object>builder(redis.backend(), redis.pubSub(),
                config).options(options).build();
        breakers.put("cache:" + config.name(), cache.circuitBreaker());
        return cache;
    }

    @Override
    public Presence presence(PresenceConfig config) {
        RedisPresence presence = RedisPresence.create(redis.backend(), redis.pubSub(), config, options);
        breakers.put("presence:" + config.name(), presence.circuitBreaker());
        return presence;
    }

    @Override
    public Typing typing(TypingConfig config) {
        RedisTyping typing = RedisTyping.create(redis.backend(), config, options);
        breakers.put("typing:" + config.name(), typing.circuitBreaker());
        return typing;
    }

    @Override
    public Sessions sessions(SessionConfig config) {
        RedisSessions sessions = RedisSessions.create(redis.backend(), config, options);
        breakers.put("sessions:" + config.name(), sessions.circuitBreaker());
        return sessions;
    }

    @Override
    public NotificationDispatcher durableDispatcher(DispatchConfig config, PushProvider provider,
                                                    PropertyChecks checks, @Nullable Integer shards) {
        RedisDurableOptions.Builder b = RedisDurableOptions.builder();
        if (properties.keyPrefix() != null) {
            b.keyPrefix(properties.keyPrefix());
        }
        if (properties.timeout() != null) {
            b.timeout(properties.timeout());
        }
        checks.set("shards", shards, b::shards);
        return RedisNotificationDispatcher.create(redis.backend(), config, provider, checks.build(b::build));
    }
}
