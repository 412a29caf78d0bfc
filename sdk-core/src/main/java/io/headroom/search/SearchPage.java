package io.headroom.search;

import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * One page of results. Immutable.
 *
 * @param hits the hits of this page, best first, at most the query's page size
 * @param nextCursor opaque cursor for the next page (pass to {@link SearchQuery.Builder#after(String)}), or
 *     {@code null} on the last page
 */
public record SearchPage(List<SearchHit> hits, @Nullable String nextCursor) {

    /**
     * Copies the hits.
     *
     * @param hits the hits of this page, best first
     * @param nextCursor the next page's cursor, or {@code null} on the last page
     */
    public SearchPage {
        hits = List.copyOf(hits);
    }

    /**
     * Returns the cursor of the next page, if any.
     *
     * @return the cursor, empty on the last page
     */
    public Optional<String> next() {
        return Optional.ofNullable(nextCursor);
    }
}
