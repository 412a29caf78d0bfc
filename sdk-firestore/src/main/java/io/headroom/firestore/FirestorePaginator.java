package io.headroom.firestore;

import com.google.api.core.ApiFutures;
import com.google.cloud.Timestamp;
import com.google.cloud.firestore.CollectionReference;
import com.google.cloud.firestore.DocumentSnapshot;
import com.google.cloud.firestore.FieldPath;
import com.google.cloud.firestore.Query;
import com.google.cloud.firestore.QueryDocumentSnapshot;
import com.google.cloud.firestore.QuerySnapshot;
import com.google.common.util.concurrent.MoreExecutors;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.headroom.BackendUnavailableException;
import io.headroom.firestore.internal.FirestoreErrors;
import io.headroom.internal.Arguments;
import io.headroom.spi.BackendCallObserver;
import io.headroom.internal.BackendGuard;
import io.headroom.internal.Futures;
import io.headroom.spi.ObservableBackend;
import io.headroom.page.CursorPosition;
import io.headroom.page.FieldExtractor;
import io.headroom.page.Page;
import io.headroom.page.PageDirection;
import io.headroom.page.PageRequest;
import io.headroom.page.Paginator;
import io.headroom.page.PaginatorConfig;
import io.headroom.page.Sort;
import io.headroom.page.SortDirection;
import io.headroom.page.SortKey;
import io.headroom.spi.KeysetQuery;
import io.headroom.spi.KeysetSource;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * A {@link Paginator} over a Firestore collection, with the same signed cursors and semantics as every other
 * backend: {@code whereEqualTo} per filter, {@code orderBy} on each sort key and then on the document id (the
 * tie-breaker, in the direction of the last key), {@code startAfter}/{@code startAt} with the cursor's values
 * and {@code limit(size + 1)} forward, {@code endBefore}/{@code endAt} and {@code limitToLast(size + 1)}
 * backward. A page bills size + 1 document reads at any depth (offset paging bills every skipped document).
 *
 * <ul>
 *   <li><b>Items:</b> the {@link FieldExtractor}'s id must be the document id, and each sort or filter field a
 *       document field of the same name; the mapper turns a document into an item. {@link Instant} values are
 *       sent as Firestore timestamps.</li>
 *   <li><b>Indexes:</b> {@link #requiredIndex(PageRequest)} tells which composite index a request needs and
 *       {@link #indexesJson(Collection)} prints {@code firestore.indexes.json} for the requests an application
 *       declares; when Firestore refuses a query for a missing index, the page fails with
 *       {@link MissingIndexException} naming it.</li>
 *   <li><b>Outages ({@link PaginatorConfig#outagePolicy()},
 *       {@link io.headroom.page.PageOutagePolicy#FAIL_FAST}):</b> every query has a timeout and runs behind a
 *       Resilience4j circuit breaker through {@link FirestoreBackend}; a timeout, an open breaker or a transient
 *       status fails the page with {@link BackendUnavailableException}, other statuses with
 *       {@link io.headroom.HeadroomException}. A missing index is not counted as a backend failure by the
 *       breaker.</li>
 *   <li><b>Metrics:</b> {@link io.headroom.page.PaginatorMetrics#bind} counts pages and times every query
 *       (views made with {@link #withConfig} share one breaker and one query timer).</li>
 * </ul>
 *
 * <p>Thread-safe. The blocking form waits for the asynchronous one.
 *
 * @param <T> the item type
 */
public final class FirestorePaginator<T> implements Paginator<T>, ObservableBackend {

    private final CollectionReference collection;
    private final FieldExtractor<T> fields;
    private final Function<? super DocumentSnapshot, ? extends T> mapper;
    private final FirestoreBackend backend;
    private final BackendGuard guard;
    private final Paginator<T> engine;

    private FirestorePaginator(CollectionReference collection, FieldExtractor<T> fields,
                               Function<? super DocumentSnapshot, ? extends T> mapper, FirestoreBackend backend,
                               BackendGuard guard, PaginatorConfig config) {
        this.collection = collection;
        this.fields = fields;
        this.mapper = mapper;
        this.backend = backend;
        this.guard = guard;
        this.engine = Paginator.keyset(config, new Source());
    }

    /**
     * Starts a Firestore paginator.
     *
     * @param collection the collection to page
     * @param fields how items are read; the id is the document id
     * @param mapper turns a document into an item
     * @param <T> the item type
     * @return a builder; not thread-safe
     * @throws IllegalArgumentException when an argument is {@code null}
     */
    public static <T> Builder<T> builder(CollectionReference collection, FieldExtractor<T> fields,
                                         Function<? super DocumentSnapshot, ? extends T> mapper) {
        return new Builder<>(Arguments.notNull(collection, "collection"), Arguments.notNull(fields, "fields"),
                Arguments.notNull(mapper, "mapper"));
    }

    /**
     * A paginator over the same collection with another configuration (rotated keys, other limits); it shares
     * the circuit breaker.
     *
     * @param config the configuration
     * @return the view
     */
    public FirestorePaginator<T> withConfig(PaginatorConfig config) {
        return new FirestorePaginator<>(collection, fields, mapper, backend, guard,
                Arguments.notNull(config, "config"));
    }

    @Override
    public Page<T> page(PageRequest request) {
        return engine.page(request);
    }

    @Override
    public CompletionStage<Page<T>> pageAsync(PageRequest request) {
        return engine.pageAsync(request);
    }

    @Override
    public PaginatorConfig config() {
        return engine.config();
    }

    /**
     * Times every Firestore query from now on (used by {@link io.headroom.page.PaginatorMetrics}); the views of
     * this collection share the observer.
     *
     * @param observer told about each completed query
     */
    @Override
    public void observeBackendCalls(BackendCallObserver observer) {
        guard.observeBackendCalls(observer);
    }

    /**
     * The circuit breaker around Firestore queries.
     *
     * @return the breaker
     */
    public CircuitBreaker circuitBreaker() {
        return guard.circuitBreaker();
    }

    /**
     * The composite index a request's query needs, if any: Firestore serves a single sort key without filters
     * from its automatic single-field indexes; equality filters plus a sort, or two or more sort keys, need a
     * composite index (equality fields first, then the sort keys with their directions).
     *
     * @param request a request
     * @return the index, or empty when none is needed
     * @throws IllegalArgumentException when {@code request} is {@code null}
     */
    public Optional<FirestoreIndex> requiredIndex(PageRequest request) {
        Arguments.notNull(request, "request");
        Sort sort = request.sort();
        List<String> equality = new ArrayList<>(request.filters().keySet());
        equality.removeIf(f -> sort.keys().stream().anyMatch(k -> k.field().equals(f)));
        if (equality.isEmpty() && sort.keys().size() < 2) {
            return Optional.empty();
        }
        List<FirestoreIndex.Field> out = new ArrayList<>();
        for (String f : equality) {
            out.add(new FirestoreIndex.Field(f, "ASCENDING"));
        }
        for (SortKey k : sort.keys()) {
            out.add(new FirestoreIndex.Field(k.field(), k.direction() == SortDirection.ASCENDING
                    ? "ASCENDING" : "DESCENDING"));
        }
        return Optional.of(new FirestoreIndex(collection.getId(), out));
    }

    /**
     * The {@code firestore.indexes.json} covering the requests an application declares.
     *
     * @param requests the requests (cursors and sizes do not matter)
     * @return the file's content
     * @throws IllegalArgumentException when {@code requests} is {@code null}
     */
    public String indexesJson(Collection<PageRequest> requests) {
        Arguments.notNull(requests, "requests");
        List<FirestoreIndex> indexes = new ArrayList<>();
        for (PageRequest r : requests) {
            requiredIndex(r).ifPresent(indexes::add);
        }
        return FirestoreIndex.indexesJson(indexes);
    }

    static @Nullable Object toFirestore(@Nullable Object v) {
        if (v instanceof Instant t) {
            return Timestamp.ofTimeSecondsAndNanos(t.getEpochSecond(), t.getNano());
        }
        return v;
    }

    /** Whether a failure is Firestore's "the query requires an index" (see {@link FirestoreErrors}). */
    static boolean isMissingIndex(Throwable e) {
        return FirestoreErrors.isMissingIndex(e);
    }

    /** Firestore refused the query for a missing index. */
    private record MissingIndex(Throwable cause) {
    }

    private final class Source implements KeysetSource<T> {

        @Override
        public void check(Sort sort, Map<String, @Nullable Object> filters) {
            if (!sort.tieBreaker().equals(Sort.ID)) {
                throw new IllegalArgumentException("tie-breaker must be '" + Sort.ID
                        + "' (the document id) on Firestore, was '" + sort.tieBreaker() + "'");
            }
        }

        @Override
        public CompletionStage<List<T>> fetch(KeysetQuery q) {
            Query query = collection;
            for (Map.Entry<String, @Nullable Object> f : q.filters().entrySet()) {
                query = query.whereEqualTo(f.getKey(), toFirestore(f.getValue()));
            }
            for (SortKey k : q.sort().keys()) {
                query = query.orderBy(k.field(), k.direction() == SortDirection.ASCENDING
                        ? Query.Direction.ASCENDING : Query.Direction.DESCENDING);
            }
            query = query.orderBy(FieldPath.documentId(), q.sort().tieBreakerDirection() == SortDirection.ASCENDING
                    ? Query.Direction.ASCENDING : Query.Direction.DESCENDING);
            CursorPosition p = q.position();
            boolean forward = q.direction() == PageDirection.FORWARD;
            if (p != null) {
                Object[] values = new Object[p.values().size()];
                for (int i = 0; i < values.length; i++) {
                    values[i] = toFirestore(p.values().get(i));
                }
                if (forward) {
                    query = p.inclusive() ? query.startAt(values) : query.startAfter(values);
                } else {
                    query = p.inclusive() ? query.endAt(values) : query.endBefore(values);
                }
            }
            query = forward ? query.limit(q.limit()) : query.limitToLast(q.limit());
            Query run = query;
            // a missing index is the caller's set-up, not an outage: it is turned into a value inside the guarded
            // call so the circuit breaker does not count it; every other failure is translated by FirestoreBackend
            // (transient ones to BackendUnavailableException)
            CompletableFuture<List<T>> out = new CompletableFuture<>();
            backend.<Object>call(guard,
                    "query of paginator '" + config().name() + "' on " + collection.getPath(),
                    () -> ApiFutures.catching(ApiFutures.transform(run.get(), s -> (Object) s,
                                    MoreExecutors.directExecutor()), Throwable.class, e -> {
                                if (isMissingIndex(e)) {
                                    return new MissingIndex(e);
                                }
                                throw e instanceof RuntimeException r ? r : new CompletionException(e);
                            }, MoreExecutors.directExecutor()))
                    .whenComplete((result, e) -> {
                        if (e != null) {
                            out.completeExceptionally(Futures.unwrap(e));
                        } else if (result instanceof MissingIndex m) {
                            FirestoreIndex index = indexFor(q)
                                    .orElseGet(() -> new FirestoreIndex(collection.getId(), List.of()));
                            out.completeExceptionally(new MissingIndexException(config().name(), index, m.cause()));
                        } else {
                            try {
                                List<T> items = new ArrayList<>();
                                for (QueryDocumentSnapshot d : ((QuerySnapshot) result).getDocuments()) {
                                    items.add(mapper.apply(d));
                                }
                                out.complete(items);
                            } catch (RuntimeException mapping) {
                                out.completeExceptionally(mapping);
                            }
                        }
                    });
            return out;
        }

        private Optional<FirestoreIndex> indexFor(KeysetQuery q) {
            PageRequest.Builder b = PageRequest.builder(q.sort());
            q.filters().forEach(b::filter);
            return requiredIndex(b.build());
        }

        @Override
        public FieldExtractor<T> fields() {
            return fields;
        }

        @Override
        public String toString() {
            return "firestore:" + collection.getPath();
        }
    }

    @Override
    public String toString() {
        return "FirestorePaginator[" + config().name() + ", " + collection.getPath() + "]";
    }

    /**
     * Builds a {@link FirestorePaginator}. Not thread-safe.
     *
     * @param <T> the item type
     */
    public static final class Builder<T> {
        private final CollectionReference collection;
        private final FieldExtractor<T> fields;
        private final Function<? super DocumentSnapshot, ? extends T> mapper;
        private PaginatorConfig config = PaginatorConfig.ofDefaults();
        private FirestoreSettings settings = FirestoreSettings.defaults();

        private Builder(CollectionReference collection, FieldExtractor<T> fields,
                        Function<? super DocumentSnapshot, ? extends T> mapper) {
            this.collection = collection;
            this.fields = fields;
            this.mapper = mapper;
        }

        /**
         * Sets the paginator configuration. Default {@link PaginatorConfig#ofDefaults()}.
         *
         * @param config the configuration
         * @return this builder
         */
        public Builder<T> config(PaginatorConfig config) {
            this.config = config;
            return this;
        }

        /**
         * Sets the Firestore settings: the query timeout and the circuit breaker (the paginator's own breaker,
         * with these settings). Default {@link FirestoreSettings#defaults()} (2 s).
         *
         * @param settings the settings
         * @return this builder
         */
        public Builder<T> settings(FirestoreSettings settings) {
            this.settings = settings;
            return this;
        }

        /**
         * Validates and returns the paginator.
         *
         * @return the paginator
         * @throws IllegalArgumentException when a setting breaks its rule; the message names it
         */
        public FirestorePaginator<T> build() {
            Arguments.notNull(config, "config");
            Arguments.notNull(settings, "settings");
            // one backend per paginator, for the client of its collection (not one per query)
            return new FirestorePaginator<>(collection, fields, mapper, FirestoreBackend.of(collection.getFirestore()),
                    settings.newGuard("headroom-page-" + config.name()), config);
        }
    }
}
