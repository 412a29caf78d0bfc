package io.headroom.spi;

import io.headroom.search.SearchDocument;
import java.util.List;
import java.util.concurrent.CompletionStage;

/**
 * What a {@link io.headroom.search.SearchIndex} backend implements so that {@link io.headroom.search.SearchIndexer}
 * can drive it: bulk writes to a named version of the index, and versions behind an alias (the live version, which
 * searches read). A full reindex creates a version, bulk-loads it, refreshes it and {@linkplain #switchTo switches}
 * the alias to it atomically: searches running during the switch finish on the old version, the ones after it
 * read the new one, none fails or sees an empty index. Lucene swaps its searcher; OpenSearch swaps an alias in one
 * {@code _aliases} call. Implementations are thread-safe.
 *
 * @param <T> the indexed application type
 */
public interface VersionedSearchBackend<T> {

    /**
     * Maps and validates a value as {@link io.headroom.search.SearchIndex#upsert} would, without I/O.
     *
     * @param value the value
     * @return its document, valid for the schema
     * @throws IllegalArgumentException when the value is null or its document does not fit the schema
     */
    SearchDocument toDocument(T value);

    /**
     * The version searches read now.
     *
     * @return its name
     */
    String liveVersion();

    /**
     * Creates a new, empty version with the index's schema; searches do not see it until {@link #switchTo}.
     *
     * @return its name, unique for the index
     * @throws io.headroom.BackendUnavailableException when the backend fails
     */
    String createVersion();

    /**
     * Applies operations to a version in their order (the last operation on an id wins); visible after
     * {@link #refresh}. Operations are idempotent: a batch that failed may be sent again.
     *
     * @param version a version name
     * @param operations the operations
     * @return a stage completing when every operation is applied, or failing with
     *     {@link io.headroom.BackendUnavailableException} (retriable) or {@link IllegalArgumentException}
     *     (not retriable: a document the backend refuses, an unknown version)
     */
    CompletionStage<Void> bulk(String version, List<BulkOperation> operations);

    /**
     * Makes the writes applied to a version visible to searches of it.
     *
     * @param version a version name
     * @return a stage completing when they are visible
     */
    CompletionStage<Void> refresh(String version);

    /**
     * Makes a version the live one, atomically, and then drops the previous one once no search uses it.
     *
     * @param version a refreshed version
     * @throws IllegalArgumentException when the version is unknown
     * @throws io.headroom.BackendUnavailableException when the backend fails (the old version stays live)
     */
    void switchTo(String version);

    /**
     * Drops a version that is not live (the remains of a failed reindex); no-op when unknown.
     *
     * @param version a version name
     * @throws IllegalArgumentException when it is the live version
     */
    void dropVersion(String version);
}
