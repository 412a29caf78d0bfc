package io.headroom.search.lucene;

import io.headroom.BackendUnavailableException;
import io.headroom.ClosedException;
import io.headroom.HeadroomException;
import io.headroom.internal.Arguments;
import io.headroom.internal.Futures;
import io.headroom.search.DocumentMapper;
import io.headroom.search.FacetCount;
import io.headroom.search.SearchConfig;
import io.headroom.search.SearchDocument;
import io.headroom.search.SearchFeature;
import io.headroom.search.SearchHit;
import io.headroom.search.SearchIndex;
import io.headroom.search.SearchPage;
import io.headroom.search.SearchQuery;
import io.headroom.search.SearchSchema;
import io.headroom.search.SearchSort;
import io.headroom.search.internal.QueryResolver;
import io.headroom.search.internal.ResolvedQuery;
import io.headroom.spi.BulkOperation;
import io.headroom.spi.VersionedSearchBackend;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.lucene.document.Document;
import org.apache.lucene.geo.GeoEncodingUtils;
import org.apache.lucene.index.DocValues;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.ReaderUtil;
import org.apache.lucene.index.SortedDocValues;
import org.apache.lucene.index.SortedNumericDocValues;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.CollectorManager;
import org.apache.lucene.search.FieldDoc;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.MultiCollectorManager;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.Sort;
import org.apache.lucene.search.TopFieldCollectorManager;
import org.apache.lucene.search.TopFieldDocs;
import org.apache.lucene.store.AlreadyClosedException;
import org.apache.lucene.store.ByteBuffersDirectory;
import org.apache.lucene.util.SloppyMath;
import org.jspecify.annotations.Nullable;

/**
 * The embedded {@link SearchIndex}, on Apache Lucene 9: per version of the index an {@link org.apache.lucene.index.IndexWriter} with a
 * near-real-time {@link org.apache.lucene.search.SearcherManager}, in memory or on disk. It speaks the whole query
 * language of {@code docs/search-query-language.md}: text analysed by {@link FoldingAnalyzer} (UAX #29 words,
 * lower-cased, ASCII-folded), scored by match classes with constant-score queries (no BM25), typo tolerance by word
 * length with {@link org.apache.lucene.search.FuzzyQuery}, as-you-type with
 * {@link org.apache.lucene.search.PrefixQuery}, phrase boost; filters as non-scoring clauses; the ranking features
 * as {@code LatLonPoint}/{@code LongField} distance-feature queries; facets over sorted-set doc values; sort by
 * score, field or distance with an id tie-break; {@code search_after} paging with the house's cursors.
 *
 * <pre>{@code
 * SearchIndex<Profile> people = LuceneSearchIndex.inMemory(SearchConfig.named("people").schema(schema).build(),
 *         mapper);
 * }</pre>
 *
 * <p>Threads: writes (upsert, delete, refresh, bulk, version switch) run one at a time, in call order, on one
 * thread of the index; searches run concurrently on a pool of as many threads as there are processors. Both are
 * daemon threads named {@code headroom-search-<name>-...}, stopped by {@link #close()}. A call that does not
 * complete within its timeout fails with {@link BackendUnavailableException}; its work is skipped if it had not
 * started, and otherwise runs to its end (Lucene work is not interrupted), so a timed-out write may or may not have
 * been applied.
 *
 * <p>Versions ({@link VersionedSearchBackend}, driven by {@link io.headroom.search.SearchIndexer}): a reindex
 * builds a new version next to the live one; the switch replaces the live version atomically (one reference
 * swap), searches already running finish on the old one, which closes when the last of them releases it. On disk
 * each version is a sub-directory and a {@code LIVE} file names the live one; writes are durable at
 * {@link #close()} and at each switch (commit). Thread-safe.
 *
 * @param <T> the indexed type
 */
public final class LuceneSearchIndex<T> implements SearchIndex<T>, VersionedSearchBackend<T> {

    private static final String KIND = "search index";
    private static final Set<SearchFeature> CAPABILITIES = Set.copyOf(EnumSet.allOf(SearchFeature.class));

    private final SearchConfig config;
    private final SearchSchema schema;
    private final String name;
    private final DocumentMapper<T> mapper;
    private final QueryResolver resolver;
    private final VersionStore store;
    private final FoldingAnalyzer analyzer = new FoldingAnalyzer();
    private final AtomicReference<IndexVersion> live = new AtomicReference<>();
    // versions being built by a reindex, by name (written on the write thread)
    private final Map<String, IndexVersion> building = new ConcurrentHashMap<>();
    private final ExecutorService writes;
    private final ExecutorService reads;
    private final AtomicBoolean closed = new AtomicBoolean();
    // the executor whose thread this is, on this index's threads only
    private final ThreadLocal<@Nullable ExecutorService> ownThread = new ThreadLocal<>();

    private LuceneSearchIndex(SearchConfig config, DocumentMapper<T> mapper, Clock clock, VersionStore store,
                              @Nullable ExecutorService writes, @Nullable ExecutorService reads)
            throws IOException {
        this.config = config;
        this.schema = config.schema();
        this.name = config.name();
        this.mapper = mapper;
        this.resolver = QueryResolver.create(config, clock, "lucene", CAPABILITIES);
        this.store = store;
        String current = store.readLive();
        if (current == null) {
            current = store.newName();
            IndexVersion v = newVersion(current);
            v.commit();
            store.writeLive(current);
            live.set(v);
        } else {
            live.set(newVersion(current));
        }
        store.deleteAllBut(current);
        AtomicReference<@Nullable ExecutorService> writeOwner = new AtomicReference<>();
        AtomicReference<@Nullable ExecutorService> readOwner = new AtomicReference<>();
        this.writes = writes != null ? writes : Executors.newSingleThreadExecutor(threads("write", writeOwner));
        this.reads = reads != null ? reads
                : Executors.newFixedThreadPool(Math.max(1, Runtime.getRuntime().availableProcessors()),
                        threads("read", readOwner));
        writeOwner.set(this.writes);
        readOwner.set(this.reads);
    }

    private IndexVersion newVersion(String version) throws IOException {
        return new IndexVersion(version, store.open(version), analyzer, store.onDisk(), () -> store.delete(version));
    }

    /**
     * Creates an empty index in memory (Lucene's {@link ByteBuffersDirectory}), with the UTC system clock.
     *
     * @param config the configuration (its schema decides the fields)
     * @param mapper maps values to documents
     * @param <T> the indexed type
     * @return the index
     * @throws IllegalArgumentException when an argument is {@code null}
     */
    public static <T> SearchIndex<T> inMemory(SearchConfig config, DocumentMapper<T> mapper) {
        return inMemory(config, mapper, Clock.systemUTC());
    }

    /**
     * Creates an empty index in memory (Lucene's {@link ByteBuffersDirectory}).
     *
     * @param config the configuration (its schema decides the fields)
     * @param mapper maps values to documents
     * @param clock the wall clock: "now" of a recency decay without origin, and cursor expiry
     * @param <T> the indexed type
     * @return the index
     * @throws IllegalArgumentException when an argument is {@code null}
     */
    public static <T> SearchIndex<T> inMemory(SearchConfig config, DocumentMapper<T> mapper, Clock clock) {
        check(config, mapper, clock);
        try {
            return new LuceneSearchIndex<>(config, mapper, clock, VersionStore.inMemory(), null, null);
        } catch (IOException e) {
            throw new BackendUnavailableException(KIND + " '" + config.name() + "': cannot create", e);
        }
    }

    /** An in-memory index on the given executors (tests: a blocked executor makes timeouts deterministic). */
    static <T> SearchIndex<T> inMemory(SearchConfig config, DocumentMapper<T> mapper, Clock clock,
                                       ExecutorService writes, ExecutorService reads) throws IOException {
        return new LuceneSearchIndex<>(config, mapper, clock, VersionStore.inMemory(), writes, reads);
    }

    /**
     * Creates an index in a directory on disk, or opens the one already there, with the UTC system clock.
     *
     * @param directory the directory, created when missing; one index per directory and process
     * @param config the configuration (its schema decides the fields; reopen with the same schema)
     * @param mapper maps values to documents
     * @param <T> the indexed type
     * @return the index
     * @throws IllegalArgumentException when an argument is {@code null}
     * @throws BackendUnavailableException when the directory cannot be opened (unreadable, locked by another
     *     index, corrupt)
     */
    public static <T> SearchIndex<T> onDisk(Path directory, SearchConfig config, DocumentMapper<T> mapper) {
        return onDisk(directory, config, mapper, Clock.systemUTC());
    }

    /**
     * Creates an index in a directory on disk, or opens the one already there.
     *
     * @param directory the directory, created when missing; one index per directory and process
     * @param config the configuration (its schema decides the fields; reopen with the same schema)
     * @param mapper maps values to documents
     * @param clock the wall clock: "now" of a recency decay without origin, and cursor expiry
     * @param <T> the indexed type
     * @return the index
     * @throws IllegalArgumentException when an argument is {@code null}
     * @throws BackendUnavailableException when the directory cannot be opened (unreadable, locked by another
     *     index, corrupt)
     */
    public static <T> SearchIndex<T> onDisk(Path directory, SearchConfig config, DocumentMapper<T> mapper,
                                            Clock clock) {
        Arguments.notNull(directory, "directory");
        check(config, mapper, clock);
        try {
            return new LuceneSearchIndex<>(config, mapper, clock, VersionStore.onDisk(directory), null, null);
        } catch (IOException | RuntimeException e) {
            throw new BackendUnavailableException(KIND + " '" + config.name() + "': cannot open " + directory, e);
        }
    }

    // ---- SearchIndex -------------------------------------------------------------------------------------

    @Override
    public void upsert(T value) {
        Futures.join(upsertAsync(value));
    }

    @Override
    public CompletionStage<Void> upsertAsync(T value) {
        ensureOpen();
        SearchDocument d = toDocument(value);
        Document doc = LuceneDocuments.toLucene(schema, d);
        Term id = new Term(LuceneDocuments.ID, d.id());
        return call(writes, "upsert of '" + d.id() + "'", config.writeTimeout(), () -> {
            live.get().writer.updateDocument(id, doc);
            return null;
        });
    }

    @Override
    public void delete(String id) {
        Futures.join(deleteAsync(id));
    }

    @Override
    public CompletionStage<Void> deleteAsync(String id) {
        Term term = new Term(LuceneDocuments.ID, Arguments.key(id, "id"));
        ensureOpen();
        return call(writes, "delete of '" + id + "'", config.writeTimeout(), () -> {
            live.get().writer.deleteDocuments(term);
            return null;
        });
    }

    @Override
    public void refresh() {
        Futures.join(refreshAsync());
    }

    @Override
    public CompletionStage<Void> refreshAsync() {
        // on the write thread, after every write called before it
        return call(writes, "refresh", config.writeTimeout(), () -> {
            live.get().searchers.maybeRefreshBlocking();
            return null;
        });
    }

    @Override
    public Set<SearchFeature> capabilities() {
        return CAPABILITIES;
    }

    @Override
    public SearchQuery validate(SearchQuery query) {
        prepare(query);
        return query;
    }

    @Override
    public SearchPage search(SearchQuery query) {
        return Futures.join(searchAsync(query));
    }

    @Override
    public CompletionStage<SearchPage> searchAsync(SearchQuery query) {
        ensureOpen();
        Prepared p = prepare(query);
        return call(reads, "search", config.readTimeout(), () -> run(p));
    }

    /** Everything done on the caller's thread before any I/O: checks, analysis, translation, cursor. */
    private Prepared prepare(SearchQuery query) {
        ResolvedQuery r = resolver.resolve(query);
        List<String> words = LuceneText.words(analyzer, name, query);
        List<@Nullable Object> afterValues = r.after();
        FieldDoc after = afterValues == null ? null : LuceneQueries.after(name, schema, query, afterValues);
        return new Prepared(r, LuceneQueries.toLucene(schema, r, words), LuceneQueries.sort(schema, query), after);
    }

    private record Prepared(ResolvedQuery resolved, Query query, Sort sort, @Nullable FieldDoc after) {
    }

    private SearchPage run(Prepared p) throws IOException {
        IndexVersion version = acquireLive();
        try {
            IndexSearcher searcher = version.searchers.acquire();
            try {
                return run(p, searcher);
            } finally {
                version.searchers.release(searcher);
            }
        } finally {
            version.release();
        }
    }

    private IndexVersion acquireLive() {
        while (true) {
            IndexVersion v = live.get();
            if (v.tryAcquire()) {
                return v;
            }
            if (closed.get()) {
                throw ClosedException.of(KIND, name);
            }
            // switched away and closed between the read and the acquire: the new live one is there already
        }
    }

    private SearchPage run(Prepared p, IndexSearcher searcher) throws IOException {
        ResolvedQuery r = p.resolved();
        SearchQuery query = r.query();
        FieldDoc position = p.after() == null ? null
                : LuceneQueries.position(p.after(), searcher.getIndexReader().maxDoc());
        boolean scored = query.sort() == SearchSort.relevance();
        // hit counts are not reported, so Lucene may skip documents that cannot compete beyond the page; a
        // relevance sort skips ties too (RelevanceTopHits)
        CollectorManager<?, ?> top = scored ? new RelevanceTopHits(r.pageSize() + 1, position)
                : new TopFieldCollectorManager(p.sort(), r.pageSize() + 1, position, r.pageSize() + 1, false);
        Object found;
        Map<String, List<FacetCount>> facets = Map.of();
        if (query.facets().isEmpty()) {
            found = searcher.search(p.query(), top);
        } else {
            Object[] results = searcher.search(p.query(),
                    new MultiCollectorManager(top, new FacetCounts(query.facets(), query.facetSize())));
            found = results[0];
            @SuppressWarnings("unchecked")
            Map<String, List<FacetCount>> counted = (Map<String, List<FacetCount>>) results[1];
            facets = counted;
        }
        @SuppressWarnings("unchecked")
        ScoreDoc[] hitsFound = found instanceof TopFieldDocs docs ? docs.scoreDocs
                : ((List<FieldDoc>) found).toArray(ScoreDoc[]::new);
        int n = Math.min(hitsFound.length, r.pageSize());
        LuceneQueries.GeoOrigin origin = LuceneQueries.geoOrigin(query);
        List<SearchHit> hits = new ArrayList<>(n);
        // ids and points come from doc values: a stored-fields read decompresses a block per hit, which was a good
        // part of a search's time on the 10k-profile benchmark
        List<LeafReaderContext> leaves = searcher.getIndexReader().leaves();
        for (int i = 0; i < n; i++) {
            FieldDoc fd = (FieldDoc) hitsFound[i];
            LeafReaderContext leaf = leaves.get(ReaderUtil.subIndex(fd.doc, leaves));
            int doc = fd.doc - leaf.docBase;
            SortedDocValues ids = DocValues.getSorted(leaf.reader(), LuceneDocuments.ID);
            if (!ids.advanceExact(doc)) {
                throw new IllegalStateException("document without an id");
            }
            String id = ids.lookupOrd(ids.ordValue()).utf8ToString();
            Double distance = null;
            if (origin != null) {
                SortedNumericDocValues points = DocValues.getSortedNumeric(leaf.reader(),
                        LuceneDocuments.geo(origin.field()));
                if (points.advanceExact(doc)) {
                    long encoded = points.nextValue();
                    distance = SloppyMath.haversinMeters(origin.point().lat(), origin.point().lon(),
                            GeoEncodingUtils.decodeLatitude((int) (encoded >> 32)),
                            GeoEncodingUtils.decodeLongitude((int) encoded));
                }
            }
            // with a relevance sort the score is the first sort value (ScoreDoc.score is not filled in)
            double score = scored && fd.fields[0] instanceof Float f ? f : 0;
            hits.add(new SearchHit(id, score, distance));
        }
        String next = hitsFound.length > r.pageSize()
                ? resolver.nextCursor(r, LuceneQueries.sortValues((FieldDoc) hitsFound[n - 1])) : null;
        return new SearchPage(hits, next, facets);
    }

    @Override
    public SearchConfig config() {
        return config;
    }

    // ---- VersionedSearchBackend --------------------------------------------------------------------------

    @Override
    public SearchDocument toDocument(T value) {
        Arguments.notNull(value, "value");
        SearchDocument d = Arguments.notNull(mapper.toDocument(value), "mapper.toDocument(value)");
        try {
            return schema.validate(d);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(KIND + " '" + name + "': " + e.getMessage(), e);
        }
    }

    @Override
    public String liveVersion() {
        ensureOpen();
        return live.get().name;
    }

    @Override
    public String createVersion() {
        return Futures.join(call(writes, "create version", config.writeTimeout(), () -> {
            String v = store.newName();
            building.put(v, newVersion(v));
            return v;
        }));
    }

    @Override
    public CompletionStage<Void> bulk(String version, List<BulkOperation> operations) {
        Arguments.notNull(version, "version");
        Arguments.notNull(operations, "operations");
        ensureOpen();
        List<BulkOperation> ops = List.copyOf(operations);
        List<@Nullable Document> docs = new ArrayList<>(ops.size());
        for (BulkOperation op : ops) {
            SearchDocument d = op.document();
            docs.add(d == null ? null : LuceneDocuments.toLucene(schema, d));
        }
        return call(writes, "bulk of " + ops.size() + " to " + version, config.writeTimeout(), () -> {
            IndexVersion v = version(version);
            for (int i = 0; i < ops.size(); i++) {
                Term id = new Term(LuceneDocuments.ID, ops.get(i).id());
                Document doc = docs.get(i);
                if (doc == null) {
                    v.writer.deleteDocuments(id);
                } else {
                    v.writer.updateDocument(id, doc);
                }
            }
            return null;
        });
    }

    @Override
    public CompletionStage<Void> refresh(String version) {
        Arguments.notNull(version, "version");
        return call(writes, "refresh of " + version, config.writeTimeout(), () -> {
            version(version).searchers.maybeRefreshBlocking();
            return null;
        });
    }

    @Override
    public void switchTo(String version) {
        Arguments.notNull(version, "version");
        Futures.join(call(writes, "switch to " + version, config.writeTimeout(), () -> {
            IndexVersion next = building.get(version);
            if (next == null) {
                throw new IllegalArgumentException(KIND + " '" + name + "': no version '" + version
                        + "' being built");
            }
            next.searchers.maybeRefreshBlocking();
            next.commit();
            store.writeLive(version);
            building.remove(version);
            IndexVersion old = live.getAndSet(next);
            // searches still on the old version keep it open until they release it
            old.discard();
            return null;
        }));
    }

    @Override
    public void dropVersion(String version) {
        Arguments.notNull(version, "version");
        Futures.join(call(writes, "drop of " + version, config.writeTimeout(), () -> {
            if (live.get().name.equals(version)) {
                throw new IllegalArgumentException(KIND + " '" + name + "': cannot drop the live version '"
                        + version + "'");
            }
            IndexVersion v = building.remove(version);
            if (v != null) {
                v.discard();
            }
            return null;
        }));
    }

    // on the write thread
    private IndexVersion version(String version) {
        IndexVersion v = live.get();
        if (v.name.equals(version)) {
            return v;
        }
        IndexVersion b = building.get(version);
        if (b == null) {
            throw new IllegalArgumentException(KIND + " '" + name + "': unknown version '" + version + "'");
        }
        return b;
    }

    // ---- lifecycle ---------------------------------------------------------------------------------------

    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        writes.shutdown();
        reads.shutdown();
        try {
            // let calls in flight finish (Lucene work is never interrupted: an interrupt closes NIO channels); a
            // call still running after that fails with ClosedException. A close from a callback on one of our own
            // threads cannot wait for that thread, so it does not wait at all
            if (ownThread.get() == null) {
                writes.awaitTermination(config.writeTimeout().toNanos(), TimeUnit.NANOSECONDS);
                reads.awaitTermination(config.readTimeout().toNanos(), TimeUnit.NANOSECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try {
            for (IndexVersion v : building.values()) {
                v.discard();
            }
            building.clear();
            live.get().release();
        } catch (IOException | RuntimeException e) {
            throw new BackendUnavailableException(KIND + " '" + name + "': close failed", e);
        }
    }

    @Override
    public String toString() {
        return "LuceneSearchIndex[" + name + (store.onDisk() ? ", on disk" : ", in memory") + "]";
    }

    /**
     * Runs {@code work} on {@code executor} with a timeout: the stage fails with
     * {@link BackendUnavailableException} on a timeout or a Lucene failure, with {@link ClosedException} when the
     * index closed under the call.
     */
    private <R> CompletionStage<R> call(ExecutorService executor, String what, Duration timeout,
                                        Callable<R> work) {
        ensureOpen();
        CompletableFuture<R> task = new CompletableFuture<>();
        Runnable job = () -> {
            if (task.isDone()) {
                return; // timed out while queued: never started, never applied
            }
            try {
                task.complete(work.call());
            } catch (Throwable t) { // every failure goes to the caller's stage
                task.completeExceptionally(translate(what, t));
            }
        };
        if (ownThread.get() == executor) {
            // called from a callback running on this very executor (a write thread or a search thread of this
            // index): queueing behind itself would wait for its own timeout, so the call runs inline
            job.run();
            return task;
        }
        try {
            executor.execute(job);
        } catch (RejectedExecutionException e) {
            throw ClosedException.of(KIND, name);
        }
        CompletableFuture<R> result = new CompletableFuture<>();
        Futures.orTimeout(task, timeout).whenComplete((v, t) -> {
            if (t == null) {
                result.complete(v);
            } else if (t instanceof TimeoutException) {
                result.completeExceptionally(new BackendUnavailableException(KIND + " '" + name + "': " + what
                        + " did not complete within " + timeout + " (" + config.outagePolicy() + ")", t));
            } else {
                result.completeExceptionally(t);
            }
        });
        return result;
    }

    private Throwable translate(String what, Throwable t) {
        if (t instanceof AlreadyClosedException) {
            ClosedException closedException = ClosedException.of(KIND, name);
            closedException.initCause(t);
            return closedException;
        }
        if (t instanceof HeadroomException || t instanceof IllegalArgumentException || t instanceof Error) {
            return t;
        }
        return new BackendUnavailableException(KIND + " '" + name + "': " + what + " failed: " + t, t);
    }

    private void ensureOpen() {
        if (closed.get()) {
            throw ClosedException.of(KIND, name);
        }
    }

    private ThreadFactory threads(String role, AtomicReference<@Nullable ExecutorService> owner) {
        AtomicInteger n = new AtomicInteger();
        return runnable -> {
            Thread t = new Thread(() -> {
                ownThread.set(owner.get());
                runnable.run();
            }, "headroom-search-" + name + "-" + role + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }

    private static void check(SearchConfig config, DocumentMapper<?> mapper, Clock clock) {
        Arguments.notNull(config, "config");
        Arguments.notNull(mapper, "mapper");
        Arguments.notNull(clock, "clock");
    }
}
