package io.headroom.search;

import java.util.concurrent.CompletionStage;

/**
 * A full-text, keyword, geo and interest-ranked index of values of type {@code T}.
 *
 * <pre>{@code
 * SearchIndex<Profile> people = LuceneSearchIndex.inMemory(SearchConfig.named("people").schema(schema)
 *         .cursorKeys(CursorKeys.of("k1", secret)).build(), profileMapper);
 * people.upsert(profile);
 * people.refresh();
 * SearchQuery query = SearchQuery.builder().text("jon").filter(SearchFilter.within("home", me.home(), 10_000))
 *         .build();
 * SearchPage page = people.search(query);
 * page.next().ifPresent(c -> people.search(query.after(c)));
 * }</pre>
 *
 * <p>Visibility is near-real-time: {@link #upsert} and {@link #delete} are applied to the index when they return
 * (their stage completes) but become visible to {@link #search} only after {@link #refresh()} (or a backend's
 * periodic refresh). Writes are applied in the order they are called.
 *
 * <p>Every operation has a blocking form and an asynchronous form ({@code xAsync}, same parameters, a
 * {@link CompletionStage} of the blocking form's result), served by one implementation: the blocking form waits
 * for the asynchronous one. Every call has a timeout, {@link SearchConfig#readTimeout()} for searches and
 * {@link SearchConfig#writeTimeout()} for the rest.
 *
 * <p>Failures, the same in both forms: bad input throws {@link IllegalArgumentException} naming the argument and
 * the rule, a rejected cursor throws {@link InvalidSearchCursorException}, and any call after {@link #close()}
 * throws {@link io.headroom.ClosedException}; all three are thrown by the call itself before any I/O, never
 * returned in a stage. A backend that fails or does not answer within the timeout fails the call with
 * {@link io.headroom.BackendUnavailableException} (thrown by the blocking form, in the stage of the asynchronous
 * one), as {@link SearchConfig#outagePolicy()} describes.
 *
 * <p>Cursors are opaque, URL-safe, encrypted and signed ({@link io.headroom.page.CursorCodec} with
 * {@link SearchConfig#cursorKeys()}), bound to the index name and the query, and valid in every index with the same
 * name and keys: on another instance and after a restart.
 *
 * <p>Implementations are thread-safe; searches run concurrently with writes.
 *
 * @param <T> the indexed application type, mapped by a {@link DocumentMapper}
 */
public interface SearchIndex<T> extends AutoCloseable {

    /**
     * Indexes a value, replacing any document with the same id.
     *
     * @param value the value
     * @throws IllegalArgumentException when {@code value} is null or maps to a document that does not fit the
     *     schema ({@link SearchSchema#validate(SearchDocument)})
     * @throws io.headroom.ClosedException after {@link #close()}
     * @throws io.headroom.BackendUnavailableException when the backend fails or times out
     */
    void upsert(T value);

    /**
     * Asynchronous form of {@link #upsert}: the stage completes when the document is applied (visible after the
     * next refresh).
     *
     * @param value the value
     * @return a stage completing when the write is applied, or failing with
     *     {@link io.headroom.BackendUnavailableException}
     * @throws IllegalArgumentException when {@code value} is null or maps to an invalid document (thrown)
     * @throws io.headroom.ClosedException after {@link #close()} (thrown)
     */
    CompletionStage<Void> upsertAsync(T value);

    /**
     * Removes a document; no-op when absent.
     *
     * @param id the document id
     * @throws IllegalArgumentException when {@code id} is null, empty or too long
     * @throws io.headroom.ClosedException after {@link #close()}
     * @throws io.headroom.BackendUnavailableException when the backend fails or times out
     */
    void delete(String id);

    /**
     * Asynchronous form of {@link #delete}.
     *
     * @param id the document id
     * @return a stage completing when the delete is applied, or failing with
     *     {@link io.headroom.BackendUnavailableException}
     * @throws IllegalArgumentException when {@code id} is null, empty or too long (thrown)
     * @throws io.headroom.ClosedException after {@link #close()} (thrown)
     */
    CompletionStage<Void> deleteAsync(String id);

    /**
     * Makes every write called before it visible to searches; blocks until it is.
     *
     * @throws io.headroom.ClosedException after {@link #close()}
     * @throws io.headroom.BackendUnavailableException when the backend fails or times out
     */
    void refresh();

    /**
     * Asynchronous form of {@link #refresh()}.
     *
     * @return a stage completing when every write called before it is visible, or failing with
     *     {@link io.headroom.BackendUnavailableException}
     * @throws io.headroom.ClosedException after {@link #close()} (thrown)
     */
    CompletionStage<Void> refreshAsync();

    /**
     * Runs a query and returns one page.
     *
     * @param query the query
     * @return the page
     * @throws IllegalArgumentException when {@code query} is null, does not fit the schema or asks for more than
     *     {@link SearchConfig#maxPageSize()} hits
     * @throws UnsupportedSearchFeatureException when it needs a feature the backend lacks
     * @throws InvalidSearchCursorException when the query's cursor is rejected
     * @throws io.headroom.ClosedException after {@link #close()}
     * @throws io.headroom.BackendUnavailableException when the backend fails or times out
     */
    SearchPage search(SearchQuery query);

    /**
     * Asynchronous form of {@link #search}.
     *
     * @param query the query
     * @return a stage completing with the page, or failing with {@link io.headroom.BackendUnavailableException}
     * @throws IllegalArgumentException when {@code query} is null, does not fit the schema or asks for too many
     *     hits (thrown)
     * @throws UnsupportedSearchFeatureException when it needs a feature the backend lacks (thrown)
     * @throws InvalidSearchCursorException when the query's cursor is rejected (thrown)
     * @throws io.headroom.ClosedException after {@link #close()} (thrown)
     */
    CompletionStage<SearchPage> searchAsync(SearchQuery query);

    /**
     * The features of the query language this backend supports; a query needing another fails with
     * {@link UnsupportedSearchFeatureException} before any I/O.
     *
     * @return unmodifiable set
     */
    java.util.Set<SearchFeature> capabilities();

    /**
     * Checks a query without running it (no I/O): its fields against {@link SearchConfig#schema()}, its features
     * against {@link #capabilities()}, its page size against {@link SearchConfig#maxPageSize()} and its cursor
     * (signature, binding to this index and query, expiry). Every search does the same first.
     *
     * @param query the query
     * @return the query
     * @throws IllegalArgumentException when {@code query} is null, names an unknown field or a field of the wrong
     *     type, or asks for too many hits
     * @throws UnsupportedSearchFeatureException when it needs a feature the backend lacks
     * @throws InvalidSearchCursorException when its cursor is rejected
     */
    SearchQuery validate(SearchQuery query);

    /**
     * The configuration.
     *
     * @return the configuration
     */
    SearchConfig config();

    /**
     * Closes the index: refuses new calls (they throw {@link io.headroom.ClosedException}), waits for calls in
     * flight (writes up to {@link SearchConfig#writeTimeout()}, searches up to {@link SearchConfig#readTimeout()}),
     * persists what an on-disk backend holds and releases threads, files and connections; idempotent.
     *
     * @throws io.headroom.BackendUnavailableException when the backend fails to close
     */
    @Override
    void close();
}
