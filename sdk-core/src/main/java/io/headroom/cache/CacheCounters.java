package io.headroom.cache;

import java.util.concurrent.atomic.LongAdder;

/**
 * The statistics of one cache instance: one {@link LongAdder} per event of {@link CacheStats}, snapshotted by
 * {@link #snapshot()}. Thread-safe; increments never block.
 */
final class CacheCounters {

    private final LongAdder l1Hits = new LongAdder();
    private final LongAdder l2Hits = new LongAdder();
    private final LongAdder misses = new LongAdder();
    private final LongAdder loads = new LongAdder();
    private final LongAdder loadFailures = new LongAdder();
    private final LongAdder loadNanos = new LongAdder();
    private final LongAdder staleServed = new LongAdder();
    private final LongAdder refreshes = new LongAdder();
    private final LongAdder negativeHits = new LongAdder();
    private final LongAdder backendErrors = new LongAdder();
    private final LongAdder oversizeSkips = new LongAdder();
    private final LongAdder leaseWaits = new LongAdder();

    /** A read answered by the in-process tier. */
    void l1Hit() {
        l1Hits.increment();
    }

    /** A read answered by the remote tier. */
    void l2Hit() {
        l2Hits.increment();
    }

    /** A read that found no usable value (it loads, or joins a load). */
    void miss() {
        misses.increment();
    }

    /**
     * Reads that found no usable value.
     *
     * @param n how many
     */
    void misses(int n) {
        misses.add(n);
    }

    /**
     * A loader call that returned.
     *
     * @param nanos how long it took, by the cache's ticker
     */
    void loaded(long nanos) {
        loads.increment();
        loadNanos.add(nanos);
    }

    /** A loader call that failed. */
    void loadFailed() {
        loadFailures.increment();
    }

    /** A read answered with a value past its soft TTL. */
    void staleServed() {
        staleServed.increment();
    }

    /** A background refresh started. */
    void refreshStarted() {
        refreshes.increment();
    }

    /** A read answered "not found" by a cached negative entry. */
    void negativeHit() {
        negativeHits.increment();
    }

    /** A remote-tier call that failed or timed out. */
    void backendError() {
        backendErrors.increment();
    }

    /** A value served but not cached for its size. */
    void oversizeSkipped() {
        oversizeSkips.increment();
    }

    /** A read that waited for another instance's load. */
    void leaseWait() {
        leaseWaits.increment();
    }

    /**
     * The counters now.
     *
     * @return an immutable snapshot
     */
    CacheStats snapshot() {
        return new CacheStats(l1Hits.sum(), l2Hits.sum(), misses.sum(), loads.sum(), loadFailures.sum(),
                loadNanos.sum(), staleServed.sum(), refreshes.sum(), negativeHits.sum(), backendErrors.sum(),
                oversizeSkips.sum(), leaseWaits.sum());
    }
}
