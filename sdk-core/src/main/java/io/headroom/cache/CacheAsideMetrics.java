package io.headroom.cache;

import io.headroom.internal.Arguments;
import io.headroom.internal.BackendTimers;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.function.ToLongFunction;

/**
 * Micrometer instrumentation for any {@link CacheAside}; usable only when Micrometer is on the class path (it is
 * an optional dependency of sdk-core, and nothing else in Headroom loads this class). Stateless, thread-safe.
 *
 * <p>Meters, tagged {@code cache=<config name>}, read from {@link CacheAside#stats()} on each scrape (the hot path
 * is not touched): function counter {@code headroom.cache.requests} with {@code result=l1_hit|l2_hit|miss}, and
 * function counters {@code headroom.cache.loads} ({@code result=success|failure}),
 * {@code headroom.cache.stale.served}, {@code headroom.cache.refreshes}, {@code headroom.cache.negative.hits},
 * {@code headroom.cache.backend.errors}, {@code headroom.cache.oversize.skips}, {@code headroom.cache.lease.waits},
 * {@code headroom.cache.load.time} (nanoseconds), and gauge {@code headroom.cache.hit.ratio}.
 *
 * <p>For a cache with a remote tier (the Redis cache), also the timer {@code headroom.cache.backend.calls} with
 * {@code result=success|failure}: the latency of every call to the remote tier (lookups, writes, invalidations,
 * generation reads), recorded as each completes. The embedded cache makes no backend calls and gets no timer.
 */
public final class CacheAsideMetrics {

    private CacheAsideMetrics() {
    }

    /**
     * Registers the meters of {@code cache} in {@code registry}; the meters hold the cache strongly. Bind a cache
     * once: a second binding replaces the backend-call timer's feed with the new registry's.
     *
     * @param cache the cache to observe
     * @param registry where the meters go
     * @param <C> the cache type
     * @return {@code cache}, the same instance, for chaining
     * @throws IllegalArgumentException when an argument is {@code null}
     */
    public static <C extends CacheAside<?, ?>> C bind(C cache, MeterRegistry registry) {
        Arguments.notNull(cache, "cache");
        Arguments.notNull(registry, "registry");
        String name = cache.config().name();
        counter(registry, cache, name, "headroom.cache.requests", "result", "l1_hit", CacheStats::l1Hits,
                "reads answered by the in-process tier");
        counter(registry, cache, name, "headroom.cache.requests", "result", "l2_hit", CacheStats::l2Hits,
                "reads answered by the remote tier");
        counter(registry, cache, name, "headroom.cache.requests", "result", "miss", CacheStats::misses,
                "reads that needed a load");
        counter(registry, cache, name, "headroom.cache.loads", "result", "success", CacheStats::loads,
                "loader calls that returned");
        counter(registry, cache, name, "headroom.cache.loads", "result", "failure", CacheStats::loadFailures,
                "loader calls that failed");
        counter(registry, cache, name, "headroom.cache.load.time", null, null, CacheStats::totalLoadTimeNanos,
                "nanoseconds spent in successful loads");
        counter(registry, cache, name, "headroom.cache.stale.served", null, null, CacheStats::staleServed,
                "reads answered with a value past its soft TTL");
        counter(registry, cache, name, "headroom.cache.refreshes", null, null, CacheStats::refreshes,
                "background refreshes started");
        counter(registry, cache, name, "headroom.cache.negative.hits", null, null, CacheStats::negativeHits,
                "reads answered by a cached not-found");
        counter(registry, cache, name, "headroom.cache.backend.errors", null, null, CacheStats::backendErrors,
                "remote-tier calls that failed or timed out");
        counter(registry, cache, name, "headroom.cache.oversize.skips", null, null, CacheStats::oversizeSkips,
                "values served but not cached for their size");
        counter(registry, cache, name, "headroom.cache.lease.waits", null, null, CacheStats::leaseWaits,
                "reads that waited for another instance's load");
        Gauge.builder("headroom.cache.hit.ratio", cache, c -> c.stats().hitRate()).tag("cache", name)
                .description("share of reads answered by a tier").register(registry);
        BackendTimers.bind(cache, registry, "cache", "cache", name);
        return cache;
    }

    private static void counter(MeterRegistry registry, CacheAside<?, ?> cache, String name, String meter,
                                String tag, String value, ToLongFunction<CacheStats> read, String description) {
        CacheAside<?, ?> observed = cache;
        FunctionCounter.Builder<Object> b = FunctionCounter
                .builder(meter, (Object) observed, c -> read.applyAsLong(((CacheAside<?, ?>) c).stats()))
                .tag("cache", name).description(description);
        if (tag != null) {
            b.tag(tag, value);
        }
        b.register(registry);
    }
}
