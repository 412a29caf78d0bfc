package io.headroom.cache;

/**
 * What a cache with a remote tier (Redis) does when that tier is unavailable: a call to it timed out, failed, or
 * was refused by its open circuit breaker. Chosen with {@link CacheConfig.Builder#outagePolicy(CacheOutagePolicy)};
 * the default is {@link #BYPASS}. The embedded cache has no remote tier and never applies it.
 *
 * <p>Under every policy: values already in the in-process tier are served as long as they are usable (for at most
 * the staleness bound while the invalidation channel is down); a loader failure is still
 * {@link CacheLoadException}; each failed tier call is counted in {@link CacheStats#backendErrors()}; an
 * invalidation that cannot reach the tier drops the key from this process and throws
 * {@link io.headroom.BackendUnavailableException} (an invalidation that did not happen must not look like one
 * that did; retry it); and a background refresh whose tier call fails loads straight from the source. Caching in
 * the remote tier resumes by itself once the circuit breaker closes again.
 */
public enum CacheOutagePolicy {

    /**
     * The default: a read that needs the remote tier while it is unavailable is answered straight from the
     * loader (and the value kept in the in-process tier), so reads never throw because the tier is down; the
     * loader takes the load the tier would have absorbed. Bulk reads load every key the tier could not answer in
     * one call of the bulk loader. Nothing is thrown for the outage itself.
     */
    BYPASS,

    /**
     * A read that needs the remote tier while it is unavailable fails with
     * {@link io.headroom.BackendUnavailableException} (naming the cache and key; the blocking forms throw it, the
     * asynchronous forms complete with it), and the loader is not called: for callers whose source must not take
     * the full load of an outage. Values already in the in-process tier are still served.
     */
    FAIL
}
