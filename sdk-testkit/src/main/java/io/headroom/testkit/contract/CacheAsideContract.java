package io.headroom.testkit.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.headroom.ClosedException;
import io.headroom.Ticker;
import io.headroom.cache.CacheAside;
import io.headroom.cache.CacheConfig;
import io.headroom.cache.CacheLoadException;
import io.headroom.cache.CacheStats;
import io.headroom.cache.Codec;
import io.headroom.testkit.ManualTicker;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

/**
 * The contract every {@link CacheAside} backend must pass, unchanged: extend it, implement
 * {@link #create(String, CacheConfig, Ticker)}, and run it with the jqwik engine.
 *
 * <p>Instances created with the same namespace share state when the backend is shared (Redis): then
 * {@link #instances()} says how many of them the contract uses side by side, as separate application instances
 * would. It checks: read-your-invalidation across instances (per key and namespace-wide); exactly one load for
 * concurrent misses across instances; TTL and jitter bounds; negative caching; soft/hard TTL with
 * stale-while-revalidate and stale-if-error; typed, uncached loader failures; bulk loads of only the missing keys in
 * one call; oversize values; statistics; clear exceptions for bad input; and {@link ClosedException} for every call
 * after {@link CacheAside#close()}. Time is driven by a
 * {@link ManualTicker} that the backend must use for every expiry decision.
 */
public abstract class CacheAsideContract {

    /**
     * Creates one cache instance. Instances of one namespace must share the backend's state (if it has any to
     * share); different namespaces must never see each other's keys.
     *
     * @param namespace a fresh, unique namespace per test (or property try)
     * @param config the configuration (String values with {@link Codec#string()})
     * @param ticker the only time source the cache may use
     * @return the cache
     */
    protected abstract CacheAside<String, String> create(String namespace, CacheConfig<String> config, Ticker ticker);

    /**
     * How many instances of one namespace share state: 1 for embedded caches, more for shared backends.
     *
     * @return the number of instances the contract uses side by side
     */
    protected int instances() {
        return 1;
    }

    /**
     * Waits until every invalidation published so far in {@code namespace} reached every instance (for backends
     * that fan invalidations out asynchronously). Default: nothing to wait for.
     *
     * @param namespace the namespace
     * @param config the configuration of the caches
     */
    protected void awaitPropagation(String namespace, CacheConfig<String> config) {
    }

    // ------------------------------------------------------------------ helpers

    private static CacheConfig.Builder<String> config() {
        return CacheConfig.named("contract").codec(Codec.string()).ttl(Duration.ofHours(1)).jitter(0);
    }

    private List<CacheAside<String, String>> cluster(String ns, CacheConfig<String> config, Ticker ticker) {
        List<CacheAside<String, String>> caches = new ArrayList<>();
        for (int i = 0; i < instances(); i++) {
            caches.add(create(ns, config, ticker));
        }
        return caches;
    }

    private static String ns() {
        return UUID.randomUUID().toString();
    }

    /** A data source whose values carry a version: {@code key@version}. Counts loads. */
    static final class Source {
        final Map<String, Integer> versions = new ConcurrentHashMap<>();
        final AtomicInteger loads = new AtomicInteger();
        final AtomicInteger bulkLoads = new AtomicInteger();
        final List<Set<String>> bulkRequests = new CopyOnWriteArrayList<>();
        volatile boolean failing;
        volatile boolean absent;

        String load(String key) {
            loads.incrementAndGet();
            if (failing) {
                throw new IllegalStateException("source down for " + key);
            }
            return absent ? null : key + "@" + versions.getOrDefault(key, 0);
        }

        Map<String, String> loadAll(Set<String> keys) {
            bulkLoads.incrementAndGet();
            bulkRequests.add(Set.copyOf(keys));
            Map<String, String> m = new HashMap<>();
            for (String k : keys) {
                if (!k.startsWith("missing")) {
                    m.put(k, k + "@" + versions.getOrDefault(k, 0));
                }
            }
            return m;
        }

        int bump(String key) {
            return versions.merge(key, 1, Integer::sum);
        }

        int version(String key) {
            return versions.getOrDefault(key, 0);
        }
    }

    private static int versionOf(String value) {
        return Integer.parseInt(value.substring(value.indexOf('@') + 1));
    }

    private static void eventually(BooleanSupplier condition, String what) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError("not within 20 s: " + what);
            }
            try {
                Thread.sleep(5);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }

    // ------------------------------------------------------------------ read your invalidation

    /** One step of a random history over a few keys and instances. */
    record Op(int kind, int instance, int key) {
        @Override
        public String toString() {
            return (kind == 0 ? "get" : kind == 1 ? "update+invalidate" : kind == 2 ? "updateAll+invalidateAll"
                    : "getAll") + "(instance " + instance + ", key k" + key + ")";
        }
    }

    @Provide
    Arbitrary<List<Op>> histories() {
        Arbitrary<Op> op = Combinators.combine(Arbitraries.frequency(
                        net.jqwik.api.Tuple.of(6, 0), net.jqwik.api.Tuple.of(3, 1), net.jqwik.api.Tuple.of(1, 2),
                        net.jqwik.api.Tuple.of(2, 3)),
                Arbitraries.integers().between(0, 3), Arbitraries.integers().between(0, 3)).as(Op::new);
        return op.list().ofMinSize(1).ofMaxSize(25);
    }

    @Property(tries = 25)
    void noReadReturnsAValueLoadedBeforeAnInvalidationThatReturned(@ForAll("histories") List<Op> history) {
        String ns = ns();
        CacheConfig<String> config = config().build();
        List<CacheAside<String, String>> caches = cluster(ns, config, new ManualTicker());
        Source source = new Source();
        Map<String, Integer> invalidatedAt = new HashMap<>();
        for (Op op : history) {
            CacheAside<String, String> cache = caches.get(op.instance() % caches.size());
            String key = "k" + op.key();
            switch (op.kind()) {
                case 0 -> {
                    String v = cache.get(key, source::load);
                    assertThat(versionOf(v)).as("%s after %s", op, invalidatedAt)
                            .isGreaterThanOrEqualTo(invalidatedAt.getOrDefault(key, 0))
                            .isLessThanOrEqualTo(source.version(key));
                }
                case 1 -> {
                    invalidatedAt.put(key, source.bump(key));
                    cache.invalidate(key);
                    awaitPropagation(ns, config);
                }
                case 2 -> {
                    for (int k = 0; k < 4; k++) {
                        invalidatedAt.put("k" + k, source.bump("k" + k));
                    }
                    cache.invalidateAll();
                    awaitPropagation(ns, config);
                }
                default -> {
                    Map<String, String> all = cache.getAll(List.of("k0", "k1", "k2", "k3"), source::loadAll);
                    assertThat(all).hasSize(4);
                    all.forEach((k, v) -> assertThat(versionOf(v)).as("getAll %s of %s", k, op)
                            .isGreaterThanOrEqualTo(invalidatedAt.getOrDefault(k, 0)));
                }
            }
        }
    }

    @Example
    void aLoadThatBeganBeforeAnInvalidationNeverStoresItsValue() throws Exception {
        String ns = ns();
        CacheConfig<String> config = config().build();
        List<CacheAside<String, String>> caches = cluster(ns, config, new ManualTicker());
        CacheAside<String, String> first = caches.get(0);
        CacheAside<String, String> last = caches.get(caches.size() - 1);
        CountDownLatch loading = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        AtomicInteger version = new AtomicInteger(1);
        ExecutorService pool = Executors.newSingleThreadExecutor();
        try {
            Future<String> slow = pool.submit(() -> first.get("k", k -> {
                String v = "k@" + version.get();
                loading.countDown();
                await(release);
                return v;
            }));
            assertThat(loading.await(20, TimeUnit.SECONDS)).isTrue();
            version.set(2);
            last.invalidate("k");
            awaitPropagation(ns, config);
            release.countDown();
            assertThat(slow.get(20, TimeUnit.SECONDS)).as("the slow read began first").isEqualTo("k@1");
            for (CacheAside<String, String> c : caches) {
                assertThat(c.get("k", k -> "k@" + version.get())).as("after the invalidation returned").isEqualTo("k@2");
            }
        } finally {
            release.countDown();
            pool.shutdownNow();
        }
    }

    private static void await(CountDownLatch latch) {
        try {
            if (!latch.await(20, TimeUnit.SECONDS)) {
                throw new IllegalStateException("latch timed out");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    // ------------------------------------------------------------------ single flight

    @Property(tries = 6)
    void concurrentMissesAcrossInstancesLoadOnce(@ForAll @IntRange(min = 2, max = 24) int readers,
                                                 @ForAll boolean async) throws Exception {
        String ns = ns();
        List<CacheAside<String, String>> caches = cluster(ns, config().build(), new ManualTicker());
        AtomicInteger loads = new AtomicInteger();
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(readers);
        try {
            List<Future<String>> results = new ArrayList<>();
            for (int i = 0; i < readers; i++) {
                CacheAside<String, String> cache = caches.get(i % caches.size());
                results.add(pool.submit(() -> {
                    await(start);
                    Function<String, String> slowLoad = k -> {
                        loads.incrementAndGet();
                        sleep(100); // widen the window in which the other readers miss too
                        return k + "@0";
                    };
                    return async ? cache.getAsync("hot", k -> java.util.concurrent.CompletableFuture
                                    .supplyAsync(() -> slowLoad.apply(k))).toCompletableFuture().join()
                            : cache.get("hot", slowLoad);
                }));
            }
            start.countDown();
            for (Future<String> r : results) {
                assertThat(r.get(30, TimeUnit.SECONDS)).isEqualTo("hot@0");
            }
            assertThat(loads.get()).as("%d concurrent misses over %d instances", readers, caches.size()).isEqualTo(1);
        } finally {
            pool.shutdownNow();
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    // ------------------------------------------------------------------ time to live

    @Property(tries = 25)
    void valuesLiveBetweenTheJitterBoundsOfTheirTtl(@ForAll @IntRange(min = 1, max = 7_200) int ttlSeconds,
                                                    @ForAll @IntRange(min = 0, max = 50) int jitterPercent) {
        ManualTicker ticker = new ManualTicker(1_000_000_000L);
        double jitter = jitterPercent / 100.0;
        CacheConfig<String> config = config().ttl(Duration.ofSeconds(ttlSeconds)).jitter(jitter).build();
        List<CacheAside<String, String>> caches = cluster(ns(), config, ticker);
        Source source = new Source();
        caches.get(0).get("k", source::load);
        long ttlNanos = TimeUnit.SECONDS.toNanos(ttlSeconds);
        long lower = (long) (ttlNanos * (1 - jitter)) - TimeUnit.MILLISECONDS.toNanos(1);
        long upper = (long) Math.ceil(ttlNanos * (1 + jitter)) + TimeUnit.MILLISECONDS.toNanos(1);
        ticker.advance(lower);
        for (CacheAside<String, String> c : caches) {
            c.get("k", source::load);
        }
        assertThat(source.loads.get()).as("still cached just before ttl * (1 - jitter)").isEqualTo(1);
        ticker.advance(upper - lower);
        for (CacheAside<String, String> c : caches) {
            c.get("k", source::load);
        }
        assertThat(source.loads.get()).as("expired just after ttl * (1 + jitter)").isEqualTo(2);
    }

    @Example
    void jitterSpreadsTheExpiryOfKeysWrittenTogether() {
        ManualTicker ticker = new ManualTicker();
        CacheConfig<String> config = config().ttl(Duration.ofMinutes(10)).jitter(0.1).build();
        CacheAside<String, String> cache = create(ns(), config, ticker);
        Source source = new Source();
        for (int i = 0; i < 100; i++) {
            cache.get("k" + i, source::load);
        }
        ticker.advance(Duration.ofMinutes(10));
        for (int i = 0; i < 100; i++) {
            cache.get("k" + i, source::load);
        }
        assertThat(source.loads.get()).as("about half the keys expired at exactly the TTL").isBetween(110, 190);
    }

    @Example
    void jitterIsOnByDefault() {
        assertThat(CacheConfig.named("x").build().jitter()).isEqualTo(0.1);
    }

    @Example
    void notFoundIsCachedForTheNegativeTtlOnly() {
        ManualTicker ticker = new ManualTicker();
        CacheConfig<String> config = config().negativeTtl(Duration.ofSeconds(30)).build();
        List<CacheAside<String, String>> caches = cluster(ns(), config, ticker);
        Source source = new Source();
        source.absent = true;
        for (CacheAside<String, String> c : caches) {
            assertThat(c.get("gone", source::load)).isNull();
            assertThat(c.get("gone", source::load)).isNull();
        }
        assertThat(source.loads.get()).isEqualTo(1);
        assertThat(caches.get(0).stats().negativeHits()).isPositive();
        ticker.advance(Duration.ofSeconds(30).plusMillis(1));
        assertThat(caches.get(0).get("gone", source::load)).isNull();
        assertThat(source.loads.get()).isEqualTo(2);
    }

    @Example
    void withoutNegativeTtlNotFoundIsNotCached() {
        CacheAside<String, String> cache = create(ns(), config().build(), new ManualTicker());
        Source source = new Source();
        source.absent = true;
        assertThat(cache.get("gone", source::load)).isNull();
        assertThat(cache.getAsync("gone", k -> java.util.concurrent.CompletableFuture.completedFuture(null))
                .toCompletableFuture().join()).isNull();
        assertThat(cache.get("gone", source::load)).isNull();
        assertThat(source.loads.get()).isEqualTo(2);
    }

    @Example
    void afterTheSoftTtlTheStaleValueIsServedAndRefreshedOnceInTheBackground() {
        ManualTicker ticker = new ManualTicker();
        CacheConfig<String> config = config().softTtl(Duration.ofMinutes(1)).ttl(Duration.ofMinutes(10)).build();
        List<CacheAside<String, String>> caches = cluster(ns(), config, ticker);
        CacheAside<String, String> cache = caches.get(0);
        Source source = new Source();
        assertThat(cache.get("k", source::load)).isEqualTo("k@0");
        source.bump("k");
        ticker.advance(Duration.ofMinutes(1).plusMillis(1));
        assertThat(cache.get("k", source::load)).as("stale, served at once").isEqualTo("k@0");
        eventually(() -> source.loads.get() == 2, "one background refresh");
        eventually(() -> "k@1".equals(cache.get("k", source::load)), "the refreshed value is served");
        for (CacheAside<String, String> c : caches) {
            assertThat(c.get("k", source::load)).isIn("k@0", "k@1");
        }
        assertThat(source.loads.get()).as("one refresh for the stale key").isLessThanOrEqualTo(1 + caches.size());
        assertThat(cache.stats().staleServed()).isPositive();
        assertThat(cache.stats().refreshes()).isPositive();
    }

    @Example
    void betweenSoftAndHardTtlAFailingLoaderIsAnsweredWithTheStaleValue() {
        ManualTicker ticker = new ManualTicker();
        CacheConfig<String> config = config().softTtl(Duration.ofMinutes(1)).ttl(Duration.ofMinutes(10)).build();
        CacheAside<String, String> cache = create(ns(), config, ticker);
        Source source = new Source();
        assertThat(cache.get("k", source::load)).isEqualTo("k@0");
        source.failing = true;
        ticker.advance(Duration.ofMinutes(2));
        assertThat(cache.get("k", source::load)).isEqualTo("k@0");
        eventually(() -> cache.stats().loadFailures() >= 1, "the background refresh failed");
        assertThat(cache.get("k", source::load)).as("stale-if-error").isEqualTo("k@0");
        ticker.advance(Duration.ofMinutes(9));
        assertThatThrownBy(() -> cache.get("k", source::load)).as("past the hard TTL")
                .isInstanceOf(CacheLoadException.class)
                .satisfies(e -> assertThat(((CacheLoadException) e).key()).isEqualTo("k"));
    }

    // ------------------------------------------------------------------ failures

    @Example
    void loaderFailuresAreTypedCarryTheKeyAndAreNotCached() {
        CacheAside<String, String> cache = create(ns(), config().build(), new ManualTicker());
        Source source = new Source();
        source.failing = true;
        assertThatThrownBy(() -> cache.get("user:7", source::load))
                .isInstanceOf(CacheLoadException.class)
                .hasMessageContaining("user:7").hasMessageContaining("contract")
                .hasRootCauseInstanceOf(IllegalStateException.class)
                .satisfies(e -> assertThat(((CacheLoadException) e).key()).isEqualTo("user:7"));
        assertThatThrownBy(() -> cache.getAsync("user:7",
                        k -> java.util.concurrent.CompletableFuture.failedFuture(new IllegalStateException("async")))
                .toCompletableFuture().join())
                .isInstanceOf(CompletionException.class).hasCauseInstanceOf(CacheLoadException.class);
        assertThatThrownBy(() -> cache.getAsync("user:7", k -> {
            throw new IllegalStateException("thrown by the async loader");
        }).toCompletableFuture().join()).hasCauseInstanceOf(CacheLoadException.class);
        source.failing = false;
        assertThat(cache.get("user:7", source::load)).isEqualTo("user:7@0");
        assertThat(source.loads.get()).as("failures were not cached").isEqualTo(2);
        assertThat(cache.stats().loadFailures()).isEqualTo(3);
    }

    // ------------------------------------------------------------------ bulk

    @Example
    void getAllLoadsOnlyTheMissingKeysInOneCall() {
        List<CacheAside<String, String>> caches = cluster(ns(), config().build(), new ManualTicker());
        CacheAside<String, String> cache = caches.get(0);
        Source source = new Source();
        cache.get("a", source::load);
        cache.get("b", source::load);
        Map<String, String> all = cache.getAll(List.of("a", "b", "c", "d", "missing-1", "c"), source::loadAll);
        assertThat(all).containsExactly(Map.entry("a", "a@0"), Map.entry("b", "b@0"), Map.entry("c", "c@0"),
                Map.entry("d", "d@0"));
        assertThat(source.bulkRequests).containsExactly(Set.of("c", "d", "missing-1"));
        assertThatThrownBy(() -> all.put("x", "y")).isInstanceOf(UnsupportedOperationException.class);
        for (CacheAside<String, String> c : caches) {
            assertThat(c.getAll(List.of("a", "b", "c", "d"), source::loadAll)).hasSize(4);
        }
        assertThat(source.bulkLoads.get()).as("everything was cached").isEqualTo(1);
        assertThat(cache.getAllAsync(List.of("d", "e"), keys -> java.util.concurrent.CompletableFuture
                .completedFuture(source.loadAll(keys))).toCompletableFuture().join())
                .containsOnlyKeys("d", "e");
        assertThat(source.bulkRequests.get(1)).isEqualTo(Set.of("e"));
    }

    @Example
    void aFailingBulkLoaderIsTypedAndNotCached() {
        CacheAside<String, String> cache = create(ns(), config().build(), new ManualTicker());
        assertThatThrownBy(() -> cache.getAll(List.of("x", "y"), keys -> {
            throw new IllegalStateException("bulk source down");
        })).isInstanceOf(CacheLoadException.class).hasMessageContaining("x");
        Source source = new Source();
        assertThat(cache.getAll(List.of("x", "y"), source::loadAll)).hasSize(2);
    }

    // ------------------------------------------------------------------ namespace-wide invalidation

    @Example
    void invalidateAllDropsEveryKeyOnEveryInstance() {
        String ns = ns();
        CacheConfig<String> config = config().build();
        List<CacheAside<String, String>> caches = cluster(ns, config, new ManualTicker());
        Source source = new Source();
        for (CacheAside<String, String> c : caches) {
            for (int i = 0; i < 20; i++) {
                c.get("k" + i, source::load);
            }
        }
        assertThat(source.loads.get()).isEqualTo(20);
        for (int i = 0; i < 20; i++) {
            source.bump("k" + i);
        }
        caches.get(caches.size() - 1).invalidateAll();
        awaitPropagation(ns, config);
        for (CacheAside<String, String> c : caches) {
            for (int i = 0; i < 20; i++) {
                assertThat(c.get("k" + i, source::load)).isEqualTo("k" + i + "@1");
            }
        }
        assertThat(source.loads.get()).isEqualTo(40);
    }

    // ------------------------------------------------------------------ size, stats, consistency

    @Example
    void oversizeValuesAreServedButNotCachedAndCounted() {
        CacheConfig<String> config = config().maxValueBytes(16).build();
        CacheAside<String, String> cache = create(ns(), config, new ManualTicker());
        AtomicInteger loads = new AtomicInteger();
        String big = "x".repeat(100);
        for (int i = 0; i < 3; i++) {
            assertThat(cache.get("big", k -> {
                loads.incrementAndGet();
                return big;
            })).isEqualTo(big);
        }
        assertThat(loads.get()).isEqualTo(3);
        assertThat(cache.stats().oversizeSkips()).isEqualTo(3);
        assertThat(cache.get("small", k -> "tiny")).isEqualTo("tiny");
        assertThat(cache.get("small", k -> "other")).isEqualTo("tiny");
    }

    @Example
    void statsCountHitsMissesAndLoads() {
        CacheAside<String, String> cache = create(ns(), config().build(), new ManualTicker());
        Source source = new Source();
        cache.get("a", source::load);
        cache.get("a", source::load);
        cache.getAsync("a", k -> java.util.concurrent.CompletableFuture.completedFuture("unused"))
                .toCompletableFuture().join();
        cache.get("b", source::load);
        CacheStats s = cache.stats();
        assertThat(s.l1Hits()).isEqualTo(2);
        assertThat(s.misses()).isEqualTo(2);
        assertThat(s.loads()).isEqualTo(2);
        assertThat(s.requests()).isEqualTo(4);
        assertThat(s.hitRate()).isEqualTo(0.5);
    }

    @Property(tries = 20)
    void syncAndAsyncFormsAgree(@ForAll("keys") List<String> keys) {
        CacheAside<String, String> cache = create(ns(), config().build(), new ManualTicker());
        Source source = new Source();
        for (String k : keys) {
            String viaSync = cache.get(k, source::load);
            String viaAsync = cache.getAsync(k, key -> java.util.concurrent.CompletableFuture
                    .completedFuture(source.load(key))).toCompletableFuture().join();
            assertThat(viaAsync).isEqualTo(viaSync).isEqualTo(k + "@0");
        }
        Set<String> distinct = new HashSet<>(keys);
        assertThat(source.loads.get()).isEqualTo(distinct.size());
        cache.invalidateAllAsync(keys).toCompletableFuture().join();
        Map<String, String> again = new LinkedHashMap<>(cache.getAll(keys, source::loadAll));
        assertThat(again.keySet()).containsExactlyInAnyOrderElementsOf(distinct);
    }

    @Provide
    Arbitrary<List<String>> keys() {
        return Arbitraries.strings().withChars("abcé{}:-_ 日").ofMinLength(1).ofMaxLength(12).list()
                .ofMinSize(1).ofMaxSize(10);
    }

    // ------------------------------------------------------------------ bad input

    @Example
    void badInputIsRejectedWithClearMessages() {
        CacheAside<String, String> cache = create(ns(), config().build(), new ManualTicker());
        assertThatThrownBy(() -> cache.get(null, k -> "v")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("key must not be null");
        assertThatThrownBy(() -> cache.get("", k -> "v")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("key must not be empty");
        assertThatThrownBy(() -> cache.get("x".repeat(2000), k -> "v")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("key must be at most");
        assertThatThrownBy(() -> cache.get("k", null)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("loader must not be null");
        assertThatThrownBy(() -> cache.getAsync("", k -> null)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> cache.getAll(null, ks -> Map.of())).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("keys must not be null");
        assertThatThrownBy(() -> cache.getAll(java.util.Arrays.asList("a", null), ks -> Map.of()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("key must not be null");
        assertThatThrownBy(() -> cache.invalidate("")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> cache.invalidateAll((List<String>) null)).isInstanceOf(IllegalArgumentException.class);

        assertThatThrownBy(() -> config().ttl(Duration.ZERO).build()).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("ttl must be positive");
        assertThatThrownBy(() -> config().ttl(Duration.ofSeconds(-1)).build())
                .hasMessageContaining("ttl must be positive");
        assertThatThrownBy(() -> config().ttl(Duration.ofMinutes(1)).softTtl(Duration.ofMinutes(2)).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("softTtl must not exceed ttl");
        assertThatThrownBy(() -> config().negativeTtl(Duration.ZERO).build())
                .hasMessageContaining("negativeTtl must be positive");
        assertThatThrownBy(() -> config().jitter(0.7).build()).hasMessageContaining("jitter must be between");
        assertThatThrownBy(() -> config().jitter(Double.NaN).build()).hasMessageContaining("jitter");
        assertThatThrownBy(() -> config().maximumSize(0).build()).hasMessageContaining("maximumSize");
        assertThatThrownBy(() -> config().maxValueBytes(0).build()).hasMessageContaining("maxValueBytes");
        assertThatThrownBy(() -> config().earlyRefresh(-1).build()).hasMessageContaining("earlyRefresh");
        assertThatThrownBy(() -> config().name("bad name!").build()).hasMessageContaining("name must be");
        assertThatThrownBy(() -> config().name(null).build()).hasMessageContaining("name must be 1 to 64").hasMessageContaining("was null");
        assertThatThrownBy(() -> config().outagePolicy(null).build()).hasMessageContaining("outagePolicy");
    }

    // issue 19: Redis' UTF-8 codec wrote every lone surrogate as '?', so one key was served another's value
    @Example
    void keysWithUnpairedSurrogatesAreRejectedAndPairedOnesAreDistinctEntries() {
        CacheAside<String, String> cache = create(ns(), config().build(), new ManualTicker());
        for (String bad : List.of("\uD800", "\uD801", "a\uDC00", "\uDBFFx")) {
            assertThatThrownBy(() -> cache.get(bad, k -> "v")).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("key must be well-formed UTF-16");
            assertThatThrownBy(() -> cache.getAsync(bad, k -> null)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("unpaired");
            assertThatThrownBy(() -> cache.getAll(List.of("ok", bad), ks -> Map.of()))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("well-formed");
            assertThatThrownBy(() -> cache.invalidate(bad)).isInstanceOf(IllegalArgumentException.class);
        }
        for (String key : List.of("?", "\uD83D\uDE00", "\uD83D\uDE01")) {
            assertThat(cache.get(key, k -> "value of " + k)).isEqualTo("value of " + key);
        }
    }

    @Example
    void earlyRefreshKeepsAHotKeyFromMissing() {
        ManualTicker ticker = new ManualTicker();
        // XFetch is random: with beta 1 a hot key still misses the early refresh in ~0.2% of runs (seen once on
        // Redis); beta 3 makes that ~1e-10 while the test still needs a refresh before the hard TTL
        CacheConfig<String> config = config().ttl(Duration.ofMinutes(1)).earlyRefresh(3.0).build();
        CacheAside<String, String> cache = create(ns(), config, ticker);
        AtomicInteger loads = new AtomicInteger();
        Function<String, String> slowLoad = k -> {
            loads.incrementAndGet();
            ticker.advance(Duration.ofSeconds(5)); // this load "takes" 5 s of cache time
            return "v" + loads.get();
        };
        cache.get("hot", slowLoad);
        // read every second up to the TTL: XFetch refreshes before expiry
        for (int s = 0; s < 59 && loads.get() == 1; s++) {
            ticker.advance(Duration.ofSeconds(1));
            assertThat(cache.get("hot", slowLoad)).as("a read before the hard TTL").startsWith("v");
        }
        eventually(() -> loads.get() >= 2, "an early refresh before the hard TTL");
        assertThat(cache.stats().refreshes()).isPositive();
    }

    // ------------------------------------------------------------------ lifecycle

    @Example
    void everyCallAfterCloseThrowsClosedExceptionAndCloseIsIdempotent() {
        CacheAside<String, String> cache = create(ns(), config().build(), new ManualTicker());
        Source source = new Source();
        assertThat(cache.get("k", source::load)).isEqualTo("k@0");
        cache.close();
        cache.close();
        String closed = "cache 'contract' is closed";
        List<String> keys = List.of("k", "j");
        assertThatThrownBy(() -> cache.get("k", source::load)).isInstanceOf(ClosedException.class)
                .hasMessage(closed);
        assertThatThrownBy(() -> cache.getAsync("k", k -> java.util.concurrent.CompletableFuture.completedFuture(
                source.load(k)))).as("thrown, not returned in the stage").isInstanceOf(ClosedException.class)
                .hasMessage(closed);
        assertThatThrownBy(() -> cache.getAll(keys, source::loadAll)).isInstanceOf(ClosedException.class);
        assertThatThrownBy(() -> cache.getAllAsync(keys, ks -> java.util.concurrent.CompletableFuture
                .completedFuture(source.loadAll(ks)))).isInstanceOf(ClosedException.class);
        assertThatThrownBy(() -> cache.invalidate("k")).isInstanceOf(ClosedException.class);
        assertThatThrownBy(() -> cache.invalidateAsync("k")).isInstanceOf(ClosedException.class);
        assertThatThrownBy(() -> cache.invalidateAll(keys)).isInstanceOf(ClosedException.class);
        assertThatThrownBy(() -> cache.invalidateAllAsync(keys)).isInstanceOf(ClosedException.class);
        assertThatThrownBy(cache::invalidateAll).isInstanceOf(ClosedException.class);
        assertThatThrownBy(cache::invalidateAllAsync).isInstanceOf(ClosedException.class);
        assertThat(source.loads.get()).as("no call after close reached the loader").isEqualTo(1);
        assertThat(source.bulkLoads.get()).isZero();
        assertThat(cache.stats().misses()).as("stats still answer").isEqualTo(1);
        assertThat(cache.config().name()).isEqualTo("contract");
        assertThatThrownBy(() -> cache.get("", source::load)).as("bad input is still bad input")
                .isInstanceOf(IllegalArgumentException.class);
    }
}
