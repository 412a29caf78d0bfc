package io.headroom.redis;

import io.headroom.internal.Arguments;
import java.time.Duration;

/**
 * Acknowledge a Redis write only after {@code WAIT} confirmed that {@code replicas} replicas received it.
 *
 * <p>Redis replicates asynchronously: without this, a write the master acknowledged but had not yet sent to a
 * replica vanishes when the master dies and the replica is promoted (the loss window is the replication lag,
 * usually below a millisecond on one network, unbounded while a replica is disconnected). With it, each write waits
 * up to {@link #timeout()} for the replicas, and {@link #onShortfall()} decides what a shortfall means.
 *
 * <p>{@code WAIT} blocks the connection it is sent on until it returns (Redis serves a connection's commands in
 * order), so every primitive sharing a {@link RedisBackend} waits behind it: give the primitives that use
 * {@code ReplicaAcks} a backend of their own. On a cluster, {@code WAIT} goes to the connection that carried the
 * write (the slot's master). Immutable and thread-safe.
 *
 * @param replicas how many replicas must acknowledge, in [1, 16]
 * @param timeout how long one write waits for them, in [1 ms, 10 s]; it must be shorter than the call timeout
 *     ({@link RedisOptions#timeout()})
 * @param onShortfall what happens when fewer acknowledge in time
 */
public record ReplicaAcks(int replicas, Duration timeout, ReplicaShortfallPolicy onShortfall) {

    /** The longest allowed {@link #timeout()}. */
    public static final Duration MAX_TIMEOUT = Duration.ofSeconds(10);

    /**
     * Validates the settings.
     *
     * @param replicas how many replicas must acknowledge, in [1, 16]
     * @param timeout how long one write waits for them, in [1 ms, 10 s]
     * @param onShortfall what happens when fewer acknowledge in time
     * @throws IllegalArgumentException when a setting breaks its rule; the message names it
     */
    public ReplicaAcks {
        Arguments.inRange(replicas, 1, 16, "replicas", "");
        Arguments.positive(timeout, "timeout");
        if (timeout.compareTo(Duration.ofMillis(1)) < 0 || timeout.compareTo(MAX_TIMEOUT) > 0) {
            throw new IllegalArgumentException("timeout must be between 1 ms and 10 s, was " + timeout);
        }
        Arguments.notNull(onShortfall, "onShortfall");
    }

    /**
     * Waits for {@code replicas} replicas, retrying writes they did not acknowledge in time
     * ({@link ReplicaShortfallPolicy#RETRY}).
     *
     * @param replicas how many replicas must acknowledge, in [1, 16]
     * @param timeout how long one write waits for them, in [1 ms, 10 s]
     * @return the settings
     * @throws IllegalArgumentException when a setting breaks its rule
     */
    public static ReplicaAcks of(int replicas, Duration timeout) {
        return new ReplicaAcks(replicas, timeout, ReplicaShortfallPolicy.RETRY);
    }
}
