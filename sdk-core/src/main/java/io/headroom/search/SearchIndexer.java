package io.headroom.search;

import io.headroom.internal.Arguments;
import io.headroom.search.internal.LaneIndexer;
import io.headroom.spi.VersionedSearchBackend;
import java.util.concurrent.CompletionStage;
import java.util.function.Consumer;

/**
 * Keeps a {@link SearchIndex} in step with the source of truth: upsert and delete events in, bulk requests out,
 * with bounded in-flight requests, backpressure, retries, a progress callback, and full reindexes into a new
 * version of the index behind an alias, switched atomically.
 *
 * <pre>{@code
 * try (SearchIndexer<Profile> indexer = SearchIndexer.create(people, IndexerConfig.ofDefaults(), p -> log(p))) {
 *     indexer.upsertAsync(profile);                 // on every profile write
 *     indexer.deleteAsync(uid);                     // on every account deletion
 *     indexer.reindex(profileRepository::streamAll); // nightly, or after a schema change
 * }
 * }</pre>
 *
 * <p>Batching: operations are grouped per lane ({@link IndexerConfig#lanes()}, by id hash); while a lane's bulk
 * request is in flight the next operations accumulate and go together (up to {@link IndexerConfig#batchSize()})
 * once it completes. Operations on one id apply in submit order. A stage completes when its operation is applied
 * (visible after the next refresh of the index, which the indexer does not do on its own except at the end of a
 * reindex). Backpressure: with {@link IndexerConfig#maxPending()} operations pending, a submit blocks the caller
 * until there is room, up to {@link IndexerConfig#submitTimeout()}, then fails with
 * {@link io.headroom.BackendUnavailableException}. A bulk request that fails with
 * {@code BackendUnavailableException} is retried ({@link IndexerConfig#maxAttempts()}, exponential backoff); the
 * stages of a request that fails for good fail with its last exception.
 *
 * <p>Reindex: {@link #reindex} creates a new version, bulk-loads every value of the source into it, replays the
 * operations submitted meanwhile (they also went to the live version), refreshes it and switches the alias, so
 * searches neither fail nor see an empty index; on failure the new version is dropped and the live one stays.
 * One reindex at a time. Write through the indexer during a reindex: a direct {@link SearchIndex#upsert} then
 * reaches the old version only.
 *
 * <p>Thread-safe. The progress callback runs on the indexer's threads after each bulk request; it must not block.
 *
 * @param <T> the indexed type
 */
public interface SearchIndexer<T> extends AutoCloseable {

    /**
     * Creates an indexer over an index whose backend implements {@link VersionedSearchBackend} (every Headroom
     * backend does).
     *
     * @param index the index
     * @param config the configuration
     * @param progress called after every bulk request with a snapshot
     * @param <T> the indexed type
     * @return the indexer
     * @throws IllegalArgumentException when an argument is null or the index's backend is not versioned
     */
    @SuppressWarnings("unchecked")
    static <T> SearchIndexer<T> create(SearchIndex<T> index, IndexerConfig config, Consumer<IndexProgress> progress) {
        Arguments.notNull(index, "index");
        SearchIndex<T> target = index instanceof Wrapper<?> w ? (SearchIndex<T>) w.unwrap() : index;
        if (!(target instanceof VersionedSearchBackend<?> backend)) {
            throw new IllegalArgumentException("index " + index + " does not implement "
                    + VersionedSearchBackend.class.getName());
        }
        return new LaneIndexer<>(index.config(), (VersionedSearchBackend<T>) backend,
                Arguments.notNull(config, "config"), Arguments.notNull(progress, "progress"));
    }

    /**
     * Submits an upsert; blocks while {@link IndexerConfig#maxPending()} operations are pending.
     *
     * @param value the value
     * @throws IllegalArgumentException when the value's document does not fit the schema (before any I/O)
     * @throws io.headroom.BackendUnavailableException when there is no room within the submit timeout, or the
     *     bulk request fails for good
     * @throws io.headroom.ClosedException after {@link #close()}
     */
    void upsert(T value);

    /**
     * Asynchronous form of {@link #upsert}: returns once the operation is accepted (this may block for room).
     *
     * @param value the value
     * @return a stage completing when the operation is applied
     * @throws IllegalArgumentException when the value's document does not fit the schema (thrown)
     * @throws io.headroom.BackendUnavailableException when there is no room within the submit timeout (thrown)
     * @throws io.headroom.ClosedException after {@link #close()} (thrown)
     */
    CompletionStage<Void> upsertAsync(T value);

    /**
     * Submits a delete; blocks while {@link IndexerConfig#maxPending()} operations are pending.
     *
     * @param id the document id
     * @throws IllegalArgumentException when the id is empty or too long
     * @throws io.headroom.BackendUnavailableException when there is no room within the submit timeout, or the
     *     bulk request fails for good
     * @throws io.headroom.ClosedException after {@link #close()}
     */
    void delete(String id);

    /**
     * Asynchronous form of {@link #delete}.
     *
     * @param id the document id
     * @return a stage completing when the delete is applied
     * @throws IllegalArgumentException when the id is empty or too long (thrown)
     * @throws io.headroom.BackendUnavailableException when there is no room within the submit timeout (thrown)
     * @throws io.headroom.ClosedException after {@link #close()} (thrown)
     */
    CompletionStage<Void> deleteAsync(String id);

    /**
     * Waits until every operation submitted before it is applied or failed.
     *
     * @throws io.headroom.ClosedException after {@link #close()}
     */
    void flush();

    /**
     * Asynchronous form of {@link #flush()}.
     *
     * @return a stage completing when every operation submitted before it is applied or failed
     * @throws io.headroom.ClosedException after {@link #close()} (thrown)
     */
    CompletionStage<Void> flushAsync();

    /**
     * Rebuilds the index from the source of truth into a new version and switches searches to it atomically.
     *
     * @param source every value the index should hold; iterated once, on the caller's thread
     * @return the versions and counts
     * @throws IllegalArgumentException when a value's document does not fit the schema (the new version is dropped)
     * @throws IllegalStateException when another reindex is running
     * @throws io.headroom.BackendUnavailableException when the backend fails (the new version is dropped)
     * @throws io.headroom.ClosedException after {@link #close()}
     */
    ReindexResult reindex(Iterable<? extends T> source);

    /**
     * Asynchronous form of {@link #reindex}: iterates the source on an indexer thread.
     *
     * @param source every value the index should hold
     * @return a stage completing with the result, or failing as {@link #reindex} throws
     * @throws io.headroom.ClosedException after {@link #close()} (thrown)
     */
    CompletionStage<ReindexResult> reindexAsync(Iterable<? extends T> source);

    /**
     * The counts so far.
     *
     * @return a snapshot
     */
    IndexProgress progress();

    /**
     * Flushes (waiting up to the index's write timeout), then stops the indexer's threads; idempotent. Does not
     * close the index.
     */
    @Override
    void close();
}
