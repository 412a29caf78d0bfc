package io.headroom.spi;

import java.util.concurrent.CompletionStage;

/**
 * The one write a sharded-counter backend supplies: apply one batch of increments to one shard of one counter,
 * exactly once. Headroom's counter write path (lanes, group commit, coalescing, bounded buffer, retries,
 * durability) calls it; a backend module implements it next to its reads and resets.
 *
 * <h2>The idempotency contract</h2>
 * A writer is one counter instance (its id is for the implementation to record next to each shard, e.g. a field
 * {@code w:<writer id>}). Every write carries the writer's sequence number {@code seq}. The write path guarantees
 * that one writer's sequence numbers for one {@code (counterId, shard)} only grow and that it never has two writes
 * of one {@code (counterId, shard)} in flight; a retry resends the same {@code seq} and {@code delta}. An implementation
 * must apply a write only if its {@code seq} is above the last one it recorded for this writer on that shard, and
 * record it in the same atomic step (a Lua script on Redis, a batch with a token document on Firestore). A retry of
 * a write that was applied (its reply lost or late) is then recognised and skipped: no increment is counted twice,
 * and none is skipped.
 *
 * <h2>Outcomes</h2>
 * The returned stage completes normally when the write was applied or recognised as applied; exceptionally with
 * {@link io.headroom.counter.CounterOverflowException} when the backend refused it because the shard would leave
 * the {@code long} range (nothing was applied; the write is not retried); exceptionally with any other exception
 * when the outcome is unknown (timeout, connection loss, contention): the write path retries it with backoff.
 *
 * <p>Implementations must be thread-safe, must not block, and should return a failed stage rather than throw
 * (a thrown exception is treated as a failed attempt).
 */
@FunctionalInterface
public interface ShardWriter {

    /**
     * Adds {@code delta} to shard {@code shard} of {@code counterId} unless this writer's write {@code seq} was
     * already applied there, checking and recording {@code seq} in the same atomic step.
     *
     * @param counterId the counter, already checked (1 to 1024 characters)
     * @param shard the shard index, {@code >= 0}
     * @param seq the write's sequence number, above every earlier write of this writer to this shard
     * @param delta the sum of the batch's increments, never 0 unless the increments summed to 0
     * @return a stage completing normally when applied or recognised as applied, exceptionally with
     *     {@link io.headroom.counter.CounterOverflowException} when refused, or with any other exception when the
     *     outcome is unknown (the write is retried)
     */
    CompletionStage<Void> write(String counterId, int shard, long seq, long delta);
}
