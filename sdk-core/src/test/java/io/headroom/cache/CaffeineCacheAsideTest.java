package io.headroom.cache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.headroom.ClosedException;
import io.headroom.Ticker;
import io.headroom.spi.CacheTier;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
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
        assertThat(cache.getAsync(id, k -> CompletableFuture.completedFuture("other")).toCompletableFuture().join())
                .isEqualTo("user " + id);
        assertThat(cache.stats().l1Hits()).isEqualTo(2);
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

    @Test
    void aFreshHitReadsTheTickerOnceWhateverTheJitterAndSoftTtl() {
        AtomicInteger reads = new AtomicInteger();
        Ticker counting = () -> {
            reads.incrementAndGet();
            return now.get();
        };
        CacheAside<String, String> cache = CacheAside.inMemory(CacheConfig.named("t").codec(Codec.string())
                .ttl(Duration.ofHours(1)).softTtl(Duration.ofMinutes(30)).jitter(0.5).build(), counting);
        cache.get("k", k -> "v");
        reads.set(0);
        for (int i = 0; i < 100; i++) {
            assertThat(cache.get("k", k -> "other")).isEqualTo("v");
        }
        assertThat(reads.get()).isEqualTo(100);
        assertThat(cache.stats().l1Hits()).isEqualTo(100);
    }

    @Test
    void theInProcessTierKeepsAnEntryUntilItsOwnHardDeadlineAndCleansUpLater() {
        CacheConfig<String> config = CacheConfig.named("t").codec(Codec.string()).ttl(Duration.ofMinutes(1))
                .jitter(0.5).build();
        LocalTier<String> l1 = new LocalTier<>(config, ticker, null, new CacheCounters());
        Load load = new Load(0);
        assertThat(l1.putIfAbsent("k", load)).isNull();
        Entry e = l1.entryFor("v", 0, 0).entry();
        assertThat(l1.replace("k", load, e)).isTrue();
        assertThat(e.hardAt - e.insertedAt).isBetween(Duration.ofSeconds(30).toNanos(), Duration.ofSeconds(90).toNanos());
        now.addAndGet(e.hardAt - e.insertedAt - 1);
        l1.entryFor("w", 0, 0); // another write moves Caffeine's clock
        assertThat(l1.getIfPresent("k")).as("Caffeine keeps it up to its deadline").isSameAs(e);
        assertThat(l1.usable(e, 0, now.get())).isTrue();
        now.incrementAndGet();
        assertThat(l1.usable(e, 0, now.get())).as("the entry's own deadline decides").isFalse();
        now.set(Duration.ofMinutes(10).plusSeconds(2).toNanos());
        l1.entryFor("w", 0, 0);
        assertThat(l1.getIfPresent("k")).as("past its horizon (at least 10 min) Caffeine drops it").isNull();
    }

    @Test
    void aReadAfterInvalidateAllNeverJoinsALoadThatBeganBeforeIt() throws Exception {
        CacheAside<String, String> cache = CacheAside.inMemory(CacheConfig.named("t").codec(Codec.string()).build(),
                ticker);
        CountDownLatch loading = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        ExecutorService pool = Executors.newSingleThreadExecutor();
        try {
            Future<String> slow = pool.submit(() -> cache.get("k", k -> {
                loading.countDown();
                await(release);
                return "old";
            }));
            assertThat(loading.await(10, TimeUnit.SECONDS)).isTrue();
            cache.invalidateAll();
            assertThat(cache.get("k", k -> "new")).as("not joined to the older load").isEqualTo("new");
            release.countDown();
            assertThat(slow.get(10, TimeUnit.SECONDS)).isEqualTo("old");
            assertThat(cache.get("k", k -> "newer")).isEqualTo("new");
        } finally {
            release.countDown();
            pool.shutdownNow();
        }
    }

    @Test
    void aReadJoiningALoadInFlightCountsAsAnL1HitAndLoadsNothing() throws Exception {
        CacheAside<String, String> cache = CacheAside.inMemory(CacheConfig.named("t").codec(Codec.string()).build(),
                ticker);
        CompletableFuture<String> source = new CompletableFuture<>();
        CompletionStageHolder first = new CompletionStageHolder(cache.getAsync("k", k -> source));
        CompletionStageHolder second = new CompletionStageHolder(cache.getAsync("k", k -> {
            throw new AssertionError("joined, not loaded");
        }));
        source.complete("v");
        assertThat(first.join()).isEqualTo("v");
        assertThat(second.join()).isEqualTo("v");
        assertThat(cache.stats().misses()).isEqualTo(1);
        assertThat(cache.stats().l1Hits()).isEqualTo(1);
        assertThat(cache.stats().loads()).isEqualTo(1);
    }

    @Test
    void closeClosesTheTierOnceEmptiesL1AndRefusesLaterCalls() {
        StubTier tier = new StubTier();
        CaffeineCacheAside<String, String> cache = CaffeineCacheAside.create(
                CacheConfig.named("tiered").codec(Codec.string()).build(), ticker, tier);
        assertThat(cache.get("k", k -> "v")).isEqualTo("v");
        assertThat(tier.writes.get()).isEqualTo(1);
        assertThat(cache.estimatedL1Size()).isEqualTo(1);
        cache.close();
        cache.close();
        assertThat(tier.closes.get()).isEqualTo(1);
        assertThat(cache.estimatedL1Size()).isZero();
        assertThatThrownBy(() -> cache.get("k", k -> "v")).isInstanceOf(ClosedException.class)
                .hasMessage("cache 'tiered' is closed");
        assertThat(cache.toString()).contains("closed");
        assertThat(cache.stats().loads()).isEqualTo(1);
    }

    private static void await(CountDownLatch latch) {
        try {
            assertThat(latch.await(10, TimeUnit.SECONDS)).isTrue();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** Waits for a stage of the cache. */
    record CompletionStageHolder(java.util.concurrent.CompletionStage<String> stage) {
        String join() {
            return stage.toCompletableFuture().join();
        }
    }

    /** A remote tier that leases every key and accepts every write; counts writes and closes. */
    static final class StubTier implements CacheTier {
        final AtomicInteger writes = new AtomicInteger();
        final AtomicInteger closes = new AtomicInteger();
        final AtomicLong generation = new AtomicLong();

        @Override
        public void listen(Listener listener) {
        }

        @Override
        public long generation() {
            return generation.get();
        }

        @Override
        public CompletableFuture<Long> currentGeneration() {
            return CompletableFuture.completedFuture(generation.get());
        }

        @Override
        public boolean l1Trusted() {
            return true;
        }

        @Override
        public long untrustedL1Nanos() {
            return TimeUnit.SECONDS.toNanos(1);
        }

        @Override
        public Duration leaseTime() {
            return Duration.ofSeconds(1);
        }

        @Override
        public CompletableFuture<Lookup> lookup(String key, long g) {
            return CompletableFuture.completedFuture(new Lookup(Kind.LEASED, null, 0, 0, 0, "token"));
        }

        @Override
        public CompletableFuture<Lookup> lookupForRefresh(String key, long g, long hardRemainingNanos) {
            return lookup(key, g);
        }

        @Override
        public CompletableFuture<Boolean> write(String key, long g, String token, byte[] payload, long softNanos,
                                                long hardNanos, long loadNanos) {
            writes.incrementAndGet();
            return CompletableFuture.completedFuture(true);
        }

        @Override
        public CompletableFuture<Void> release(String key, long g, String token) {
            return CompletableFuture.completedFuture(null);
        }

        @Override
        public CompletableFuture<Void> invalidate(Collection<String> keys, long g) {
            return CompletableFuture.completedFuture(null);
        }

        @Override
        public CompletableFuture<Long> bumpGeneration() {
            return CompletableFuture.completedFuture(generation.incrementAndGet());
        }

        @Override
        public void close() {
            closes.incrementAndGet();
        }
    }
}
