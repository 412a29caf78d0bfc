package io.headroom.opensearch.internal;

import io.headroom.search.GeoPoint;
import io.headroom.search.Ranking;
import io.headroom.search.SchemaField;
import io.headroom.search.SearchFilter;
import io.headroom.search.SearchQuery;
import io.headroom.search.SearchSchema;
import io.headroom.search.TypoTolerance;
import java.util.ArrayList;
import java.util.List;
import org.opensearch.client.json.JsonData;
import org.opensearch.client.opensearch._types.FieldValue;
import org.opensearch.client.opensearch._types.GeoDistanceType;
import org.opensearch.client.opensearch._types.query_dsl.BoolQuery;
import org.opensearch.client.opensearch._types.query_dsl.Query;

/**
 * Translates the query language into OpenSearch's DSL term by term as docs/search-query-language.md states it, the
 * same structure the Lucene backend builds, so both compute the same scores: no BM25 anywhere, only
 * {@code constant_score} leaves (their boosts the class weight times the field boost), {@code dis_max} with tie
 * breaker 0 per word and for the phrase, the text as one {@code bool} boosted by the text weight, filters in filter
 * context, and the features as {@code should} clauses ({@code constant_score} per shared value, {@code
 * distance_feature} for distance and recency).
 */
public final class QueryTranslator {

    /** Class weights (docs/search-query-language.md, Matching text). */
    static final float EXACT = 1f;
    static final float PREFIX = 0.75f;
    static final float TYPO1 = 0.5f;
    static final float TYPO2 = 0.25f;

    private QueryTranslator() {
    }

    /**
     * The query of a search.
     *
     * @param schema the index's schema
     * @param query the query
     * @param words the analysed words of its text (empty: no text constraint)
     * @param recencyOriginMillis the recency origin in force
     * @return the query
     */
    public static Query query(SearchSchema schema, SearchQuery query, List<String> words, long recencyOriginMillis) {
        BoolQuery.Builder b = new BoolQuery.Builder();
        Ranking ranking = query.ranking();
        Query text = text(schema, query, words, ranking.textWeight());
        if (text != null) {
            b.must(text);
        } else {
            b.filter(f -> f.matchAll(m -> m));
        }
        for (SearchFilter f : query.filters()) {
            b.filter(filter(f));
        }
        for (Ranking.SharedInterests s : ranking.sharedInterests()) {
            for (String v : new java.util.TreeSet<>(s.values())) {
                b.should(constant(term(s.field(), v), s.weight()));
            }
        }
        Ranking.DistanceDecay d = ranking.distance();
        if (d != null) {
            b.should(q -> q.distanceFeature(x -> x.field(IndexMapping.path(d.field()))
                    .origin(JsonData.of(d.origin().lat() + "," + d.origin().lon()))
                    .pivot(JsonData.of(d.pivotMeters() + "m")).boost(d.weight())));
        }
        Ranking.RecencyDecay r = ranking.recency();
        if (r != null) {
            long pivot = Math.max(1, r.pivot().toMillis());
            b.should(q -> q.distanceFeature(x -> x.field(IndexMapping.path(r.field()))
                    .origin(JsonData.of(Long.toString(recencyOriginMillis)))
                    .pivot(JsonData.of(pivot + "ms")).boost(r.weight())));
        }
        return Query.of(q -> q.bool(b.build()));
    }

    private static @org.jspecify.annotations.Nullable Query text(SearchSchema schema, SearchQuery query,
                                                               List<String> words, float textWeight) {
        if (words.isEmpty()) {
            return null;
        }
        List<SchemaField> fields = schema.textFields();
        TypoTolerance typos = query.typoTolerance();
        BoolQuery.Builder b = new BoolQuery.Builder();
        for (int i = 0; i < words.size(); i++) {
            String w = words.get(i);
            boolean prefix = query.asYouType() && i == words.size() - 1;
            int max = typos.typosFor(w);
            int p = typos.exactPrefixLength();
            List<Query> classes = new ArrayList<>();
            for (SchemaField f : fields) {
                String path = IndexMapping.path(f.name());
                classes.add(constant(Query.of(q -> q.term(t -> t.field(path).value(FieldValue.of(w)))),
                        f.boost() * EXACT));
                if (prefix) {
                    classes.add(constant(Query.of(q -> q.prefix(x -> x.field(path).value(w)
                            .rewrite("constant_score"))), f.boost() * PREFIX));
                }
                if (max >= 1) {
                    classes.add(constant(fuzzy(path, w, 1, p), f.boost() * TYPO1));
                }
                if (max >= 2) {
                    classes.add(constant(fuzzy(path, w, 2, p), f.boost() * TYPO2));
                }
            }
            b.must(q -> q.disMax(x -> x.queries(classes).tieBreaker(0.0)));
        }
        if (words.size() >= 2 && query.phraseBoost() > 0) {
            String phrase = String.join(" ", words);
            List<Query> phrases = new ArrayList<>();
            for (SchemaField f : fields) {
                String path = IndexMapping.path(f.name());
                phrases.add(constant(Query.of(q -> q.matchPhrase(x -> x.field(path).query(phrase).slop(0)
                        .analyzer(IndexMapping.ANALYZER))), query.phraseBoost() * f.boost()));
            }
            b.should(q -> q.disMax(x -> x.queries(phrases).tieBreaker(0.0)));
        }
        if (textWeight != 1f) {
            b.boost(textWeight);
        }
        return Query.of(q -> q.bool(b.build()));
    }

    // every indexed word within the distance: a constant-score rewrite has no expansion limit
    private static Query fuzzy(String path, String word, int edits, int prefix) {
        return Query.of(q -> q.fuzzy(x -> x.field(path).value(FieldValue.of(word)).fuzziness(Integer.toString(edits))
                .prefixLength(prefix).transpositions(true).maxExpansions(10_000).rewrite("constant_score")));
    }

    private static Query constant(Query q, float boost) {
        return Query.of(x -> x.constantScore(c -> c.filter(q).boost(boost)));
    }

    private static Query term(String field, String value) {
        return Query.of(q -> q.term(t -> t.field(IndexMapping.path(field)).value(FieldValue.of(value))));
    }

    /**
     * A filter, in filter context.
     *
     * @param f the filter
     * @return the query
     */
    static Query filter(SearchFilter f) {
        if (f instanceof SearchFilter.Keywords k) {
            String path = IndexMapping.path(k.field());
            List<FieldValue> values = k.values().stream().sorted().map(FieldValue::of).toList();
            Query any = Query.of(q -> q.terms(t -> t.field(path).terms(v -> v.value(values))));
            return switch (k.mode()) {
                case ANY_OF -> any;
                case ALL_OF -> Query.of(q -> q.bool(b -> {
                    values.forEach(v -> b.filter(x -> x.term(t -> t.field(path).value(v))));
                    return b;
                }));
                case NONE_OF -> Query.of(q -> q.bool(b -> b.mustNot(any)));
            };
        }
        if (f instanceof SearchFilter.NumberRange n) {
            return Query.of(q -> q.range(r -> {
                r.field(IndexMapping.path(n.field()));
                if (n.min() != null) {
                    r.gte(JsonData.of(n.min()));
                }
                if (n.max() != null) {
                    r.lte(JsonData.of(n.max()));
                }
                return r;
            }));
        }
        if (f instanceof SearchFilter.DateRange d) {
            return Query.of(q -> q.range(r -> {
                r.field(IndexMapping.path(d.field())).format("epoch_millis");
                if (d.from() != null) {
                    r.gte(JsonData.of(Long.toString(d.from().toEpochMilli())));
                }
                if (d.to() != null) {
                    r.lte(JsonData.of(Long.toString(d.to().toEpochMilli())));
                }
                return r;
            }));
        }
        if (f instanceof SearchFilter.GeoDistance g) {
            GeoPoint c = g.center();
            return Query.of(q -> q.geoDistance(x -> x.field(IndexMapping.path(g.field()))
                    .distance(g.radiusMeters() + "m").distanceType(GeoDistanceType.Arc)
                    .location(l -> l.latlon(ll -> ll.lat(c.lat()).lon(c.lon())))));
        }
        if (f instanceof SearchFilter.All a) {
            return Query.of(q -> q.bool(b -> {
                a.filters().forEach(x -> b.filter(filter(x)));
                return b;
            }));
        }
        if (f instanceof SearchFilter.Any a) {
            return Query.of(q -> q.bool(b -> {
                a.filters().forEach(x -> b.should(filter(x)));
                return b.minimumShouldMatch("1");
            }));
        }
        if (f instanceof SearchFilter.Not n) {
            return Query.of(q -> q.bool(b -> b.mustNot(filter(n.filter()))));
        }
        throw new IllegalArgumentException("unknown filter " + f);
    }
}
