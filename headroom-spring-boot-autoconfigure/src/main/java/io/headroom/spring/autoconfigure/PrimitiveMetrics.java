package io.headroom.spring.autoconfigure;

import io.headroom.cache.CacheAside;
import io.headroom.counter.ShardedCounter;
import io.headroom.notify.NotificationDispatcher;
import io.headroom.presence.Presence;
import io.headroom.presence.Sessions;
import io.headroom.presence.Typing;
import io.headroom.ratelimit.RateLimiter;
import io.headroom.search.SearchIndex;

/**
 * Binds a primitive's Micrometer meters (the SDK's {@code XMetrics.bind}) when Micrometer and a
 * {@code MeterRegistry} bean exist, or does nothing; this interface names no Micrometer type, so the registry loads
 * without Micrometer on the class path.
 */
interface PrimitiveMetrics {

    /** Binds nothing. */
    PrimitiveMetrics NONE = new PrimitiveMetrics() { };

    /** Returns the limiter to use from now on (the SDK's binder returns a counting view). */
    default RateLimiter bind(RateLimiter limiter) {
        return limiter;
    }

    default ShardedCounter bind(ShardedCounter counter) {
        return counter;
    }

    default CacheAside<Object, Object> bind(CacheAside<Object, Object> cache) {
        return cache;
    }

    default NotificationDispatcher bind(NotificationDispatcher dispatcher) {
        return dispatcher;
    }

    default <T> SearchIndex<T> bind(SearchIndex<T> index) {
        return index;
    }

    default Presence bind(Presence presence) {
        return presence;
    }

    default Typing bind(Typing typing) {
        return typing;
    }

    default Sessions bind(Sessions sessions) {
        return sessions;
    }
}
