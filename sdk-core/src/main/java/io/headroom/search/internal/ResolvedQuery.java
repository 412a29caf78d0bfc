package io.headroom.search.internal;

import io.headroom.search.SearchQuery;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * A {@link SearchQuery} as a backend runs it: checked against the schema and the backend's capabilities, the
 * index's defaults applied, its page size checked and its cursor verified and decoded. Made by
 * {@link QueryResolver#resolve(SearchQuery)}; immutable.
 *
 * @param query the query as the caller built it
 * @param pageSize the page size in force
 * @param recencyOriginMillis the recency origin in force (the query's, the first page's clock reading kept by the
 *     cursor, or the clock now), 0 when the query has no recency decay
 * @param after the backend's sort values of the last hit of the previous page (as given to
 *     {@link QueryResolver#nextCursor}), or {@code null} for the first page
 * @param binding what the query's cursors are bound to: the query's fingerprint
 */
public record ResolvedQuery(SearchQuery query, int pageSize, long recencyOriginMillis,
                            @Nullable List<@Nullable Object> after, String binding) {

    /**
     * Copies the sort values.
     *
     * @param query the query as the caller built it
     * @param pageSize the page size in force
     * @param recencyOriginMillis the recency origin in force, 0 without recency decay
     * @param after the previous page's last sort values, or {@code null}
     * @param binding the cursor binding
     */
    public ResolvedQuery {
        after = after == null ? null : java.util.Collections.unmodifiableList(new java.util.ArrayList<>(after));
    }
}
