package io.headroom.opensearch;

import io.headroom.BackendUnavailableException;
import io.headroom.ClosedException;
import io.headroom.Ticker;
import io.headroom.internal.Arguments;
import io.headroom.internal.Futures;
import io.headroom.opensearch.internal.DocumentFields;
import io.headroom.opensearch.internal.Failures;
import io.headroom.opensearch.internal.GuardedCalls;
import io.headroom.opensearch.internal.SearchRequests;
import io.headroom.opensearch.internal.StoredHit;
import io.headroom.opensearch.internal.WriteQueue;
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
import io.headroom.spi.BackendCallObserver;
import io.headroom.spi.ObservableBackend;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
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
import org.opensearch.client.opensearch._types.mapping.Property;
import org.opensearch.client.opensearch.core.BulkRequest;
import org.opensearch.client.opensearch.core.BulkResponse;
import org.opensearch.client.opensearch.core.SearchResponse;
import org.opensearch.client.opensearch.core.bulk.BulkOperation;
import org.opensearch.client.opensearch.core.bulk.BulkResponseItem;
import org.opensearch.client.opensearch.core.search.Hit;

/**
 * The {@link SearchIndex} on an OpenSearch cluster, shared by every instance of a service: the same matching,
 * filtering, ranking and cursors as the embedded Lucene index, on one OpenSearch index named
 * {@link OpenSearchSettings#indexPrefix()} + {@link SearchConfig#name()}.
 *
 * <pre>{@code
 * SearchIndex<Profile> people = OpenSearchSearchIndex.open(backend, SearchConfig.named("people")
 *         .cursorKeys(CursorKeys.of("k1", secret)).build(), profileMapper);
 * }</pre>
 *
 * <p>Opening creates the index with its mapping when it is missing, and checks the mapping when it exists (a
 * conflict throws {@link MappingConflictException}). Writes queue in call order and go out as bulk requests (at
 * most {@link OpenSearchSettings#bulkSize()} each, one request in flight per index), refreshed as
 * {@link OpenSearchSettings#refreshPolicy()} says; {@link #refresh()} makes every earlier write visible.
 *
 * <p>Failures: every HTTP call runs under this index's circuit breaker and the call timeout, retried as
 * {@link OpenSearchSettings} describes; each operation as a whole is bounded by {@link SearchConfig#readTimeout()}
 * (searches) or {@link SearchConfig#writeTimeout()} (writes). What is left after that follows
 * {@link SearchConfig#outagePolicy()}: {@link io.headroom.search.SearchOutagePolicy#FAIL_FAST} fails the call with
 * {@link BackendUnavailableException}. A deleted index fails calls with {@link MissingIndexException}, a document
 * the mapping refuses with {@link MappingConflictException}; neither is retried. Thread-safe.
 *
 * @param <T> the indexed type
 */
public final class OpenSearchSearchIndex<T> implements SearchIndex<T>, ObservableBackend {

    private static final String KIND = "search index";

    private final OpenSearchBackend backend;
    private final OpenSearchAsyncClient client;
    private final SearchConfig config;
    private final DocumentMapper<T> mapper;
    private final QueryResolver resolver;
    private final String index;
    private final String where;
    private final GuardedCalls calls;
    private final WriteQueue writes;
    private final AtomicBoolean closed = new AtomicBoolean();

    private OpenSearchSearchIndex(OpenSearchBackend backend, SearchConfig config, DocumentMapper<T> mapper,
                                  Clock clock) {
        this.backend = backend;
        this.client = backend.asyncClient();
        this.config = config;
        this.mapper = mapper;
        this.resolver = QueryResolver.create(config, clock);
        OpenSearchSettings s = backend.settings();
        this.index = s.indexPrefix() + config.name();
        this.where = KIND + " '" + config.name() + "' (OpenSearch index " + index + ")";
        this.calls = GuardedCalls.create("headroom-search-" + config.name(), s.calls(), s.maxAttempts(),
                s.retryBackoff(), backend.retryScheduler(), Ticker.system());
        this.writes = new WriteQueue(s.bulkSize(), this::sendBulk);
    }

    /**
     * Opens the index, with the UTC system clock: creates it with its mapping when it is missing, checks its
     * mapping when it exists. Blocks up to {@link SearchConfig#writeTimeout()}.
     *
     * @param backend the cluster
     * @param config the configuration
     * @param mapper maps values to documents
     * @param <T> the indexed type
     * @return the index; close it when done (the backend stays open)
     * @throws IllegalArgumentException when an argument is {@code null}
     * @throws MappingConflictException when the index exists with a mapping that does not fit
     * @throws BackendUnavailableException when the cluster cannot be reached
     */
    public static <T> SearchIndex<T> open(OpenSearchBackend backend, SearchConfig config, DocumentMapper<T> mapper) {
        return open(backend, config, mapper, Clock.systemUTC());
    }

    /**
     * Opens the index: creates it with its mapping when it is missing, checks its mapping when it exists. Blocks up
     * to {@link SearchConfig#writeTimeout()}.
     *
     * @param backend the cluster
     * @param config the configuration
     * @param mapper maps values to documents
     * @param clock the wall clock: "now" of {@link SearchQuery.Builder#recency(Duration, float)} and cursor expiry
     * @param <T> the indexed type
     * @return the index; close it when done (the backend stays open)
     * @throws IllegalArgumentException when an argument is {@code null}
     * @throws MappingConflictException when the index exists with a mapping that does not fit
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
        Futures.join(i.ensureIndex());
        return i;
    }

    private CompletionStage<Void> ensureIndex() {
        OpenSearchSettings s = backend.settings();
        CompletableFuture<Void> done = attempt(() -> client.indices().exists(e -> e.index(index)))
                .thenCompose(exists -> exists.value() ? CompletableFuture.completedFuture(null)
                        : attempt(() -> client.indices().create(c -> c.index(index)
                                .settings(x -> x.numberOfShards(Integer.toString(s.numberOfShards()))
                                        .numberOfReplicas(Integer.toString(s.numberOfReplicas())))
                                .mappings(DocumentFields.mapping())))
                        .handle((created, t) -> {
                            // another instance created it first: fine, its mapping is checked below
                            if (t != null && !(Futures.unwrap(t) instanceof OpenSearchException e
                                    && "resource_already_exists_exception".equals(e.error().type()))) {
                                throw new java.util.concurrent.CompletionException(t);
                            }
                            return null;
                        }))
                .thenCompose(v -> attempt(() -> client.indices().getMapping(m -> m.index(index))))
                .thenAccept(mappings -> {
                    Map<String, Property> properties = mappings.result().values().stream().findFirst()
                            .map(m -> m.mappings().properties()).orElse(Map.of());
                    String conflict = DocumentFields.conflict(properties);
                    if (conflict != null) {
                        throw new MappingConflictException(where + ": the existing mapping does not fit: " + conflict
                                + "; reindex into a new index", null);
                    }
                });
        return bounded("open", config.writeTimeout(), done);
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
        Map<String, Object> body = DocumentFields.body(d);
        BulkOperation op = BulkOperation.of(b -> b.index(i -> i.index(index).id(d.id()).document(body)));
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
        BulkOperation op = BulkOperation.of(b -> b.delete(x -> x.index(index).id(id)));
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
                .thenCompose(v -> attempt(() -> client.indices().refresh(r -> r.index(index))))
                .thenApply(r -> null);
        return bounded("refresh", config.writeTimeout(), done);
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
        List<String> after = cursor == null ? null : SearchRequests.after(config.name(), cursor);
        var request = SearchRequests.request(index, r, after);
        CompletableFuture<SearchPage> page = attempt(() -> client.search(request, StoredHit.class))
                .thenApply(response -> page(r, response));
        return bounded("search", config.readTimeout(), page);
    }

    private SearchPage page(ResolvedQuery r, SearchResponse<StoredHit> response) {
        List<Hit<StoredHit>> found = response.hits().hits();
        int n = Math.min(found.size(), r.pageSize());
        GeoPoint c = r.query().center();
        List<SearchHit> hits = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            Hit<StoredHit> h = found.get(i);
            StoredHit stored = h.source();
            StoredHit.Loc loc = stored == null ? null : stored.loc();
            Double distance = c == null || loc == null ? null
                    : StoredHit.haversineMeters(c.lat(), c.lon(), loc.lat(), loc.lon());
            Double score = h.score();
            hits.add(new SearchHit(h.id(), score == null || score.isNaN() ? 0 : score, distance));
        }
        String next = null;
        if (found.size() > r.pageSize()) {
            List<String> sort = found.get(n - 1).sort();
            next = resolver.nextCursor(r, List.of(Double.parseDouble(sort.get(0)), sort.get(1)));
        }
        return new SearchPage(hits, next);
    }

    @Override
    public SearchConfig config() {
        return config;
    }

    @Override
    public void observeBackendCalls(BackendCallObserver observer) {
        calls.observeBackendCalls(observer);
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

    @Override
    public String toString() {
        return "OpenSearchSearchIndex[" + config.name() + " -> " + index + (closed.get() ? ", closed" : "") + "]";
    }

    // ---- calls ----

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

    /** One bulk request of queued writes; completes normally once every write's stage is completed. */
    private CompletableFuture<Void> sendBulk(List<WriteQueue.Write> batch) {
        List<BulkOperation> ops = new ArrayList<>(batch.size());
        batch.forEach(w -> ops.add(w.operation()));
        BulkRequest request = BulkRequest.of(b -> b.operations(ops).refresh(refreshParameter()));
        Supplier<CompletableFuture<BulkResponse>> send = () -> {
            try {
                return client.bulk(request).thenApply(this::retriableItemsFail);
            } catch (IOException | RuntimeException e) {
                return CompletableFuture.failedFuture(e);
            }
        };
        return calls.call(send).handle((response, t) -> {
            if (t != null) {
                Throwable failure = Failures.translate(where, "bulk write of " + batch.size(), config.outagePolicy(), t);
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
                    batch.get(i).done().completeExceptionally(itemFailure(item, error));
                }
            }
            return null;
        });
    }

    // an item refused for a retriable reason (429, 503) fails the attempt: the retry sends the whole request again
    private BulkResponse retriableItemsFail(BulkResponse response) {
        if (response.errors()) {
            for (BulkResponseItem item : response.items()) {
                if (item.error() != null && Failures.retriableStatus(item.status())) {
                    throw new java.util.concurrent.CompletionException(Failures.retriableBulk(item.status()));
                }
            }
        }
        return response;
    }

    private Throwable itemFailure(BulkResponseItem item, ErrorCause error) {
        String what = item.operationType().jsonValue() + " of '" + item.id() + "'";
        return Failures.translate(where, what, config.outagePolicy(),
                new OpenSearchException(ErrorResponse.of(e -> e.error(error).status(item.status()))));
    }

    private Refresh refreshParameter() {
        return switch (backend.settings().refreshPolicy()) {
            case NONE -> Refresh.False;
            case WAIT_FOR -> Refresh.WaitFor;
            case IMMEDIATE -> Refresh.True;
        };
    }

    /** Bounds a whole operation by its timeout and turns its failure into the caller's exception. */
    private <R> CompletionStage<R> bounded(String what, Duration timeout, CompletableFuture<R> work) {
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
