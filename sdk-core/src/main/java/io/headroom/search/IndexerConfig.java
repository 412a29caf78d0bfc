package io.headroom.search;

import io.headroom.internal.Arguments;
import java.time.Duration;

/**
 * The immutable configuration of a {@link SearchIndexer}. Defaults ({@link #ofDefaults()}): batches of up to
 * {@value #DEFAULT_BATCH_SIZE} operations; {@value #DEFAULT_LANES} lanes (at most that many bulk requests in
 * flight; an id always goes to the same lane, so writes of one id apply in order); at most
 * {@value #DEFAULT_MAX_PENDING} operations accepted but not yet applied before submitting blocks (backpressure),
 * for at most 30 s ({@code submitTimeout}); {@value #DEFAULT_MAX_ATTEMPTS} attempts per bulk request with
 * exponential backoff from 100 ms (retries through Resilience4j on
 * {@link io.headroom.BackendUnavailableException} only).
 *
 * @param batchSize the most operations per bulk request, 1 to 10,000
 * @param lanes how many bulk requests may be in flight at once, 1 to 64
 * @param maxPending the most operations accepted and not yet applied, at least {@code batchSize}
 * @param submitTimeout how long a submit waits for room before failing, positive
 * @param maxAttempts attempts per bulk request (1 = no retry), 1 to 10
 * @param retryBackoff the wait before the first retry, doubled after each, positive
 */
public record IndexerConfig(int batchSize, int lanes, int maxPending, Duration submitTimeout, int maxAttempts,
                            Duration retryBackoff) {

    /** The default batch size. */
    public static final int DEFAULT_BATCH_SIZE = 500;
    /** The default number of lanes. */
    public static final int DEFAULT_LANES = 2;
    /** The default bound on pending operations. */
    public static final int DEFAULT_MAX_PENDING = 10_000;
    /** The default number of attempts. */
    public static final int DEFAULT_MAX_ATTEMPTS = 3;

    /**
     * Validates.
     *
     * @param batchSize the batch size
     * @param lanes the lanes
     * @param maxPending the pending bound
     * @param submitTimeout the submit timeout
     * @param maxAttempts the attempts
     * @param retryBackoff the first backoff
     * @throws IllegalArgumentException naming the setting and the rule
     */
    public IndexerConfig {
        Arguments.inRange(batchSize, 1, 10_000, "batchSize", "");
        Arguments.inRange(lanes, 1, 64, "lanes", "");
        Arguments.inRange(maxPending, batchSize, Integer.MAX_VALUE, "maxPending", "at least batchSize");
        Arguments.positive(submitTimeout, "submitTimeout");
        Arguments.inRange(maxAttempts, 1, 10, "maxAttempts", "");
        Arguments.positive(retryBackoff, "retryBackoff");
    }

    /**
     * The defaults.
     *
     * @return the default configuration
     */
    public static IndexerConfig ofDefaults() {
        return new IndexerConfig(DEFAULT_BATCH_SIZE, DEFAULT_LANES, DEFAULT_MAX_PENDING, Duration.ofSeconds(30),
                DEFAULT_MAX_ATTEMPTS, Duration.ofMillis(100));
    }

    /**
     * A copy with another batch size.
     *
     * @param size the batch size
     * @return the copy
     */
    public IndexerConfig withBatchSize(int size) {
        return new IndexerConfig(size, lanes, Math.max(maxPending, size), submitTimeout, maxAttempts, retryBackoff);
    }

    /**
     * A copy with another number of lanes.
     *
     * @param count the lanes
     * @return the copy
     */
    public IndexerConfig withLanes(int count) {
        return new IndexerConfig(batchSize, count, maxPending, submitTimeout, maxAttempts, retryBackoff);
    }
}
