package io.headroom.cache;

/**
 * An immutable snapshot of a cache's counters since it was created. Every field counts events of this cache
 * instance (in one process), not of other instances sharing a remote tier.
 *
 * @param l1Hits reads answered by the in-process tier, including reads that joined a load of the same key already
 *     in flight in this process (as Caffeine counts them)
 * @param l2Hits reads answered by the remote tier (always 0 for the embedded cache)
 * @param misses reads that found no usable value in any tier and loaded it (or waited for another instance's
 *     load); for the embedded cache, one loader call each (a bulk load counts one miss per key it loads)
 * @param loads loader calls that returned (a value, or "not found")
 * @param loadFailures loader calls that failed; never cached
 * @param totalLoadTimeNanos time spent in successful loader calls, by the cache's ticker
 * @param staleServed reads answered with a value past its soft TTL (stale-while-revalidate, stale-if-error)
 * @param refreshes background refreshes started (soft TTL passed, or early refresh)
 * @param negativeHits reads answered "not found" from a cached negative entry
 * @param backendErrors remote-tier calls that failed or timed out (answered by the outage policy)
 * @param oversizeSkips values served but not cached because they exceeded the value size limit
 * @param leaseWaits reads that waited for another instance's load instead of loading themselves
 */
public record CacheStats(long l1Hits, long l2Hits, long misses, long loads, long loadFailures,
                         long totalLoadTimeNanos, long staleServed, long refreshes, long negativeHits,
                         long backendErrors, long oversizeSkips, long leaseWaits) {

    /**
     * All reads counted: hits in either tier plus misses.
     *
     * @return the number of reads
     */
    public long requests() {
        return l1Hits + l2Hits + misses;
    }

    /**
     * The share of reads answered by a tier, in [0, 1]; 1 when there were no reads.
     *
     * @return the hit rate
     */
    public double hitRate() {
        long requests = requests();
        return requests == 0 ? 1.0 : (double) (l1Hits + l2Hits) / requests;
    }

    /**
     * The mean time of a successful load, in nanoseconds; 0 when there was none.
     *
     * @return the average load penalty
     */
    public double averageLoadNanos() {
        return loads == 0 ? 0.0 : (double) totalLoadTimeNanos / loads;
    }
}
