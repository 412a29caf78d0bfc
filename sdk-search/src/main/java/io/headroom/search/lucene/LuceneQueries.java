package io.headroom.search.lucene;

import io.headroom.search.GeoPoint;
import io.headroom.search.InvalidSearchCursorException;
import io.headroom.search.SearchQuery;
import io.headroom.search.SearchSort;
import io.headroom.search.internal.ResolvedQuery;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.tokenattributes.CharTermAttribute;
import org.apache.lucene.document.LatLonDocValuesField;
import org.apache.lucene.document.LatLonPoint;
import org.apache.lucene.document.LongField;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.BooleanClause.Occur;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.BoostQuery;
import org.apache.lucene.search.ConstantScoreQuery;
import org.apache.lucene.search.FieldDoc;
import org.apache.lucene.search.FuzzyQuery;
import org.apache.lucene.search.MatchAllDocsQuery;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.Sort;
import org.apache.lucene.search.SortField;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.util.BytesRef;
import org.jspecify.annotations.Nullable;

/** Translates a resolved {@link SearchQuery} into a Lucene query, sort and {@code search_after} position. */
final class LuceneQueries {

    private LuceneQueries() {
    }

    /** Every text term required (exact or fuzzy), keyword and geo filters, interest and recency boosts. */
    static Query toLucene(ResolvedQuery r, Analyzer analyzer) {
        SearchQuery query = r.query();
        BooleanQuery.Builder b = new BooleanQuery.Builder();
        String text = query.text();
        List<String> terms = text == null ? List.of() : analyze(analyzer, text);
        if (terms.isEmpty()) {
            // no text (or only stop words / punctuation): every document matches with the same base score
            b.add(new ConstantScoreQuery(new MatchAllDocsQuery()), Occur.MUST);
        } else {
            for (String t : terms) {
                Term term = new Term(LuceneDocuments.TEXT, t);
                Query tq = r.fuzziness() == 0 ? new TermQuery(term)
                        : new FuzzyQuery(term, r.fuzziness(), r.prefixLength());
                b.add(tq, Occur.MUST);
            }
        }
        for (Map.Entry<String, String> f : query.filters().entrySet()) {
            b.add(new TermQuery(new Term(LuceneDocuments.KW + f.getKey(), f.getValue())), Occur.FILTER);
        }
        GeoPoint c = query.center();
        if (c != null) {
            b.add(LatLonPoint.newDistanceQuery(LuceneDocuments.LOC, c.lat(), c.lon(), query.radiusMeters()),
                    Occur.FILTER);
        }
        for (Map.Entry<String, Float> i : query.interests().entrySet()) {
            // constant score so that overlap, not term rarity, decides the boost
            b.add(new BoostQuery(new ConstantScoreQuery(new TermQuery(new Term(LuceneDocuments.INTEREST,
                    i.getKey()))), i.getValue()), Occur.SHOULD);
        }
        java.time.Duration pivot = query.recencyPivot();
        if (pivot != null) {
            b.add(new BoostQuery(LongField.newDistanceFeatureQuery(LuceneDocuments.TS, 1f, r.recencyOriginMillis(),
                    Math.max(1, pivot.toMillis())), query.recencyWeight()), Occur.SHOULD);
        }
        return b.build();
    }

    /** Relevance (score, then id) or distance (nearest, then id): the id tie-break keeps paging stable. */
    static Sort sort(SearchQuery query) {
        GeoPoint c = query.center();
        if (query.sort() == SearchSort.DISTANCE && c != null) {
            return new Sort(LatLonDocValuesField.newDistanceSort(LuceneDocuments.LOC, c.lat(), c.lon()),
                    new SortField(LuceneDocuments.ID, SortField.Type.STRING));
        }
        return new Sort(SortField.FIELD_SCORE, new SortField(LuceneDocuments.ID, SortField.Type.STRING));
    }

    /** The cursor's sort values of a hit: its score or distance as a double, then its id. */
    static List<@Nullable Object> sortValues(FieldDoc last) {
        Object first = last.fields[0];
        double value = first instanceof Float f ? f : (Double) first;
        return List.of(value, ((BytesRef) last.fields[1]).utf8ToString());
    }

    /**
     * The {@code search_after} position of a cursor's sort values, checked before any I/O; its {@code doc} is set
     * by {@link #position} once the reader is known.
     *
     * @param indexName for the message
     * @param r the resolved query, with a cursor
     * @param values the cursor's sort values
     */
    static FieldDoc after(String indexName, ResolvedQuery r, List<@Nullable Object> values) {
        if (values.size() != 2 || !(values.get(0) instanceof Double value) || !(values.get(1) instanceof String id)) {
            throw new InvalidSearchCursorException("search index '" + indexName
                    + "': cursor is malformed (not issued by a Lucene index)");
        }
        Object sortValue = r.query().sort() == SearchSort.DISTANCE ? (Object) value : (Object) (float) (double) value;
        float score = sortValue instanceof Float f ? f : Float.NaN;
        return new FieldDoc(0, score, new Object[] {sortValue, new BytesRef(id)});
    }

    /** A copy of a position for a reader with {@code maxDoc} documents. */
    static FieldDoc position(FieldDoc after, int maxDoc) {
        // ties on (value, id) can only be the cursor's own document: a doc id at the reader's end makes every tied
        // document count as already returned (Lucene requires after.doc < maxDoc)
        return new FieldDoc(Math.max(0, maxDoc - 1), after.score, after.fields);
    }

    private static List<String> analyze(Analyzer analyzer, String text) {
        List<String> out = new ArrayList<>();
        try (TokenStream ts = analyzer.tokenStream(LuceneDocuments.TEXT, text)) {
            CharTermAttribute att = ts.addAttribute(CharTermAttribute.class);
            ts.reset();
            while (ts.incrementToken()) {
                out.add(att.toString());
            }
            ts.end();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }
}
