package io.headroom.cache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.headroom.Ticker;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

class CaffeineCacheAsideTest {

    private final AtomicLong now = new AtomicLong();
    private final Ticker ticker = now::get;

    @Test
    void blockingLoadersRunOnTheCallingThread() {
        CacheAside<String, String> cache = CacheAside.inMemory(CacheConfig.named("t").codec(Codec.string()).build());
        AtomicReference<Thread> ran = new AtomicReference<>();
        cache.get("k", k -> {
            ran.set(Thread.currentThread());
            return "v";
        });
        assertThat(ran.get()).isSameAs(Thread.currentThread());
        cache.getAll(List.of("x"), keys -> {
            ran.set(null);
            return Map.of("x", "y");
        });
        assertThat(ran.get()).isNull();
    }

    @Test
    void aNullStageFromAnAsyncLoaderIsALoadFailure() {
        CacheAside<String, String> cache = CacheAside.inMemory(CacheConfig.named("t").codec(Codec.string()).build());
        assertThatThrownBy(() -> cache.getAsync("k", k -> null).toCompletableFuture().join())
                .hasCauseInstanceOf(CacheLoadException.class).hasMessageContaining("null stage");
        assertThatThrownBy(() -> cache.getAll(List.of("k"), keys -> null))
                .isInstanceOf(CacheLoadException.class).hasMessageContaining("null map");
    }

    @Test
    void aCodecThatCannotEncodeFailsTheLoadWithTheKey() {
        Codec<String> broken = new Codec<>() {
            @Override
            public byte[] encode(String value) {
                throw new CacheCodecException("no", null);
            }

            @Override
            public String decode(byte[] bytes) {
                return "";
            }
        };
        CacheAside<String, String> cache = CacheAside.inMemory(CacheConfig.named("t").codec(broken).build());
        assertThatThrownBy(() -> cache.get("k", k -> "v")).isInstanceOf(CacheLoadException.class)
                .hasCauseInstanceOf(CacheCodecException.class)
                .satisfies(e -> assertThat(((CacheLoadException) e).key()).isEqualTo("k"));
    }

    @Property(tries = 50)
    void nonStringKeysAreIdentifiedByTheirStringForm(@ForAll @IntRange(min = 0, max = 1000) int id) {
        CacheAside<Integer, String> cache = CacheAside.inMemory(CacheConfig.named("t").codec(Codec.string()).build(),
                ticker);
        assertThat(cache.get(id, k -> "user " + k)).isEqualTo("user " + id);
        assertThat(cache.get(id, k -> "other")).isEqualTo("user " + id);
        cache.invalidate(id);
        assertThat(cache.get(id, k -> "other")).isEqualTo("other");
    }

    @Test
    void theL1IsBoundedByMaximumSize() {
        CaffeineCacheAside<String, String> cache = CaffeineCacheAside.create(
                CacheConfig.named("t").codec(Codec.string()).maximumSize(10).build(), ticker, null);
        for (int i = 0; i < 1000; i++) {
            cache.get("k" + i, k -> k);
        }
        CompletableFuture.runAsync(() -> { }).join();
        cache.get("k0", k -> k); // runs pending maintenance
        assertThat(cache.estimatedL1Size()).isLessThanOrEqualTo(50);
        assertThat(cache.toString()).contains("t");
    }
}
