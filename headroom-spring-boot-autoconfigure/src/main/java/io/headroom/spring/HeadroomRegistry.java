package io.headroom.spring;

import io.headroom.cache.CacheAside;
import io.headroom.counter.ShardedCounter;
import io.headroom.notify.NotificationDispatcher;
import io.headroom.page.PaginatorConfig;
import io.headroom.presence.Presence;
import io.headroom.presence.Sessions;
import io.headroom.presence.Typing;
import io.headroom.ratelimit.RateLimiter;
import java.util.Set;

/**
 * Every Headroom primitive of the application by name: those configured under {@code headroom.*} and, for a name
 * not configured there, a bean of the application's with that name. The auto-configuration registers one; the same
 * primitives are also beans, injectable with {@code @Qualifier("<name>")}.
 *
 * <p>The primitives are created at startup (so a bad property fails the start) and closed at shutdown in this
 * order: dispatchers drain, counters flush, caches close, then presence trackers, typing indicators and session
 * stores, search indexes close with their own bean, and only then the connections.
 * Metrics are bound when a Micrometer {@code MeterRegistry} bean exists. Thread-safe.
 */
public interface HeadroomRegistry {

    /**
     * The rate limiter of this name.
     *
     * @param name the name under {@code headroom.rate-limit.limiters}, or a {@code RateLimiter} bean's name
     * @return the limiter
     * @throws IllegalArgumentException when there is none; the message lists the known names
     */
    RateLimiter rateLimiter(String name);

    /**
     * The sharded counter of this name.
     *
     * @param name the name under {@code headroom.counter.counters}, or a {@code ShardedCounter} bean's name
     * @return the counter
     * @throws IllegalArgumentException when there is none; the message lists the known names
     */
    ShardedCounter counter(String name);

    /**
     * The cache of this name.
     *
     * @param name the name under {@code headroom.cache.caches}, or a {@code CacheAside} bean's name
     * @return the cache
     * @throws IllegalArgumentException when there is none; the message lists the known names
     */
    CacheAside<Object, Object> cache(String name);

    /**
     * The paginator configuration of this name, with its cursor keys.
     *
     * @param name the name under {@code headroom.pagination.paginators}
     * @return the configuration
     * @throws IllegalArgumentException when there is none; the message lists the known names
     */
    PaginatorConfig paginatorConfig(String name);

    /**
     * The notification dispatcher of this name.
     *
     * @param name the name under {@code headroom.dispatch.dispatchers}
     * @return the dispatcher
     * @throws IllegalArgumentException when there is none; the message lists the known names
     */
    NotificationDispatcher dispatcher(String name);

    /**
     * The names of the configured rate limiters.
     *
     * @return an unmodifiable set, in configuration order
     */
    Set<String> rateLimiterNames();

    /**
     * The names of the configured counters.
     *
     * @return an unmodifiable set, in configuration order
     */
    Set<String> counterNames();

    /**
     * The names of the configured caches.
     *
     * @return an unmodifiable set, in configuration order
     */
    Set<String> cacheNames();

    /**
     * The names of the configured paginator configurations.
     *
     * @return an unmodifiable set, in configuration order
     */
    Set<String> paginatorNames();

    /**
     * The names of the configured dispatchers.
     *
     * @return an unmodifiable set, in configuration order
     */
    Set<String> dispatcherNames();

    /**
     * The presence tracker of this name. The default (for a registry of the application's written before presence
     * existed) knows none.
     *
     * @param name the name under {@code headroom.presence.trackers}, or a {@code Presence} bean's name
     * @return the tracker
     * @throws IllegalArgumentException when there is none; the message lists the known names
     */
    default Presence presence(String name) {
        throw new IllegalArgumentException("no presence tracker named '" + name + "': configured: " + presenceNames());
    }

    /**
     * The typing indicator of this name. The default knows none.
     *
     * @param name the name under {@code headroom.typing.indicators}, or a {@code Typing} bean's name
     * @return the indicator
     * @throws IllegalArgumentException when there is none; the message lists the known names
     */
    default Typing typing(String name) {
        throw new IllegalArgumentException("no typing indicator named '" + name + "': configured: " + typingNames());
    }

    /**
     * The session store of this name. The default knows none.
     *
     * @param name the name under {@code headroom.sessions.stores}, or a {@code Sessions} bean's name
     * @return the store
     * @throws IllegalArgumentException when there is none; the message lists the known names
     */
    default Sessions sessions(String name) {
        throw new IllegalArgumentException("no session store named '" + name + "': configured: " + sessionsNames());
    }

    /**
     * The names of the configured presence trackers.
     *
     * @return an unmodifiable set, in configuration order; the default is empty
     */
    default Set<String> presenceNames() {
        return Set.of();
    }

    /**
     * The names of the configured typing indicators.
     *
     * @return an unmodifiable set, in configuration order; the default is empty
     */
    default Set<String> typingNames() {
        return Set.of();
    }

    /**
     * The names of the configured session stores.
     *
     * @return an unmodifiable set, in configuration order; the default is empty
     */
    default Set<String> sessionsNames() {
        return Set.of();
    }
}
