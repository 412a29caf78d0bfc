package io.headroom.counter;

/**
 * What a remote {@link ShardedCounter} (Redis, Firestore) does while its backend is down, slow or refusing calls;
 * chosen with {@link CounterConfig.Builder#outagePolicy(CounterOutagePolicy)}, default {@link #BUFFER_AND_RETRY}.
 * The in-memory counter has no backend and ignores it.
 *
 * <p>An outage here is any backend call that fails, times out (the backend options' call timeout) or is not
 * attempted because the circuit breaker is open.
 */
public enum CounterOutagePolicy {

    /**
     * Increments are never lost nor counted twice while this instance runs: a write that fails or times out is
     * retried (Resilience4j, jittered exponential backoff between {@link CounterConfig#retryInitialBackoff()} and
     * {@link CounterConfig#retryMaxBackoff()}) until it succeeds, with the same idempotency token, so a write that
     * was in fact applied is not applied again. Meanwhile:
     * <ul>
     *   <li>{@link ShardedCounter#increment} keeps accepting increments into a per-instance buffer of at most
     *       {@link CounterConfig#maxPendingIncrements()} accepted, not yet durable increments; past it an increment
     *       is refused with {@link CounterBufferFullException} (nothing added);</li>
     *   <li>{@link ShardedCounter#get} and {@link ShardedCounter#getAll} fail with
     *       {@link io.headroom.BackendUnavailableException} (no stale value is served);</li>
     *   <li>{@link ShardedCounter#reset} first makes this instance's earlier increments durable, then retries each
     *       shard with its reset token until {@link CounterConfig#flushTimeout()}; past it, it fails with
     *       {@link io.headroom.BackendUnavailableException} (the reset may or may not have happened);</li>
     *   <li>{@link ShardedCounter#flush}, {@link ShardedCounter#awaitDurable} and {@link ShardedCounter#close}
     *       wait at most {@link CounterConfig#flushTimeout()} and then throw
     *       {@link io.headroom.BackendUnavailableException}; flush and awaitDurable leave the increments buffered
     *       and retried, close drops them and says how many in the message.</li>
     * </ul>
     * Increments still buffered when the process dies are lost.
     */
    BUFFER_AND_RETRY
}
