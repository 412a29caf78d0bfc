package io.headroom.spi;

import java.time.Duration;
import java.util.Collection;
import java.util.concurrent.CompletableFuture;
import org.jspecify.annotations.Nullable;

/**
 * The shared, remote tier (L2) under an in-process cache (see {@code io.headroom.cache.CaffeineCacheAside}), as a
 * backend module implements it: a store of encoded values with server-side TTLs, a short per-key lease for single
 * flight across instances, writes conditional on that lease (so a load that began before an invalidation can
 * never write its older value after it), a namespace generation for O(1) invalidation of everything, and a channel
 * that tells every instance about invalidations.
 *
 * <p>Every method returns at once; futures complete on the backend's threads and fail with the backend's error,
 * a timeout, or an open circuit breaker (implementations guard every call with a timeout and a breaker).
 * The cache that was given a tier owns it: it registers its {@link Listener} when created and calls
 * {@link #close()} once when it is closed.
 * Keys are the caller's key strings, already checked (non-empty, at most 1024 characters). Implementations
 * are thread-safe.
 */
public interface CacheTier {

    /** What a {@link #lookup} found. */
    enum Kind {
        /** A value (or a cached "not found") that has not passed its hard TTL. */
        HIT,
        /** No usable value; this caller now holds the key's lease and should load and {@link #write}. */
        LEASED,
        /** No usable value and another caller holds the lease: wait and look again. */
        BUSY
    }

    /**
     * The answer of {@link #lookup}.
     *
     * @param kind what was found
     * @param payload the encoded value for a {@link Kind#HIT}; {@code null} for a cached "not found" and for the
     *     other kinds
     * @param softRemainingNanos for a hit: time until the soft TTL, by the tier's clock (zero or negative: stale)
     * @param hardRemainingNanos for a hit: time until the hard TTL, positive
     * @param loadNanos for a hit: how long the value took to load (for early refresh)
     * @param token for {@link Kind#LEASED}: the lease token to pass to {@link #write} or {@link #release}
     */
    record Lookup(Kind kind, byte @Nullable [] payload, long softRemainingNanos, long hardRemainingNanos,
                  long loadNanos, @Nullable String token) {
    }

    /** Receives what other instances (and this one) published. Called on the backend's threads; must be quick. */
    interface Listener {
        /**
         * A key was invalidated: drop it from the in-process tier.
         *
         * @param key the key string
         */
        void keyInvalidated(String key);

        /** Invalidations may have been missed (the channel reconnected): drop the whole in-process tier. */
        void resync();
    }

    /**
     * Registers the listener (one per tier; the cache registers itself when it is created).
     *
     * @param listener the listener
     */
    void listen(Listener listener);

    /**
     * The namespace generation this instance currently knows; values of older generations are invalid.
     *
     * @return the generation, or -1 when not known yet
     */
    long generation();

    /**
     * The generation to read and write with: {@link #generation()} when it is known to be current (the channel
     * is live), else read from the backend (at most once per {@link #untrustedL1Nanos()}).
     *
     * @return a future of the generation
     */
    CompletableFuture<Long> currentGeneration();

    /**
     * Whether the invalidation channel is live, so in-process entries may be served until they expire; when not,
     * in-process entries older than {@link #untrustedL1Nanos()} must not be served.
     *
     * @return {@code true} while invalidations are being received
     */
    boolean l1Trusted();

    /**
     * The staleness bound while the channel is not live (see {@link #l1Trusted()}).
     *
     * @return nanoseconds
     */
    long untrustedL1Nanos();

    /**
     * How long a lease lasts: a holder that dies loses it after this, and waiters give up waiting after it.
     *
     * @return the lease time
     */
    Duration leaseTime();

    /**
     * Looks a key up, taking its lease when there is no usable value and nobody holds it.
     *
     * @param key the key
     * @param generation the generation to read
     * @return the answer
     */
    CompletableFuture<Lookup> lookup(String key, long generation);

    /**
     * Looks a key up for a background refresh: a value is a {@link Kind#HIT} only when it is newer than the one
     * being refreshed (its hard TTL ends more than {@code hardRemainingNanos} from now); otherwise the lease is
     * taken if free ({@link Kind#LEASED}) or someone else refreshes ({@link Kind#BUSY}).
     *
     * @param key the key
     * @param generation the generation to read
     * @param hardRemainingNanos time until the hard TTL of the value being refreshed
     * @return the answer
     */
    CompletableFuture<Lookup> lookupForRefresh(String key, long generation, long hardRemainingNanos);

    /**
     * Stores a value if {@code token} still holds the key's lease, and releases the lease; does nothing when the
     * lease was lost (expired, or deleted by an invalidation).
     *
     * @param key the key
     * @param generation the generation the lookup used
     * @param token the lease token
     * @param payload the encoded value, or {@code null} to cache "not found"
     * @param softNanos the soft TTL of this value (jitter applied)
     * @param hardNanos the hard TTL of this value (jitter applied)
     * @param loadNanos how long the load took
     * @return {@code true} when written, {@code false} when the lease was lost
     */
    CompletableFuture<Boolean> write(String key, long generation, String token, byte @Nullable [] payload,
                                     long softNanos, long hardNanos, long loadNanos);

    /**
     * Gives a lease back without writing (the load failed, found nothing to cache, or the value is too big), so
     * waiters need not wait for it to expire.
     *
     * @param key the key
     * @param generation the generation the lookup used
     * @param token the lease token
     * @return a future completing when done
     */
    CompletableFuture<Void> release(String key, long generation, String token);

    /**
     * Deletes the keys' values and leases in the given generation and tells every instance.
     *
     * @param keys the keys
     * @param generation the current generation
     * @return a future completing once the backend deleted them and published the invalidation
     */
    CompletableFuture<Void> invalidate(Collection<String> keys, long generation);

    /**
     * Starts a new generation (every value of older ones is invalid at once) and tells every instance.
     *
     * @return a future of the new generation
     */
    CompletableFuture<Long> bumpGeneration();

    /**
     * Stops the tier, called once by the cache that owns it when that cache is closed: drop the listener (it is
     * never called again), leave the invalidation channel, and stop any background work. Connections the tier was
     * given stay open (they are their creator's). Must not throw; idempotent.
     */
    void close();
}
