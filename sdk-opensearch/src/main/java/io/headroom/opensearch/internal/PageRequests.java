package io.headroom.opensearch.internal;

import io.headroom.search.FacetCount;
import io.headroom.search.FieldType;
import io.headroom.search.GeoPoint;
import io.headroom.search.InvalidSearchCursorException;
import io.headroom.search.Ranking;
import io.headroom.search.SearchFilter;
import io.headroom.search.SearchHit;
import io.headroom.search.SearchQuery;
import io.headroom.search.SearchSchema;
import io.headroom.search.SearchSort;
import io.headroom.search.internal.ResolvedQuery;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.opensearch.client.opensearch._types.DistanceUnit;
import org.opensearch.client.opensearch._types.FieldValue;
import org.opensearch.client.opensearch._types.GeoDistanceType;
import org.opensearch.client.opensearch._types.SortMode;
import org.opensearch.client.opensearch._types.SortOptions;
import org.opensearch.client.opensearch._types.SortOrder;
import org.opensearch.client.opensearch._types.aggregations.Aggregate;
import org.opensearch.client.opensearch._types.aggregations.StringTermsBucket;
import org.opensearch.client.opensearch._types.query_dsl.Query;
import org.opensearch.client.opensearch.core.SearchRequest;
import org.opensearch.client.opensearch.core.SearchResponse;
import org.opensearch.client.opensearch.core.search.Hit;

/**
 * One page of a search on OpenSearch: the request (query, sort with the id tie-break, {@code search_after} from the
 * cursor, a point in time, page size plus one, facet aggregations) and the page read back (hits with score and
 * distance, facet counts, the sort values of the last hit for the next cursor). Stateless.
 */
public final class PageRequests {

    private static final String FACET = "facet_";

    private PageRequests() {
    }

    /** A decoded cursor: the last hit's sort value and id, and the walk's point in time. */
    public record After(@Nullable Object value, String id, String pit) {
    }

    /**
     * Checks a cursor's values before any I/O.
     *
     * @param indexName for the message
     * @param query the query
     * @param values the cursor's values (sort value, id, point-in-time id)
     * @return the position
     * @throws InvalidSearchCursorException when the values do not fit the query's sort
     */
    public static After after(String indexName, SearchQuery query, List<@Nullable Object> values) {
        if (values.size() == 3 && values.get(1) instanceof String id && values.get(2) instanceof String pit) {
            Object v = values.get(0);
            SearchSort sort = query.sort();
            boolean fits = sort instanceof SearchSort.ByField ? v == null || v instanceof Long || v instanceof String
                    : v == null || v instanceof Double;
            if (fits) {
                return new After(v, id, pit);
            }
        }
        throw new InvalidSearchCursorException("search index '" + indexName
                + "': cursor is malformed (not issued by an OpenSearch index)");
    }

    /**
     * The request of one page.
     *
     * @param schema the schema
     * @param r the resolved query
     * @param query the translated query
     * @param pit the point in time to read
     * @param keepAlive how long the point in time lives on ({@code "5m"})
     * @param after the position after which the page starts, or {@code null} for the first page
     * @return the request
     */
    public static SearchRequest request(SearchSchema schema, ResolvedQuery r, Query query, String pit,
                                        String keepAlive, @Nullable After after) {
        SearchQuery q = r.query();
        SearchRequest.Builder b = new SearchRequest.Builder()
                .pit(org.opensearch.client.opensearch.core.search.Pit.of(p -> p.id(pit).keepAlive(keepAlive)))
                .query(query)
                .size(r.pageSize() + 1)
                .trackScores(q.sort() instanceof SearchSort.ByField || q.sort() instanceof SearchSort.ByDistance
                        ? false : true)
                .trackTotalHits(t -> t.enabled(false))
                .sort(sort(q));
        List<String> include = new ArrayList<>();
        include.add(IndexMapping.ID);
        String geo = geoField(q);
        if (geo != null) {
            include.add(IndexMapping.path(geo));
        }
        if (q.sort() instanceof SearchSort.ByField f) {
            include.add(IndexMapping.path(f.field()));
        }
        b.source(s -> s.filter(x -> x.includes(include)));
        for (String facet : q.facets()) {
            b.aggregations(FACET + facet, a -> a.terms(t -> t.field(IndexMapping.path(facet)).size(q.facetSize())
                    .order(List.of(Map.of("_count", SortOrder.Desc), Map.of("_key", SortOrder.Asc)))));
        }
        if (after != null) {
            b.searchAfterVals(searchAfter(schema, q, after));
        }
        return b.build();
    }

    private static List<SortOptions> sort(SearchQuery q) {
        List<SortOptions> sort = new ArrayList<>(2);
        SearchSort s = q.sort();
        if (s instanceof SearchSort.ByField f) {
            sort.add(SortOptions.of(o -> o.field(x -> x.field(IndexMapping.path(f.field()))
                    .order(f.descending() ? SortOrder.Desc : SortOrder.Asc)
                    .mode(f.descending() ? SortMode.Max : SortMode.Min)
                    .missing(FieldValue.of("_last")))));
        } else if (s instanceof SearchSort.ByDistance d) {
            sort.add(SortOptions.of(o -> o.geoDistance(g -> g.field(IndexMapping.path(d.field()))
                    .location(l -> l.latlon(ll -> ll.lat(d.from().lat()).lon(d.from().lon())))
                    .order(SortOrder.Asc).unit(DistanceUnit.Meters).distanceType(GeoDistanceType.Arc))));
        } else {
            sort.add(SortOptions.of(o -> o.score(x -> x.order(SortOrder.Desc))));
        }
        sort.add(SortOptions.of(o -> o.field(x -> x.field(IndexMapping.ID).order(SortOrder.Asc))));
        return sort;
    }

    // OpenSearch reads a missing value of a "_last" numeric sort as the type's extreme, a missing distance as infinity
    private static List<FieldValue> searchAfter(SearchSchema schema, SearchQuery q, After after) {
        FieldValue first;
        Object v = after.value();
        if (q.sort() instanceof SearchSort.ByField f) {
            boolean keyword = schema.field(f.field()).map(x -> x.type() == FieldType.KEYWORD).orElse(false);
            if (v == null) {
                first = keyword ? FieldValue.NULL : FieldValue.of(f.descending() ? Long.MIN_VALUE : Long.MAX_VALUE);
            } else if (v instanceof Long l) {
                first = FieldValue.of(l);
            } else {
                first = FieldValue.of((String) v);
            }
        } else if (q.sort() instanceof SearchSort.ByDistance) {
            first = v == null ? FieldValue.of("Infinity") : FieldValue.of((Double) v);
        } else {
            first = FieldValue.of((Double) v);
        }
        return List.of(first, FieldValue.of(after.id()));
    }

    /**
     * Where hit distances are measured from: the distance sort's point, else the distance decay's origin, else the
     * center of the first top-level {@code within} filter.
     */
    static @Nullable GeoPoint geoOrigin(SearchQuery q) {
        if (q.sort() instanceof SearchSort.ByDistance d) {
            return d.from();
        }
        Ranking.DistanceDecay decay = q.ranking().distance();
        if (decay != null) {
            return decay.origin();
        }
        for (SearchFilter f : q.filters()) {
            if (f instanceof SearchFilter.GeoDistance g) {
                return g.center();
            }
        }
        return null;
    }

    static @Nullable String geoField(SearchQuery q) {
        if (q.sort() instanceof SearchSort.ByDistance d) {
            return d.field();
        }
        Ranking.DistanceDecay decay = q.ranking().distance();
        if (decay != null) {
            return decay.field();
        }
        for (SearchFilter f : q.filters()) {
            if (f instanceof SearchFilter.GeoDistance g) {
                return g.field();
            }
        }
        return null;
    }

    /** A page read back. */
    public record Page(List<SearchHit> hits, @Nullable List<@Nullable Object> lastSortValues,
                       Map<String, List<FacetCount>> facets) {
    }

    /**
     * Reads a page.
     *
     * @param r the resolved query
     * @param response the engine's answer
     * @return the hits, the sort values (value, id) of the last hit when another page follows, and the facets
     */
    public static Page read(ResolvedQuery r, SearchResponse<SourceDoc> response) {
        SearchQuery q = r.query();
        List<Hit<SourceDoc>> found = response.hits().hits();
        int n = Math.min(found.size(), r.pageSize());
        GeoPoint origin = geoOrigin(q);
        String geo = geoField(q);
        boolean relevance = !(q.sort() instanceof SearchSort.ByField || q.sort() instanceof SearchSort.ByDistance);
        List<SearchHit> hits = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            Hit<SourceDoc> h = found.get(i);
            Map<String, Object> fields = fields(h);
            Double distance = null;
            if (origin != null && geo != null && fields.get(geo) instanceof Map<?, ?> point) {
                distance = haversineMeters(origin.lat(), origin.lon(), number(point.get("lat")),
                        number(point.get("lon")));
            }
            Double score = h.score();
            hits.add(new SearchHit(h.id(), relevance && score != null && !score.isNaN() ? score : 0, distance));
        }
        List<@Nullable Object> last = null;
        if (found.size() > r.pageSize()) {
            Hit<SourceDoc> h = found.get(n - 1);
            last = new ArrayList<>(2);
            last.add(sortValue(q, h, hits.get(n - 1)));
            last.add(h.id());
        }
        Map<String, List<FacetCount>> facets = new LinkedHashMap<>();
        for (String facet : q.facets()) {
            Aggregate a = response.aggregations().get(FACET + facet);
            List<FacetCount> counts = new ArrayList<>();
            if (a != null && a.isSterms()) {
                for (StringTermsBucket bucket : a.sterms().buckets().array()) {
                    counts.add(new FacetCount(bucket.key(), bucket.docCount()));
                }
            }
            facets.put(facet, List.copyOf(counts));
        }
        return new Page(hits, last, facets);
    }

    private static @Nullable Object sortValue(SearchQuery q, Hit<SourceDoc> h, SearchHit hit) {
        if (q.sort() instanceof SearchSort.ByField f) {
            Object v = fields(h).get(f.field());
            if (v == null) {
                return null;
            }
            if (v instanceof Number num) {
                return num.longValue();
            }
            if (v instanceof String s) {
                return s;
            }
            if (v instanceof Collection<?> values && !values.isEmpty()) {
                String best = null;
                for (Object o : values) {
                    String s = String.valueOf(o);
                    if (best == null || (f.descending() ? codePoints(s, best) > 0 : codePoints(s, best) < 0)) {
                        best = s;
                    }
                }
                return best;
            }
            return null;
        }
        if (q.sort() instanceof SearchSort.ByDistance) {
            String v = h.sort().isEmpty() ? null : h.sort().get(0);
            if (v == null || v.equals("Infinity")) {
                return null;
            }
            return Double.parseDouble(v);
        }
        return hit.score();
    }

    private static Map<String, Object> fields(Hit<SourceDoc> h) {
        SourceDoc d = h.source();
        Map<String, Object> f = d == null ? null : d.fields();
        return f == null ? Map.of() : f;
    }

    /**
     * The great-circle (haversine) distance in metres, with the mean Earth radius of Lucene and OpenSearch.
     *
     * @param lat1 latitude of the first point
     * @param lon1 longitude of the first point
     * @param lat2 latitude of the second point
     * @param lon2 longitude of the second point
     * @return the distance
     */
    static double haversineMeters(double lat1, double lon1, double lat2, double lon2) {
        double dLat = Math.toRadians(lat2 - lat1);
        double dLon = Math.toRadians(lon2 - lon1);
        double h = Math.pow(Math.sin(dLat / 2), 2)
                + Math.cos(Math.toRadians(lat1)) * Math.cos(Math.toRadians(lat2)) * Math.pow(Math.sin(dLon / 2), 2);
        return 2 * 6_371_008.7714 * Math.asin(Math.min(1, Math.sqrt(h)));
    }

    // UTF-8 byte order is code point order (String.compareTo is UTF-16 order, which differs above U+FFFF)
    private static int codePoints(String a, String b) {
        return java.util.Arrays.compare(a.codePoints().toArray(), b.codePoints().toArray());
    }

    private static double number(@Nullable Object o) {
        return o instanceof Number n ? n.doubleValue() : Double.parseDouble(String.valueOf(o));
    }
}
