package io.headroom.cache;

import io.headroom.BackendUnavailableException;
import io.headroom.Ticker;
import io.headroom.internal.Futures;
import io.headroom.spi.CacheTier;
import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * Bulk reads ({@code getAll}): keys L1 answers are served; keys another read is loading are joined; every other
 * key gets a {@link Load} placeholder in L1 (its entry takes its place when loaded) and goes to one call of the bulk
 * loader, through the tier's leases
 * when there is one (keys another instance is loading are waited for one by one, as a single read would).
 * Thread-safe.
 *
 * @param <K> the key type
 * @param <V> the value type
 */
final class BulkLoads<K, V> {

    /** The bulk loader in the one shape this class calls: the missing keys in, a future of their values out. */
    interface BulkLoader<K, V> extends Function<Set<K>, CompletableFuture<Map<? extends K, ? extends V>>> {
    }

    private final CacheConfig<V> config;
    private final Ticker ticker;
    private final @Nullable CacheTier tier;
    private final LocalTier<V> l1;
    private final SourceLoads<K, V> loads;
    private final CacheCounters stats;

    BulkLoads(CacheConfig<V> config, Ticker ticker, @Nullable CacheTier tier, LocalTier<V> l1,
              SourceLoads<K, V> loads, CacheCounters stats) {
        this.config = config;
        this.ticker = ticker;
        this.tier = tier;
        this.l1 = l1;
        this.loads = loads;
        this.stats = stats;
    }

    /**
     * Reads {@code byString}'s keys.
     *
     * @param byString the distinct keys, by their string form, in the caller's order
     * @param bulkLoader loads the missing keys
     * @return an unmodifiable map of the keys found, in the caller's order
     */
    CompletableFuture<Map<K, V>> getAll(Map<String, K> byString, BulkLoader<K, V> bulkLoader) {
        long minGeneration = l1.generation();
        long now = ticker.read();
        Map<String, Entry> found = new HashMap<>();
        List<String> missing = new ArrayList<>();
        for (String k : byString.keySet()) {
            if (l1.getIfPresent(k) instanceof Entry e && l1.usable(e, minGeneration, now)) {
                stats.l1Hit();
                if (e.negative()) {
                    stats.negativeHit();
                }
                found.put(k, e);
            } else {
                missing.add(k);
            }
        }
        CompletableFuture<Map<String, Entry>> rest = missing.isEmpty()
                ? CompletableFuture.completedFuture(Map.of())
                : throughL1(missing, byString, bulkLoader, minGeneration);
        return rest.thenApply(loaded -> {
            Map<K, V> result = new LinkedHashMap<>();
            for (Map.Entry<String, K> key : byString.entrySet()) {
                Entry e = found.get(key.getKey());
                if (e == null) {
                    e = loaded.get(key.getKey());
                }
                V v = SingleFlight.value(e);
                if (v != null) {
                    result.put(key.getValue(), v);
                }
            }
            return Collections.unmodifiableMap(result);
        });
    }

    /**
     * Coalesces a bulk read with concurrent loads: keys nobody loads get a placeholder in L1 and go to one bulk
     * load; keys someone else is loading (in this generation) are joined.
     */
    private CompletableFuture<Map<String, Entry>> throughL1(List<String> missing, Map<String, K> byString,
                                                           BulkLoader<K, V> bulkLoader, long minGeneration) {
        Map<String, Load> ours = new LinkedHashMap<>();
        Map<String, CompletableFuture<@Nullable Entry>> all = new LinkedHashMap<>();
        long now = ticker.read();
        for (String k : missing) {
            Load placeholder = new Load(minGeneration);
            Object present = l1.putIfAbsent(k, placeholder);
            if (present instanceof Load other && other.joinable(minGeneration)) {
                stats.l1Hit(); // joins a load in flight
                all.put(k, other.outcome);
                continue;
            }
            if (present instanceof Entry e && l1.usable(e, minGeneration, now)) {
                stats.l1Hit(); // stored since the scan above
                all.put(k, CompletableFuture.completedFuture(e));
                continue;
            }
            if (present != null && !l1.replace(k, present, placeholder)) {
                // the key changed under us again: load it with the others, without a placeholder in L1
                placeholder = new Load(minGeneration);
            }
            ours.put(k, placeholder);
            all.put(k, placeholder.outcome);
        }
        if (!ours.isEmpty()) {
            // outside Caffeine's locks, as for single reads
            CompletableFuture<Map<String, Entry>> loading;
            try {
                loading = load(ours.keySet(), byString, bulkLoader);
            } catch (RuntimeException | Error e) {
                loading = CompletableFuture.failedFuture(e);
            }
            loading.whenComplete((loaded, error) -> ours.forEach((k, p) -> {
                Entry e = error == null ? loaded.get(k) : null;
                if (e != null && e.cacheable()) {
                    l1.replace(k, p, e);
                } else {
                    l1.remove(k, p);
                }
                if (error != null) {
                    p.outcome.completeExceptionally(Futures.unwrap(error));
                } else {
                    p.outcome.complete(e);
                }
            }));
        }
        return CompletableFuture.allOf(all.values().toArray(CompletableFuture[]::new)).thenApply(ignored -> {
            Map<String, Entry> out = new HashMap<>();
            all.forEach((k, f) -> {
                Entry e = f.join();
                if (e != null) {
                    out.put(k, e);
                }
            });
            return out;
        });
    }

    /** Loads the keys nobody else loads: through the tier's leases when there is one, in one loader call. */
    private CompletableFuture<Map<String, Entry>> load(Set<String> keys, Map<String, K> byString,
                                                      BulkLoader<K, V> bulkLoader) {
        CacheTier t = tier;
        if (t == null) {
            stats.misses(keys.size());
            return loadMany(new LinkedHashSet<>(keys), byString, bulkLoader, l1.localGeneration(), Map.of());
        }
        return t.currentGeneration().handle((g, error) -> {
            if (error != null) {
                return withoutTier(keys, byString, bulkLoader, Futures.unwrap(error));
            }
            Map<String, CompletableFuture<CacheTier.Lookup>> lookups = new LinkedHashMap<>();
            for (String k : keys) {
                lookups.put(k, t.lookup(k, g));
            }
            return CompletableFuture.allOf(lookups.values().toArray(CompletableFuture[]::new))
                    .handle((ignored, anyError) -> afterLookups(lookups, anyError, byString, bulkLoader, g))
                    .thenCompose(Function.identity());
        }).thenCompose(Function.identity());
    }

    /** The tier could not even say its generation: the outage policy decides, for every key at once. */
    private CompletableFuture<Map<String, Entry>> withoutTier(Set<String> keys, Map<String, K> byString,
                                                             BulkLoader<K, V> bulkLoader, Throwable error) {
        stats.backendError();
        if (config.outagePolicy() == CacheOutagePolicy.FAIL) {
            return CompletableFuture.failedFuture(new BackendUnavailableException("cache '" + config.name()
                    + "': remote tier unavailable while reading keys " + describe(keys) + ": " + error, error));
        }
        stats.misses(keys.size());
        CacheTier t = tier;
        return loadMany(new LinkedHashSet<>(keys), byString, bulkLoader, Math.max(0, t == null ? 0 : t.generation()),
                Map.of());
    }

    /** Sorts the tier's answers into hits, keys to load under this instance's leases, and keys to wait for. */
    private CompletableFuture<Map<String, Entry>> afterLookups(
            Map<String, CompletableFuture<CacheTier.Lookup>> lookups, @Nullable Throwable anyError,
            Map<String, K> byString, BulkLoader<K, V> bulkLoader, long g) {
        Map<String, Entry> hits = new HashMap<>();
        Map<String, @Nullable String> toLoad = new LinkedHashMap<>();
        List<String> busy = new ArrayList<>();
        boolean counted = false;
        for (Map.Entry<String, CompletableFuture<CacheTier.Lookup>> l : lookups.entrySet()) {
            CacheTier.Lookup r = l.getValue().isCompletedExceptionally() ? null : l.getValue().join();
            if (r == null) {
                if (!counted) {
                    stats.backendError();
                    counted = true;
                }
                if (config.outagePolicy() == CacheOutagePolicy.FAIL) {
                    throw new CompletionException(new BackendUnavailableException("cache '" + config.name()
                            + "': remote tier unavailable while reading key '" + l.getKey() + "'", anyError));
                }
                toLoad.put(l.getKey(), null);
            } else if (r.kind() == CacheTier.Kind.HIT) {
                Entry e = l1.fromTier(r, g);
                if (e == null) {
                    toLoad.put(l.getKey(), null);
                } else {
                    stats.l2Hit();
                    if (e.negative()) {
                        stats.negativeHit();
                    }
                    hits.put(l.getKey(), e);
                }
            } else if (r.kind() == CacheTier.Kind.LEASED) {
                toLoad.put(l.getKey(), r.token());
            } else {
                busy.add(l.getKey());
            }
        }
        stats.misses(toLoad.size());
        CompletableFuture<Map<String, Entry>> loaded = toLoad.isEmpty() ? CompletableFuture.completedFuture(Map.of())
                : loadMany(toLoad.keySet(), byString, bulkLoader, g, toLoad);
        List<CompletableFuture<Map.Entry<String, @Nullable Entry>>> waits = new ArrayList<>();
        for (String k : busy) {
            stats.leaseWait();
            K key = byString.get(k);
            Function<K, CompletableFuture<@Nullable V>> single = one -> bulkLoader.apply(Set.of(one))
                    .thenApply(m -> m.get(one));
            waits.add(loads.awaitLease(k, key, single, g)
                    .thenApply(e -> new AbstractMap.SimpleEntry<>(k, e)));
        }
        return loaded.thenCombine(CompletableFuture.allOf(waits.toArray(CompletableFuture[]::new)), (m, ignored) -> {
            Map<String, Entry> all = new HashMap<>(hits);
            all.putAll(m);
            for (CompletableFuture<Map.Entry<String, @Nullable Entry>> w : waits) {
                Map.Entry<String, @Nullable Entry> kv = w.join();
                if (kv.getValue() != null) {
                    all.put(kv.getKey(), kv.getValue());
                }
            }
            return all;
        });
    }

    /** One call of the bulk loader for {@code keys}; writes each result to the tier under its lease, if any. */
    private CompletableFuture<Map<String, Entry>> loadMany(Set<String> keys, Map<String, K> byString,
            BulkLoader<K, V> bulkLoader, long g, Map<String, @Nullable String> tokens) {
        Set<K> wanted = new LinkedHashSet<>();
        for (String k : keys) {
            wanted.add(byString.get(k));
        }
        long start = ticker.read();
        return bulkLoader.apply(Collections.unmodifiableSet(wanted)).handle((map, error) -> {
            long took = Math.max(0, ticker.read() - start);
            if (error != null) {
                stats.loadFailed();
                releaseAll(tokens, g);
                throw new CompletionException(new CacheLoadException(config.name(), describe(keys),
                        Futures.unwrap(error)));
            }
            stats.loaded(took);
            // concurrent: a write's callback may run on a backend thread while this loop still fills it
            Map<String, Entry> out = new ConcurrentHashMap<>();
            List<CompletableFuture<?>> writes = new ArrayList<>();
            for (String k : keys) {
                Entry.Loaded loaded;
                try {
                    loaded = l1.entryFor(map.get(byString.get(k)), g, took);
                } catch (RuntimeException e) {
                    throw new CompletionException(new CacheLoadException(config.name(), k, e));
                }
                Entry e = loaded.entry();
                String token = tokens.get(k);
                if (tier != null && token != null) {
                    writes.add(writeUnderLease(k, g, token, loaded, out));
                }
                if (e != null) {
                    out.putIfAbsent(k, e);
                }
            }
            return CompletableFuture.allOf(writes.toArray(CompletableFuture[]::new)).thenApply(x -> out);
        }).thenCompose(Function.identity());
    }

    // stores one loaded key in the tier; a lost lease makes its entry uncacheable in 'out'
    private CompletableFuture<?> writeUnderLease(String k, long g, String token, Entry.Loaded loaded,
                                                 Map<String, Entry> out) {
        CacheTier t = tier;
        Entry e = loaded.entry();
        if (e == null || !e.cacheable()) {
            return t.release(k, g, token);
        }
        return t.write(k, g, token, e.negative() ? null : loaded.bytes(), e.softAt - e.insertedAt,
                e.hardAt - e.insertedAt, e.loadNanos).handle((written, we) -> {
                    if (we != null) {
                        stats.backendError();
                    } else if (!written) {
                        out.put(k, e.uncacheable());
                    }
                    return null;
                });
    }

    private void releaseAll(Map<String, @Nullable String> tokens, long g) {
        CacheTier t = tier;
        if (t == null) {
            return;
        }
        tokens.forEach((k, token) -> {
            if (token != null) {
                t.release(k, g, token);
            }
        });
    }

    /**
     * Adapts the caller's bulk loader: a thrown failure or a {@code null} stage or map becomes a failed future.
     *
     * @param bulkLoader the caller's bulk loader
     * @param <K> the key type
     * @param <V> the value type
     * @return the adapted loader
     */
    static <K, V> BulkLoader<K, V> adapt(
            Function<? super Set<K>, ? extends CompletionStage<? extends Map<? extends K, ? extends V>>> bulkLoader) {
        return keys -> {
            try {
                CompletionStage<? extends Map<? extends K, ? extends V>> stage = bulkLoader.apply(keys);
                if (stage == null) {
                    return CompletableFuture.failedFuture(
                            new NullPointerException("the bulk loader returned a null stage"));
                }
                return stage.toCompletableFuture().thenApply(m -> {
                    if (m == null) {
                        throw new NullPointerException("the bulk loader returned a null map");
                    }
                    return m;
                });
            } catch (RuntimeException | Error e) {
                return CompletableFuture.failedFuture(e);
            }
        };
    }

    static String describe(Collection<String> keys) {
        String s = String.join(", ", keys);
        return s.length() <= 200 ? s : s.substring(0, 200) + "... (" + keys.size() + " keys)";
    }
}
