package io.headroom.search.lucene;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;
import org.apache.lucene.index.DocValues;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.SortedDocValues;
import org.apache.lucene.search.Collector;
import org.apache.lucene.search.CollectorManager;
import org.apache.lucene.search.FieldDoc;
import org.apache.lucene.search.LeafCollector;
import org.apache.lucene.search.Scorable;
import org.apache.lucene.search.ScoreMode;
import org.apache.lucene.search.Sort;
import org.apache.lucene.search.SortField;
import org.apache.lucene.util.BytesRef;
import org.jspecify.annotations.Nullable;

/**
 * The top hits of a relevance sort — score descending, ties by id ascending (docs/search-query-language.md,
 * "Ties") — that lets the scorers skip. Match-class scores tie massively (every "maria smith" in the name field
 * scores the same), so Lucene's {@code TopFieldCollector} over {@code (score, id)} could only tell its scorers
 * "below the bottom score is not competitive" and had to score and id-compare every tied match. Here segments
 * are sorted by id at index time ({@link #INDEX_SORT}), so within a segment a later document of equal score always
 * has the larger id: once the bottom of the queue is a document of this segment (or a document of this segment
 * lost a tie to it), the minimum competitive score becomes the next float above the bottom score, and block-max
 * WAND / constant-score scorers drop every remaining tie and lower class at once. Ids are read from doc values only
 * for a document that enters the queue or ties its bottom. Same hits and order as the field sort it replaces,
 * {@code search_after} included. One collector per slice; not thread-safe, the manager is.
 */
final class RelevanceTopHits implements CollectorManager<RelevanceTopHits.Collecting, List<FieldDoc>> {

    /** The index sort of every segment written by this backend: by id, so ties arrive in id order. */
    static final Sort INDEX_SORT = new Sort(new SortField(LuceneDocuments.ID, SortField.Type.STRING));

    // the worst first: lowest score, then largest id
    private static final Comparator<Entry> WORST_FIRST = Comparator.<Entry>comparingDouble(e -> e.score)
            .thenComparing((a, b) -> b.id.compareTo(a.id));

    private final int size;
    private final float afterScore;
    private final @Nullable BytesRef afterId;

    /**
     * @param size the number of hits wanted
     * @param after the cursor's position (fields {@code [Float score, BytesRef id]}), or {@code null}
     */
    RelevanceTopHits(int size, @Nullable FieldDoc after) {
        this.size = size;
        this.afterScore = after == null ? Float.NaN : (Float) after.fields[0];
        this.afterId = after == null ? null : (BytesRef) after.fields[1];
    }

    @Override
    public Collecting newCollector() {
        return new Collecting();
    }

    /** The best hits of all slices, best first, as {@code FieldDoc}s with fields {@code [Float score, BytesRef id]}. */
    @Override
    public List<FieldDoc> reduce(Collection<Collecting> collectors) {
        List<Entry> all = new ArrayList<>();
        collectors.forEach(c -> all.addAll(c.queue));
        all.sort(WORST_FIRST.reversed());
        List<FieldDoc> out = new ArrayList<>(Math.min(size, all.size()));
        for (Entry e : all.subList(0, Math.min(size, all.size()))) {
            out.add(new FieldDoc(e.doc, e.score, new Object[] {e.score, e.id}));
        }
        return out;
    }

    private static final class Entry {
        final float score;
        final BytesRef id;
        final int doc;
        final int leaf;
        final long idOrd; // the id's ordinal in its segment

        Entry(float score, BytesRef id, int doc, int leaf, long idOrd) {
            this.score = score;
            this.id = id;
            this.doc = doc;
            this.leaf = leaf;
            this.idOrd = idOrd;
        }
    }

    /** The hits of one slice. */
    final class Collecting implements Collector {
        private final PriorityQueue<Entry> queue = new PriorityQueue<>(size + 1, WORST_FIRST);

        @Override
        public ScoreMode scoreMode() {
            return ScoreMode.TOP_SCORES;
        }

        @Override
        public LeafCollector getLeafCollector(LeafReaderContext context) throws IOException {
            return new Leaf(context);
        }

        private final class Leaf implements LeafCollector {
            private final SortedDocValues ids;
            private final boolean sortedById;
            private final int docBase;
            private final int ord;
            // documents of this segment with an ordinal below this one have ids <= the cursor's
            private final long firstOrdAfter;
            private @Nullable Scorable scorer;
            private float minCompetitive;
            private float lostTieAt = Float.NaN;
            private int current = -1;

            Leaf(LeafReaderContext context) throws IOException {
                this.ids = DocValues.getSorted(context.reader(), LuceneDocuments.ID);
                this.sortedById = INDEX_SORT.equals(context.reader().getMetaData().getSort());
                this.docBase = context.docBase;
                this.ord = context.ord;
                if (afterId == null) {
                    this.firstOrdAfter = 0;
                } else {
                    long o = ids.lookupTerm(afterId);
                    this.firstOrdAfter = o >= 0 ? o + 1 : -o - 1;
                }
            }

            @Override
            public void setScorer(Scorable s) throws IOException {
                this.scorer = s;
                raise();
            }

            @Override
            public void collect(int doc) throws IOException {
                float s = scorer.score();
                if (afterId != null && (s > afterScore || (s == afterScore && ord(doc) < firstOrdAfter))) {
                    return; // on an earlier page
                }
                if (queue.size() >= size) {
                    Entry worst = queue.peek();
                    if (s < worst.score) {
                        return;
                    }
                    if (s == worst.score && !beats(doc, worst)) {
                        // every later tie of this segment has a larger id still
                        lostTieAt = s;
                        raise();
                        return;
                    }
                    queue.poll();
                }
                long idOrd = ord(doc);
                queue.add(new Entry(s, BytesRef.deepCopyOf(ids.lookupOrd((int) idOrd)), docBase + doc, ord, idOrd));
                raise();
            }

            private long ord(int doc) throws IOException {
                if (current != doc) {
                    if (!ids.advanceExact(doc)) {
                        throw new IllegalStateException("document without an id");
                    }
                    current = doc;
                }
                return ids.ordValue();
            }

            // whether the document's id is below the entry's (ordinals compare like ids within a segment)
            private boolean beats(int doc, Entry e) throws IOException {
                long o = ord(doc);
                return e.leaf == ord ? o < e.idOrd : ids.lookupOrd((int) o).compareTo(e.id) < 0;
            }

            private void raise() throws IOException {
                if (queue.size() < size || scorer == null) {
                    return;
                }
                Entry worst = queue.peek();
                float min = worst.score;
                if (sortedById && (worst.leaf == ord || worst.score == lostTieAt)) {
                    min = Math.nextUp(min); // ties still to come in this segment have larger ids: they lose
                }
                if (min > minCompetitive) {
                    scorer.setMinCompetitiveScore(min);
                    minCompetitive = min;
                }
            }
        }
    }
}
