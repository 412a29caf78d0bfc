package io.headroom.spring.autoconfigure;

import io.headroom.cache.CacheAside;
import io.headroom.cache.CacheAsideMetrics;
import io.headroom.counter.ShardedCounter;
import io.headroom.counter.ShardedCounterMetrics;
import io.headroom.notify.NotificationDispatcher;
import io.headroom.notify.NotificationDispatcherMetrics;
import io.headroom.presence.Presence;
import io.headroom.presence.PresenceMetrics;
import io.headroom.presence.Sessions;
import io.headroom.presence.SessionsMetrics;
import io.headroom.presence.Typing;
import io.headroom.presence.TypingMetrics;
import io.headroom.ratelimit.RateLimiter;
import io.headroom.ratelimit.RateLimiterMetrics;
import io.headroom.search.SearchIndex;
import io.headroom.search.SearchIndexMetrics;
import io.micrometer.core.instrument.MeterRegistry;

/** Binds every primitive to the application's {@link MeterRegistry} with the SDK's binders. */
final class MicrometerPrimitiveMetrics implements PrimitiveMetrics {

    private final MeterRegistry registry;

    MicrometerPrimitiveMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    @Override
    public RateLimiter bind(RateLimiter limiter) {
        return RateLimiterMetrics.bind(limiter, registry);
    }

    @Override
    public ShardedCounter bind(ShardedCounter counter) {
        return ShardedCounterMetrics.bind(counter, registry);
    }

    @Override
    public CacheAside<Object, Object> bind(CacheAside<Object, Object> cache) {
        return CacheAsideMetrics.bind(cache, registry);
    }

    @Override
    public NotificationDispatcher bind(NotificationDispatcher dispatcher) {
        return NotificationDispatcherMetrics.bind(dispatcher, registry);
    }

    @Override
    public <T> SearchIndex<T> bind(SearchIndex<T> index) {
        return SearchIndexMetrics.bind(index, registry);
    }

    @Override
    public Presence bind(Presence presence) {
        return PresenceMetrics.bind(presence, registry);
    }

    @Override
    public Typing bind(Typing typing) {
        return TypingMetrics.bind(typing, registry);
    }

    @Override
    public Sessions bind(Sessions sessions) {
        return SessionsMetrics.bind(sessions, registry);
    }
}
