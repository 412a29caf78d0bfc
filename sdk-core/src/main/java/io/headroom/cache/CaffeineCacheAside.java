package io.headroom.cache;

import io.headroom.BackendUnavailableException;
import io.headroom.Ticker;
import io.headroom.internal.Arguments;
import io.headroom.internal.Futures;
import io.headroom.spi.CacheTier;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.ForkJoinPool;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * The {@link CacheAside} on a Caffeine {@link com.github.benmanes.caffeine.cache.Cache} in process (L1),
 * optionally over a shared remote tier (L2, a {@link CacheTier} such as Redis). {@link CacheAside#inMemory} is this
 * class without a tier; backend modules create it with theirs.
 *
 * <ul>
 *   <li><b>Single flight:</b> one load per key in L1 coalesces concurrent misses in the process; the tier's
 *       lease coalesces them across processes (waiters poll the tier with backoff for up to
 *       {@link CacheTier#leaseTime()}, then load themselves without writing).</li>
 *   <li><b>No stale set:</b> invalidating a key removes its load in flight, so a load that began before is never
 *       stored in L1; in L2 its write is conditional on a lease the invalidation deleted. A background refresh
 *       replaces the entry only if it is still the one it refreshed.</li>
 *   <li><b>Namespace invalidation:</b> every entry carries the generation it was loaded in; {@link #invalidateAll()}
 *       starts a new one (O(1)) and older entries are never served again.</li>
 *   <li><b>Time:</b> expiry, soft TTL, early refresh and load times read the injected {@link Ticker}, and a hit
 *       reads it once; no other clock. Each entry has its own jittered deadlines, checked on read; Caffeine only
 *       bounds the size and cleans up.</li>
 *   <li><b>Outages of the tier:</b> see {@link CacheConfig#outagePolicy()}; while the tier's invalidation channel is
 *       not live, L1 entries older than {@link CacheTier#untrustedL1Nanos()} are not served.</li>
 *   <li><b>Lifecycle:</b> {@link #close()} stops the tier (its listener and subscription), ends background
 *       refreshes and empties L1; every later read or invalidation throws {@link io.headroom.ClosedException}.</li>
 * </ul>
 *
 * <p>Thread-safe. Loaders of the blocking forms run on the calling thread, also when the load is decided on a
 * backend's I/O thread; background refreshes of blocking loaders run on the common pool. Asynchronous loaders are
 * started on the calling thread without a tier and on the common pool with one; they should not block.
 *
 * @param <K> the key type
 * @param <V> the value type
 */
public final class CaffeineCacheAside<K, V> implements CacheAside<K, V> {

    private final CacheConfig<V> config;
    private final Ticker ticker;
    private final @Nullable CacheTier tier;
    private final CacheCounters stats = new CacheCounters();
    private final Lifecycle life;
    private final LocalTier<V> l1;
    private final SingleFlight<K, V> flight;
    private final BulkLoads<K, V> bulk;

    private CaffeineCacheAside(CacheConfig<V> config, Ticker ticker, @Nullable CacheTier tier) {
        this.config = config;
        this.ticker = ticker;
        this.tier = tier;
        this.life = new Lifecycle(config.name());
        this.l1 = new LocalTier<>(config, ticker, tier, stats);
        SourceLoads<K, V> loads = new SourceLoads<>(config, ticker, tier, l1, stats, life);
        this.flight = new SingleFlight<>(ticker, l1, loads, stats, life);
        this.bulk = new BulkLoads<>(config, ticker, tier, l1, loads, stats);
        if (tier != null) {
            tier.listen(new CacheTier.Listener() {
                @Override
                public void keyInvalidated(String key) {
                    l1.invalidate(key);
                }

                @Override
                public void resync() {
                    l1.clear();
                }
            });
        }
    }

    /**
     * Creates a cache.
     *
     * @param config the configuration
     * @param ticker the time source of L1 expiry, soft TTLs and load times
     * @param tier the shared remote tier, or {@code null} for the embedded cache; it requires
     *     {@link CacheConfig#codec()}. The cache owns it from now on: {@link #close()} closes it.
     * @param <K> the key type
     * @param <V> the value type
     * @return the cache
     * @throws IllegalArgumentException when {@code config} or {@code ticker} is {@code null}, or a tier is given
     *     and the configuration has no codec
     */
    public static <K, V> CaffeineCacheAside<K, V> create(CacheConfig<V> config, Ticker ticker,
                                                         @Nullable CacheTier tier) {
        Arguments.notNull(config, "config");
        Arguments.notNull(ticker, "ticker");
        if (tier != null && config.codec() == null) {
            throw new IllegalArgumentException("config.codec must be set for a cache with a remote tier (cache '"
                    + config.name() + "'): use Codec.string(), Codec.bytes(), Codec.json(type) or your own");
        }
        return new CaffeineCacheAside<>(config, ticker, tier);
    }

    private static String keyOf(@Nullable Object key) {
        if (key instanceof String s) {
            return Arguments.key(s, "key");
        }
        return Arguments.key(key == null ? null : String.valueOf(key), "key");
    }

    // ---------------------------------------------------------------- reads

    @Override
    public @Nullable V get(K key, Function<? super K, ? extends @Nullable V> loader) {
        // the hot path, kept small so it inlines: one lookup, one ticker read, no allocation. A key in L1 was
        // checked when it was stored, so a String key is looked up as it is (a bad key is never found, and the
        // slow path rejects it); after close L1 serves nothing
        if (key instanceof String s && loader != null && l1.getIfPresent(s) instanceof Entry e) {
            long now = ticker.read();
            if (l1.fresh(e, now) && !life.isClosed()) {
                stats.l1Hit();
                return SingleFlight.value(e);
            }
            return get(key, loader, e, now);
        }
        return get(key, loader, null, 0);
    }

    /**
     * Everything but a fresh hit of a String key: checks the arguments, serves a usable entry (the one the hot path
     * found, or for other key types the one under the key's string form), or reads through single flight.
     */
    private @Nullable V get(K key, Function<? super K, ? extends @Nullable V> loader, @Nullable Entry found,
                            long foundAt) {
        String k = keyOf(key);
        Arguments.notNull(loader, "loader");
        life.checkOpen();
        Entry e = found;
        long now = foundAt;
        if (e == null && !(key instanceof String) && l1.getIfPresent(k) instanceof Entry present) {
            e = present;
            now = ticker.read();
            if (l1.fresh(e, now)) {
                stats.l1Hit();
                return SingleFlight.value(e);
            }
        }
        if (e != null && l1.usable(e, l1.generation(), now)) {
            return flight.hit(k, key, Loaders.on(Loaders.blocking(loader), ForkJoinPool.commonPool()), e, now);
        }
        // the loader runs on this (waiting) thread, never on a backend's I/O thread
        Loaders.CallerRuns caller = new Loaders.CallerRuns();
        return caller.drain(flight.read(k, key, Loaders.on(Loaders.blocking(loader), caller),
                Loaders.on(Loaders.blocking(loader), ForkJoinPool.commonPool()), l1.generation()));
    }

    @Override
    public CompletionStage<@Nullable V> getAsync(K key,
            Function<? super K, ? extends CompletionStage<? extends @Nullable V>> loader) {
        if (key instanceof String s && loader != null && l1.getIfPresent(s) instanceof Entry e
                && l1.fresh(e, ticker.read()) && !life.isClosed()) {
            stats.l1Hit();
            return CompletableFuture.completedFuture(SingleFlight.value(e));
        }
        String k = keyOf(key);
        Arguments.notNull(loader, "loader");
        life.checkOpen();
        if (!(key instanceof String) && l1.getIfPresent(k) instanceof Entry e && l1.fresh(e, ticker.read())) {
            stats.l1Hit();
            return CompletableFuture.completedFuture(SingleFlight.value(e));
        }
        // async loaders must not block; with a tier they are started off the I/O threads all the same
        Function<K, CompletableFuture<@Nullable V>> load = tier == null ? Loaders.async(loader)
                : Loaders.on(Loaders.async(loader), ForkJoinPool.commonPool());
        return flight.read(k, key, load, load, l1.generation());
    }

    @Override
    public Map<K, V> getAll(Collection<? extends K> keys,
                            Function<? super Set<K>, ? extends Map<? extends K, ? extends V>> bulkLoader) {
        Arguments.notNull(bulkLoader, "bulkLoader");
        Map<String, K> byString = byString(keys);
        life.checkOpen();
        Loaders.CallerRuns caller = new Loaders.CallerRuns(); // the bulk loader runs on this thread, as in get()
        BulkLoads.BulkLoader<K, V> blocking = BulkLoads.adapt(missing ->
                CompletableFuture.completedFuture(bulkLoader.apply(missing)));
        return caller.drain(bulk.getAll(byString, on(blocking, caller)));
    }

    @Override
    public CompletionStage<Map<K, V>> getAllAsync(Collection<? extends K> keys,
            Function<? super Set<K>, ? extends CompletionStage<? extends Map<? extends K, ? extends V>>> bulkLoader) {
        Arguments.notNull(bulkLoader, "bulkLoader");
        Map<String, K> byString = byString(keys);
        life.checkOpen();
        BulkLoads.BulkLoader<K, V> async = BulkLoads.adapt(bulkLoader);
        return bulk.getAll(byString, tier == null ? async : on(async, ForkJoinPool.commonPool()));
    }

    private static <K, V> BulkLoads.BulkLoader<K, V> on(BulkLoads.BulkLoader<K, V> loader, Executor executor) {
        return wanted -> CompletableFuture.supplyAsync(() -> loader.apply(wanted), executor)
                .thenCompose(Function.identity());
    }

    private static <K> Map<String, K> byString(@Nullable Collection<? extends K> keys) {
        Arguments.notNull(keys, "keys");
        Map<String, K> byString = new LinkedHashMap<>();
        for (K key : keys) {
            byString.putIfAbsent(keyOf(key), key);
        }
        return byString;
    }

    // ---------------------------------------------------------------- invalidation

    @Override
    public void invalidate(K key) {
        Futures.join(invalidateAsync(key));
    }

    @Override
    public CompletionStage<Void> invalidateAsync(K key) {
        String k = keyOf(key);
        life.checkOpen();
        return invalidateKeys(List.of(k));
    }

    @Override
    public void invalidateAll(Collection<? extends K> keys) {
        Futures.join(invalidateAllAsync(keys));
    }

    @Override
    public CompletionStage<Void> invalidateAllAsync(Collection<? extends K> keys) {
        Arguments.notNull(keys, "keys");
        List<String> ks = new ArrayList<>(keys.size());
        for (K key : keys) {
            ks.add(keyOf(key));
        }
        life.checkOpen();
        return invalidateKeys(ks);
    }

    private CompletableFuture<Void> invalidateKeys(List<String> keys) {
        CacheTier t = tier;
        if (t == null) {
            keys.forEach(l1::invalidate);
            return CompletableFuture.completedFuture(null);
        }
        if (keys.isEmpty()) {
            return CompletableFuture.completedFuture(null);
        }
        // L1 after L2: a read between the two may refill L1 from L2's old value, which the second step removes
        return t.currentGeneration()
                .thenCompose(g -> t.invalidate(keys, g))
                .handle((ok, error) -> {
                    keys.forEach(l1::invalidate);
                    if (error != null) {
                        stats.backendError();
                        Throwable cause = Futures.unwrap(error);
                        throw new CompletionException(new BackendUnavailableException("cache '" + config.name()
                                + "': could not invalidate " + BulkLoads.describe(keys) + " in the remote tier "
                                + "(dropped from this process only); retry: " + cause, cause));
                    }
                    return null;
                });
    }

    @Override
    public void invalidateAll() {
        Futures.join(invalidateAllAsync());
    }

    @Override
    public CompletionStage<Void> invalidateAllAsync() {
        life.checkOpen();
        CacheTier t = tier;
        if (t == null) {
            l1.bumpLocalGeneration();
            return CompletableFuture.completedFuture(null);
        }
        return t.bumpGeneration().handle((g, error) -> {
            if (error != null) {
                stats.backendError();
                l1.clear();
                Throwable cause = Futures.unwrap(error);
                throw new CompletionException(new BackendUnavailableException("cache '" + config.name()
                        + "': could not start a new generation in the remote tier (this process dropped its "
                        + "entries only); retry: " + cause, cause));
            }
            return null;
        });
    }

    // ---------------------------------------------------------------- the rest

    /**
     * {@inheritDoc}
     *
     * <p>Still answers after {@link #close()}: the counters as they were.
     */
    @Override
    public CacheStats stats() {
        return stats.snapshot();
    }

    @Override
    public CacheConfig<V> config() {
        return config;
    }

    /**
     * Closes the remote tier (its invalidation listener and subscription; the connections stay the caller's),
     * ends background refreshes and empties L1. Reads and loads in flight complete; every later read or
     * invalidation throws {@link io.headroom.ClosedException}. Idempotent.
     */
    @Override
    public void close() {
        if (!life.close()) {
            return;
        }
        try {
            if (tier != null) {
                tier.close();
            }
        } finally {
            l1.clear();
        }
    }

    /**
     * The number of entries in the in-process tier, including expired ones not yet cleaned up.
     *
     * @return an estimate of the L1 size
     */
    public long estimatedL1Size() {
        return l1.estimatedSize();
    }

    @Override
    public String toString() {
        return "CaffeineCacheAside[" + config.name() + (tier == null ? "" : ", tier " + tier)
                + (life.isClosed() ? ", closed" : "") + "]";
    }
}
