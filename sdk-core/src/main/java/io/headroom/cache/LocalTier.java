package io.headroom.cache;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.headroom.Ticker;
import io.headroom.spi.CacheTier;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;

/**
 * Entries and expiry: the in-process tier (L1) and every decision about how long an entry lives, whether a read
 * may serve it, and when it needs a refresh. Thread-safe.
 *
 * <p>L1 is a Caffeine {@link Cache} whose values are either an {@link Entry} (a value, or a cached "not found") or
 * a {@link Load} in flight; a finished load is swapped for its entry ({@link #replace}) or removed, so a hit reads
 * the entry straight from Caffeine, with no future in between.
 *
 * <p><b>One ticker read per hit.</b> Each entry carries its own jittered soft and hard deadlines, and reads check
 * them against one reading of the cache's {@link Ticker}. Caffeine is built with a single fixed
 * expire-after-write well past the longest lifetime any entry can have, so it only cleans up; it is not the
 * authority on expiry, and it reads no clock of its own: its ticker is {@link CoarseClock}, the latest cache-ticker
 * reading taken before an entry was stored. (Measured with JMH on a 2-core box: Caffeine's per-entry variable
 * expiry halves its read throughput, and its fixed expiry spends most of a read in {@code System.nanoTime()};
 * without either, a Caffeine read is ~6 ns.)
 */
final class LocalTier<V> {

    /** {@code -ln(u)} for the smallest {@code u} XFetch draws ({@code 1 - nextDouble() >= 2^-53}) is below this. */
    private static final double XFETCH_MAX_LOG = 37.0;

    /** Caffeine's horizon is at least this long, so it does not expire a load still in flight (see below). */
    private static final long MIN_HORIZON_NANOS = Duration.ofMinutes(10).toNanos();

    private final Cache<String, Object> cache;
    private final CoarseClock coarse;
    private final Ticker ticker;
    private final @Nullable CacheTier tier;
    private final @Nullable Codec<V> codec;
    private final int maxValueBytes;
    private final long ttlNanos;
    private final long softTtlNanos;
    private final long negativeTtlNanos;
    private final double jitter;
    private final double beta;
    private final long untrustedNanos;
    private volatile long localGeneration;
    private final CacheCounters stats;

    LocalTier(CacheConfig<V> config, Ticker ticker, @Nullable CacheTier tier, CacheCounters stats) {
        this.ticker = ticker;
        this.tier = tier;
        this.stats = stats;
        this.codec = config.codec();
        this.maxValueBytes = config.maxValueBytes();
        this.ttlNanos = config.ttl().toNanos();
        Duration soft = config.softTtl();
        this.softTtlNanos = soft == null ? ttlNanos : soft.toNanos();
        Duration negative = config.negativeTtl();
        this.negativeTtlNanos = negative == null ? 0 : negative.toNanos();
        this.jitter = config.jitter();
        this.beta = config.earlyRefreshBeta();
        this.untrustedNanos = tier == null ? Long.MAX_VALUE : tier.untrustedL1Nanos();
        this.coarse = new CoarseClock(ticker.read());
        // the longest an entry can live (hard TTL with the largest jitter factor) plus a second: Caffeine's write
        // time is a reading no later than the entry's own insertion, so it never drops a live entry. At least
        // MIN_HORIZON: a load in flight is a value to Caffeine too, and dropping it would end its single flight
        // (loads slower than that may run twice; the remote tier's lease is shorter anyway)
        long horizon = Math.max(MIN_HORIZON_NANOS,
                (long) Math.ceil(Math.max(ttlNanos, negativeTtlNanos) * (1 + jitter)) + 1_000_000_000L);
        this.cache = Caffeine.newBuilder().maximumSize(config.maximumSize()).ticker(coarse)
                .expireAfterWrite(Duration.ofNanos(horizon)).build();
    }

    // ---------------------------------------------------------------- the map

    /**
     * What L1 holds for a key.
     *
     * @param k the key
     * @return an {@link Entry}, a {@link Load} in flight, or {@code null}
     */
    @Nullable Object getIfPresent(String k) {
        return cache.getIfPresent(k);
    }

    /**
     * Places a load for an absent key.
     *
     * @param k the key
     * @param load the load
     * @return {@code null} when placed, else what L1 holds (an {@link Entry} or another {@link Load})
     */
    @Nullable Object putIfAbsent(String k, Load load) {
        return cache.asMap().putIfAbsent(k, load);
    }

    /**
     * Swaps what L1 holds for a key, if it still holds {@code old} (by identity): a finished load for its entry,
     * a refreshed entry for the new one, an unusable one for a new load.
     *
     * @param k the key
     * @param old the entry or load expected
     * @param next the entry or load to hold instead
     * @return {@code true} when swapped
     */
    boolean replace(String k, Object old, Object next) {
        return cache.asMap().replace(k, old, next);
    }

    /**
     * Removes what L1 holds for a key, if it still holds {@code old} (by identity).
     *
     * @param k the key
     * @param old the entry or load expected
     */
    void remove(String k, Object old) {
        cache.asMap().remove(k, old);
    }

    /**
     * Drops a key, in flight or not: a load that began before can no longer store its value here.
     *
     * @param k the key
     */
    void invalidate(String k) {
        cache.invalidate(k);
    }

    /** Drops every key. */
    void clear() {
        cache.invalidateAll();
    }

    long estimatedSize() {
        return cache.estimatedSize();
    }

    // ---------------------------------------------------------------- generations

    /**
     * The namespace generation reads must serve: the tier's, or this process's for the embedded cache.
     *
     * @return the generation; -1 while a tier does not know it yet
     */
    long generation() {
        return tier == null ? localGeneration : tier.generation();
    }

    /**
     * The generation a load of the embedded cache tags its value with.
     *
     * @return the local generation
     */
    long localGeneration() {
        return localGeneration;
    }

    /** Starts a new local generation: every entry stored before is never served again. */
    synchronized void bumpLocalGeneration() {
        localGeneration = localGeneration + 1;
    }

    // ---------------------------------------------------------------- reads

    /**
     * The hot check: the entry is a cacheable value before its first deadline (never true for a "not found" or
     * an uncacheable entry, see {@link Entry#checkAt}), of the current generation and trusted, so it is served as
     * it is with nothing else to decide.
     *
     * @param e the entry
     * @param now a reading of the cache's ticker
     * @return {@code true} when the entry can be served without further checks
     */
    boolean fresh(Entry e, long now) {
        return now - e.checkAt < 0 && e.generation >= generation() && trusted(e, now);
    }

    /**
     * Whether a read that requires {@code minGeneration} may serve the entry (perhaps stale, perhaps negative).
     *
     * @param e the entry
     * @param minGeneration the oldest generation the read may serve
     * @param now a reading of the cache's ticker
     * @return {@code true} when it may
     */
    boolean usable(Entry e, long minGeneration, long now) {
        return e.cacheable() && e.generation >= minGeneration && now - e.hardAt < 0 && trusted(e, now);
    }

    // while a tier's invalidation channel is down, entries older than its staleness bound are not served
    private boolean trusted(Entry e, long now) {
        return tier == null || now - e.insertedAt < untrustedNanos || tier.l1Trusted();
    }

    /**
     * After a hit that was not {@link #fresh}: counts a stale read, and tells whether to start a background
     * refresh (soft TTL passed, or XFetch's early refresh). At most one refresh per entry at a time.
     *
     * @param e the entry served
     * @param now the reading the hit used
     * @return {@code true} when the caller should start the refresh
     */
    boolean refreshDue(Entry e, long now) {
        if (e.negative()) {
            return false;
        }
        boolean stale = now - e.softAt >= 0;
        if (stale) {
            stats.staleServed();
        }
        boolean early = !stale && beta > 0 && e.loadNanos > 0
                && now - e.loadNanos * beta * Math.log(1.0 - ThreadLocalRandom.current().nextDouble()) >= e.softAt;
        if ((stale || early) && e.startRefresh()) {
            stats.refreshStarted();
            return true;
        }
        return false;
    }

    // ---------------------------------------------------------------- new entries

    private double jitterFactor() {
        return jitter == 0 ? 1.0 : 1.0 + jitter * (2 * ThreadLocalRandom.current().nextDouble() - 1);
    }

    /**
     * The reading a new entry is inserted at; also moves Caffeine's clock there before the entry is stored.
     *
     * @return a reading of the cache's ticker
     */
    private long insertionTime() {
        long now = ticker.read();
        coarse.advanceTo(now);
        return now;
    }

    /**
     * Builds the entry for a loaded value; encodes it when a codec is set (size limit, the tier's write).
     *
     * @param value the loaded value, or {@code null} for "not found"
     * @param generation the generation the load read in
     * @param tookNanos how long the load took
     * @return the entry (absent for an uncached "not found") and its bytes
     * @throws CacheCodecException when the codec cannot encode the value
     */
    Entry.Loaded entryFor(@Nullable V value, long generation, long tookNanos) {
        long now = insertionTime();
        double f = jitterFactor();
        if (value == null) {
            if (negativeTtlNanos == 0) {
                return new Entry.Loaded(null, null);
            }
            long hard = Math.max(1, Math.round(negativeTtlNanos * f));
            return new Entry.Loaded(new Entry(null, now + hard, now + hard, now + hard, now, tookNanos, generation,
                    true), null);
        }
        byte[] bytes = null;
        boolean cacheable = true;
        if (codec != null) {
            bytes = codec.encode(value);
            if (bytes.length > maxValueBytes) {
                stats.oversizeSkipped();
                cacheable = false;
                bytes = null;
            }
        }
        long hard = Math.max(1, Math.round(ttlNanos * f));
        long soft = Math.min(hard, Math.max(1, Math.round(softTtlNanos * f)));
        return new Entry.Loaded(new Entry(value, checkAt(now + soft, tookNanos), now + soft, now + hard, now,
                tookNanos, generation, cacheable), bytes);
    }

    /**
     * An entry from a tier hit, its deadlines moved to this cache's ticker; {@code null} when undecodable.
     *
     * @param r the tier's answer, a hit
     * @param g the generation it was read in
     * @return the entry, or {@code null}
     */
    @Nullable Entry fromTier(CacheTier.Lookup r, long g) {
        Object value = null;
        byte[] payload = r.payload();
        if (payload != null) {
            try {
                value = codec == null ? null : codec.decode(payload);
            } catch (RuntimeException e) {
                stats.backendError();
                return null;
            }
        }
        long now = insertionTime();
        long hard = Math.max(1, r.hardRemainingNanos());
        long soft = Math.min(r.softRemainingNanos(), hard);
        return new Entry(value, checkAt(now + soft, r.loadNanos()), now + soft, now + hard, now, r.loadNanos(), g,
                true);
    }

    // XFetch starts a refresh when now - loadNanos * beta * ln(u) >= softAt, u in (0, 1]: never before
    // softAt - loadNanos * beta * XFETCH_MAX_LOG, so until then a read has nothing to decide
    private long checkAt(long softAt, long loadNanos) {
        if (beta == 0 || loadNanos <= 0) {
            return softAt;
        }
        double window = Math.ceil(loadNanos * beta * XFETCH_MAX_LOG);
        return window >= Long.MAX_VALUE / 4 ? softAt - Long.MAX_VALUE / 4 : softAt - (long) window;
    }

    /**
     * Caffeine's clock: the latest reading of the cache's ticker taken before an entry was stored. Caffeine stamps
     * each write with it and expires entries by it, so its expiry only ever comes later than an entry's own
     * deadlines (which reads check with the real ticker), and a hit costs Caffeine no clock read.
     */
    static final class CoarseClock implements com.github.benmanes.caffeine.cache.Ticker {
        private final AtomicLong last;

        CoarseClock(long start) {
            this.last = new AtomicLong(start);
        }

        void advanceTo(long now) {
            last.accumulateAndGet(now, (current, next) -> next - current > 0 ? next : current);
        }

        @Override
        public long read() {
            return last.get();
        }
    }
}
