/**
 * Search: full-text (exact and fuzzy), keyword filters, geo-distance filters and interest / recency ranking over
 * documents that a document database cannot search. The API lives here so contract suites and callers need no
 * backend; implementations live in {@code sdk-search} ({@code io.headroom.search.lucene}).
 */
@NullMarked
package io.headroom.search;

import org.jspecify.annotations.NullMarked;
