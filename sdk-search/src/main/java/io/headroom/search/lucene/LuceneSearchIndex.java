package io.headroom.search.lucene;

import io.headroom.BackendUnavailableException;
import io.headroom.ClosedException;
import io.headroom.HeadroomException;
import io.headroom.internal.Arguments;
import io.headroom.internal.Futures;
import io.headroom.search.DocumentMapper;
import io.headroom.search.GeoPoint;
import io.headroom.search.SearchConfig;
import io.headroom.search.SearchDocument;
import io.headroom.search.SearchHit;
import io.headroom.search.SearchIndex;
import io.headroom.search.SearchPage;
import io.headroom.search.SearchQuery;
import io.headroom.search.internal.QueryResolver;
import io.headroom.search.internal.ResolvedQuery;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.standard.StandardAnalyzer;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.LatLonDocValuesField;
import org.apache.lucene.document.LatLonPoint;
import org.apache.lucene.document.LongField;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.IndexableField;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.FieldDoc;
import org.apache.lucene.search.FuzzyQuery;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.SearcherManager;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.search.TopFieldDocs;
import org.apache.lucene.store.AlreadyClosedException;
import org.apache.lucene.store.ByteBuffersDirectory;
import org.apache.lucene.store.Directory;
import org.apache.lucene.store.FSDirectory;
import org.apache.lucene.util.SloppyMath;
import org.jspecify.annotations.Nullable;

/**
 * The embedded {@link SearchIndex}, on Apache Lucene 9: an {@link IndexWriter} with a near-real-time
 * {@link SearcherManager}, in memory or in a directory on disk. Text is analysed with Lucene's
 * {@link StandardAnalyzer}; fuzzy terms use {@link FuzzyQuery}; the geo filter is {@link LatLonPoint#newDistanceQuery}
 * and distance order {@link LatLonDocValuesField#newDistanceSort}; interest overlap adds one boosted
 * {@link TermQuery} per query tag; recency adds {@link LongField#newDistanceFeatureQuery}.
 *
 * <pre>{@code
 * SearchIndex<Profile> people = LuceneSearchIndex.inMemory(SearchConfig.named("people").build(), mapper);
 * }</pre>
 *
 * <p>Threads: writes (upsert, delete, refresh) run one at a time, in call order, on one thread of the index;
 * searches run concurrently on a pool of as many threads as there are processors. Both are daemon threads named
 * {@code headroom-search-<name>-...}, stopped by {@link #close()}. A call that does not complete within its timeout
 * fails with {@link BackendUnavailableException}; its work is skipped if it had not started, and otherwise runs to
 * its end (Lucene work is not interrupted), so a timed-out write may or may not have been applied. Stages complete
 * on those threads: a callback that blocks on another call of this index runs that call inline rather than behind
 * itself, but callbacks should not block.
 *
 * <p>Writes are visible after {@link #refresh()}. On disk, {@link #close()} commits; writes since the last close
 * are lost if the process dies first. Cursors are {@link io.headroom.page.CursorCodec} cursors under
 * {@link SearchConfig#cursorKeys()}: with shared keys they are accepted by every index of the same name, including
 * this one reopened from disk. Thread-safe.
 *
 * @param <T> the indexed type
 */
public final class LuceneSearchIndex<T> implements SearchIndex<T> {

    private static final String KIND = "search index";

    private final SearchConfig config;
    private final String name;
    private final DocumentMapper<T> mapper;
    private final QueryResolver resolver;
    private final Directory directory;
    private final boolean onDisk;
    private final Analyzer analyzer = new StandardAnalyzer();
    private final IndexWriter writer;
    private final SearcherManager searchers;
    private final ExecutorService writes;
    private final ExecutorService reads;
    private final AtomicBoolean closed = new AtomicBoolean();
    // the executor whose thread this is, on this index's threads only
    private final ThreadLocal<@Nullable ExecutorService> ownThread = new ThreadLocal<>();

    private LuceneSearchIndex(SearchConfig config, DocumentMapper<T> mapper, Clock clock, Directory directory,
                              boolean onDisk, @Nullable ExecutorService writes, @Nullable ExecutorService reads)
            throws IOException {
        this.config = config;
        this.name = config.name();
        this.mapper = mapper;
        this.resolver = QueryResolver.create(config, clock);
        this.directory = directory;
        this.onDisk = onDisk;
        this.writer = new IndexWriter(directory, new IndexWriterConfig(analyzer));
        try {
            this.searchers = new SearcherManager(writer, null);
        } catch (IOException | RuntimeException e) {
            writer.close();
            throw e;
        }
        AtomicReference<@Nullable ExecutorService> writeOwner = new AtomicReference<>();
        AtomicReference<@Nullable ExecutorService> readOwner = new AtomicReference<>();
        this.writes = writes != null ? writes : Executors.newSingleThreadExecutor(threads("write", writeOwner));
        this.reads = reads != null ? reads
                : Executors.newFixedThreadPool(Math.max(1, Runtime.getRuntime().availableProcessors()),
                        threads("read", readOwner));
        writeOwner.set(this.writes);
        readOwner.set(this.reads);
    }

    /**
     * Creates an empty index in memory (Lucene's {@link ByteBuffersDirectory}), with the UTC system clock.
     *
     * @param config the configuration
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
     * @param config the configuration
     * @param mapper maps values to documents
     * @param clock the wall clock: "now" of {@link SearchQuery.Builder#recency(Duration, float)} and cursor expiry
     * @param <T> the indexed type
     * @return the index
     * @throws IllegalArgumentException when an argument is {@code null}
     */
    public static <T> SearchIndex<T> inMemory(SearchConfig config, DocumentMapper<T> mapper, Clock clock) {
        check(config, mapper, clock);
        try {
            return new LuceneSearchIndex<>(config, mapper, clock, new ByteBuffersDirectory(), false, null, null);
        } catch (IOException e) {
            throw new BackendUnavailableException(KIND + " '" + config.name() + "': cannot create", e);
        }
    }

    /** An in-memory index on the given executors (tests: a blocked executor makes timeouts deterministic). */
    static <T> SearchIndex<T> inMemory(SearchConfig config, DocumentMapper<T> mapper, Clock clock,
                                       ExecutorService writes, ExecutorService reads) throws IOException {
        return new LuceneSearchIndex<>(config, mapper, clock, new ByteBuffersDirectory(), false, writes, reads);
    }

    /**
     * Creates an index in a directory on disk, or opens the one already there, with the UTC system clock.
     *
     * @param directory the directory, created when missing; one index per directory and process
     * @param config the configuration
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
     * @param config the configuration
     * @param mapper maps values to documents
     * @param clock the wall clock: "now" of {@link SearchQuery.Builder#recency(Duration, float)} and cursor expiry
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
        Directory dir = null;
        try {
            dir = FSDirectory.open(directory);
            return new LuceneSearchIndex<>(config, mapper, clock, dir, true, null, null);
        } catch (IOException | RuntimeException e) {
            closeQuietly(dir, e);
            throw new BackendUnavailableException(KIND + " '" + config.name() + "': cannot open " + directory, e);
        }
    }

    @Override
    public void upsert(T value) {
        Futures.join(upsertAsync(value));
    }

    @Override
    public CompletionStage<Void> upsertAsync(T value) {
        Arguments.notNull(value, "value");
        ensureOpen();
        SearchDocument d = Arguments.notNull(mapper.toDocument(value), "mapper.toDocument(value)");
        Document doc = LuceneDocuments.toLucene(d);
        Term id = new Term(LuceneDocuments.ID, d.id());
        return call(writes, "upsert of '" + d.id() + "'", config.writeTimeout(), () -> {
            writer.updateDocument(id, doc);
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
            writer.deleteDocuments(term);
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
            searchers.maybeRefreshBlocking();
            return null;
        });
    }

    @Override
    public SearchPage search(SearchQuery query) {
        return Futures.join(searchAsync(query));
    }

    @Override
    public CompletionStage<SearchPage> searchAsync(SearchQuery query) {
        ensureOpen();
        ResolvedQuery r = resolver.resolve(query);
        List<@Nullable Object> afterValues = r.after();
        FieldDoc after = afterValues == null ? null : LuceneQueries.after(name, r, afterValues);
        Query q = LuceneQueries.toLucene(r, analyzer);
        org.apache.lucene.search.Sort sort = LuceneQueries.sort(query);
        return call(reads, "search", config.readTimeout(), () -> run(r, q, sort, after));
    }

    private SearchPage run(ResolvedQuery r, Query q, org.apache.lucene.search.Sort sort, @Nullable FieldDoc after)
            throws IOException {
        IndexSearcher searcher = searchers.acquire();
        try {
            FieldDoc position = after == null ? null
                    : LuceneQueries.position(after, searcher.getIndexReader().maxDoc());
            TopFieldDocs top = searcher.searchAfter(position, q, r.pageSize() + 1, sort, true);
            ScoreDoc[] docs = top.scoreDocs;
            int n = Math.min(docs.length, r.pageSize());
            GeoPoint c = r.query().center();
            List<SearchHit> hits = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                Document stored = searcher.storedFields().document(docs[i].doc);
                Double distance = null;
                IndexableField lat = stored.getField(LuceneDocuments.LAT);
                IndexableField lon = stored.getField(LuceneDocuments.LON);
                if (c != null && lat != null && lon != null) {
                    distance = SloppyMath.haversinMeters(c.lat(), c.lon(), lat.numericValue().doubleValue(),
                            lon.numericValue().doubleValue());
                }
                double score = Float.isNaN(docs[i].score) ? 0 : docs[i].score;
                hits.add(new SearchHit(stored.get(LuceneDocuments.ID), score, distance));
            }
            String next = docs.length > r.pageSize()
                    ? resolver.nextCursor(r, LuceneQueries.sortValues((FieldDoc) docs[n - 1])) : null;
            return new SearchPage(hits, next);
        } finally {
            searchers.release(searcher);
        }
    }

    @Override
    public SearchConfig config() {
        return config;
    }

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
            searchers.close();
            if (onDisk) {
                writer.commit();
            }
            writer.close();
            directory.close();
        } catch (IOException | RuntimeException e) {
            throw new BackendUnavailableException(KIND + " '" + name + "': close failed", e);
        }
    }

    @Override
    public String toString() {
        return "LuceneSearchIndex[" + name + (onDisk ? ", on disk" : ", in memory") + "]";
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

    private static void closeQuietly(@Nullable Directory dir, Exception failure) {
        if (dir != null) {
            try {
                dir.close();
            } catch (IOException e) {
                failure.addSuppressed(e);
            }
        }
    }
}
