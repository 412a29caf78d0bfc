package io.headroom.cache;

import io.headroom.BackendUnavailableException;
import io.headroom.Ticker;
import io.headroom.internal.Arguments;
import io.headroom.internal.Futures;
import io.headroom.spi.CacheTier;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * Loads one key that the in-process tier could not answer: from the caller's loader for the embedded cache;
 * with a remote tier, through its lease (single flight across instances), waiting with backoff while another
 * instance holds it, writing the value under the lease, and applying the outage policy when the tier fails.
 * Counts what it does in {@link CacheCounters}. Thread-safe.
 *
 * @param <K> the key type
 * @param <V> the value type
 */
final class SourceLoads<K, V> {

    private static final long[] POLL_MILLIS = {1, 2, 4, 8, 16, 32, 50};

    private final CacheConfig<V> config;
    private final Ticker ticker;
    private final @Nullable CacheTier tier;
    private final LocalTier<V> l1;
    private final CacheCounters stats;
    private final Lifecycle life;
    private final long maxPolls;

    SourceLoads(CacheConfig<V> config, Ticker ticker, @Nullable CacheTier tier, LocalTier<V> l1,
                CacheCounters stats, Lifecycle life) {
        this.config = config;
        this.ticker = ticker;
        this.tier = tier;
        this.l1 = l1;
        this.stats = stats;
        this.life = life;
        long polls = 0;
        if (tier != null) {
            long waited = 0;
            long leaseMillis = tier.leaseTime().toMillis();
            while (waited < leaseMillis) {
                waited += pollDelay(polls);
                polls++;
            }
        }
        this.maxPolls = polls;
    }

    private static long pollDelay(long polls) {
        return POLL_MILLIS[(int) Math.min(polls, POLL_MILLIS.length - 1)];
    }

    /**
     * Loads a key missing from L1: through the tier when there is one, else from the source. Counts the miss.
     *
     * @param k the key string
     * @param key the caller's key
     * @param loader the loader
     * @return the entry, or {@code null} for an uncached "not found"
     */
    CompletableFuture<@Nullable Entry> load(String k, K key, Function<K, CompletableFuture<@Nullable V>> loader) {
        CacheTier t = tier;
        if (t == null) {
            stats.miss();
            return fromSource(k, key, loader, l1.localGeneration());
        }
        return t.currentGeneration()
                .thenCompose(g -> new TierRead(k, key, loader, g, 0).start())
                .exceptionallyCompose(error -> afterTierFailure(k, key, loader, Futures.unwrap(error)));
    }

    /**
     * Waits for a key another instance is loading (a bulk read found it leased), as {@link #load} would.
     *
     * @param k the key string
     * @param key the caller's key
     * @param loader loads the key alone if the wait runs out
     * @param g the generation the bulk read used
     * @return the entry, or {@code null}
     */
    CompletableFuture<@Nullable Entry> awaitLease(String k, K key, Function<K, CompletableFuture<@Nullable V>> loader,
                                                  long g) {
        return new TierRead(k, key, loader, g, 1).start()
                .exceptionallyCompose(error -> afterTierFailure(k, key, loader, Futures.unwrap(error)));
    }

    /**
     * Loads a key anew for a background refresh of {@code old}: through the tier (which may already hold a newer
     * value, or know another instance is refreshing) when there is one.
     *
     * @param k the key string
     * @param key the caller's key
     * @param loader the loader
     * @param old the entry being refreshed
     * @return the new entry; failed when another instance refreshes it or the load failed
     */
    CompletableFuture<@Nullable Entry> refresh(String k, K key, Function<K, CompletableFuture<@Nullable V>> loader,
                                               Entry old) {
        CacheTier t = tier;
        long g = old.generation;
        if (t == null) {
            return fromSource(k, key, loader, g);
        }
        return t.lookupForRefresh(k, g, old.hardAt - ticker.read()).handle((r, error) -> {
            if (error != null) {
                stats.backendError();
                return fromSource(k, key, loader, g);
            }
            return switch (r.kind()) {
                case HIT -> CompletableFuture.completedFuture(l1.fromTier(r, g));
                case LEASED -> loadAndWrite(k, key, loader, g, r.token());
                // another instance refreshes it; a later read picks its value up
                case BUSY -> CompletableFuture.<@Nullable Entry>failedFuture(
                        new IllegalStateException("another instance is refreshing key '" + k + "'"));
            };
        }).thenCompose(Function.identity());
    }

    /**
     * One key's read of the tier: look up; on a hit take the value, with the lease load and write, while another
     * instance holds the lease look again after a backoff (1, 2, 4 ... 50 ms) for up to the lease time, then load
     * without writing. An explicit loop of scheduled polls, each a new task; no recursion.
     */
    private final class TierRead {
        private final String k;
        private final K key;
        private final Function<K, CompletableFuture<@Nullable V>> loader;
        private final long g;
        private final CompletableFuture<@Nullable Entry> result = new CompletableFuture<>();
        private long polls;

        /** {@code polls} is 1 for a read that already found the key leased (and counted its wait). */
        TierRead(String k, K key, Function<K, CompletableFuture<@Nullable V>> loader, long g, long polls) {
            this.k = k;
            this.key = key;
            this.loader = loader;
            this.g = g;
            this.polls = polls;
        }

        CompletableFuture<@Nullable Entry> start() {
            poll();
            return result;
        }

        private void poll() {
            if (life.isClosed()) {
                result.completeExceptionally(life.closedException());
                return;
            }
            CacheTier t = tier;
            try {
                t.lookup(k, g).whenComplete(this::answered);
            } catch (RuntimeException e) {
                result.completeExceptionally(e);
            }
        }

        private void answered(CacheTier.@Nullable Lookup r, @Nullable Throwable error) {
            if (error != null || r == null) {
                result.completeExceptionally(error != null ? Futures.unwrap(error)
                        : new IllegalStateException("the tier answered a lookup with null"));
                return;
            }
            switch (r.kind()) {
                case HIT -> {
                    Entry e = l1.fromTier(r, g);
                    if (e == null) { // undecodable bytes: load without writing over them blindly
                        stats.miss();
                        Loaders.pipe(fromSource(k, key, loader, g), result);
                        return;
                    }
                    if (polls > 0) {
                        stats.miss(); // waited for another instance's load
                    } else {
                        stats.l2Hit();
                        if (e.negative()) {
                            stats.negativeHit();
                        }
                    }
                    result.complete(e);
                }
                case LEASED -> {
                    stats.miss();
                    Loaders.pipe(loadAndWrite(k, key, loader, g, r.token()), result);
                }
                case BUSY -> {
                    if (polls == 0) {
                        stats.leaseWait();
                    }
                    if (polls >= maxPolls) {
                        stats.miss();
                        Loaders.pipe(fromSource(k, key, loader, g), result);
                        return;
                    }
                    Executor later = CompletableFuture.delayedExecutor(pollDelay(polls), TimeUnit.MILLISECONDS);
                    polls++;
                    later.execute(this::poll);
                }
            }
        }
    }

    /** Outage of the tier during a read: the outage policy decides. */
    private CompletableFuture<@Nullable Entry> afterTierFailure(String k, K key,
            Function<K, CompletableFuture<@Nullable V>> loader, Throwable error) {
        if (error instanceof CacheLoadException || error instanceof CacheCodecException
                || error instanceof io.headroom.ClosedException) {
            return CompletableFuture.failedFuture(error);
        }
        stats.backendError();
        if (config.outagePolicy() == CacheOutagePolicy.FAIL) {
            return CompletableFuture.failedFuture(new BackendUnavailableException("cache '" + config.name()
                    + "': remote tier unavailable while reading key '" + k + "': " + error, error));
        }
        stats.miss();
        CacheTier t = tier;
        long g = Math.max(0, t == null ? 0 : t.generation());
        return fromSource(k, key, loader, g);
    }

    /** Loads with the lease held, then writes conditionally (or gives the lease back). */
    private CompletableFuture<@Nullable Entry> loadAndWrite(String k, K key,
            Function<K, CompletableFuture<@Nullable V>> loader, long g, @Nullable String token) {
        CacheTier t = tier;
        String lease = Arguments.notNull(token, "token");
        return fromSourceLoaded(k, key, loader, g).handle((loaded, error) -> {
            if (error != null) {
                t.release(k, g, lease);
                return CompletableFuture.<@Nullable Entry>failedFuture(Futures.unwrap(error));
            }
            Entry e = loaded.entry();
            if (e == null || !e.cacheable()) {
                t.release(k, g, lease);
                return CompletableFuture.completedFuture(e);
            }
            return t.write(k, g, lease, e.negative() ? null : loaded.bytes(), e.softAt - e.insertedAt,
                            e.hardAt - e.insertedAt, e.loadNanos)
                    .handle((written, writeError) -> {
                        if (writeError != null) {
                            stats.backendError();
                            return e;
                        }
                        // lease lost: an invalidation came after this load began; serve it, never cache it
                        return written ? e : e.uncacheable();
                    });
        }).thenCompose(Function.identity());
    }

    /**
     * Calls the loader; maps its failure to {@link CacheLoadException}; counts and times it.
     *
     * @param k the key string
     * @param key the caller's key
     * @param loader the loader
     * @param g the generation to tag the value with
     * @return the entry, or {@code null} for an uncached "not found"
     */
    CompletableFuture<@Nullable Entry> fromSource(String k, K key, Function<K, CompletableFuture<@Nullable V>> loader,
                                                  long g) {
        return fromSourceLoaded(k, key, loader, g).thenApply(Entry.Loaded::entry);
    }

    private CompletableFuture<Entry.Loaded> fromSourceLoaded(String k, K key,
            Function<K, CompletableFuture<@Nullable V>> loader, long g) {
        long start = ticker.read();
        return loader.apply(key).handle((v, error) -> {
            long took = Math.max(0, ticker.read() - start);
            if (error != null) {
                stats.loadFailed();
                throw new CompletionException(new CacheLoadException(config.name(), k, Futures.unwrap(error)));
            }
            stats.loaded(took);
            try {
                return l1.entryFor(v, g, took);
            } catch (RuntimeException e) {
                throw new CompletionException(new CacheLoadException(config.name(), k, e));
            }
        });
    }
}
