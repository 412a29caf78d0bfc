/**
 * Search: full-text (exact and fuzzy), keyword filters, geo-distance filters and interest / recency ranking over
 * documents that a document database cannot search. The API lives here so contract suites and callers need no
 * backend; implementations live in {@code sdk-search} ({@code io.headroom.search.lucene}, the embedded default).
 *
 * <p>The primitive in the house's shape: the interface {@link io.headroom.search.SearchIndex} (blocking and
 * asynchronous forms of every operation, each with a timeout), its immutable
 * {@link io.headroom.search.SearchConfig}, the {@link io.headroom.search.SearchOutagePolicy}, one exception per
 * failure a caller can act on ({@link io.headroom.search.InvalidSearchCursorException} under
 * {@link io.headroom.search.SearchException}; backend failures are {@link io.headroom.BackendUnavailableException},
 * calls after close {@link io.headroom.ClosedException}), the metrics binder
 * {@link io.headroom.search.SearchIndexMetrics}, and cursors from the house's {@link io.headroom.page.CursorCodec}.
 */
@NullMarked
package io.headroom.search;

import org.jspecify.annotations.NullMarked;
