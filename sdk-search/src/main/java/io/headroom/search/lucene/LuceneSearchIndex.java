package io.headroom.search.lucene;

import io.headroom.search.DocumentMapper;
import io.headroom.search.GeoPoint;
import io.headroom.search.InvalidSearchCursorException;
import io.headroom.search.SearchDocument;
import io.headroom.search.SearchException;
import io.headroom.search.SearchHit;
import io.headroom.search.SearchIndex;
import io.headroom.search.SearchPage;
import io.headroom.search.SearchQuery;
import io.headroom.search.SearchSort;
import io.headroom.internal.Arguments;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.standard.StandardAnalyzer;
import org.apache.lucene.analysis.tokenattributes.CharTermAttribute;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.LatLonDocValuesField;
import org.apache.lucene.document.LatLonPoint;
import org.apache.lucene.document.LongField;
import org.apache.lucene.document.LongPoint;
import org.apache.lucene.document.NumericDocValuesField;
import org.apache.lucene.document.SortedDocValuesField;
import org.apache.lucene.document.StoredField;
import org.apache.lucene.document.StringField;
import org.apache.lucene.document.TextField;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.BooleanClause.Occur;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.BoostQuery;
import org.apache.lucene.search.ConstantScoreQuery;
import org.apache.lucene.search.FieldDoc;
import org.apache.lucene.search.FuzzyQuery;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.MatchAllDocsQuery;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.SearcherManager;
import org.apache.lucene.search.Sort;
import org.apache.lucene.search.SortField;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.search.TopFieldDocs;
import org.apache.lucene.store.ByteBuffersDirectory;
import org.apache.lucene.store.Directory;
import org.apache.lucene.store.FSDirectory;
import org.apache.lucene.util.BytesRef;
import org.apache.lucene.util.SloppyMath;
import org.jspecify.annotations.Nullable;

/**
 * Embedded {@link SearchIndex} on Apache Lucene 9: an {@link IndexWriter} with a near-real-time
 * {@link SearcherManager}. Text is analysed with Lucene's {@link StandardAnalyzer}; fuzzy terms use
 * {@link FuzzyQuery}; the geo filter is {@link LatLonPoint#newDistanceQuery} and distance order
 * {@link LatLonDocValuesField#newDistanceSort}; interest overlap adds one boosted {@link TermQuery} per query tag;
 * recency adds {@link LongField#newDistanceFeatureQuery}.
 *
 * <p>Writes are visible after {@link #refresh()}. Cursors are opaque, HMAC-signed with a per-index random key and
 * bound to the query that issued them (they do not survive a restart). Thread-safe.
 *
 * @param <T> the indexed type
 */
public final class LuceneSearchIndex<T> implements SearchIndex<T> {

    // field names; user field names are prefixed so they cannot collide with ours
    private static final String ID = "_id";
    private static final String TEXT = "_text";
    private static final String LOC = "_loc";
    private static final String LAT = "_lat";
    private static final String LON = "_lon";
    private static final String TS = "_ts";
    private static final String INTEREST = "_interest";
    private static final String KW = "kw.";

    private final String name;
    private final DocumentMapper<T> mapper;
    private final Directory directory;
    private final Analyzer analyzer = new StandardAnalyzer();
    private final IndexWriter writer;
    private final SearcherManager searchers;
    private final Executor executor;
    private final byte[] cursorKey = new byte[32];
    private final AtomicBoolean closed = new AtomicBoolean();

    private LuceneSearchIndex(String name, DocumentMapper<T> mapper, Directory directory, Executor executor) {
        this.name = name;
        this.mapper = mapper;
        this.directory = directory;
        this.executor = executor;
        new SecureRandom().nextBytes(cursorKey);
        try {
            this.writer = new IndexWriter(directory, new IndexWriterConfig(analyzer));
            this.searchers = new SearcherManager(writer, null);
        } catch (IOException e) {
            throw new SearchException("search index '" + name + "': cannot open", e);
        }
    }

    /**
     * Creates an in-memory index ({@link ByteBuffersDirectory}); async searches run on the common pool.
     *
     * @param name the index name, used in messages
     * @param mapper maps values to documents
     * @param <T> the indexed type
     * @return the index
     * @throws IllegalArgumentException when an argument is null or the name empty
     */
    public static <T> LuceneSearchIndex<T> inMemory(String name, DocumentMapper<T> mapper) {
        return new LuceneSearchIndex<>(Arguments.key(name, "name"), Arguments.notNull(mapper, "mapper"),
                new ByteBuffersDirectory(), ForkJoinPool.commonPool());
    }

    /**
     * Creates or opens an index in a directory on disk; {@link #close()} commits.
     *
     * @param name the index name, used in messages
     * @param path the directory
     * @param mapper maps values to documents
     * @param executor runs {@link #searchAsync}
     * @param <T> the indexed type
     * @return the index
     * @throws IllegalArgumentException when an argument is null or the name empty
     * @throws SearchException when the directory cannot be opened
     */
    public static <T> LuceneSearchIndex<T> open(String name, Path path, DocumentMapper<T> mapper,
                                                Executor executor) {
        Arguments.key(name, "name");
        Arguments.notNull(path, "path");
        Arguments.notNull(mapper, "mapper");
        Arguments.notNull(executor, "executor");
        try {
            return new LuceneSearchIndex<>(name, mapper, FSDirectory.open(path), executor);
        } catch (IOException e) {
            throw new SearchException("search index '" + name + "': cannot open " + path, e);
        }
    }

    @Override
    public void upsert(T value) {
        Arguments.notNull(value, "value");
        SearchDocument d = Arguments.notNull(mapper.toDocument(value), "mapper.toDocument(value)");
        Document doc = new Document();
        doc.add(new StringField(ID, d.id(), Field.Store.YES));
        doc.add(new SortedDocValuesField(ID, new BytesRef(d.id())));
        for (String text : d.text().values()) {
            doc.add(new TextField(TEXT, text, Field.Store.NO));
        }
        for (Map.Entry<String, java.util.Set<String>> e : d.keywords().entrySet()) {
            for (String v : e.getValue()) {
                doc.add(new StringField(KW + e.getKey(), v, Field.Store.NO));
            }
        }
        for (String tag : d.interests()) {
            doc.add(new StringField(INTEREST, tag, Field.Store.NO));
        }
        GeoPoint loc = d.location();
        if (loc != null) {
            doc.add(new LatLonPoint(LOC, loc.lat(), loc.lon()));
            doc.add(new LatLonDocValuesField(LOC, loc.lat(), loc.lon()));
            doc.add(new StoredField(LAT, loc.lat()));
            doc.add(new StoredField(LON, loc.lon()));
        }
        doc.add(new LongPoint(TS, d.timestampMillis()));
        doc.add(new NumericDocValuesField(TS, d.timestampMillis()));
        ensureOpen();
        try {
            writer.updateDocument(new Term(ID, d.id()), doc);
        } catch (IOException | RuntimeException e) {
            throw new SearchException("search index '" + name + "': cannot index '" + d.id() + "'", e);
        }
    }

    @Override
    public void delete(String id) {
        Arguments.key(id, "id");
        ensureOpen();
        try {
            writer.deleteDocuments(new Term(ID, id));
        } catch (IOException | RuntimeException e) {
            throw new SearchException("search index '" + name + "': cannot delete '" + id + "'", e);
        }
    }

    @Override
    public void refresh() {
        ensureOpen();
        try {
            searchers.maybeRefreshBlocking();
        } catch (IOException | RuntimeException e) {
            throw new SearchException("search index '" + name + "': refresh failed", e);
        }
    }

    @Override
    public SearchPage search(SearchQuery query) {
        Arguments.notNull(query, "query");
        ensureOpen();
        @Nullable FieldDoc after = query.cursor() == null ? null : decodeCursor(query);
        Query q = toLucene(query);
        Sort sort = query.sort() == SearchSort.DISTANCE
                ? new Sort(LatLonDocValuesField.newDistanceSort(LOC, query.center().lat(), query.center().lon()),
                        new SortField(ID, SortField.Type.STRING))
                : new Sort(SortField.FIELD_SCORE, new SortField(ID, SortField.Type.STRING));
        IndexSearcher searcher;
        try {
            searcher = searchers.acquire();
        } catch (IOException | RuntimeException e) {
            throw new SearchException("search index '" + name + "': cannot acquire a searcher", e);
        }
        try {
            if (after != null) {
                // ties on (value, id) can only be the cursor's own document: a doc id at the reader's end makes
                // every tied document count as already returned (Lucene requires after.doc < maxDoc)
                after.doc = searcher.getIndexReader().maxDoc() - 1;
            }
            TopFieldDocs top = searcher.searchAfter(after, q, query.pageSize() + 1, sort, true);
            ScoreDoc[] docs = top.scoreDocs;
            int n = Math.min(docs.length, query.pageSize());
            List<SearchHit> hits = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                Document stored = searcher.storedFields().document(docs[i].doc);
                String id = stored.get(ID);
                Double distance = null;
                GeoPoint c = query.center();
                if (c != null && stored.getField(LAT) != null) {
                    distance = SloppyMath.haversinMeters(c.lat(), c.lon(),
                            stored.getField(LAT).numericValue().doubleValue(),
                            stored.getField(LON).numericValue().doubleValue());
                }
                double score = Float.isNaN(docs[i].score) ? 0 : docs[i].score;
                hits.add(new SearchHit(id, score, distance));
            }
            String next = docs.length > query.pageSize() ? encodeCursor(query, (FieldDoc) docs[n - 1]) : null;
            return new SearchPage(hits, next);
        } catch (IOException | RuntimeException e) {
            throw new SearchException("search index '" + name + "': search failed", e);
        } finally {
            try {
                searchers.release(searcher);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    @Override
    public CompletionStage<SearchPage> searchAsync(SearchQuery query) {
        Arguments.notNull(query, "query");
        return CompletableFuture.supplyAsync(() -> search(query), executor);
    }

    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        try {
            searchers.close();
            if (!(directory instanceof ByteBuffersDirectory)) {
                writer.commit();
            }
            writer.close();
            directory.close();
        } catch (IOException e) {
            throw new SearchException("search index '" + name + "': close failed", e);
        }
    }

    private void ensureOpen() {
        if (closed.get()) {
            throw new SearchException("search index '" + name + "' is closed", null);
        }
    }

    private Query toLucene(SearchQuery query) {
        BooleanQuery.Builder b = new BooleanQuery.Builder();
        String text = query.text();
        List<String> terms = text == null ? List.of() : analyze(text);
        if (terms.isEmpty()) {
            // no text (or only stop words / punctuation): every document matches with the same base score
            b.add(new ConstantScoreQuery(new MatchAllDocsQuery()), Occur.MUST);
        } else {
            for (String t : terms) {
                Term term = new Term(TEXT, t);
                Query tq = query.fuzziness() == 0 ? new TermQuery(term)
                        : new FuzzyQuery(term, query.fuzziness(), query.prefixLength());
                b.add(tq, Occur.MUST);
            }
        }
        for (Map.Entry<String, String> f : query.filters().entrySet()) {
            b.add(new TermQuery(new Term(KW + f.getKey(), f.getValue())), Occur.FILTER);
        }
        GeoPoint c = query.center();
        if (c != null) {
            b.add(LatLonPoint.newDistanceQuery(LOC, c.lat(), c.lon(), query.radiusMeters()), Occur.FILTER);
        }
        for (Map.Entry<String, Float> i : query.interests().entrySet()) {
            // constant score so that overlap, not term rarity, decides the boost
            b.add(new BoostQuery(new ConstantScoreQuery(new TermQuery(new Term(INTEREST, i.getKey()))),
                    i.getValue()), Occur.SHOULD);
        }
        if (query.recencyPivot() != null) {
            b.add(new BoostQuery(LongField.newDistanceFeatureQuery(TS, 1f, query.recencyOriginMillis(),
                    Math.max(1, query.recencyPivot().toMillis())), query.recencyWeight()), Occur.SHOULD);
        }
        return b.build();
    }

    private List<String> analyze(String text) {
        List<String> out = new ArrayList<>();
        try (TokenStream ts = analyzer.tokenStream(TEXT, text)) {
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

    // cursor: base64url("v1" | sortKind | value bits | id) + "." + base64url(hmac(payload | query fingerprint))
    private String encodeCursor(SearchQuery query, FieldDoc last) {
        Object first = last.fields[0];
        long bits = first instanceof Float f ? Integer.toUnsignedLong(Float.floatToIntBits(f)) : Double.doubleToLongBits((Double) first);
        String id = ((BytesRef) last.fields[1]).utf8ToString();
        String payload = "v1|" + query.sort().name() + "|" + Long.toHexString(bits) + "|" + id;
        byte[] p = payload.getBytes(StandardCharsets.UTF_8);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(p) + "."
                + Base64.getUrlEncoder().withoutPadding().encodeToString(mac(p, query));
    }

    private FieldDoc decodeCursor(SearchQuery query) {
        String cursor = query.cursor();
        String bad = "search index '" + name + "': invalid cursor";
        int dot = cursor.indexOf('.');
        if (dot <= 0) {
            throw new InvalidSearchCursorException(bad + " (malformed)");
        }
        byte[] p;
        byte[] sig;
        try {
            p = Base64.getUrlDecoder().decode(cursor.substring(0, dot));
            sig = Base64.getUrlDecoder().decode(cursor.substring(dot + 1));
        } catch (IllegalArgumentException e) {
            throw new InvalidSearchCursorException(bad + " (malformed)");
        }
        if (!MessageDigest.isEqual(sig, mac(p, query))) {
            throw new InvalidSearchCursorException(bad + " (tampered, or issued by another query or index)");
        }
        String[] parts = new String(p, StandardCharsets.UTF_8).split("\\|", 4);
        if (parts.length != 4 || !parts[0].equals("v1") || !parts[1].equals(query.sort().name())) {
            throw new InvalidSearchCursorException(bad + " (unknown version or sort)");
        }
        long bits = Long.parseUnsignedLong(parts[2], 16);
        Object value = query.sort() == SearchSort.DISTANCE ? (Object) Double.longBitsToDouble(bits)
                : (Object) Float.intBitsToFloat((int) bits);
        float score = value instanceof Float f ? f : Float.NaN;
        return new FieldDoc(Integer.MAX_VALUE, score, new Object[] {value, new BytesRef(parts[3])});
    }

    private byte[] mac(byte[] payload, SearchQuery query) {
        try {
            Mac m = Mac.getInstance("HmacSHA256");
            m.init(new SecretKeySpec(cursorKey, "HmacSHA256"));
            m.update(payload);
            m.update(query.fingerprint().getBytes(StandardCharsets.UTF_8));
            return java.util.Arrays.copyOf(m.doFinal(), 16);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 unavailable", e);
        }
    }

    @Override
    public String toString() {
        return "LuceneSearchIndex[" + name + "]";
    }
}
