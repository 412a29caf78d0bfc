package io.headroom.search;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * One page of results. Immutable.
 *
 * @param hits the hits of this page, in the query's order, at most the query's page size
 * @param nextCursor opaque cursor for the next page (pass to {@link SearchQuery.Builder#after(String)}), or
 *     {@code null} on the last page
 * @param facets for each facet the query asked for (in its order), the most frequent values over all hits of the
 *     query (not only this page), by count descending then value ascending; empty when none was asked
 */
public record SearchPage(List<SearchHit> hits, @Nullable String nextCursor, Map<String, List<FacetCount>> facets) {

    /**
     * Copies the hits and facets.
     *
     * @param hits the hits of this page
     * @param nextCursor the next page's cursor, or {@code null} on the last page
     * @param facets the facet counts by field
     */
    public SearchPage {
        hits = List.copyOf(hits);
        Map<String, List<FacetCount>> copy = new LinkedHashMap<>();
        facets.forEach((k, v) -> copy.put(k, List.copyOf(v)));
        facets = java.util.Collections.unmodifiableMap(copy);
    }

    /**
     * A page without facets.
     *
     * @param hits the hits
     * @param nextCursor the next page's cursor or {@code null}
     */
    public SearchPage(List<SearchHit> hits, @Nullable String nextCursor) {
        this(hits, nextCursor, Map.of());
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
