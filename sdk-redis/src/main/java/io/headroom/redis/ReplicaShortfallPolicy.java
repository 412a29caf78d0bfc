package io.headroom.redis;

/**
 * What a Redis write configured with {@link ReplicaAcks} does when {@code WAIT} reports fewer replicas than asked
 * for within {@link ReplicaAcks#timeout()}.
 */
public enum ReplicaShortfallPolicy {
    /**
     * The write counts as failed and is retried (with the same idempotency token, so it is applied exactly once)
     * until enough replicas acknowledge it: no acknowledged write is lost when the master dies, at the price of
     * writes stalling while too few replicas are in sync. The default.
     */
    RETRY,
    /**
     * The write is acknowledged anyway (as without {@code WAIT}) and counted
     * ({@link RedisShardedCounter#replicaShortfalls()}): the loss window returns only while replicas lag.
     */
    ACCEPT
}
