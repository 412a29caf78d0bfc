package io.headroom.cache;

import io.headroom.HeadroomException;

/**
 * The loader of a {@link CacheAside} failed (threw, or its stage completed exceptionally) for a key. The failure is
 * never cached: the next read of the key calls the loader again. The original failure is the {@link #getCause()}.
 */
public class CacheLoadException extends HeadroomException {

    private static final long serialVersionUID = 1L;

    private final String cacheName;
    private final String key;

    /**
     * Creates the exception.
     *
     * @param cacheName the cache's {@linkplain CacheConfig#name() name}
     * @param key the key whose load failed (its string form)
     * @param cause what the loader threw
     */
    public CacheLoadException(String cacheName, String key, Throwable cause) {
        super("cache '" + cacheName + "': loading key '" + key + "' failed: " + cause, cause);
        this.cacheName = cacheName;
        this.key = key;
    }

    /**
     * The cache's name.
     *
     * @return the name
     */
    public String cacheName() {
        return cacheName;
    }

    /**
     * The key whose load failed, in its string form.
     *
     * @return the key
     */
    public String key() {
        return key;
    }
}
