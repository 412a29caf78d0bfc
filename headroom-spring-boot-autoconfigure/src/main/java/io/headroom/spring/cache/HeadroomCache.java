package io.headroom.spring.cache;

import io.headroom.cache.CacheAside;
import io.headroom.cache.CacheLoadException;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
import org.springframework.cache.Cache;
import org.springframework.cache.support.SimpleValueWrapper;

/**
 * A Spring {@link Cache} over a Headroom {@link CacheAside}: {@code @Cacheable(sync = true)} loads through
 * {@link CacheAside#get}, so a miss is loaded once per key across every instance sharing the Redis tier
 * (single flight), and {@code @CacheEvict} invalidates every tier, after which no load that began earlier can
 * store a stale value.
 *
 * <p>Without {@code sync = true} Spring looks up first and stores after the method ran ({@link #get(Object)}, then
 * {@link #put}); that works, but the load is not single-flight, and each lookup miss counts as a failed load in the
 * cache's statistics. A {@code null} value is "not found", cached only when the cache has a negative TTL. Keys are
 * identified by their {@code toString()}. Thread-safe.
 */
public final class HeadroomCache implements Cache {

    /** Thrown from the lookup loader to tell a miss from a cached value; never escapes. */
    private static final class Miss extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Miss() {
            super("miss", null, false, false);
        }
    }

    private final String name;
    private final CacheAside<Object, Object> cache;

    /**
     * Wraps a cache.
     *
     * @param name the Spring cache name
     * @param cache the Headroom cache
     */
    public HeadroomCache(String name, CacheAside<Object, Object> cache) {
        this.name = name;
        this.cache = cache;
    }

    @Override
    public String getName() {
        return name;
    }

    @Override
    public CacheAside<Object, Object> getNativeCache() {
        return cache;
    }

    @Override
    public @Nullable ValueWrapper get(Object key) {
        try {
            Object v = cache.get(key, k -> {
                throw new Miss();
            });
            return new SimpleValueWrapper(v);
        } catch (CacheLoadException e) {
            if (e.getCause() instanceof Miss) {
                return null;
            }
            throw e;
        }
    }

    @Override
    @SuppressWarnings("unchecked")
    public <T> @Nullable T get(Object key, @Nullable Class<T> type) {
        ValueWrapper w = get(key);
        Object v = w == null ? null : w.get();
        if (v != null && type != null && !type.isInstance(v)) {
            throw new IllegalStateException("cached value of '" + key + "' in cache '" + name + "' is a "
                    + v.getClass().getName() + ", not a " + type.getName());
        }
        return (T) v;
    }

    @Override
    @SuppressWarnings("unchecked")
    public <T> @Nullable T get(Object key, Callable<T> valueLoader) {
        try {
            return (T) cache.get(key, k -> {
                try {
                    return valueLoader.call();
                } catch (RuntimeException e) {
                    throw e;
                } catch (Exception e) {
                    throw new java.util.concurrent.CompletionException(e);
                }
            });
        } catch (CacheLoadException e) {
            Throwable cause = e.getCause() instanceof java.util.concurrent.CompletionException c && c.getCause() != null
                    ? c.getCause() : e.getCause();
            throw new ValueRetrievalException(key, valueLoader, cause == null ? e : cause);
        }
    }

    /** Replaces the value: invalidates every tier, then stores {@code value} unless another load got there first. */
    @Override
    public void put(Object key, @Nullable Object value) {
        cache.invalidate(key);
        cache.get(key, k -> value);
    }

    @Override
    public @Nullable ValueWrapper putIfAbsent(Object key, @Nullable Object value) {
        boolean[] stored = {false};
        Object v = cache.get(key, k -> {
            stored[0] = true;
            return value;
        });
        return stored[0] ? null : new SimpleValueWrapper(v);
    }

    @Override
    public void evict(Object key) {
        cache.invalidate(key);
    }

    @Override
    public void clear() {
        cache.invalidateAll();
    }

    @Override
    public String toString() {
        return "HeadroomCache[" + name + "]";
    }
}
