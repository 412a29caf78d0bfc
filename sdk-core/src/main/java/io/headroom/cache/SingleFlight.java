package io.headroom.cache;

import io.headroom.Ticker;
import io.headroom.internal.Futures;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * Single-flight reads of one key: a read the hot path could not answer serves the key's {@link Entry} from the
 * in-process tier, joins its {@link Load} in flight, or starts one; a hit past the soft TTL (or due for early
 * refresh) starts one background refresh. Thread-safe.
 *
 * <ul>
 *   <li>A load runs outside Caffeine's compute: a blocking loader would otherwise hold the hash bin's lock, and
 *       an invalidation of the key would wait for the load to finish. Invalidating a key removes its in-flight
 *       load, so what that load returns is never stored.</li>
 *   <li>A read joins a load in flight only if that load began in the read's generation or a later one; else it
 *       replaces it (a read that starts after {@link CacheAside#invalidateAll()} never gets an older value).</li>
 *   <li>An entry a read cannot use (expired, older generation, untrusted) is replaced by the read's own load, in
 *       a loop of at most {@value #MAX_ATTEMPTS} attempts (another read may swap the key at the same moment); if
 *       the key keeps changing under it, the read loads without the in-process tier.</li>
 * </ul>
 *
 * @param <K> the key type
 * @param <V> the value type
 */
final class SingleFlight<K, V> {

    private static final int MAX_ATTEMPTS = 3;

    private final Ticker ticker;
    private final LocalTier<V> l1;
    private final SourceLoads<K, V> loads;
    private final CacheCounters stats;
    private final Lifecycle life;

    SingleFlight(Ticker ticker, LocalTier<V> l1, SourceLoads<K, V> loads, CacheCounters stats, Lifecycle life) {
        this.ticker = ticker;
        this.l1 = l1;
        this.loads = loads;
        this.stats = stats;
        this.life = life;
    }

    /**
     * Reads a key beyond the hot path.
     *
     * @param k the key string
     * @param key the caller's key
     * @param loader loads the key for this read
     * @param refreshLoader loads the key for a background refresh
     * @param minGeneration the oldest generation this read may serve
     * @return the value, or {@code null} for "not found"
     */
    CompletableFuture<@Nullable V> read(String k, K key, Function<K, CompletableFuture<@Nullable V>> loader,
                                        Function<K, CompletableFuture<@Nullable V>> refreshLoader,
                                        long minGeneration) {
        for (int attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
            Load mine = new Load(minGeneration);
            Object present = l1.putIfAbsent(k, mine);
            if (present == null) {
                return start(k, key, loader, mine);
            }
            if (present instanceof Load other) {
                if (other.joinable(minGeneration)) {
                    stats.l1Hit(); // shares the outcome of the load in flight (counted as Caffeine counts it)
                    return other.outcome.handle(SingleFlight::valueOrFailure);
                }
                // else a load begun before an invalidateAll(): not ours to share
            } else if (present instanceof Entry e) {
                long now = ticker.read();
                if (l1.usable(e, minGeneration, now)) {
                    return CompletableFuture.completedFuture(hit(k, key, refreshLoader, e, now));
                }
                // else expired, of an older generation, or untrusted
            }
            if (l1.replace(k, present, mine)) {
                return start(k, key, loader, mine);
            }
        }
        return loads.load(k, key, loader).thenApply(SingleFlight::value);
    }

    /**
     * Runs the load {@code mine} stands for, then puts its entry in its place in L1 (unless the key was
     * invalidated meanwhile, or the entry may not be cached) before completing it for every read that joined.
     */
    private CompletableFuture<@Nullable V> start(String k, K key, Function<K, CompletableFuture<@Nullable V>> loader,
                                                 Load mine) {
        CompletableFuture<@Nullable Entry> loading;
        try {
            loading = loads.load(k, key, loader);
        } catch (RuntimeException | Error e) {
            loading = CompletableFuture.failedFuture(e);
        }
        loading.whenComplete((e, error) -> {
            if (e != null && e.cacheable() && error == null) {
                l1.replace(k, mine, e);
            } else {
                l1.remove(k, mine); // a failure or "not found" is never cached; nor is an uncacheable value
            }
            if (error != null) {
                mine.outcome.completeExceptionally(Futures.unwrap(error));
            } else {
                mine.outcome.complete(e);
            }
        });
        return mine.outcome.thenApply(SingleFlight::value);
    }

    /**
     * Serves a usable entry: counts the hit, and starts a background refresh when one is due.
     *
     * @param k the key string
     * @param key the caller's key
     * @param refreshLoader loads the key for a refresh
     * @param e the entry, as L1 holds it
     * @param now the reading the usability check used
     * @return the value, or {@code null} for a cached "not found"
     */
    @Nullable V hit(String k, K key, Function<K, CompletableFuture<@Nullable V>> refreshLoader, Entry e, long now) {
        stats.l1Hit();
        if (e.negative()) {
            stats.negativeHit();
            return null;
        }
        if (l1.refreshDue(e, now)) {
            refresh(k, key, refreshLoader, e);
        }
        return value(e);
    }

    /** Loads anew in the background and swaps the entry in only if it is still the one refreshed. */
    private void refresh(String k, K key, Function<K, CompletableFuture<@Nullable V>> loader, Entry old) {
        CompletableFuture<@Nullable Entry> next;
        try {
            next = loads.refresh(k, key, loader, old);
        } catch (RuntimeException | Error e) {
            next = CompletableFuture.failedFuture(e);
        }
        life.track(next);
        next.whenComplete((e, error) -> {
            if (error != null || e == null) {
                // stale-if-error: keep serving the old entry until its hard TTL; the next read tries again
                old.refreshEnded();
                if (error == null) {
                    l1.remove(k, old); // the key is gone at the source and "not found" is not cached
                }
                return;
            }
            if (!e.cacheable() || life.isClosed() || !l1.replace(k, old, e)) {
                old.refreshEnded();
            }
        });
    }

    @SuppressWarnings("unchecked")
    static <V> @Nullable V value(@Nullable Entry e) {
        return e == null || e.negative() ? null : (V) e.value;
    }

    private static <V> @Nullable V valueOrFailure(@Nullable Entry e, @Nullable Throwable error) {
        if (error != null) {
            throw new CompletionException(Futures.unwrap(error));
        }
        return value(e);
    }
}
