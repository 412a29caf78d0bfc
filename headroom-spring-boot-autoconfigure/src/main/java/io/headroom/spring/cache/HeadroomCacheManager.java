package io.headroom.spring.cache;

import io.headroom.spring.HeadroomRegistry;
import java.util.Collection;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import org.jspecify.annotations.Nullable;
import org.springframework.cache.Cache;
import org.springframework.cache.CacheManager;

/**
 * Spring's {@link CacheManager} over the caches configured under {@code headroom.cache.caches}: each is a
 * {@link HeadroomCache}. A name that is not configured has no cache (Spring then fails the call naming it).
 * Thread-safe.
 */
public final class HeadroomCacheManager implements CacheManager {

    private final HeadroomRegistry registry;
    private final ConcurrentMap<String, HeadroomCache> caches = new ConcurrentHashMap<>();

    /**
     * Creates the manager.
     *
     * @param registry where the caches are
     */
    public HeadroomCacheManager(HeadroomRegistry registry) {
        this.registry = registry;
    }

    @Override
    public @Nullable Cache getCache(String name) {
        if (!registry.cacheNames().contains(name)) {
            return null;
        }
        return caches.computeIfAbsent(name, n -> new HeadroomCache(n, registry.cache(n)));
    }

    @Override
    public Collection<String> getCacheNames() {
        return registry.cacheNames();
    }

    @Override
    public String toString() {
        return "HeadroomCacheManager" + registry.cacheNames();
    }
}
