package io.headroom.cache;

import com.github.benmanes.caffeine.cache.AsyncCache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.headroom.BackendUnavailableException;
import io.headroom.Ticker;
import io.headroom.internal.Arguments;
import io.headroom.spi.CacheTier;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ThreadLocalRandom;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import io.headroom.internal.Futures;

/**
 * The {@link CacheAside} on a Caffeine {@link AsyncCache} in process (L1), optionally over a shared remote tier
 * (L2, a {@link CacheTier} such as Redis). {@link CacheAside#inMemory(CacheConfig)} is this class without a tier;
 * backend modules create it with theirs.
 *
 * <ul>
 *   <li><b>Single flight:</b> one Caffeine future per key coalesces concurrent misses in the process; the tier's
 *       lease coalesces them across processes (waiters poll the tier with backoff for up to
 *       {@link CacheTier#leaseTime()}, then load themselves without writing).</li>
 *   <li><b>No stale set:</b> invalidating a key removes its in-flight future, so a load that began before is never
 *       stored in L1; in L2 its write is conditional on a lease the invalidation deleted. A background refresh
 *       replaces the entry only if it is still the one it refreshed.</li>
 *   <li><b>Namespace invalidation:</b> every entry carries the generation it was loaded in; {@link #invalidateAll()}
 *       starts a new one (O(1)) and older entries are never served again.</li>
 *   <li><b>Time:</b> expiry, soft TTL and load times read the injected {@link Ticker}; no other clock. With jitter
 *       each entry expires at its own time (Caffeine's variable expiry); with {@code jitter(0)} one fixed
 *       expire-after-write is used, which reads about twice as fast.</li>
 *   <li><b>Outages of the tier:</b> see {@link CacheConfig#outagePolicy()}; while the tier's invalidation channel is
 *       not live, L1 entries older than {@link CacheTier#untrustedL1Nanos()} are not served.</li>
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

    private static final int MAX_ATTEMPTS = 3;
    private static final long[] POLL_MILLIS = {1, 2, 4, 8, 16, 32, 50};

    private final CacheConfig<V> config;
    private final Ticker ticker;
    private final @Nullable CacheTier tier;
    // With jitter each entry needs its own expiry (Caffeine's variable expiry, a timer wheel); without it one
    // fixed expire-after-write serves, which Caffeine reads about twice as fast (measured: see NOTES-cache.md)
    private final AsyncCache<String, Entry> l1;
    private final boolean fixedExpiry;
    private final long maxTtlNanos;
    private final AtomicLong localGeneration = new AtomicLong();
    private final boolean needsClockOnHit;
    private final long softTtlNanos;
    private final long ttlNanos;
    private final long negativeTtlNanos;
    private final long maxPolls;

    private final LongAdder l1Hits = new LongAdder();
    private final LongAdder l2Hits = new LongAdder();
    private final LongAdder misses = new LongAdder();
    private final LongAdder loads = new LongAdder();
    private final LongAdder loadFailures = new LongAdder();
    private final LongAdder loadNanos = new LongAdder();
    private final LongAdder staleServed = new LongAdder();
    private final LongAdder refreshes = new LongAdder();
    private final LongAdder negativeHits = new LongAdder();
    private final LongAdder backendErrors = new LongAdder();
    private final LongAdder oversizeSkips = new LongAdder();
    private final LongAdder leaseWaits = new LongAdder();

    private CaffeineCacheAside(CacheConfig<V> config, Ticker ticker, @Nullable CacheTier tier) {
        this.config = config;
        this.ticker = ticker;
        this.tier = tier;
        this.ttlNanos = config.ttl().toNanos();
        this.softTtlNanos = config.softTtl() == null ? ttlNanos : config.softTtl().toNanos();
        this.negativeTtlNanos = config.negativeTtl() == null ? 0 : config.negativeTtl().toNanos();
        this.needsClockOnHit = config.softTtl() != null || config.earlyRefreshBeta() > 0 || tier != null;
        long polls = 0;
        if (tier != null) {
            long waited = 0;
            long leaseMillis = tier.leaseTime().toMillis();
            while (waited < leaseMillis) {
                waited += POLL_MILLIS[(int) Math.min(polls, POLL_MILLIS.length - 1)];
                polls++;
            }
        }
        this.maxPolls = polls;
        this.maxTtlNanos = Math.max(ttlNanos, negativeTtlNanos);
        this.fixedExpiry = config.jitter() == 0;
        Caffeine<Object, Object> builder = Caffeine.newBuilder().maximumSize(config.maximumSize()).ticker(ticker::read);
        this.l1 = fixedExpiry ? builder.expireAfterWrite(Duration.ofNanos(maxTtlNanos)).buildAsync()
                : builder.expireAfter(new EntryExpiry()).buildAsync();
        if (tier != null) {
            tier.listen(new CacheTier.Listener() {
                @Override
                public void keyInvalidated(String key) {
                    l1.synchronous().invalidate(key);
                }

                @Override
                public void resync() {
                    l1.synchronous().invalidateAll();
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
     *     {@link CacheConfig#codec()}
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

    // ---------------------------------------------------------------- entries

    /** One cached value (or "not found") with its expiry by the cache's ticker. Immutable but for the flag. */
    static final class Entry {
        final @Nullable Object value;
        final boolean negative;
        final long softAt;
        final long hardAt;
        final long insertedAt;
        final long loadNanos;
        final long generation;
        final boolean cacheable;
        /** Whether the hard expiry comes before the segment's own expiry, so reads must check it. */
        final boolean checkHard;
        final AtomicBoolean refreshing = new AtomicBoolean();

        Entry(@Nullable Object value, boolean negative, long softAt, long hardAt, long insertedAt, long loadNanos,
              long generation, boolean cacheable, boolean checkHard) {
            this.value = value;
            this.negative = negative;
            this.softAt = softAt;
            this.hardAt = hardAt;
            this.insertedAt = insertedAt;
            this.loadNanos = loadNanos;
            this.generation = generation;
            this.cacheable = cacheable;
            this.checkHard = checkHard;
        }

        Entry uncacheable() {
            return new Entry(value, negative, softAt, hardAt, insertedAt, loadNanos, generation, false, checkHard);
        }
    }

    /** Expires each entry at its own hard expiry; uncacheable ones at once. */
    private static final class EntryExpiry implements com.github.benmanes.caffeine.cache.Expiry<String, Entry> {
        @Override
        public long expireAfterCreate(String key, Entry e, long now) {
            return e.cacheable ? Math.max(0, e.hardAt - now) : 0;
        }

        @Override
        public long expireAfterUpdate(String key, Entry e, long now, long currentDuration) {
            return expireAfterCreate(key, e, now);
        }

        @Override
        public long expireAfterRead(String key, Entry e, long now, long currentDuration) {
            return currentDuration;
        }
    }

    /** A started load: its future and the bytes it encoded (for the tier's write), if any. */
    private record Loaded(@Nullable Entry entry, byte @Nullable [] bytes) {
    }

    private long generation() {
        return tier == null ? localGeneration.get() : tier.generation();
    }

    private boolean usable(Entry e, long minGeneration, long now) {
        return e.cacheable && e.generation >= minGeneration && now - e.hardAt < 0
                && (tier == null || tier.l1Trusted() || now - e.insertedAt < tier.untrustedL1Nanos());
    }

    private double jitterFactor() {
        double j = config.jitter();
        return j == 0 ? 1.0 : 1.0 + j * (2 * ThreadLocalRandom.current().nextDouble() - 1);
    }

    /** Builds the entry for a loaded value; encodes it when a codec is set (size limit, tier write). */
    private Loaded entryFor(String k, @Nullable V value, long generation, long tookNanos) {
        long now = ticker.read();
        double f = jitterFactor();
        if (value == null) {
            if (negativeTtlNanos == 0) {
                return new Loaded(null, null);
            }
            long hard = Math.max(1, Math.round(negativeTtlNanos * f));
            return new Loaded(new Entry(null, true, now + hard, now + hard, now, tookNanos, generation, true,
                    fixedExpiry && negativeTtlNanos < maxTtlNanos), null);
        }
        byte[] bytes = null;
        boolean cacheable = true;
        Codec<V> codec = config.codec();
        if (codec != null) {
            bytes = codec.encode(value);
            if (bytes.length > config.maxValueBytes()) {
                oversizeSkips.increment();
                cacheable = false;
                bytes = null;
            }
        }
        long hard = Math.max(1, Math.round(ttlNanos * f));
        long soft = Math.min(hard, Math.max(1, Math.round(softTtlNanos * f)));
        return new Loaded(new Entry(value, false, now + soft, now + hard, now, tookNanos, generation, cacheable,
                fixedExpiry && ttlNanos < maxTtlNanos), bytes);
    }

    // ---------------------------------------------------------------- reads

    private String keyOf(@Nullable Object key) {
        if (key instanceof String s) {
            return Arguments.key(s, "key");
        }
        return Arguments.key(key == null ? null : String.valueOf(key), "key");
    }

    @Override
    public @Nullable V get(K key, Function<? super K, ? extends @Nullable V> loader) {
        String k = keyOf(key);
        Arguments.notNull(loader, "loader");
        CompletableFuture<Entry> f = l1.getIfPresent(k);
        if (f != null && !needsClockOnHit) {
            // the hot path, kept small so it inlines: no clock, no allocation
            Entry e = doneEntry(f);
            if (e != null && !e.checkHard && e.cacheable && e.generation >= localGeneration.get()) {
                l1Hits.increment();
                return served(e);
            }
        }
        return getSlow(k, key, loader, f);
    }

    private @Nullable V getSlow(String k, K key, Function<? super K, ? extends @Nullable V> loader,
                                @Nullable CompletableFuture<Entry> f) {
        if (f != null) {
            Entry e = doneEntry(f);
            if (e != null) {
                long now = ticker.read();
                if (usable(e, generation(), now)) {
                    l1Hits.increment();
                    if (shouldRefresh(e, now)) {
                        refresh(k, key, withExecutor(syncLoader(loader), ForkJoinPool.commonPool()), f, e);
                    }
                    return served(e);
                }
            }
        }
        // the loader runs on this (waiting) thread, never on a Redis I/O thread
        CallerRuns caller = new CallerRuns();
        return caller.drain(read(k, key, withExecutor(syncLoader(loader), caller),
                withExecutor(syncLoader(loader), ForkJoinPool.commonPool()), generation(), 1));
    }

    @Override
    public CompletionStage<@Nullable V> getAsync(K key,
            Function<? super K, ? extends CompletionStage<? extends @Nullable V>> loader) {
        String k = keyOf(key);
        Arguments.notNull(loader, "loader");
        // async loaders must not block; with a tier they are started off the I/O threads all the same
        Function<K, CompletableFuture<@Nullable V>> load = tier == null ? asyncLoader(loader)
                : withExecutor(asyncLoader(loader), ForkJoinPool.commonPool());
        return read(k, key, load, load, generation(), 1);
    }

    private static <K, T> Function<K, CompletableFuture<T>> withExecutor(Function<K, CompletableFuture<T>> fn,
                                                                         Executor executor) {
        return key -> CompletableFuture.supplyAsync(() -> fn.apply(key), executor).thenCompose(Function.identity());
    }

    /**
     * Runs tasks on the thread that waits for a result: blocking loaders of the blocking API run on the caller's
     * thread even when the load is decided on a backend's I/O thread.
     */
    private static final class CallerRuns implements Executor {
        private static final Runnable WAKE_UP = () -> { };
        private final java.util.concurrent.LinkedBlockingQueue<Runnable> tasks =
                new java.util.concurrent.LinkedBlockingQueue<>();

        @Override
        public void execute(Runnable task) {
            tasks.add(task);
        }

        <T> T drain(CompletableFuture<T> result) {
            result.whenComplete((v, e) -> tasks.add(WAKE_UP));
            boolean interrupted = false;
            while (!result.isDone()) {
                try {
                    tasks.take().run();
                } catch (InterruptedException e) {
                    interrupted = true; // a load others may share is running: finish it, then restore the flag
                }
            }
            Runnable left;
            while ((left = tasks.poll()) != null) {
                left.run();
            }
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
            return Futures.join(result);
        }
    }

    /** The entry of a future that completed normally, else null; one read of the future's state. */
    private static @Nullable Entry doneEntry(CompletableFuture<Entry> f) {
        try {
            return f.getNow(null);
        } catch (CompletionException | java.util.concurrent.CancellationException e) {
            return null;
        }
    }

    private Function<K, CompletableFuture<@Nullable V>> syncLoader(Function<? super K, ? extends @Nullable V> loader) {
        return key -> {
            try {
                return CompletableFuture.completedFuture(loader.apply(key));
            } catch (RuntimeException | Error e) {
                return CompletableFuture.failedFuture(e);
            }
        };
    }

    private Function<K, CompletableFuture<@Nullable V>> asyncLoader(
            Function<? super K, ? extends CompletionStage<? extends @Nullable V>> loader) {
        return key -> {
            try {
                CompletionStage<? extends @Nullable V> stage = loader.apply(key);
                if (stage == null) {
                    return CompletableFuture.failedFuture(new NullPointerException("the loader returned a null stage"));
                }
                return stage.toCompletableFuture().thenApply(v -> (V) v);
            } catch (RuntimeException | Error e) {
                return CompletableFuture.failedFuture(e);
            }
        };
    }

    @SuppressWarnings("unchecked")
    private @Nullable V served(Entry e) {
        if (e.negative) {
            negativeHits.increment();
            return null;
        }
        return (V) e.value;
    }

    /** The read path beyond a plain L1 hit: join or start the key's load, check the result, retry if invalid. */
    private CompletableFuture<@Nullable V> read(String k, K key, Function<K, CompletableFuture<@Nullable V>> loader,
                                                Function<K, CompletableFuture<@Nullable V>> refreshLoader,
                                                long minGeneration, int attempt) {
        boolean[] started = {false};
        CompletableFuture<Entry> promise = new CompletableFuture<>();
        CompletableFuture<Entry> f = l1.get(k, (ignored, executor) -> {
            started[0] = true;
            return promise;
        });
        // joined a load still in flight (single flight: share its outcome) rather than a finished one that
        // Caffeine has not cleaned up yet (a failure, or an entry not to be cached)
        boolean joinedInFlight = !started[0] && !f.isDone();
        if (started[0]) {
            // the load runs outside Caffeine's compute (a blocking loader would otherwise hold the hash bin's lock,
            // and an invalidation of the key would wait for the load to finish)
            pipe(load(k, key, loader), promise);
            promise.whenComplete((e, error) -> {
                if (e != null && !e.cacheable) {
                    l1.asMap().remove(k, promise); // served to the callers of this load, never to later reads
                }
            });
        }
        if (f.isDone() && !started[0] && !f.isCompletedExceptionally()) {
            // the common hit: no stage composition
            Entry e = f.join();
            long now = ticker.read();
            if (e != null && usable(e, minGeneration, now)) {
                l1Hits.increment();
                if (shouldRefresh(e, now)) {
                    refresh(k, key, refreshLoader, f, e);
                }
                return CompletableFuture.completedFuture(served(e));
            }
        }
        return f.handle((e, error) -> {
            if (error != null || e == null) {
                if (started[0] || joinedInFlight || attempt >= MAX_ATTEMPTS) {
                    return error != null ? CompletableFuture.<@Nullable V>failedFuture(Futures.unwrap(error))
                            : CompletableFuture.<@Nullable V>completedFuture(null);
                }
                l1.asMap().remove(k, f); // a finished failure Caffeine has not removed yet: never served again
                return read(k, key, loader, refreshLoader, minGeneration, attempt + 1);
            }
            if (started[0] || (joinedInFlight && e.generation >= minGeneration)) {
                return CompletableFuture.completedFuture(served(e));
            }
            long now = ticker.read();
            if (usable(e, minGeneration, now)) {
                l1Hits.increment();
                if (shouldRefresh(e, now)) {
                    refresh(k, key, refreshLoader, f, e);
                }
                return CompletableFuture.completedFuture(served(e));
            }
            // joined a load of an older generation, or an entry not trusted any more: drop it and read again
            l1.asMap().remove(k, f);
            if (attempt >= MAX_ATTEMPTS) {
                return CompletableFuture.completedFuture(served(e));
            }
            return read(k, key, loader, refreshLoader, minGeneration, attempt + 1);
        }).thenCompose(Function.identity());
    }

    /** After an L1 hit: counts a stale read; tells whether to start a background refresh (soft TTL, XFetch). */
    private boolean shouldRefresh(Entry e, long now) {
        if (e.negative) {
            return false;
        }
        boolean stale = now - e.softAt >= 0;
        if (stale) {
            staleServed.increment();
        }
        boolean early = !stale && config.earlyRefreshBeta() > 0 && e.loadNanos > 0
                && now - e.loadNanos * config.earlyRefreshBeta() * Math.log(ThreadLocalRandom.current().nextDouble())
                >= e.softAt;
        if ((stale || early) && e.refreshing.compareAndSet(false, true)) {
            refreshes.increment();
            return true;
        }
        return false;
    }

    /** Loads anew in the background and swaps the entry in only if it is still the one refreshed. */
    private void refresh(String k, K key, Function<K, CompletableFuture<@Nullable V>> loader,
                         CompletableFuture<Entry> f, Entry old) {
        CompletableFuture<@Nullable Entry> next;
        if (tier == null) {
            next = loadFromSource(key, loader, old.generation).thenApply(Loaded::entry);
        } else {
            next = refreshViaTier(k, key, loader, old);
        }
        next.whenComplete((e, error) -> {
            if (error != null || e == null) {
                // stale-if-error: keep serving the old entry until its hard TTL; the next read tries again
                old.refreshing.set(false);
                if (error == null) {
                    l1.asMap().remove(k, f); // the key is gone at the source and "not found" is not cached
                }
                return;
            }
            if (e.cacheable) {
                l1.asMap().replace(k, f, CompletableFuture.completedFuture(e));
            } else {
                old.refreshing.set(false);
            }
        });
    }

    private CompletableFuture<@Nullable Entry> refreshViaTier(String k, K key,
            Function<K, CompletableFuture<@Nullable V>> loader, Entry old) {
        CacheTier t = tier;
        long g = old.generation;
        return t.lookupForRefresh(k, g, old.hardAt - ticker.read()).handle((r, error) -> {
            if (error != null) {
                backendErrors.increment();
                return loadFromSource(key, loader, g).thenApply(Loaded::entry);
            }
            return switch (r.kind()) {
                case HIT -> CompletableFuture.completedFuture(entryFromTier(r, g));
                case LEASED -> loadAndWrite(k, key, loader, g, r.token());
                // another instance refreshes it; a later read picks its value up
                case BUSY -> CompletableFuture.<@Nullable Entry>failedFuture(
                        new IllegalStateException("another instance is refreshing key '" + k + "'"));
            };
        }).thenCompose(Function.identity());
    }

    /** Starts the load of a key missing from L1: through the tier when there is one. */
    private CompletableFuture<Entry> load(String k, K key, Function<K, CompletableFuture<@Nullable V>> loader) {
        if (tier == null) {
            misses.increment();
            return loadFromSource(key, loader, localGeneration.get()).thenApply(Loaded::entry);
        }
        return tier.currentGeneration()
                .thenCompose(g -> viaTier(k, key, loader, g, 0))
                .exceptionallyCompose(error -> onTierFailure(key, loader, Futures.unwrap(error)));
    }

    private CompletableFuture<Entry> viaTier(String k, K key, Function<K, CompletableFuture<@Nullable V>> loader,
                                             long g, long polls) {
        CacheTier t = tier;
        return t.lookup(k, g).thenCompose(r -> switch (r.kind()) {
            case HIT -> {
                Entry e = entryFromTier(r, g);
                if (e == null) { // undecodable bytes: load without writing over them blindly
                    misses.increment();
                    yield loadFromSource(key, loader, g).thenApply(Loaded::entry);
                }
                if (polls > 0) {
                    misses.increment(); // waited for another instance's load
                } else {
                    l2Hits.increment();
                }
                yield CompletableFuture.completedFuture(e);
            }
            case LEASED -> {
                misses.increment();
                yield loadAndWrite(k, key, loader, g, r.token());
            }
            case BUSY -> {
                if (polls == 0) {
                    leaseWaits.increment();
                }
                if (polls >= maxPolls) {
                    misses.increment();
                    yield loadFromSource(key, loader, g).thenApply(Loaded::entry);
                }
                long delay = POLL_MILLIS[(int) Math.min(polls, POLL_MILLIS.length - 1)];
                Executor later = CompletableFuture.delayedExecutor(delay, TimeUnit.MILLISECONDS);
                yield CompletableFuture.supplyAsync(() -> viaTier(k, key, loader, g, polls + 1), later)
                        .thenCompose(Function.identity());
            }
        });
    }

    /** Outage of the tier during a read: the outage policy decides. */
    private CompletableFuture<Entry> onTierFailure(K key, Function<K, CompletableFuture<@Nullable V>> loader,
                                                   Throwable error) {
        if (error instanceof CacheLoadException || error instanceof CacheCodecException) {
            return CompletableFuture.failedFuture(error);
        }
        backendErrors.increment();
        if (config.outagePolicy() == CacheOutagePolicy.FAIL) {
            return CompletableFuture.failedFuture(new BackendUnavailableException("cache '" + config.name()
                    + "': remote tier unavailable while reading key '" + keyOf(key) + "': " + error, error));
        }
        misses.increment();
        long g = Math.max(0, tier.generation());
        return loadFromSource(key, loader, g).thenApply(Loaded::entry);
    }

    /** Loads with the lease held, then writes conditionally (or gives the lease back). */
    private CompletableFuture<@Nullable Entry> loadAndWrite(String k, K key,
            Function<K, CompletableFuture<@Nullable V>> loader, long g, @Nullable String token) {
        CacheTier t = tier;
        String lease = Arguments.notNull(token, "token");
        return loadFromSource(key, loader, g).handle((loaded, error) -> {
            if (error != null) {
                t.release(k, g, lease);
                return CompletableFuture.<@Nullable Entry>failedFuture(Futures.unwrap(error));
            }
            Entry e = loaded.entry();
            if (e == null || !e.cacheable) {
                t.release(k, g, lease);
                return CompletableFuture.completedFuture(e);
            }
            long soft = e.softAt - e.insertedAt;
            long hard = e.hardAt - e.insertedAt;
            return t.write(k, g, lease, e.negative ? null : loaded.bytes(), soft, hard, e.loadNanos)
                    .handle((written, writeError) -> {
                        if (writeError != null) {
                            backendErrors.increment();
                            return e;
                        }
                        // lease lost: an invalidation came after this load began; serve it, never cache it
                        return written ? e : e.uncacheable();
                    });
        }).thenCompose(Function.identity());
    }

    /** An entry from a tier hit, with its expiry moved to this cache's ticker; null when undecodable. */
    private @Nullable Entry entryFromTier(CacheTier.Lookup r, long g) {
        long now = ticker.read();
        Object value = null;
        byte[] payload = r.payload();
        if (payload != null) {
            try {
                value = config.codec().decode(payload);
            } catch (RuntimeException e) {
                backendErrors.increment();
                return null;
            }
        }
        long hard = Math.max(1, r.hardRemainingNanos());
        return new Entry(value, payload == null, now + Math.min(r.softRemainingNanos(), hard), now + hard, now,
                r.loadNanos(), g, true, fixedExpiry);
    }

    /** Calls the loader; maps its failure to {@link CacheLoadException}; counts and times it. */
    private CompletableFuture<Loaded> loadFromSource(K key, Function<K, CompletableFuture<@Nullable V>> loader,
                                                     long g) {
        long start = ticker.read();
        return loader.apply(key).handle((v, error) -> {
            long took = Math.max(0, ticker.read() - start);
            if (error != null) {
                loadFailures.increment();
                throw new CompletionException(new CacheLoadException(config.name(), keyOf(key), Futures.unwrap(error)));
            }
            loads.increment();
            loadNanos.add(took);
            try {
                return entryFor(keyOf(key), v, g, took);
            } catch (RuntimeException e) {
                throw new CompletionException(new CacheLoadException(config.name(), keyOf(key), e));
            }
        });
    }

    // ---------------------------------------------------------------- bulk reads

    @Override
    public Map<K, V> getAll(Collection<? extends K> keys,
                            Function<? super Set<K>, ? extends Map<? extends K, ? extends V>> bulkLoader) {
        Arguments.notNull(bulkLoader, "bulkLoader");
        CallerRuns caller = new CallerRuns(); // the bulk loader runs on this thread, as in get()
        return caller.drain(getAll(keys, missing -> {
            try {
                return CompletableFuture.completedFuture(bulkLoader.apply(missing));
            } catch (RuntimeException | Error e) {
                return CompletableFuture.failedFuture(e);
            }
        }, caller));
    }

    @Override
    public CompletionStage<Map<K, V>> getAllAsync(Collection<? extends K> keys,
            Function<? super Set<K>, ? extends CompletionStage<? extends Map<? extends K, ? extends V>>> bulkLoader) {
        Arguments.notNull(bulkLoader, "bulkLoader");
        return getAll(keys, bulkLoader, tier == null ? Runnable::run : ForkJoinPool.commonPool());
    }

    private CompletableFuture<Map<K, V>> getAll(Collection<? extends K> keys,
            Function<? super Set<K>, ? extends CompletionStage<? extends Map<? extends K, ? extends V>>> loader,
            Executor executor) {
        Arguments.notNull(keys, "keys");
        Function<Set<K>, CompletableFuture<Map<? extends K, ? extends V>>> bulkLoader = wanted ->
                CompletableFuture.supplyAsync(() -> callBulk(loader, wanted), executor)
                        .thenCompose(Function.identity());
        Map<String, K> byString = new LinkedHashMap<>();
        for (K key : keys) {
            byString.putIfAbsent(keyOf(key), key);
        }
        long minGeneration = generation();
        long now = ticker.read();
        Map<String, Entry> found = new HashMap<>();
        List<String> missing = new ArrayList<>();
        for (String k : byString.keySet()) {
            CompletableFuture<Entry> f = l1.getIfPresent(k);
            if (f != null && f.isDone() && !f.isCompletedExceptionally()) {
                Entry e = f.join();
                if (e != null && usable(e, minGeneration, now)) {
                    l1Hits.increment();
                    found.put(k, e);
                    continue;
                }
                l1.asMap().remove(k, f);
            }
            missing.add(k);
        }
        CompletableFuture<Map<String, Entry>> rest = missing.isEmpty()
                ? CompletableFuture.completedFuture(Map.of())
                : bulkThroughL1(missing, byString, bulkLoader);
        return rest.handle((loaded, error) -> {
            if (error != null) {
                throw new CompletionException(Futures.unwrap(error));
            }
            Map<K, V> result = new LinkedHashMap<>();
            for (Map.Entry<String, K> key : byString.entrySet()) {
                Entry e = found.get(key.getKey());
                if (e == null) {
                    e = loaded.get(key.getKey());
                }
                if (e != null) {
                    V v = served(e);
                    if (v != null) {
                        result.put(key.getValue(), v);
                    }
                }
            }
            return Collections.unmodifiableMap(result);
        });
    }

    /**
     * Coalesces a bulk read with concurrent loads: keys nobody loads get a placeholder future in L1 and go to one
     * bulk load; keys someone else is loading are joined.
     */
    private CompletableFuture<Map<String, Entry>> bulkThroughL1(List<String> missing, Map<String, K> byString,
            Function<? super Set<K>, ? extends CompletionStage<? extends Map<? extends K, ? extends V>>> bulkLoader) {
        Map<String, CompletableFuture<Entry>> ours = new LinkedHashMap<>();
        Map<String, CompletableFuture<Entry>> all = new LinkedHashMap<>();
        for (String k : missing) {
            CompletableFuture<Entry> placeholder = new CompletableFuture<>();
            CompletableFuture<Entry> existing = l1.asMap().putIfAbsent(k, placeholder);
            if (existing == null) {
                ours.put(k, placeholder);
                all.put(k, placeholder);
            } else {
                all.put(k, existing);
            }
        }
        if (!ours.isEmpty()) {
            // outside Caffeine's locks, as in read()
            bulkLoad(ours.keySet(), byString, bulkLoader).whenComplete((loaded, error) -> ours.forEach((k, p) -> {
                Entry e = error == null ? loaded.get(k) : null;
                if (error != null || e == null || !e.cacheable) {
                    l1.asMap().remove(k, p);
                }
                if (error != null) {
                    p.completeExceptionally(Futures.unwrap(error));
                } else {
                    p.complete(e);
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

    private static <T> void pipe(CompletableFuture<T> from, CompletableFuture<T> to) {
        from.whenComplete((v, e) -> {
            if (e != null) {
                to.completeExceptionally(Futures.unwrap(e));
            } else {
                to.complete(v);
            }
        });
    }

    /** Loads the keys Caffeine found absent: through the tier's leases when there is one, in one loader call. */
    private CompletableFuture<Map<String, Entry>> bulkLoad(Set<? extends String> set, Map<String, K> byString,
            Function<? super Set<K>, ? extends CompletionStage<? extends Map<? extends K, ? extends V>>> bulkLoader) {
        Function<K, CompletableFuture<@Nullable V>> single = key -> callBulk(bulkLoader, Set.of(key))
                .thenApply(m -> m.get(key));
        if (tier == null) {
            long g = localGeneration.get();
            misses.add(set.size());
            return loadMany(new java.util.LinkedHashSet<String>(set), byString, bulkLoader, g, Map.of());
        }
        CacheTier t = tier;
        return t.currentGeneration().thenCompose(g -> {
            Map<String, CompletableFuture<CacheTier.Lookup>> lookups = new LinkedHashMap<>();
            for (String k : set) {
                lookups.put(k, t.lookup(k, g));
            }
            return CompletableFuture.allOf(lookups.values().toArray(CompletableFuture[]::new))
                    .handle((ignored, anyError) -> {
                        Map<String, Entry> hits = new HashMap<>();
                        Map<String, @Nullable String> toLoad = new LinkedHashMap<>();
                        List<String> busy = new ArrayList<>();
                        boolean counted = false;
                        for (Map.Entry<String, CompletableFuture<CacheTier.Lookup>> l : lookups.entrySet()) {
                            CacheTier.Lookup r = l.getValue().isCompletedExceptionally() ? null : l.getValue().join();
                            if (r == null) {
                                if (!counted) {
                                    backendErrors.increment();
                                    counted = true;
                                }
                                if (config.outagePolicy() == CacheOutagePolicy.FAIL) {
                                    throw new CompletionException(new BackendUnavailableException("cache '"
                                            + config.name() + "': remote tier unavailable while reading key '"
                                            + l.getKey() + "'", anyError));
                                }
                                toLoad.put(l.getKey(), null);
                            } else if (r.kind() == CacheTier.Kind.HIT) {
                                Entry e = entryFromTier(r, g);
                                if (e == null) {
                                    toLoad.put(l.getKey(), null);
                                } else {
                                    l2Hits.increment();
                                    hits.put(l.getKey(), e);
                                }
                            } else if (r.kind() == CacheTier.Kind.LEASED) {
                                toLoad.put(l.getKey(), r.token());
                            } else {
                                busy.add(l.getKey());
                            }
                        }
                        misses.add(toLoad.size());
                        CompletableFuture<Map<String, Entry>> loaded =
                                toLoad.isEmpty() ? CompletableFuture.completedFuture(Map.of())
                                        : loadMany(toLoad.keySet(), byString, bulkLoader, g, toLoad);
                        List<CompletableFuture<Map.Entry<String, @Nullable Entry>>> waits = new ArrayList<>();
                        for (String k : busy) {
                            leaseWaits.increment();
                            K key = byString.get(k);
                            waits.add(viaTier(k, key, single, g, 1)
                                    .<Map.Entry<String, @Nullable Entry>>thenApply(e -> new java.util.AbstractMap
                                            .SimpleEntry<>(k, e)));
                        }
                        return loaded.thenCombine(
                                CompletableFuture.allOf(waits.toArray(CompletableFuture[]::new)),
                                (m, ignored2) -> {
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
                    }).thenCompose(Function.identity());
        });
    }

    /** One call of the bulk loader for {@code keys}; writes each result to the tier under its lease, if any. */
    private CompletableFuture<Map<String, Entry>> loadMany(Set<String> keys, Map<String, K> byString,
            Function<? super Set<K>, ? extends CompletionStage<? extends Map<? extends K, ? extends V>>> bulkLoader,
            long g, Map<String, @Nullable String> tokens) {
        Set<K> wanted = new java.util.LinkedHashSet<>();
        for (String k : keys) {
            wanted.add(byString.get(k));
        }
        long start = ticker.read();
        return callBulk(bulkLoader, Collections.unmodifiableSet(wanted)).handle((map, error) -> {
            long took = Math.max(0, ticker.read() - start);
            if (error != null) {
                loadFailures.increment();
                if (tier != null) {
                    tokens.forEach((k, token) -> {
                        if (token != null) {
                            tier.release(k, g, token);
                        }
                    });
                }
                throw new CompletionException(new CacheLoadException(config.name(), describe(keys), Futures.unwrap(error)));
            }
            loads.increment();
            loadNanos.add(took);
            Map<String, Entry> out = new HashMap<>();
            List<CompletableFuture<?>> writes = new ArrayList<>();
            for (String k : keys) {
                K key = byString.get(k);
                Loaded loaded;
                try {
                    loaded = entryFor(k, map.get(key), g, took);
                } catch (RuntimeException e) {
                    throw new CompletionException(new CacheLoadException(config.name(), k, e));
                }
                Entry e = loaded.entry();
                String token = tokens.get(k);
                if (tier != null && token != null) {
                    if (e == null || !e.cacheable) {
                        tier.release(k, g, token);
                    } else {
                        CompletableFuture<Boolean> w = tier.write(k, g, token, e.negative ? null : loaded.bytes(),
                                e.softAt - e.insertedAt, e.hardAt - e.insertedAt, e.loadNanos);
                        writes.add(w.handle((written, we) -> {
                            if (we != null) {
                                backendErrors.increment();
                            } else if (!written) {
                                out.put(k, e.uncacheable());
                            }
                            return null;
                        }));
                    }
                }
                if (e != null) {
                    out.put(k, e);
                }
            }
            return CompletableFuture.allOf(writes.toArray(CompletableFuture[]::new)).thenApply(x -> out);
        }).thenCompose(Function.identity());
    }

    private CompletableFuture<Map<? extends K, ? extends V>> callBulk(
            Function<? super Set<K>, ? extends CompletionStage<? extends Map<? extends K, ? extends V>>> bulkLoader,
            Set<K> keys) {
        try {
            CompletionStage<? extends Map<? extends K, ? extends V>> stage = bulkLoader.apply(keys);
            if (stage == null) {
                return CompletableFuture.failedFuture(new NullPointerException("the bulk loader returned a null stage"));
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
    }

    private static String describe(Collection<String> keys) {
        String s = String.join(", ", keys);
        return s.length() <= 200 ? s : s.substring(0, 200) + "... (" + keys.size() + " keys)";
    }

    // ---------------------------------------------------------------- invalidation

    @Override
    public void invalidate(K key) {
        Futures.join(invalidateAsync(key));
    }

    @Override
    public CompletionStage<Void> invalidateAsync(K key) {
        return invalidateKeys(List.of(keyOf(key)));
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
        return invalidateKeys(ks);
    }

    private CompletableFuture<Void> invalidateKeys(List<String> keys) {
        if (tier == null) {
            dropLocally(keys);
            return CompletableFuture.completedFuture(null);
        }
        if (keys.isEmpty()) {
            return CompletableFuture.completedFuture(null);
        }
        // L1 after L2: a read between the two may refill L1 from L2's old value, which the second step removes
        return tier.currentGeneration()
                .thenCompose(g -> tier.invalidate(keys, g))
                .handle((ok, error) -> {
                    dropLocally(keys);
                    if (error != null) {
                        backendErrors.increment();
                        throw new CompletionException(new BackendUnavailableException("cache '" + config.name()
                                + "': could not invalidate " + describe(keys) + " in the remote tier (dropped from "
                                + "this process only); retry: " + Futures.unwrap(error), Futures.unwrap(error)));
                    }
                    return null;
                });
    }

    private void dropLocally(List<String> keys) {
        for (String k : keys) {
            l1.synchronous().invalidate(k);
        }
    }

    @Override
    public void invalidateAll() {
        Futures.join(invalidateAllAsync());
    }

    @Override
    public CompletionStage<Void> invalidateAllAsync() {
        if (tier == null) {
            localGeneration.incrementAndGet();
            return CompletableFuture.completedFuture(null);
        }
        return tier.bumpGeneration().handle((g, error) -> {
            if (error != null) {
                backendErrors.increment();
                l1.synchronous().invalidateAll();
                throw new CompletionException(new BackendUnavailableException("cache '" + config.name()
                        + "': could not start a new generation in the remote tier (this process dropped its "
                        + "entries only); retry: " + Futures.unwrap(error), Futures.unwrap(error)));
            }
            return null;
        });
    }

    // ---------------------------------------------------------------- the rest

    @Override
    public CacheStats stats() {
        return new CacheStats(l1Hits.sum(), l2Hits.sum(), misses.sum(), loads.sum(), loadFailures.sum(),
                loadNanos.sum(), staleServed.sum(), refreshes.sum(), negativeHits.sum(), backendErrors.sum(),
                oversizeSkips.sum(), leaseWaits.sum());
    }

    @Override
    public CacheConfig<V> config() {
        return config;
    }

    /**
     * The number of entries in the in-process tier, including expired ones not yet cleaned up.
     *
     * @return an estimate of the L1 size
     */
    public long estimatedL1Size() {
        return l1.synchronous().estimatedSize();
    }

    @Override
    public String toString() {
        return "CaffeineCacheAside[" + config.name() + (tier == null ? "" : ", tier " + tier) + "]";
    }

}
