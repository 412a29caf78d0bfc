package io.headroom.page;

import io.headroom.internal.Arguments;
import io.headroom.internal.BackendTimers;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.concurrent.CompletionStage;

/**
 * Micrometer instrumentation for any {@link Paginator}; usable only when Micrometer is on the class path (it is
 * an optional dependency of sdk-core, and nothing else in Headroom loads this class).
 *
 * <p>Meters, tagged {@code paginator=<config name>}: counter {@code headroom.page.pages} (pages served), counter
 * {@code headroom.page.items} (items on those pages), and, for a remote paginator (Redis, Firestore), Timer
 * {@code headroom.page.backend.calls} with {@code result=success|failure} around every backend call (one per
 * page read, put or remove). A request rejected before any I/O (bad cursor, bad size) and a failed page count
 * as no page served. Paginators keep no statistics of their own, so {@link #bind} returns a counting view.
 */
public final class PaginatorMetrics {

    private PaginatorMetrics() {
    }

    /**
     * Returns a paginator that serves the same pages as {@code paginator} and counts them in {@code registry};
     * for a remote paginator it also starts timing its backend calls (views of one remote collection made with
     * {@code withConfig} share one backend: the last one bound feeds the timer).
     *
     * @param paginator the paginator to observe
     * @param registry where the meters go
     * @param <T> the item type
     * @return the instrumented paginator, to use from now on; thread-safe like the one it wraps
     * @throws IllegalArgumentException when an argument is {@code null}
     */
    public static <T> Paginator<T> bind(Paginator<T> paginator, MeterRegistry registry) {
        Arguments.notNull(paginator, "paginator");
        Arguments.notNull(registry, "registry");
        String name = paginator.config().name();
        BackendTimers.bind(paginator, registry, "page", "paginator", name);
        Counter pages = Counter.builder("headroom.page.pages").tag("paginator", name)
                .description("pages served").register(registry);
        Counter items = Counter.builder("headroom.page.items").tag("paginator", name)
                .description("items on the pages served").register(registry);
        return new Metered<>(paginator, pages, items);
    }

    /** Counts pages and items, delegates everything else. */
    private static final class Metered<T> implements Paginator<T> {
        private final Paginator<T> delegate;
        private final Counter pages;
        private final Counter items;

        Metered(Paginator<T> delegate, Counter pages, Counter items) {
            this.delegate = delegate;
            this.pages = pages;
            this.items = items;
        }

        private Page<T> count(Page<T> page) {
            pages.increment();
            items.increment(page.items().size());
            return page;
        }

        @Override
        public Page<T> page(PageRequest request) {
            return count(delegate.page(request));
        }

        @Override
        public CompletionStage<Page<T>> pageAsync(PageRequest request) {
            return delegate.pageAsync(request).thenApply(this::count);
        }

        @Override
        public PaginatorConfig config() {
            return delegate.config();
        }

        @Override
        public String toString() {
            return "Metered" + delegate;
        }
    }
}
