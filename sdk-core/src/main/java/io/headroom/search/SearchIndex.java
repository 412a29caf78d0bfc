package io.headroom.search;

import java.util.concurrent.CompletionStage;

/**
 * A full-text, keyword, geo and interest-ranked index of values of type {@code T}.
 *
 * <p>Visibility is near-real-time: {@link #upsert} and {@link #delete} are durable in the writer at once but become
 * visible to {@link #search} only after {@link #refresh()} (or a backend's periodic refresh). Implementations are
 * thread-safe; searches run concurrently with writes.
 *
 * @param <T> the indexed application type, mapped by a {@link DocumentMapper}
 */
public interface SearchIndex<T> extends AutoCloseable {

    /**
     * Indexes a value, replacing any document with the same id.
     *
     * @param value the value
     * @throws IllegalArgumentException when {@code value} is null or maps to an invalid document
     * @throws SearchException when the backend fails
     */
    void upsert(T value);

    /**
     * Removes a document; no-op when absent.
     *
     * @param id the document id
     * @throws IllegalArgumentException when {@code id} is empty or too long
     * @throws SearchException when the backend fails
     */
    void delete(String id);

    /**
     * Makes every write so far visible to searches; blocks until it is.
     *
     * @throws SearchException when the backend fails
     */
    void refresh();

    /**
     * Runs a query and returns one page.
     *
     * @param query the query
     * @return the page
     * @throws IllegalArgumentException when {@code query} is null
     * @throws InvalidSearchCursorException when the query's cursor is malformed or from another query
     * @throws SearchException when the backend fails
     */
    SearchPage search(SearchQuery query);

    /**
     * Runs a query asynchronously; same semantics as {@link #search}, failures complete the stage exceptionally.
     *
     * @param query the query
     * @return the page, later
     * @throws IllegalArgumentException when {@code query} is null (thrown, not in the stage)
     */
    CompletionStage<SearchPage> searchAsync(SearchQuery query);

    /**
     * Closes the index and releases its resources; idempotent.
     *
     * @throws SearchException when the backend fails to close
     */
    @Override
    void close();
}
