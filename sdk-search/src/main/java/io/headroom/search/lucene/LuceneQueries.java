package io.headroom.search.lucene;

import io.headroom.search.GeoPoint;
import io.headroom.search.InvalidSearchCursorException;
import io.headroom.search.Ranking;
import io.headroom.search.SchemaField;
import io.headroom.search.SearchFilter;
import io.headroom.search.SearchQuery;
import io.headroom.search.SearchSchema;
import io.headroom.search.SearchSort;
import io.headroom.search.FieldType;
import io.headroom.search.internal.ResolvedQuery;
import java.util.ArrayList;
import java.util.List;
import org.apache.lucene.document.LatLonDocValuesField;
import org.apache.lucene.document.LatLonPoint;
import org.apache.lucene.document.LongField;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.BooleanClause.Occur;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.BoostQuery;
import org.apache.lucene.search.FieldDoc;
import org.apache.lucene.search.MatchAllDocsQuery;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.Sort;
import org.apache.lucene.search.SortField;
import org.apache.lucene.search.SortedNumericSelector;
import org.apache.lucene.search.SortedSetSelector;
import org.apache.lucene.search.SortedSetSortField;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.util.BytesRef;
import org.jspecify.annotations.Nullable;

/**
 * Translates a resolved query into a Lucene query, sort and {@code search_after} position
 * (docs/search-query-language.md): the text query (required, scored), filters ({@code FILTER} clauses, unscored)
 * and ranking features ({@code SHOULD} clauses that add to the score and never decide a match).
 */
final class LuceneQueries {

    private LuceneQueries() {
    }

    static Query toLucene(SearchSchema schema, ResolvedQuery r, List<String> words) {
        SearchQuery query = r.query();
        Ranking ranking = query.ranking();
        BooleanQuery.Builder b = new BooleanQuery.Builder();
        Query text = LuceneText.query(schema, query, words);
        if (text != null) {
            b.add(ranking.textWeight() == 1f ? text : new BoostQuery(text, ranking.textWeight()), Occur.MUST);
        } else {
            // no text: every document matches; a FILTER clause also makes the SHOULD features optional
            b.add(new MatchAllDocsQuery(), Occur.FILTER);
        }
        for (SearchFilter f : query.filters()) {
            b.add(LuceneFilters.toLucene(f), Occur.FILTER);
        }
        List<Query> features = new ArrayList<>();
        for (Ranking.SharedInterests s : ranking.sharedInterests()) {
            for (String v : s.values()) {
                features.add(LuceneText.constant(new TermQuery(new Term(LuceneDocuments.keyword(s.field()), v)),
                        s.weight()));
            }
        }
        Ranking.DistanceDecay d = ranking.distance();
        if (d != null) {
            features.add(LatLonPoint.newDistanceFeatureQuery(LuceneDocuments.geo(d.field()), d.weight(),
                    d.origin().lat(), d.origin().lon(), d.pivotMeters()));
        }
        Ranking.RecencyDecay rec = ranking.recency();
        if (rec != null) {
            features.add(LongField.newDistanceFeatureQuery(LuceneDocuments.number(rec.field()), rec.weight(),
                    r.recencyOriginMillis(), rec.pivot().toMillis()));
        }
        if (features.size() == 1) {
            b.add(features.get(0), Occur.SHOULD);
        } else if (features.size() > 1) {
            // The features add to the score and never decide a match. As SHOULD clauses next to required ones
            // Lucene 9 scores them with a DisjunctionSumScorer, which ignores the minimum competitive score, so
            // every filtered document was scored. As one MUST clause that every document matches (a zero-score
            // MatchAll among the SHOULDs) they are the query's only scoring clause and get block-max WAND, which
            // skips documents whose matching features cannot reach the page. Same matches; the same double sum
            // of the same feature scores rounded to float once, as before.
            BooleanQuery.Builder any = new BooleanQuery.Builder();
            features.forEach(q -> any.add(q, Occur.SHOULD));
            any.add(new BoostQuery(new MatchAllDocsQuery(), 0f), Occur.SHOULD);
            b.add(any.build(), Occur.MUST);
        }
        return b.build();
    }

    /** The sort with the id tie-break; missing values last in both directions. */
    static Sort sort(SearchSchema schema, SearchQuery query) {
        SortField id = new SortField(LuceneDocuments.ID, SortField.Type.STRING);
        SearchSort s = query.sort();
        if (s instanceof SearchSort.ByDistance d) {
            return new Sort(LatLonDocValuesField.newDistanceSort(LuceneDocuments.geo(d.field()), d.from().lat(),
                    d.from().lon()), id);
        }
        if (s instanceof SearchSort.ByField f) {
            SchemaField field = schema.fields().get(f.field());
            if (field.type() == FieldType.KEYWORD) {
                SortedSetSortField sf = new SortedSetSortField(LuceneDocuments.keyword(f.field()), f.descending(),
                        f.descending() ? SortedSetSelector.Type.MAX : SortedSetSelector.Type.MIN);
                // STRING_LAST sorts a missing value above all; reversed, it would come first
                sf.setMissingValue(f.descending() ? SortField.STRING_FIRST : SortField.STRING_LAST);
                return new Sort(sf, id);
            }
            SortField sf = LongField.newSortField(LuceneDocuments.number(f.field()), f.descending(),
                    SortedNumericSelector.Type.MIN);
            sf.setMissingValue(f.descending() ? Long.MIN_VALUE : Long.MAX_VALUE);
            return new Sort(sf, id);
        }
        return new Sort(SortField.FIELD_SCORE, id);
    }

    /** The cursor's sort values of a hit: score (double), distance (double), long or string or null, then id. */
    static List<@Nullable Object> sortValues(FieldDoc last) {
        Object first = last.fields[0];
        Object value;
        if (first instanceof Float f) {
            value = (double) f;
        } else if (first instanceof BytesRef bytes) {
            value = bytes.utf8ToString();
        } else {
            value = first; // Double distance, Long number, or null for a missing keyword
        }
        return java.util.Arrays.asList(value, ((BytesRef) last.fields[1]).utf8ToString());
    }

    /**
     * The {@code search_after} position of a cursor's sort values, checked before any I/O; its {@code doc} is set
     * by {@link #position} once the reader is known.
     */
    static FieldDoc after(String indexName, SearchSchema schema, SearchQuery query, List<@Nullable Object> values) {
        if (values.size() != 2 || !(values.get(1) instanceof String id)) {
            throw malformed(indexName);
        }
        Object v = values.get(0);
        SearchSort s = query.sort();
        Object sortValue;
        float score = Float.NaN;
        if (s instanceof SearchSort.ByDistance) {
            sortValue = requireType(v, Double.class, indexName);
        } else if (s instanceof SearchSort.ByField f) {
            if (schema.fields().get(f.field()).type() == FieldType.KEYWORD) {
                sortValue = v == null ? null : new BytesRef(requireType(v, String.class, indexName));
            } else {
                sortValue = requireType(v, Long.class, indexName);
            }
        } else {
            score = (float) (double) requireType(v, Double.class, indexName);
            sortValue = score;
        }
        return new FieldDoc(0, score, new Object[] {sortValue, new BytesRef(id)});
    }

    private static <V> V requireType(@Nullable Object v, Class<V> type, String indexName) {
        if (!type.isInstance(v)) {
            throw malformed(indexName);
        }
        return type.cast(v);
    }

    private static InvalidSearchCursorException malformed(String indexName) {
        return new InvalidSearchCursorException("search index '" + indexName
                + "': cursor is malformed (not issued by a Lucene index)", null);
    }

    /** A copy of a position for a reader with {@code maxDoc} documents. */
    static FieldDoc position(FieldDoc after, int maxDoc) {
        // ties on (value, id) can only be the cursor's own document: a doc id at the reader's end makes every tied
        // document count as already returned (Lucene requires after.doc < maxDoc)
        return new FieldDoc(Math.max(0, maxDoc - 1), after.score, after.fields);
    }

    /** The geo origin of hit distances (see {@link io.headroom.search.SearchHit}), or {@code null}. */
    static @Nullable GeoOrigin geoOrigin(SearchQuery query) {
        if (query.sort() instanceof SearchSort.ByDistance d) {
            return new GeoOrigin(d.field(), d.from());
        }
        Ranking.DistanceDecay decay = query.ranking().distance();
        if (decay != null) {
            return new GeoOrigin(decay.field(), decay.origin());
        }
        for (SearchFilter f : query.filters()) {
            if (f instanceof SearchFilter.GeoDistance g) {
                return new GeoOrigin(g.field(), g.center());
            }
        }
        return null;
    }

    /** A field and the point distances are measured from. */
    record GeoOrigin(String field, GeoPoint point) {
    }
}
