package io.headroom.cache;

/**
 * What a cache with a remote tier (Redis) does when that tier times out, fails or has its circuit breaker open.
 * The embedded cache has no remote tier and never applies it.
 */
public enum CacheOutagePolicy {

    /**
     * The default: reads are answered from the in-process tier or straight from the loader, and nothing throws
     * because the remote tier is down; invalidations that cannot reach it still throw (see
     * {@link CacheAside#invalidate(Object)}). Caching in the remote tier resumes by itself when it returns.
     */
    BYPASS,

    /**
     * Reads that need the remote tier fail with {@link io.headroom.BackendUnavailableException} (values already in
     * the in-process tier are still served), for callers whose loader must not take the full load of an outage.
     */
    FAIL
}
