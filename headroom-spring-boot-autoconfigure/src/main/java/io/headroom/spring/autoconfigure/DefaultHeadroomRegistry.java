package io.headroom.spring.autoconfigure;

import io.headroom.cache.CacheAside;
import io.headroom.cache.CacheConfig;
import io.headroom.counter.ShardedCounter;
import io.headroom.notify.NotificationDispatcher;
import io.headroom.page.PaginatorConfig;
import io.headroom.presence.Presence;
import io.headroom.presence.Sessions;
import io.headroom.presence.Typing;
import io.headroom.ratelimit.RateLimitConfig;
import io.headroom.ratelimit.RateLimiter;
import io.headroom.spi.PushProvider;
import io.headroom.spring.HeadroomRegistry;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;

/**
 * Creates every primitive configured under {@code headroom.*} at startup, on the backend each asks for, and closes
 * them at shutdown before the connections they use (the connections are beans this one depends on, so Spring
 * destroys it first). A bean of the application's whose name is a configured name replaces Headroom's primitive.
 */
final class DefaultHeadroomRegistry implements HeadroomRegistry, DisposableBean {

    private static final Logger LOG = LoggerFactory.getLogger(DefaultHeadroomRegistry.class);

    private final ListableBeanFactory beans;
    private final Map<String, RateLimiter> limiters = new LinkedHashMap<>();
    private final Map<String, ShardedCounter> counters = new LinkedHashMap<>();
    private final Map<String, CacheAside<Object, Object>> caches = new LinkedHashMap<>();
    private final Map<String, PaginatorConfig> paginators = new LinkedHashMap<>();
    private final Map<String, NotificationDispatcher> dispatchers = new LinkedHashMap<>();
    private final Map<String, Presence> presences = new LinkedHashMap<>();
    private final Map<String, Typing> typings = new LinkedHashMap<>();
    private final Map<String, Sessions> sessionStores = new LinkedHashMap<>();
    /** What Headroom created (not the application's beans), closed at shutdown in this order. */
    private final List<AutoCloseable> owned = new ArrayList<>();

    DefaultHeadroomRegistry(HeadroomProperties properties, List<PrimitiveBackend> backends, PrimitiveMetrics metrics,
                            @Nullable PushProvider pushProvider, ListableBeanFactory beans) {
        this.beans = beans;
        try {
            properties.rateLimit().limiters().forEach((name, p) -> {
                if (!userBean(name, RateLimiter.class)) {
                    RateLimitConfig config = PrimitiveConfigs.rateLimit(name, p);
                    PrimitiveBackend backend = backend(backends, p.backend(), "rate-limit",
                            "headroom.rate-limit.limiters." + name);
                    limiters.put(name, metrics.bind(backend == null ? RateLimiter.inMemory(config)
                            : backend.rateLimiter(config)));
                }
            });
            properties.counter().counters().forEach((name, p) -> {
                if (!userBean(name, ShardedCounter.class)) {
                    var config = PrimitiveConfigs.counter(name, p);
                    PrimitiveBackend backend = backend(backends, p.backend(), "counter",
                            "headroom.counter.counters." + name);
                    ShardedCounter counter = backend == null ? ShardedCounter.inMemory(config) : backend.counter(config);
                    owned.add(counter);
                    counters.put(name, metrics.bind(counter));
                }
            });
            properties.cache().caches().forEach((name, p) -> {
                if (!userBean(name, CacheAside.class)) {
                    PrimitiveBackend backend = backend(backends, p.backend(), "cache", "headroom.cache.caches." + name);
                    CacheConfig<Object> config = PrimitiveConfigs.cache(name, p, backend != null);
                    CacheAside<Object, Object> cache = backend == null ? CacheAside.inMemory(config)
                            : backend.cache(config);
                    owned.add(cache);
                    caches.put(name, metrics.bind(cache));
                }
            });
            properties.presence().trackers().forEach((name, p) -> {
                if (!userBean(name, Presence.class)) {
                    var config = PrimitiveConfigs.presence(name, p);
                    PrimitiveBackend backend = backend(backends, p.backend(), "presence",
                            "headroom.presence.trackers." + name);
                    Presence presence = backend == null ? Presence.inMemory(config) : backend.presence(config);
                    owned.add(presence);
                    presences.put(name, metrics.bind(presence));
                }
            });
            properties.typing().indicators().forEach((name, p) -> {
                if (!userBean(name, Typing.class)) {
                    var config = PrimitiveConfigs.typing(name, p);
                    PrimitiveBackend backend = backend(backends, p.backend(), "typing",
                            "headroom.typing.indicators." + name);
                    Typing typing = backend == null ? Typing.inMemory(config) : backend.typing(config);
                    owned.add(typing);
                    typings.put(name, metrics.bind(typing));
                }
            });
            properties.sessions().stores().forEach((name, p) -> {
                if (!userBean(name, Sessions.class)) {
                    var config = PrimitiveConfigs.sessions(name, p);
                    PrimitiveBackend backend = backend(backends, p.backend(), "sessions",
                            "headroom.sessions.stores." + name);
                    Sessions store = backend == null ? Sessions.inMemory(config) : backend.sessions(config);
                    owned.add(store);
                    sessionStores.put(name, metrics.bind(store));
                }
            });
            properties.pagination().paginators().forEach((name, p) ->
                    paginators.put(name, PrimitiveConfigs.paginator(name, p)));
            Map<String, DispatchProperties.Dispatcher> wanted = properties.dispatch().dispatchers();
            if (!wanted.isEmpty() && pushProvider == null) {
                String first = wanted.keySet().iterator().next();
                throw new InvalidConfigurationPropertyValueException("headroom.dispatch.dispatchers." + first, first,
                        "a dispatcher sends through a PushProvider bean (e.g. FcmPushProvider, or set "
                                + "headroom.fcm.project-id with sdk-fcm present), and none is defined");
            }
            wanted.forEach((name, p) -> {
                String prefix = "headroom.dispatch.dispatchers." + name;
                var config = PrimitiveConfigs.dispatch(name, p);
                NotificationDispatcher d;
                if (p.backend() == DispatchProperties.Queue.REDIS_DURABLE) {
                    PrimitiveBackend redis = backend(backends, Backend.REDIS, "dispatch", prefix);
                    d = redis.durableDispatcher(config, pushProvider, PropertyChecks.under(prefix), p.shards());
                } else {
                    if (p.shards() != null) {
                        throw new InvalidConfigurationPropertyValueException(prefix + ".shards", p.shards(),
                                "shards are Redis Streams: they need backend=redis-durable");
                    }
                    d = NotificationDispatcher.inMemory(config, pushProvider);
                }
                // dispatchers first: they drain (and may still count and cache) before the rest closes
                owned.add(0, d);
                dispatchers.put(name, metrics.bind(d));
            });
        } catch (RuntimeException e) {
            destroy();
            throw e;
        }
    }

    private boolean userBean(String name, Class<?> type) {
        if (!beans.containsBean(name)) {
            return false;
        }
        Class<?> actual = beans.getType(name);
        return actual != null && type.isAssignableFrom(actual);
    }

    /** The backend a primitive asks for; {@code null} means in memory. */
    private static @Nullable PrimitiveBackend backend(List<PrimitiveBackend> backends, Backend wanted, String kind,
                                                      String prefix) {
        if (wanted == Backend.MEMORY) {
            return null;
        }
        for (PrimitiveBackend b : backends) {
            if (b.serves(kind) && (wanted == Backend.AUTO || b.kind() == wanted)) {
                return b;
            }
        }
        if (wanted == Backend.AUTO) {
            return null;
        }
        String how = wanted == Backend.REDIS ? "set headroom.redis.uri or define a Lettuce RedisClient bean"
                : "set headroom.firestore.project-id or define a Firestore bean";
        throw new InvalidConfigurationPropertyValueException(prefix + ".backend", wanted,
                wanted + " does not serve " + kind + (backends.stream().anyMatch(b -> b.kind() == wanted) ? ""
                        : " here: no " + wanted + " connection is configured (" + how + ")"));
    }

    @Override
    public RateLimiter rateLimiter(String name) {
        return find(limiters, name, RateLimiter.class, "rate limiter", "headroom.rate-limit.limiters");
    }

    @Override
    public ShardedCounter counter(String name) {
        return find(counters, name, ShardedCounter.class, "counter", "headroom.counter.counters");
    }

    @Override
    @SuppressWarnings("unchecked")
    public CacheAside<Object, Object> cache(String name) {
        return find(caches, name, CacheAside.class, "cache", "headroom.cache.caches");
    }

    @Override
    public PaginatorConfig paginatorConfig(String name) {
        return find(paginators, name, PaginatorConfig.class, "paginator", "headroom.pagination.paginators");
    }

    @Override
    public NotificationDispatcher dispatcher(String name) {
        return find(dispatchers, name, NotificationDispatcher.class, "dispatcher", "headroom.dispatch.dispatchers");
    }

    @Override
    public Presence presence(String name) {
        return find(presences, name, Presence.class, "presence tracker", "headroom.presence.trackers");
    }

    @Override
    public Typing typing(String name) {
        return find(typings, name, Typing.class, "typing indicator", "headroom.typing.indicators");
    }

    @Override
    public Sessions sessions(String name) {
        return find(sessionStores, name, Sessions.class, "session store", "headroom.sessions.stores");
    }

    @Override
    public Set<String> presenceNames() {
        return Collections.unmodifiableSet(presences.keySet());
    }

    @Override
    public Set<String> typingNames() {
        return Collections.unmodifiableSet(typings.keySet());
    }

    @Override
    public Set<String> sessionsNames() {
        return Collections.unmodifiableSet(sessionStores.keySet());
    }

    @SuppressWarnings("unchecked")
    private <T> T find(Map<String, ? extends T> mine, String name, Class<?> type, String what, String prefix) {
        if (name == null) {
            throw new IllegalArgumentException(what + " name must not be null");
        }
        T found = mine.get(name);
        if (found != null) {
            return found;
        }
        if (userBean(name, type)) {
            return (T) beans.getBean(name);
        }
        throw new IllegalArgumentException("no " + what + " named '" + name + "': configure " + prefix + "." + name
                + " or define a " + type.getSimpleName() + " bean of that name; configured: " + mine.keySet());
    }

    @Override
    public Set<String> rateLimiterNames() {
        return Collections.unmodifiableSet(limiters.keySet());
    }

    @Override
    public Set<String> counterNames() {
        return Collections.unmodifiableSet(counters.keySet());
    }

    @Override
    public Set<String> cacheNames() {
        return Collections.unmodifiableSet(caches.keySet());
    }

    @Override
    public Set<String> paginatorNames() {
        return Collections.unmodifiableSet(paginators.keySet());
    }

    @Override
    public Set<String> dispatcherNames() {
        return Collections.unmodifiableSet(dispatchers.keySet());
    }

    /**
     * Drains the dispatchers, flushes and closes the counters, closes the caches, then the presence trackers, typing
     * indicators and session stores; a failure does not stop the rest.
     */
    @Override
    public void destroy() {
        for (AutoCloseable c : owned) {
            try {
                c.close();
            } catch (Exception e) {
                LOG.warn("closing {} failed", c, e);
            }
        }
        owned.clear();
    }

    @Override
    public String toString() {
        return "HeadroomRegistry[limiters=" + limiters.keySet() + ", counters=" + counters.keySet() + ", caches="
                + caches.keySet() + ", paginators=" + paginators.keySet() + ", dispatchers=" + dispatchers.keySet()
                + ", presence=" + presences.keySet() + ", typing=" + typings.keySet() + ", sessions="
                + sessionStores.keySet() + "]";
    }
}
