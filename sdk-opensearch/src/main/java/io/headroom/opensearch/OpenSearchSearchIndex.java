package io.headroom.opensearch;

import io.headroom.BackendUnavailableException;
import io.headroom.ClosedException;
import io.headroom.Ticker;
import io.headroom.internal.Arguments;
import io.headroom.internal.Futures;
import io.headroom.opensearch.internal.Failures;
import io.headroom.opensearch.internal.GuardedCalls;
import io.headroom.opensearch.internal.IndexMapping;
import io.headroom.opensearch.internal.PageRequests;
import io.headroom.opensearch.internal.QueryTranslator;
import io.headroom.opensearch.internal.SourceDoc;
import io.headroom.opensearch.internal.TextAnalysis;
import io.headroom.opensearch.internal.WriteQueue;
import io.headroom.search.DocumentMapper;
import io.headroom.search.SearchConfig;
import io.headroom.search.SearchDocument;
import io.headroom.search.SearchFeature;
import io.headroom.search.SearchIndex;
import io.headroom.search.SearchPage;
import io.headroom.search.SearchQuery;
import io.headroom.search.SearchSchema;
import io.headroom.search.internal.QueryResolver;
import io.headroom.search.internal.ResolvedQuery;
import io.headroom.spi.BackendCallObserver;
import io.headroom.spi.BulkOperation;
import io.headroom.spi.ObservableBackend;
import io.headroom.spi.VersionedSearchBackend;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.opensearch.client.opensearch.OpenSearchAsyncClient;
import org.opensearch.client.opensearch._types.ErrorCause;
import org.opensearch.client.opensearch._types.ErrorResponse;
import org.opensearch.client.opensearch._types.OpenSearchException;
import org.opensearch.client.opensearch._types.Refresh;
import org.opensearch.client.opensearch._types.query_dsl.Query;
import org.opensearch.client.opensearch.core.BulkRequest;
import org.opensearch.client.opensearch.core.BulkResponse;
import org.opensearch.client.opensearch.core.bulk.BulkResponseItem;

/**
 * The {@link SearchIndex} on an OpenSearch cluster, shared by every instance of a service: the query language of
 * docs/search-query-language.md (the same hits, order and facets as the embedded Lucene index), with the index
 * behind an alias so a full reindex ({@link io.headroom.search.SearchIndexer#reindex}) builds a new version and
 * switches to it atomically.
 *
 * <pre>{@code
 * SearchIndex<Profile> people = OpenSearchSearchIndex.open(backend, SearchConfig.named("people")
 *         .schema(schema).cursorKeys(CursorKeys.of("k1", secret)).build(), profileMapper);
 * }</pre>
 *
 * <p>Names: the alias is {@link OpenSearchSettings#indexPrefix()} + {@link SearchConfig#name()}; its versions are
 * concrete indexes {@code <alias>-v<n>}. Opening creates version 1 behind the alias when there is no alias, and
 * otherwise puts the schema's mapping on the live version (fields the schema added are added; a field whose type
 * changed throws {@link MappingConflictException}: reindex into a new version instead).
 *
 * <p>Writes queue in call order and go out as bulk requests (at most {@link OpenSearchSettings#bulkSize()} each,
 * one request in flight per index) through the alias, refreshed as {@link OpenSearchSettings#refreshPolicy()} says;
 * {@link #refresh()} makes every earlier write visible. Searches analyse their text with the index's analyzer
 * ({@code _analyze}, cached), then run one request: a first page opens a point in time, which the cursors of the walk
 * carry (encrypted in the house's cursor) and keep alive for {@link OpenSearchSettings#pointInTimeKeepAlive()}; the
 * last page closes it. A walk whose point in time expired fails with
 * {@link io.headroom.search.InvalidSearchCursorException} (restart from the first page).
 *
 * <p>Failures: every HTTP call runs under this index's circuit breaker and the call timeout, retried as
 * {@link OpenSearchSettings} describes; each operation as a whole is bounded by {@link SearchConfig#readTimeout()}
 * (searches) or {@link SearchConfig#writeTimeout()} (writes). What is left after that follows
 * {@link SearchConfig#outagePolicy()}: {@link io.headroom.search.SearchOutagePolicy#FAIL_FAST} fails the call with
 * {@link BackendUnavailableException}. A deleted index fails calls with {@link MissingIndexException}, a document
 * the mapping refuses with {@link MappingConflictException}; neither is retried nor counts against the breaker.
 * Thread-safe.
 *
 * @param <T> the indexed type
 */
public final class OpenSearchSearchIndex<T> implements SearchIndex<T>, VersionedSearchBackend<T>, ObservableBackend {

    private static final String KIND = "search index";
    private static final Set<SearchFeature> CAPABILITIES = Set.copyOf(EnumSet.allOf(SearchFeature.class));

    private final OpenSearchBackend backend;
    private final OpenSearchAsyncClient client;
    private final SearchConfig config;
    private final SearchSchema schema;
    private final DocumentMapper<T> mapper;
    private final Clock clock;
    private final QueryResolver resolver;
    private final String alias;
    private final String where;
    private final GuardedCalls calls;
    private final WriteQueue writes;
    private final TextAnalysis analysis;
    private final String keepAlive;
    private final AtomicBoolean closed = new AtomicBoolean();

    private OpenSearchSearchIndex(OpenSearchBackend backend, SearchConfig config, DocumentMapper<T> mapper,
                                  Clock clock) {
        this.backend = backend;
        this.client = backend.asyncClient();
        this.config = config;
        this.schema = config.schema();
        this.mapper = mapper;
        this.clock = clock;
        this.resolver = QueryResolver.create(config, clock, "OpenSearch", CAPABILITIES);
        OpenSearchSettings s = backend.settings();
        this.alias = s.indexPrefix() + config.name();
        this.where = KIND + " '" + config.name() + "' (OpenSearch alias " + alias + ")";
        this.calls = GuardedCalls.create("headroom-search-" + config.name(), s.calls(), s.maxAttempts(),
                s.retryBackoff(), backend.retryScheduler(), Ticker.system());
        this.writes = new WriteQueue(s.bulkSize(), batch -> sendBulk(alias, batch));
        this.analysis = new TextAnalysis(text -> attempt(() -> client.indices().analyze(a -> a.index(alias)
                .analyzer(IndexMapping.ANALYZER).text(text)))
                .thenApply(r -> r.tokens().stream().map(t -> t.token()).toList()));
        this.keepAlive = s.pointInTimeKeepAlive().toMillis() + "ms";
    }

    /**
     * Opens the index, with the UTC system clock: creates version 1 behind the alias when there is none, else
     * puts the schema's mapping on the live version. Blocks up to {@link SearchConfig#writeTimeout()}.
     *
     * @param backend the cluster
     * @param config the configuration (its schema decides the mapping)
     * @param mapper maps values to documents
     * @param <T> the indexed type
     * @return the index; close it when done (the backend and the OpenSearch index stay)
     * @throws IllegalArgumentException when an argument is {@code null}
     * @throws MappingConflictException when the live version's mapping does not fit the schema
     * @throws BackendUnavailableException when the cluster cannot be reached
     */
    public static <T> SearchIndex<T> open(OpenSearchBackend backend, SearchConfig config, DocumentMapper<T> mapper) {
        return open(backend, config, mapper, Clock.systemUTC());
    }

    /**
     * Opens the index: creates version 1 behind the alias when there is none, else puts the schema's mapping on the
     * live version. Blocks up to {@link SearchConfig#writeTimeout()}.
     *
     * @param backend the cluster
     * @param config the configuration (its schema decides the mapping)
     * @param mapper maps values to documents
     * @param clock the wall clock: the recency origin of queries that give none, cursor expiry, version names
     * @param <T> the indexed type
     * @return the index; close it when done (the backend and the OpenSearch index stay)
     * @throws IllegalArgumentException when an argument is {@code null}
     * @throws MappingConflictException when the live version's mapping does not fit the schema
     * @throws BackendUnavailableException when the cluster cannot be reached
     */
    public static <T> SearchIndex<T> open(OpenSearchBackend backend, SearchConfig config, DocumentMapper<T> mapper,
                                          Clock clock) {
        Arguments.notNull(backend, "backend");
        Arguments.notNull(config, "config");
        Arguments.notNull(mapper, "mapper");
        Arguments.notNull(clock, "clock");
        if (backend.isClosed()) {
            throw ClosedException.of("OpenSearch backend", backend.settings().hosts().toString());
        }
        OpenSearchSearchIndex<T> i = new OpenSearchSearchIndex<>(backend, config, mapper, clock);
        Futures.join(i.bounded("open", config.writeTimeout(), i.ensureAlias()));
        return i;
    }

    private CompletableFuture<Void> ensureAlias() {
        return attempt(() -> client.indices().existsAlias(e -> e.name(alias)))
                .thenCompose(exists -> exists.value() ? putMapping()
                        : attempt(() -> client.indices().exists(e -> e.index(alias))).thenCompose(concrete -> {
                            if (concrete.value()) {
                                throw new MappingConflictException(where + ": a concrete index named " + alias
                                        + " is in the way of the alias; reindex it into a version, or delete it", null);
                            }
                            return create(alias + "-v1", true).handle((v, t) -> {
                                if (t != null && !alreadyExists(t)) {
                                    throw new CompletionException(t);
                                }
                                return null;
                            }).thenCompose(v -> putMapping());
                        }));
    }

    private static boolean alreadyExists(Throwable t) {
        return Futures.unwrap(t) instanceof OpenSearchException e && e.error() != null
                && "resource_already_exists_exception".equals(e.error().type());
    }

    private CompletableFuture<Void> create(String index, boolean withAlias) {
        OpenSearchSettings s = backend.settings();
        return attempt(() -> client.indices().create(c -> {
            c.index(index).settings(IndexMapping.settings(s.numberOfShards(), s.numberOfReplicas()))
                    .mappings(IndexMapping.mapping(schema));
            if (withAlias) {
                c.aliases(alias, a -> a);
            }
            return c;
        })).thenApply(r -> null);
    }

    // adds the fields the schema declares to the live version; a changed type is a conflict
    private CompletableFuture<Void> putMapping() {
        return attempt(() -> client.indices().putMapping(p -> p.index(alias)
                .dynamic(org.opensearch.client.opensearch._types.mapping.DynamicMapping.Strict)
                .properties(IndexMapping.mapping(schema).properties())))
                .handle((r, t) -> {
                    if (t == null) {
                        return null;
                    }
                    Throwable cause = Futures.unwrap(t);
                    if (cause instanceof OpenSearchException e && e.status() == 400) {
                        throw new MappingConflictException(where + ": the live version's mapping does not fit the "
                                + "schema (" + (e.error() == null ? e.getMessage() : e.error().reason())
                                + "); reindex into a new version", e);
                    }
                    throw new CompletionException(cause);
                });
    }

    // ---- writes ------------------------------------------------------------------------------------------

    @Override
    public void upsert(T value) {
        Futures.join(upsertAsync(value));
    }

    @Override
    public CompletionStage<Void> upsertAsync(T value) {
        ensureOpen();
        SearchDocument d = toDocument(value);
        var body = IndexMapping.body(d);
        var op = org.opensearch.client.opensearch.core.bulk.BulkOperation.of(b -> b.index(i -> i.index(alias)
                .id(d.id()).document(body)));
        return bounded("upsert of '" + d.id() + "'", config.writeTimeout(), writes.submit(op));
    }

    @Override
    public void delete(String id) {
        Futures.join(deleteAsync(id));
    }

    @Override
    public CompletionStage<Void> deleteAsync(String id) {
        Arguments.key(id, "id");
        ensureOpen();
        var op = org.opensearch.client.opensearch.core.bulk.BulkOperation.of(b -> b.delete(x -> x.index(alias).id(id)));
        return bounded("delete of '" + id + "'", config.writeTimeout(), writes.submit(op));
    }

    @Override
    public void refresh() {
        Futures.join(refreshAsync());
    }

    @Override
    public CompletionStage<Void> refreshAsync() {
        ensureOpen();
        CompletableFuture<Void> done = writes.barrier()
                .thenCompose(v -> attempt(() -> client.indices().refresh(r -> r.index(alias))))
                .thenApply(r -> null);
        return bounded("refresh", config.writeTimeout(), done);
    }

    // ---- search ------------------------------------------------------------------------------------------

    @Override
    public Set<SearchFeature> capabilities() {
        return CAPABILITIES;
    }

    @Override
    public SearchQuery validate(SearchQuery query) {
        ResolvedQuery r = resolver.resolve(query); // the schema, the features, the page size and the cursor
        List<@Nullable Object> cursor = r.after();
        if (cursor != null) {
            PageRequests.after(config.name(), query, cursor);
        }
        return query;
    }

    @Override
    public SearchPage search(SearchQuery query) {
        return Futures.join(searchAsync(query));
    }

    @Override
    public CompletionStage<SearchPage> searchAsync(SearchQuery query) {
        ensureOpen();
        ResolvedQuery r = resolver.resolve(query);
        List<@Nullable Object> cursor = r.after();
        PageRequests.After after = cursor == null ? null : PageRequests.after(config.name(), query, cursor);
        String text = query.text();
        CompletableFuture<List<String>> words = text == null ? CompletableFuture.completedFuture(List.of())
                : analysis.words(text);
        CompletableFuture<SearchPage> page = words.thenCompose(w -> {
            if (w.size() > SearchQuery.MAX_WORDS) {
                throw new IllegalArgumentException(where + ": text must have at most " + SearchQuery.MAX_WORDS
                        + " words after analysis, had " + w.size());
            }
            Query q = QueryTranslator.query(schema, query, w, r.recencyOriginMillis());
            CompletableFuture<String> pit = after != null ? CompletableFuture.completedFuture(after.pit())
                    : attempt(() -> client.createPit(p -> p.targetIndexes(alias)
                            .keepAlive(k -> k.time(keepAlive)))).thenApply(p -> p.pitId());
            return pit.thenCompose(id -> attempt(() -> client.search(PageRequests.request(schema, r, q, id, keepAlive,
                    after), SourceDoc.class)).thenApply(response -> {
                        PageRequests.Page read = PageRequests.read(r, response);
                        List<@Nullable Object> last = read.lastSortValues();
                        String next = null;
                        if (last == null) {
                            closePit(id);
                        } else {
                            List<@Nullable Object> values = new ArrayList<>(last);
                            values.add(id);
                            next = resolver.nextCursor(r, values);
                        }
                        return new SearchPage(read.hits(), next, read.facets());
                    }));
        });
        return bounded("search", config.readTimeout(), page);
    }

    private void closePit(String id) {
        // best effort: an abandoned point in time expires by itself after its keep-alive
        try {
            client.deletePit(d -> d.pitId(List.of(id)));
        } catch (IOException | RuntimeException e) {
            // see above
        }
    }

    @Override
    public SearchConfig config() {
        return config;
    }

    @Override
    public void observeBackendCalls(BackendCallObserver observer) {
        calls.observeBackendCalls(observer);
    }

    // ---- versions (VersionedSearchBackend: the indexer's reindex) ---------------------------------------------

    @Override
    public SearchDocument toDocument(T value) {
        Arguments.notNull(value, "value");
        SearchDocument d = Arguments.notNull(mapper.toDocument(value), "mapper.toDocument(value)");
        try {
            return schema.validate(d);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(where + ": " + e.getMessage(), e);
        }
    }

    @Override
    public String liveVersion() {
        ensureOpen();
        return Futures.join(bounded("live version", config.writeTimeout(),
                attempt(() -> client.indices().getAlias(g -> g.name(alias))).thenApply(r -> {
                    if (r.result().size() != 1) {
                        throw new MissingIndexException(where + ": the alias points at " + r.result().keySet(), null);
                    }
                    return r.result().keySet().iterator().next();
                })));
    }

    @Override
    public String createVersion() {
        ensureOpen();
        String version = alias + "-v" + clock.millis();
        Futures.join(bounded("create version " + version, config.writeTimeout(), create(version, false)));
        return version;
    }

    @Override
    public CompletionStage<Void> bulk(String version, List<BulkOperation> operations) {
        Arguments.notNull(version, "version");
        Arguments.notNull(operations, "operations");
        ensureOpen();
        List<WriteQueue.Write> batch = new ArrayList<>(operations.size());
        for (BulkOperation op : operations) {
            SearchDocument d = op.document();
            var body = d == null ? null : IndexMapping.body(schema.validate(d));
            batch.add(new WriteQueue.Write(org.opensearch.client.opensearch.core.bulk.BulkOperation.of(b -> body == null
                    ? b.delete(x -> x.index(version).id(op.id()))
                    : b.index(x -> x.index(version).id(op.id()).document(body))), new CompletableFuture<>()));
        }
        CompletableFuture<Void> all = CompletableFuture.allOf(batch.stream().map(WriteQueue.Write::done)
                .toArray(CompletableFuture[]::new));
        sendBulk(version, batch);
        return bounded("bulk of " + batch.size() + " to " + version, config.writeTimeout(), all);
    }

    @Override
    public CompletionStage<Void> refresh(String version) {
        Arguments.notNull(version, "version");
        ensureOpen();
        return bounded("refresh of " + version, config.writeTimeout(),
                attempt(() -> client.indices().refresh(r -> r.index(version))).thenApply(r -> null));
    }

    @Override
    public void switchTo(String version) {
        Arguments.notNull(version, "version");
        String old = liveVersion();
        // one request: OpenSearch applies both actions atomically, so every search sees the old or the new version
        Futures.join(bounded("switch to " + version, config.writeTimeout(),
                attempt(() -> client.indices().updateAliases(u -> u
                        .actions(a -> a.add(x -> x.index(version).alias(alias)))
                        .actions(a -> a.remove(x -> x.index(old).alias(alias))))).thenApply(r -> null)));
    }

    @Override
    public void dropVersion(String version) {
        Arguments.notNull(version, "version");
        if (version.equals(liveVersion())) {
            throw new IllegalArgumentException(where + ": cannot drop the live version '" + version + "'");
        }
        if (!version.startsWith(alias + "-v")) {
            throw new IllegalArgumentException(where + ": '" + version + "' is not a version of this index");
        }
        Futures.join(bounded("drop of " + version, config.writeTimeout(),
                attempt(() -> client.indices().delete(d -> d.index(version).ignoreUnavailable(true)))
                        .thenApply(r -> null)));
    }

    /**
     * Refuses new calls, waits up to {@link SearchConfig#writeTimeout()} for queued writes; idempotent. The
     * OpenSearch index and the backend stay.
     */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        try {
            writes.barrier().get(config.writeTimeout().toNanos(), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (java.util.concurrent.ExecutionException | TimeoutException e) {
            // the writes' own stages carry their failures; close only stops waiting
        }
    }

    /** Whether {@link #close()} was called (tests reuse closed indexes' storage). */
    boolean isClosed() {
        return closed.get();
    }

    /** The alias. */
    String alias() {
        return alias;
    }

    @Override
    public String toString() {
        return "OpenSearchSearchIndex[" + config.name() + " -> " + alias + (closed.get() ? ", closed" : "") + "]";
    }

    // ---- calls -------------------------------------------------------------------------------------------

    /** One request to the engine, under the breaker and call timeout, retried. */
    private <R> CompletableFuture<R> attempt(Call<R> call) {
        return calls.call(() -> {
            try {
                return call.start();
            } catch (IOException | RuntimeException e) {
                return CompletableFuture.failedFuture(e);
            }
        });
    }

    /** One bulk request; completes normally once every write's stage is completed. */
    private CompletableFuture<Void> sendBulk(String index, List<WriteQueue.Write> batch) {
        List<org.opensearch.client.opensearch.core.bulk.BulkOperation> ops = new ArrayList<>(batch.size());
        batch.forEach(w -> ops.add(w.operation()));
        BulkRequest request = BulkRequest.of(b -> b.operations(ops).refresh(refreshParameter()));
        Supplier<CompletableFuture<BulkResponse>> send = () -> {
            try {
                return client.bulk(request).thenApply(OpenSearchSearchIndex::retriableItemsFail);
            } catch (IOException | RuntimeException e) {
                return CompletableFuture.failedFuture(e);
            }
        };
        return calls.call(send).handle((response, t) -> {
            if (t != null) {
                Throwable failure = Failures.translate(where, "bulk write of " + batch.size() + " to " + index,
                        config.outagePolicy(), t);
                batch.forEach(w -> w.done().completeExceptionally(failure));
                return null;
            }
            List<BulkResponseItem> items = response.items();
            for (int i = 0; i < batch.size(); i++) {
                BulkResponseItem item = i < items.size() ? items.get(i) : null;
                ErrorCause error = item == null ? null : item.error();
                if (error == null) {
                    batch.get(i).done().complete(null);
                } else {
                    batch.get(i).done().completeExceptionally(Failures.translate(where,
                            item.operationType().jsonValue() + " of '" + item.id() + "'", config.outagePolicy(),
                            new OpenSearchException(ErrorResponse.of(e -> e.error(error).status(item.status())))));
                }
            }
            return null;
        });
    }

    // an item refused for a retriable reason (429, 503) fails the attempt: the retry sends the whole request again
    private static BulkResponse retriableItemsFail(BulkResponse response) {
        if (response.errors()) {
            for (BulkResponseItem item : response.items()) {
                if (item.error() != null && Failures.retriableStatus(item.status())) {
                    throw new CompletionException(Failures.retriableBulk(item.status()));
                }
            }
        }
        return response;
    }

    private Refresh refreshParameter() {
        return switch (backend.settings().refreshPolicy()) {
            case NONE -> Refresh.False;
            case WAIT_FOR -> Refresh.WaitFor;
            case IMMEDIATE -> Refresh.True;
        };
    }

    /** Bounds a whole operation by its timeout and turns its failure into the caller's exception. */
    private <R> CompletableFuture<R> bounded(String what, Duration timeout, CompletableFuture<R> work) {
        CompletableFuture<R> result = new CompletableFuture<>();
        work.orTimeout(timeout.toNanos(), TimeUnit.NANOSECONDS).whenComplete((v, t) -> {
            if (t == null) {
                result.complete(v);
            } else {
                Throwable cause = Futures.unwrap(t);
                result.completeExceptionally(cause instanceof TimeoutException
                        ? new BackendUnavailableException(where + ": " + what + " did not complete within " + timeout
                                + " (" + config.outagePolicy() + ")", cause)
                        : Failures.translate(where, what, config.outagePolicy(), cause));
            }
        });
        return result;
    }

    private void ensureOpen() {
        if (closed.get()) {
            throw ClosedException.of(KIND, config.name());
        }
    }

    /** Starts one asynchronous client call. */
    @FunctionalInterface
    private interface Call<R> {
        CompletableFuture<R> start() throws IOException;
    }
}
