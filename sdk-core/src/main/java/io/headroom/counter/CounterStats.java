package io.headroom.counter;

/**
 * A snapshot of one {@link ShardedCounter} instance's figures, for metrics ({@link ShardedCounterMetrics}) and tests.
 *
 * @param pendingIncrements accepted increments not yet durable (in flight, coalescing or awaiting a retry)
 * @param writes backend writes that succeeded (each may carry many coalesced increments)
 * @param retries writes retried after a failure or timeout
 * @param rejected increments the backend refused after they had been accepted (only an overflow found by a
 *     coalesced or retried write); each is logged
 * @param evictions counters evicted from memory by {@link CounterConfig#maximumCounters()} (in memory only)
 * @param shards the shard count new writes spread over (the largest, when shards grow per counter)
 */
public record CounterStats(long pendingIncrements, long writes, long retries, long rejected, long evictions,
                           int shards) {
}
