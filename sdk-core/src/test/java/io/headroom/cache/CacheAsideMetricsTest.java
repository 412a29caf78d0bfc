package io.headroom.cache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.headroom.spi.BackendCallObserver;
import io.headroom.spi.ObservableBackend;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.Collection;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

class CacheAsideMetricsTest {

    @Test
    void metersFollowTheStats() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        CacheAside<String, String> cache = CacheAsideMetrics.bind(
                CacheAside.inMemory(CacheConfig.named("profile").codec(Codec.string()).build()), registry);
        cache.get("a", k -> "1");
        cache.get("a", k -> "1");
        try {
            cache.get("b", k -> {
                throw new IllegalStateException("down");
            });
        } catch (CacheLoadException expected) {
            // counted below
        }
        assertThat(registry.get("headroom.cache.requests").tag("cache", "profile").tag("result", "l1_hit")
                .functionCounter().count()).isEqualTo(1);
        assertThat(registry.get("headroom.cache.requests").tag("result", "miss").functionCounter().count())
                .isEqualTo(2);
        assertThat(registry.get("headroom.cache.loads").tag("result", "failure").functionCounter().count())
                .isEqualTo(1);
        assertThat(registry.get("headroom.cache.hit.ratio").gauge().value()).isEqualTo(1.0 / 3);
        assertThat(registry.find("headroom.cache.backend.calls").timer())
                .as("the embedded cache makes no backend calls").isNull();
        assertThatThrownBy(() -> CacheAsideMetrics.bind(null, registry)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> CacheAsideMetrics.bind(cache, null)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aCacheWithABackendGetsATimerThatRecordsEachCall() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        RemoteLike cache = CacheAsideMetrics.bind(new RemoteLike(), registry);
        assertThat(cache.get("a", k -> "1")).isEqualTo("1");
        cache.observer.record(TimeUnit.MILLISECONDS.toNanos(3), null);
        cache.observer.record(TimeUnit.MILLISECONDS.toNanos(5), new IllegalStateException("timeout"));
        Timer success = registry.get("headroom.cache.backend.calls").tag("cache", "remote")
                .tag("result", "success").timer();
        Timer failure = registry.get("headroom.cache.backend.calls").tag("cache", "remote")
                .tag("result", "failure").timer();
        assertThat(success.count()).isEqualTo(1);
        assertThat(success.totalTime(TimeUnit.MILLISECONDS)).isEqualTo(3.0);
        assertThat(failure.count()).isEqualTo(1);
        assertThat(failure.totalTime(TimeUnit.MILLISECONDS)).isEqualTo(5.0);
    }

    /** A cache that calls a backend, as the Redis cache does: it reports each call to its observer. */
    static final class RemoteLike implements CacheAside<String, String>, ObservableBackend {
        private final CacheAside<String, String> local =
                CacheAside.inMemory(CacheConfig.named("remote").codec(Codec.string()).build());
        volatile BackendCallObserver observer = BackendCallObserver.NONE;

        @Override
        public void observeBackendCalls(BackendCallObserver observer) {
            this.observer = observer;
        }

        @Override
        public @Nullable String get(String key, Function<? super String, ? extends @Nullable String> loader) {
            return local.get(key, loader);
        }

        @Override
        public CompletionStage<@Nullable String> getAsync(String key,
                Function<? super String, ? extends CompletionStage<? extends @Nullable String>> loader) {
            return local.getAsync(key, loader);
        }

        @Override
        public Map<String, String> getAll(Collection<? extends String> keys,
                Function<? super Set<String>, ? extends Map<? extends String, ? extends String>> bulkLoader) {
            return local.getAll(keys, bulkLoader);
        }

        @Override
        public CompletionStage<Map<String, String>> getAllAsync(Collection<? extends String> keys,
                Function<? super Set<String>,
                        ? extends CompletionStage<? extends Map<? extends String, ? extends String>>> bulkLoader) {
            return local.getAllAsync(keys, bulkLoader);
        }

        @Override
        public void invalidate(String key) {
            local.invalidate(key);
        }

        @Override
        public CompletionStage<Void> invalidateAsync(String key) {
            return local.invalidateAsync(key);
        }

        @Override
        public void invalidateAll(Collection<? extends String> keys) {
            local.invalidateAll(keys);
        }

        @Override
        public CompletionStage<Void> invalidateAllAsync(Collection<? extends String> keys) {
            return local.invalidateAllAsync(keys);
        }

        @Override
        public void invalidateAll() {
            local.invalidateAll();
        }

        @Override
        public CompletionStage<Void> invalidateAllAsync() {
            return local.invalidateAllAsync();
        }

        @Override
        public CacheStats stats() {
            return local.stats();
        }

        @Override
        public CacheConfig<String> config() {
            return local.config();
        }

        @Override
        public void close() {
            local.close();
        }
    }
}
