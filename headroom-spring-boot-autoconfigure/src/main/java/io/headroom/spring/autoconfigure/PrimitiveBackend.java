package io.headroom.spring.autoconfigure;

import io.headroom.cache.CacheAside;
import io.headroom.cache.CacheConfig;
import io.headroom.counter.CounterConfig;
import io.headroom.counter.ShardedCounter;
import io.headroom.notify.DispatchConfig;
import io.headroom.notify.NotificationDispatcher;
import io.headroom.spi.PushProvider;
import org.jspecify.annotations.Nullable;
import io.headroom.presence.Presence;
import io.headroom.presence.PresenceConfig;
import io.headroom.presence.SessionConfig;
import io.headroom.presence.Sessions;
import io.headroom.presence.Typing;
import io.headroom.presence.TypingConfig;
import io.headroom.ratelimit.RateLimitConfig;
import io.headroom.ratelimit.RateLimiter;

/**
 * A remote backend the auto-configuration builds primitives on (Redis, Firestore). Its implementations are the only
 * classes that name a backend module's types, and each is created only when that module is on the class path, so
 * the registry works with none of them present. A later backend (OpenSearch, a push queue) adds one more.
 */
interface PrimitiveBackend {

    /** Which backend this is. */
    Backend kind();

    /** Creates a rate limiter. */
    default RateLimiter rateLimiter(RateLimitConfig config) {
        throw unsupported("rate limiters");
    }

    /** Creates a sharded counter. */
    default ShardedCounter counter(CounterConfig config) {
        throw unsupported("sharded counters");
    }

    /** Creates a cache with this backend as its shared tier. */
    default CacheAside<Object, Object> cache(CacheConfig<Object> config) {
        throw unsupported("caches");
    }

    /** Creates a presence tracker. */
    default Presence presence(PresenceConfig config) {
        throw unsupported("presence");
    }

    /** Creates a typing indicator. */
    default Typing typing(TypingConfig config) {
        throw unsupported("typing indicators");
    }

    /** Creates a session store. */
    default Sessions sessions(SessionConfig config) {
        throw unsupported("session stores");
    }

    /** Creates a durable dispatcher (its queue on this backend); {@code shards} {@code null} keeps the default. */
    default NotificationDispatcher durableDispatcher(DispatchConfig config, PushProvider provider, PropertyChecks checks,
                                                     @Nullable Integer shards) {
        throw unsupported("durable dispatchers");
    }

    /** Whether this backend serves rate limiters, counters or caches ({@code "rate-limit"}, ...). */
    boolean serves(String kind);

    private UnsupportedOperationException unsupported(String what) {
        return new UnsupportedOperationException(kind() + " serves no " + what);
    }
}
