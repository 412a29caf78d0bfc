package io.headroom.page;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.headroom.BackendUnavailableException;
import io.headroom.spi.BackendCallObserver;
import io.headroom.spi.ObservableBackend;
import io.headroom.spi.KeysetQuery;
import io.headroom.spi.KeysetSource;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class PaginatorMetricsTest {

    record Item(String id, long score) {
    }

    static final FieldExtractor<Item> FIELDS = FieldExtractor.<Item>builder(Item::id).field("score", Item::score)
            .build();
    static final PageRequest BY_SCORE = PageRequest.builder(Sort.by(SortKey.asc("score"))).size(2).build();

    @Test
    void countsPagesAndItemsOfAnEmbeddedPaginator() {
        InMemoryPageStore<Item> store = InMemoryPageStore.create(FIELDS);
        for (int i = 0; i < 5; i++) {
            store.put(new Item("i" + i, i));
        }
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        Paginator<Item> p = PaginatorMetrics.bind(
                Paginator.inMemory(PaginatorConfig.builder().name("feed").build(), store), registry);
        Page<Item> first = p.page(BY_SCORE);
        Page<Item> second = p.pageAsync(BY_SCORE.next(first)).toCompletableFuture().join();
        p.page(BY_SCORE.next(second));
        assertThatThrownBy(() -> p.page(BY_SCORE.withCursor("garbage"))).isInstanceOf(InvalidCursorException.class);
        assertThat(registry.get("headroom.page.pages").tag("paginator", "feed").counter().count()).isEqualTo(3);
        assertThat(registry.get("headroom.page.items").tag("paginator", "feed").counter().count()).isEqualTo(5);
        assertThat(registry.find("headroom.page.backend.calls").timers()).isEmpty(); // no backend: no timer
        assertThat(p.config().name()).isEqualTo("feed");
    }

    @Test
    void timesTheBackendCallsOfARemotePaginator() {
        Remote remote = new Remote();
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        Paginator<Item> p = PaginatorMetrics.bind(remote, registry);
        assertThat(p.page(BY_SCORE).items()).hasSize(1);
        remote.down = true;
        assertThatThrownBy(() -> p.page(BY_SCORE)).isInstanceOf(BackendUnavailableException.class);
        assertThat(registry.get("headroom.page.backend.calls").tag("paginator", "remote").tag("result", "success")
                .timer().totalTime(TimeUnit.NANOSECONDS)).isEqualTo(3_000);
        assertThat(registry.get("headroom.page.backend.calls").tag("paginator", "remote").tag("result", "failure")
                .timer().count()).isEqualTo(1);
        assertThat(registry.get("headroom.page.pages").tag("paginator", "remote").counter().count()).isEqualTo(1);
    }

    /** A stand-in for a remote paginator: one item, one reported 3 µs backend call per page. */
    private static final class Remote implements Paginator<Item>, ObservableBackend {
        private volatile BackendCallObserver observer = BackendCallObserver.NONE;
        private volatile boolean down;
        private final Paginator<Item> engine = Paginator.keyset(PaginatorConfig.builder().name("remote").build(),
                new KeysetSource<>() {
                    @Override
                    public CompletionStage<List<Item>> fetch(KeysetQuery query) {
                        if (down) {
                            BackendUnavailableException e = new BackendUnavailableException("down", null);
                            observer.record(9_000, e);
                            return CompletableFuture.failedFuture(e);
                        }
                        observer.record(3_000, null);
                        return CompletableFuture.completedFuture(List.of(new Item("only", 1)));
                    }

                    @Override
                    public FieldExtractor<Item> fields() {
                        return FIELDS;
                    }
                });

        @Override
        public Page<Item> page(PageRequest request) {
            return engine.page(request);
        }

        @Override
        public CompletionStage<Page<Item>> pageAsync(PageRequest request) {
            return engine.pageAsync(request);
        }

        @Override
        public PaginatorConfig config() {
            return engine.config();
        }

        @Override
        public void observeBackendCalls(BackendCallObserver observer) {
            this.observer = observer;
        }
    }
}
