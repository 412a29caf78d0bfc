package io.headroom.search.lucene;

import io.headroom.search.FacetCount;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.lucene.index.DocValues;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.SortedSetDocValues;
import org.apache.lucene.search.Collector;
import org.apache.lucene.search.CollectorManager;
import org.apache.lucene.search.LeafCollector;
import org.apache.lucene.search.Scorable;
import org.apache.lucene.search.ScoreMode;
import org.apache.lucene.util.BytesRef;

/**
 * Counts keyword values over every hit of a query (docs/search-query-language.md, "Facets"): per segment, ordinal
 * counts from the field's sorted-set doc values, turned into values at the segment's end. Hand-written rather than
 * lucene-facet: that module needs its own indexing fields ({@code FacetsConfig}) and a reader state rebuilt at every
 * refresh, for what is here a loop over doc values.
 */
final class FacetCounts implements CollectorManager<FacetCounts.Counting, Map<String, List<FacetCount>>> {

    private final List<String> fields;
    private final int size;

    FacetCounts(List<String> fields, int size) {
        this.fields = List.copyOf(fields);
        this.size = size;
    }

    @Override
    public Counting newCollector() {
        return new Counting();
    }

    @Override
    public Map<String, List<FacetCount>> reduce(Collection<Counting> collectors) {
        Map<String, List<FacetCount>> out = new LinkedHashMap<>();
        for (int f = 0; f < fields.size(); f++) {
            Map<String, Long> total = new HashMap<>();
            for (Counting c : collectors) {
                c.totals.get(f).forEach((k, v) -> total.merge(k, v, Long::sum));
            }
            List<FacetCount> counts = new ArrayList<>(total.size());
            total.forEach((k, v) -> counts.add(new FacetCount(k, v)));
            // count descending, then value ascending in UTF-8 byte order (= code point order)
            counts.sort((a, b) -> a.count() != b.count() ? Long.compare(b.count(), a.count())
                    : new BytesRef(a.value()).compareTo(new BytesRef(b.value())));
            out.put(fields.get(f), List.copyOf(counts.subList(0, Math.min(size, counts.size()))));
        }
        return out;
    }

    /** One collector: counts per field, across segments. */
    final class Counting implements Collector {
        private final List<Map<String, Long>> totals = new ArrayList<>();

        Counting() {
            fields.forEach(f -> totals.add(new HashMap<>()));
        }

        @Override
        public ScoreMode scoreMode() {
            return ScoreMode.COMPLETE_NO_SCORES;
        }

        @Override
        public LeafCollector getLeafCollector(LeafReaderContext context) throws IOException {
            int n = fields.size();
            SortedSetDocValues[] values = new SortedSetDocValues[n];
            long[][] counts = new long[n][];
            for (int f = 0; f < n; f++) {
                values[f] = DocValues.getSortedSet(context.reader(), LuceneDocuments.keyword(fields.get(f)));
                counts[f] = new long[(int) values[f].getValueCount()];
            }
            return new LeafCollector() {
                @Override
                public void setScorer(Scorable scorer) {
                    // counts need no scores
                }

                @Override
                public void collect(int doc) throws IOException {
                    for (int f = 0; f < n; f++) {
                        if (values[f].advanceExact(doc)) {
                            for (int i = 0; i < values[f].docValueCount(); i++) {
                                counts[f][(int) values[f].nextOrd()]++;
                            }
                        }
                    }
                }

                @Override
                public void finish() throws IOException {
                    for (int f = 0; f < n; f++) {
                        for (int ord = 0; ord < counts[f].length; ord++) {
                            if (counts[f][ord] > 0) {
                                totals.get(f).merge(values[f].lookupOrd(ord).utf8ToString(), counts[f][ord],
                                        Long::sum);
                            }
                        }
                    }
                }
            };
        }
    }
}
