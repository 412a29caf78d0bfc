package io.headroom.spring.autoconfigure;

import io.headroom.cache.CacheOutagePolicy;
import java.time.Duration;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The named caches (headroom.cache.caches.NAME.*) and the Spring CacheManager over them. Each
 * becomes a {@code CacheAside<Object, Object>} bean qualified by its name and a Spring Cache of that name.
 * Unset settings take CacheConfig's defaults.
 *
 * @param caches the caches by name
 * @param springCacheManager whether to register a Spring CacheManager over the caches when caching is
 *     enabled (@EnableCaching) and the application defines no CacheManager; default true. It knows
 *     the configured names only, so a typo in @Cacheable fails instead of creating an unconfigured cache.
 */
public record CacheProperties(
        @DefaultValue Map<String, Cache> caches,
        @DefaultValue("true") boolean springCacheManager) {

    /**
     * One cache.
     *
     * @param ttl how long a value is kept; unset: the SDK's default (5 min)
     * @param softTtl after how long a read refreshes the value in the background while serving it; unset: never
     * @param jitter the random share subtracted from each TTL, in [0, 0.5]; unset: the SDK's default
     * @param negativeTtl how long a "not found" (null) is cached; unset: not cached
     * @param maximumSize the in-process tier's capacity in entries; unset: the SDK's default
     * @param outagePolicy what a read does while the remote tier is down; unset: BYPASS
     * @param codec how values are written to the remote tier: JDK serialization or STRING;
     *     default JDK
     * @param backend which backend serves the cache's shared tier; default AUTO (Redis when configured)
     */
    public record Cache(
            @Nullable Duration ttl,
            @Nullable Duration softTtl,
            @Nullable Double jitter,
            @Nullable Duration negativeTtl,
            @Nullable Long maximumSize,
            @Nullable CacheOutagePolicy outagePolicy,
            @DefaultValue("jdk") ValueCodec codec,
            @DefaultValue("auto") Backend backend) {
    }

    /** How a cache's values are encoded for the remote tier. */
    public enum ValueCodec {
        /** Java serialization: values must be {@code Serializable}. */
        JDK,
        /** UTF-8 text: values must be {@code String}s. */
        STRING
    }
}
