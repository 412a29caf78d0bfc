/**
 * Headroom's Redis backends (standalone and cluster, on Lettuce): rate limiter, sharded counter, paginator and the
 * shared cache tier. Exports {@code io.headroom.redis}; {@code io.headroom.redis.internal} stays inside.
 */
module io.headroom.redis {
    requires transitive io.headroom.core;
    // Lettuce is an automatic module with a stable name (Automatic-Module-Name: lettuce.core); its client types
    // are in this module's public signatures
    requires transitive lettuce.core;
    // the options and every primitive's circuitBreaker() accessor name Resilience4j's types
    requires transitive io.github.resilience4j.circuitbreaker;
    requires io.github.resilience4j.core;
    requires io.github.resilience4j.retry;

    exports io.headroom.redis;
}
