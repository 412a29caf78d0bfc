package io.headroom.search;

import io.headroom.internal.Arguments;
import io.headroom.internal.BackendTimers;
import io.headroom.internal.Futures;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;

/**
 * Micrometer instrumentation for any {@link SearchIndex}; usable only when Micrometer is on the class path (an
 * optional dependency of sdk-core; nothing else in Headroom loads this class).
 *
 * <p>Meters, tagged {@code index=<config name>}:
 * <ul>
 *   <li>counter {@code headroom.search.searches}: searches that returned a page;</li>
 *   <li>counter {@code headroom.search.writes}, tagged {@code op=upsert|delete|refresh}: writes that completed;</li>
 *   <li>counter {@code headroom.search.failures}, tagged {@code op=search|upsert|delete|refresh} and
 *       {@code exception=<simple class name>}: calls that failed, whether the call threw (bad input, a rejected
 *       cursor, a closed index) or its stage failed (a backend failure or timeout);</li>
 *   <li>timer {@code headroom.search.latency}: how long searches that returned a page took, as the caller saw it
 *       (queueing included), by the registry's clock;</li>
 *   <li>for indexes on a remote engine, timer {@code headroom.search.backend.calls} with
 *       {@code result=success|failure}, one sample per backend call (the house's backend-call timer).</li>
 * </ul>
 */
public final class SearchIndexMetrics {

    private SearchIndexMetrics() {
    }

    /**
     * Returns an index that answers like {@code index} and counts and times its calls in {@code registry}; use it
     * instead of {@code index} from now on. Closing it closes {@code index}.
     *
     * @param index the index to observe
     * @param registry where the meters go
     * @param <T> the indexed type
     * @return the instrumented index; thread-safe like the one it wraps
     * @throws IllegalArgumentException when an argument is {@code null}
     */
    public static <T> SearchIndex<T> bind(SearchIndex<T> index, MeterRegistry registry) {
        Arguments.notNull(index, "index");
        Arguments.notNull(registry, "registry");
        BackendTimers.bind(index, registry, "search", "index", index.config().name());
        return new Metered<>(index, registry);
    }

    /** Counts and times calls, delegates everything. */
    private static final class Metered<T> implements SearchIndex<T>, Wrapper<T> {
        private final SearchIndex<T> delegate;
        private final MeterRegistry registry;
        private final String name;
        private final Counter searches;
        private final Counter upserts;
        private final Counter deletes;
        private final Counter refreshes;
        private final Timer latency;

        Metered(SearchIndex<T> delegate, MeterRegistry registry) {
            this.delegate = delegate;
            this.registry = registry;
            this.name = delegate.config().name();
            this.searches = Counter.builder("headroom.search.searches").tag("index", name)
                    .description("searches that returned a page").register(registry);
            this.upserts = writes("upsert");
            this.deletes = writes("delete");
            this.refreshes = writes("refresh");
            this.latency = Timer.builder("headroom.search.latency").tag("index", name)
                    .description("latency of searches that returned a page").register(registry);
        }

        private Counter writes(String op) {
            return Counter.builder("headroom.search.writes").tag("index", name).tag("op", op)
                    .description("writes that completed").register(registry);
        }

        private void failed(String op, Throwable failure) {
            Throwable t = Futures.unwrap(failure);
            Counter.builder("headroom.search.failures").tag("index", name).tag("op", op)
                    .tag("exception", t.getClass().getSimpleName()).description("calls that failed")
                    .register(registry).increment();
        }

        // counts a call that throws as well as one whose stage fails
        private <R> CompletionStage<R> observe(String op, Counter done, Supplier<CompletionStage<R>> call) {
            CompletionStage<R> stage;
            try {
                stage = call.get();
            } catch (RuntimeException e) {
                failed(op, e);
                throw e;
            }
            return stage.whenComplete((v, t) -> {
                if (t == null) {
                    done.increment();
                } else {
                    failed(op, t);
                }
            });
        }

        @Override
        public void upsert(T value) {
            Futures.join(upsertAsync(value));
        }

        @Override
        public CompletionStage<Void> upsertAsync(T value) {
            return observe("upsert", upserts, () -> delegate.upsertAsync(value));
        }

        @Override
        public void delete(String id) {
            Futures.join(deleteAsync(id));
        }

        @Override
        public CompletionStage<Void> deleteAsync(String id) {
            return observe("delete", deletes, () -> delegate.deleteAsync(id));
        }

        @Override
        public void refresh() {
            Futures.join(refreshAsync());
        }

        @Override
        public CompletionStage<Void> refreshAsync() {
            return observe("refresh", refreshes, delegate::refreshAsync);
        }

        @Override
        public SearchPage search(SearchQuery query) {
            return Futures.join(searchAsync(query));
        }

        @Override
        public CompletionStage<SearchPage> searchAsync(SearchQuery query) {
            Timer.Sample sample = Timer.start(registry);
            return observe("search", searches, () -> delegate.searchAsync(query)).whenComplete((p, t) -> {
                if (t == null) {
                    sample.stop(latency);
                }
            });
        }

        @Override
        public SearchConfig config() {
            return delegate.config();
        }

        @Override
        public java.util.Set<SearchFeature> capabilities() {
            return delegate.capabilities();
        }

        @Override
        public SearchQuery validate(SearchQuery query) {
            return delegate.validate(query);
        }

        @Override
        public SearchIndex<T> unwrap() {
            return delegate;
        }

        @Override
        public void close() {
            delegate.close();
        }

        @Override
        public String toString() {
            return "Metered" + delegate;
        }
    }
}
