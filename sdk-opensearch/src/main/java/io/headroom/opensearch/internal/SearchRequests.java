package io.headroom.opensearch.internal;

import io.headroom.search.GeoPoint;
import io.headroom.search.InvalidSearchCursorException;
import io.headroom.search.SearchQuery;
import io.headroom.search.SearchSort;
import io.headroom.search.internal.ResolvedQuery;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.opensearch.client.json.JsonData;
import org.opensearch.client.opensearch._types.DistanceUnit;
import org.opensearch.client.opensearch._types.FieldValue;
import org.opensearch.client.opensearch._types.GeoDistanceType;
import org.opensearch.client.opensearch._types.SortOptions;
import org.opensearch.client.opensearch._types.SortOrder;
import org.opensearch.client.opensearch._types.query_dsl.BoolQuery;
import org.opensearch.client.opensearch._types.query_dsl.Operator;
import org.opensearch.client.opensearch._types.query_dsl.Query;
import org.opensearch.client.opensearch._types.query_dsl.ZeroTermsQuery;
import org.opensearch.client.opensearch.core.SearchRequest;

/**
 * Translates a resolved {@link SearchQuery} into an OpenSearch search request that matches and ranks like the
 * embedded Lucene index: one {@code bool} query whose {@code must} is the text ({@code match} with operator AND,
 * per-term fuzziness and prefix length, the same BM25 over one analysed field; {@code match_all} without text),
 * whose filters are {@code term} and {@code geo_distance} ({@code arc}), and whose {@code should} clauses add a
 * {@code constant_score} per shared interest (its weight) and a {@code distance_feature} for recency
 * ({@code weight * pivot / (pivot + |origin - ts|)}, the formula of Lucene's distance-feature query). Sorted by
 * score or distance, then id, and paged with {@code search_after}.
 */
public final class SearchRequests {

    private SearchRequests() {
    }

    /**
     * Checks a cursor's sort values before any I/O.
     *
     * @param indexName the index, for the message
     * @param values the cursor's values
     * @return the {@code search_after} values, as OpenSearch reads them
     * @throws InvalidSearchCursorException when the values are not a score or distance then an id
     */
    public static List<String> after(String indexName, List<@Nullable Object> values) {
        if (values.size() != 2 || !(values.get(0) instanceof Double value) || !(values.get(1) instanceof String id)) {
            throw new InvalidSearchCursorException("search index '" + indexName
                    + "': cursor is malformed (not issued by a search index)");
        }
        return List.of(Double.toString(value), id);
    }

    /**
     * The request of one page: page size plus one hits, so the page knows whether another follows.
     *
     * @param index the index or alias to search
     * @param r the resolved query
     * @param after the {@code search_after} values, or {@code null} for the first page
     * @return the request
     */
    public static SearchRequest request(String index, ResolvedQuery r, @Nullable List<String> after) {
        SearchQuery q = r.query();
        SearchRequest.Builder b = new SearchRequest.Builder()
                .index(index)
                .query(query(r))
                .size(r.pageSize() + 1)
                .trackScores(true)
                .trackTotalHits(t -> t.enabled(false))
                .source(s -> s.filter(f -> f.includes(DocumentFields.ID, DocumentFields.LOC)))
                .sort(sort(q));
        if (after != null) {
            b.searchAfter(after);
        }
        return b.build();
    }

    static Query query(ResolvedQuery r) {
        SearchQuery q = r.query();
        BoolQuery.Builder b = new BoolQuery.Builder();
        String text = q.text();
        if (text == null) {
            b.must(m -> m.matchAll(a -> a));
        } else {
            b.must(m -> m.match(t -> {
                t.field(DocumentFields.TEXT).query(FieldValue.of(text)).operator(Operator.And)
                        .zeroTermsQuery(ZeroTermsQuery.All);
                if (r.fuzziness() > 0) {
                    // Lucene's FuzzyQuery defaults: 50 expansions, transpositions count as one edit
                    t.fuzziness(Integer.toString(r.fuzziness())).prefixLength(r.prefixLength()).maxExpansions(50)
                            .fuzzyTranspositions(true);
                }
                return t;
            }));
        }
        for (Map.Entry<String, String> f : q.filters().entrySet()) {
            b.filter(x -> x.term(t -> t.field(DocumentFields.KW + "." + f.getKey()).value(FieldValue.of(f.getValue()))));
        }
        GeoPoint c = q.center();
        if (c != null) {
            b.filter(x -> x.geoDistance(g -> g.field(DocumentFields.LOC).distance(q.radiusMeters() + "m")
                    .distanceType(GeoDistanceType.Arc)
                    .location(l -> l.latlon(ll -> ll.lat(c.lat()).lon(c.lon())))));
        }
        for (Map.Entry<String, Float> i : q.interests().entrySet()) {
            // constant score so that overlap, not term rarity, decides the boost
            b.should(s -> s.constantScore(cs -> cs.filter(f -> f.term(t -> t.field(DocumentFields.INTEREST)
                    .value(FieldValue.of(i.getKey())))).boost(i.getValue())));
        }
        Duration pivot = q.recencyPivot();
        if (pivot != null) {
            long pivotMillis = Math.max(1, pivot.toMillis());
            b.should(s -> s.distanceFeature(d -> d.field(DocumentFields.TS)
                    .origin(JsonData.of(Long.toString(r.recencyOriginMillis())))
                    .pivot(JsonData.of(pivotMillis + "ms")).boost(q.recencyWeight())));
        }
        return Query.of(x -> x.bool(b.build()));
    }

    static List<SortOptions> sort(SearchQuery q) {
        List<SortOptions> sort = new ArrayList<>(2);
        GeoPoint c = q.center();
        if (q.sort() == SearchSort.DISTANCE && c != null) {
            sort.add(SortOptions.of(s -> s.geoDistance(g -> g.field(DocumentFields.LOC)
                    .location(l -> l.latlon(ll -> ll.lat(c.lat()).lon(c.lon())))
                    .order(SortOrder.Asc).unit(DistanceUnit.Meters).distanceType(GeoDistanceType.Arc))));
        } else {
            sort.add(SortOptions.of(s -> s.score(x -> x.order(SortOrder.Desc))));
        }
        sort.add(SortOptions.of(s -> s.field(f -> f.field(DocumentFields.ID).order(SortOrder.Asc))));
        return sort;
    }
}
