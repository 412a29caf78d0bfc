package io.headroom.spring.autoconfigure;

import java.time.Duration;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The Redis connection (headroom.redis.*). Headroom connects when uri is set, or uses a Lettuce
 * RedisClient, RedisClusterClient or StatefulRedisConnection bean the application defines.
 *
 * @param uri the Redis URI, e.g. redis://localhost:6379; for a cluster, one or more seed URIs separated by
 *     commas (each redis://host:port); unset means no Redis unless a Lettuce bean exists
 * @param cluster whether uri names a Redis Cluster (also implied by more than one URI); default false
 * @param keyPrefix the prefix of every key Headroom writes; unset: RedisOptions' default ("headroom:")
 * @param timeout the timeout of every Headroom call to Redis; unset: RedisOptions' default (50 ms)
 */
public record RedisConnectionProperties(
        @Nullable String uri,
        @DefaultValue("false") boolean cluster,
        @Nullable String keyPrefix,
        @Nullable Duration timeout) {

    /**
     * The URIs {@link #uri()} lists, trimmed.
     *
     * @return the URIs; empty when uri is unset or blank
     */
    public List<String> uris() {
        if (uri == null || uri.isBlank()) {
            return List.of();
        }
        return java.util.Arrays.stream(uri.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
    }

    /**
     * Whether the URIs name a cluster: {@link #cluster()} is set or more than one URI is listed.
     *
     * @return true for a cluster
     */
    public boolean isCluster() {
        return cluster || uris().size() > 1;
    }
}
