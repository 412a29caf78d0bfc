package io.headroom.search.lucene;

import io.headroom.search.SearchFilter;
import org.apache.lucene.document.LatLonPoint;
import org.apache.lucene.document.LongField;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.BooleanClause.Occur;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.MatchAllDocsQuery;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.TermInSetQuery;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.util.BytesRef;

/** Filters as non-scoring Lucene queries (docs/search-query-language.md, "Filters"). */
final class LuceneFilters {

    private LuceneFilters() {
    }

    static Query toLucene(SearchFilter filter) {
        if (filter instanceof SearchFilter.Keywords k) {
            String field = LuceneDocuments.keyword(k.field());
            switch (k.mode()) {
                case ANY_OF:
                    return anyOf(field, k);
                case ALL_OF: {
                    BooleanQuery.Builder b = new BooleanQuery.Builder();
                    k.values().forEach(v -> b.add(new TermQuery(new Term(field, v)), Occur.FILTER));
                    return b.build();
                }
                default:
                    return not(anyOf(field, k));
            }
        }
        if (filter instanceof SearchFilter.NumberRange r) {
            return LongField.newRangeQuery(LuceneDocuments.number(r.field()),
                    r.min() == null ? Long.MIN_VALUE : r.min(), r.max() == null ? Long.MAX_VALUE : r.max());
        }
        if (filter instanceof SearchFilter.DateRange r) {
            return LongField.newRangeQuery(LuceneDocuments.number(r.field()),
                    r.from() == null ? Long.MIN_VALUE : r.from().toEpochMilli(),
                    r.to() == null ? Long.MAX_VALUE : r.to().toEpochMilli());
        }
        if (filter instanceof SearchFilter.GeoDistance g) {
            return LatLonPoint.newDistanceQuery(LuceneDocuments.geo(g.field()), g.center().lat(), g.center().lon(),
                    g.radiusMeters());
        }
        if (filter instanceof SearchFilter.All a) {
            BooleanQuery.Builder b = new BooleanQuery.Builder();
            a.filters().forEach(f -> b.add(toLucene(f), Occur.FILTER));
            return b.build();
        }
        if (filter instanceof SearchFilter.Any a) {
            BooleanQuery.Builder b = new BooleanQuery.Builder();
            a.filters().forEach(f -> b.add(toLucene(f), Occur.SHOULD));
            return b.setMinimumNumberShouldMatch(1).build();
        }
        SearchFilter.Not n = (SearchFilter.Not) filter;
        return not(toLucene(n.filter()));
    }

    private static Query anyOf(String field, SearchFilter.Keywords k) {
        if (k.values().size() == 1) {
            return new TermQuery(new Term(field, k.values().iterator().next()));
        }
        return new TermInSetQuery(field, k.values().stream().map(BytesRef::new).toList());
    }

    private static Query not(Query q) {
        return new BooleanQuery.Builder().add(new MatchAllDocsQuery(), Occur.FILTER).add(q, Occur.MUST_NOT).build();
    }

}
