package io.headroom.search;

/**
 * A snapshot of a {@link SearchIndexer}'s work, given to its progress callback after every bulk request. Counts
 * are since the indexer was created. Immutable.
 *
 * @param submitted operations accepted
 * @param applied operations applied by the backend
 * @param failed operations whose bulk request failed for good (after the retries)
 * @param retries bulk requests sent again after a retriable failure
 * @param pending operations accepted and not yet applied or failed
 * @param reindexing true while a full reindex runs
 */
public record IndexProgress(long submitted, long applied, long failed, long retries, long pending,
                            boolean reindexing) {
}
