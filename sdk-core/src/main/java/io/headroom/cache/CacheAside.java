package io.headroom.cache;

import io.headroom.ClosedException;
import io.headroom.Ticker;
import java.util.Collection;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * A cache-aside: reads go to the cache, and on a miss to a loader the caller passes, whose value is cached for
 * the next reads. Every implementation (embedded, Redis with an in-process tier) keeps the same contract:
 *
 * <ul>
 *   <li><b>Single flight:</b> concurrent misses of one key cause one loader call (per process for the embedded
 *       cache; across every instance sharing a Redis for the Redis cache).</li>
 *   <li><b>Read your invalidation:</b> once {@link #invalidate(Object)} returns, no read that starts afterwards
 *       returns a value loaded before it (on other instances of a shared cache: after a documented bound).</li>
 *   <li><b>Time to live, jitter, negative caching, soft/hard TTL:</b> as described by {@link CacheConfig}.</li>
 *   <li><b>Failures:</b> a failing loader surfaces as {@link CacheLoadException} carrying the key, and is never
 *       cached. A remote tier's outage never fails a read under {@link CacheOutagePolicy#BYPASS}.</li>
 * </ul>
 *
 * <p>Keys are identified by their {@link String#valueOf(Object) string form}, which must be non-empty and at most
 * {@value io.headroom.internal.Arguments#MAX_KEY_LENGTH} characters; use keys whose {@code toString()} is stable and
 * distinct (strings, numbers, UUIDs, records of those). A loader returning {@code null} means "not found": the read
 * returns {@code null}, cached only when {@link CacheConfig#negativeTtl()} is set. Values should be immutable; the
 * embedded cache without a codec hands out the instance the loader returned.
 *
 * <pre>{@code
 * CacheAside<String, String> profiles = CacheAside.inMemory(CacheConfig.named("profile")
 *         .ttl(Duration.ofHours(1)).codec(Codec.string()).build());
 * String profile = profiles.get(uid, repo::loadProfileJson);
 * profiles.invalidate(uid);                      // after an update
 * }</pre>
 *
 * <p>Arguments are checked before any I/O and bad ones throw {@link IllegalArgumentException}, also from the
 * asynchronous forms (thrown, not returned in the stage). Every operation has a blocking and an asynchronous form
 * served by one implementation; the blocking forms throw what the stage would fail with, unwrapped.
 * Implementations are thread-safe.
 *
 * <p><b>Lifecycle:</b> a cache holds an in-process tier and, with a remote tier, a subscription to its
 * invalidation channel; {@link #close()} releases them. After close every read and invalidation throws
 * {@link ClosedException} (after the argument checks; from the asynchronous forms too, thrown rather than returned
 * in the stage); {@link #stats()} and {@link #config()} keep answering.
 *
 * @param <K> the key type
 * @param <V> the value type
 */
public interface CacheAside<K, V> extends AutoCloseable {

    /**
     * Creates the embedded cache (Caffeine, in process) on the system ticker.
     *
     * @param config the configuration
     * @param <K> the key type
     * @param <V> the value type
     * @return a new cache
     * @throws IllegalArgumentException when {@code config} is {@code null}
     */
    static <K, V> CacheAside<K, V> inMemory(CacheConfig<V> config) {
        return CaffeineCacheAside.create(config, Ticker.system(), null);
    }

    /**
     * Creates the embedded cache reading time from {@code ticker} (for expiry, soft TTLs and load times).
     *
     * @param config the configuration
     * @param ticker the time source
     * @param <K> the key type
     * @param <V> the value type
     * @return a new cache
     * @throws IllegalArgumentException when an argument is {@code null}
     */
    static <K, V> CacheAside<K, V> inMemory(CacheConfig<V> config, Ticker ticker) {
        return CaffeineCacheAside.create(config, ticker, null);
    }

    /**
     * Returns the value cached for {@code key}, loading it with {@code loader} on a miss.
     *
     * @param key the key
     * @param loader computes the value; runs on the calling thread; returns {@code null} for "not found"
     * @return the value, or {@code null} when not found
     * @throws CacheLoadException when the loader fails
     * @throws io.headroom.BackendUnavailableException under {@link CacheOutagePolicy#FAIL} when a remote tier is
     *     down and no in-process value is usable
     * @throws IllegalArgumentException when an argument breaks its rule
     * @throws ClosedException after {@link #close()}
     */
    @Nullable V get(K key, Function<? super K, ? extends @Nullable V> loader);

    /**
     * Asynchronous form of {@link #get(Object, Function)}.
     *
     * @param key the key
     * @param loader starts loading the value; its stage completes with {@code null} for "not found"
     * @return a stage completing with the value or {@code null}, or failing with {@link CacheLoadException} or
     *     {@link io.headroom.BackendUnavailableException}
     * @throws IllegalArgumentException when an argument breaks its rule
     * @throws ClosedException after {@link #close()}
     */
    CompletionStage<@Nullable V> getAsync(K key,
                                          Function<? super K, ? extends CompletionStage<? extends @Nullable V>> loader);

    /**
     * Returns the values cached for {@code keys}, loading every missing one with a single call of
     * {@code bulkLoader}, which receives only the missing keys (keys another caller is already loading are waited
     * for instead). Keys the loader's map lacks are "not found".
     *
     * @param keys the keys; duplicates are read once
     * @param bulkLoader loads the missing keys; runs on the calling thread
     * @return an unmodifiable map of the keys that were found, in the order of {@code keys}
     * @throws CacheLoadException when the bulk loader fails; {@link CacheLoadException#key()} lists the keys
     * @throws IllegalArgumentException when an argument or a key breaks its rule
     * @throws ClosedException after {@link #close()}
     */
    Map<K, V> getAll(Collection<? extends K> keys,
                     Function<? super Set<K>, ? extends Map<? extends K, ? extends V>> bulkLoader);

    /**
     * Asynchronous form of {@link #getAll(Collection, Function)}.
     *
     * @param keys the keys
     * @param bulkLoader starts loading the missing keys
     * @return a stage completing with an unmodifiable map of the keys found
     * @throws IllegalArgumentException when an argument or a key breaks its rule
     * @throws ClosedException after {@link #close()}
     */
    CompletionStage<Map<K, V>> getAllAsync(Collection<? extends K> keys,
            Function<? super Set<K>, ? extends CompletionStage<? extends Map<? extends K, ? extends V>>> bulkLoader);

    /**
     * Removes {@code key} from every tier; loads of it that began earlier can no longer store their value.
     *
     * @param key the key
     * @throws io.headroom.BackendUnavailableException when a remote tier cannot be reached: the key is then
     *     dropped from this process only, and the caller should retry
     * @throws IllegalArgumentException when {@code key} breaks its rule
     * @throws ClosedException after {@link #close()}
     */
    void invalidate(K key);

    /**
     * Asynchronous form of {@link #invalidate(Object)}.
     *
     * @param key the key
     * @return a stage completing when the key is invalidated
     * @throws IllegalArgumentException when {@code key} breaks its rule
     * @throws ClosedException after {@link #close()}
     */
    CompletionStage<Void> invalidateAsync(K key);

    /**
     * Invalidates each of {@code keys}, as {@link #invalidate(Object)} does.
     *
     * @param keys the keys
     * @throws io.headroom.BackendUnavailableException when a remote tier cannot be reached
     * @throws IllegalArgumentException when an argument or a key breaks its rule
     * @throws ClosedException after {@link #close()}
     */
    void invalidateAll(Collection<? extends K> keys);

    /**
     * Asynchronous form of {@link #invalidateAll(Collection)}.
     *
     * @param keys the keys
     * @return a stage completing when every key is invalidated
     * @throws IllegalArgumentException when an argument or a key breaks its rule
     * @throws ClosedException after {@link #close()}
     */
    CompletionStage<Void> invalidateAllAsync(Collection<? extends K> keys);

    /**
     * Invalidates every key of this cache in O(1), by starting a new generation of the namespace: values of
     * earlier generations are never served again, and expire on their own.
     *
     * @throws io.headroom.BackendUnavailableException when a remote tier cannot be reached
     * @throws ClosedException after {@link #close()}
     */
    void invalidateAll();

    /**
     * Asynchronous form of {@link #invalidateAll()}.
     *
     * @return a stage completing when the new generation is in force
     * @throws ClosedException after {@link #close()}
     */
    CompletionStage<Void> invalidateAllAsync();

    /**
     * A snapshot of this instance's counters.
     *
     * @return the statistics; immutable
     */
    CacheStats stats();

    /**
     * The configuration of this cache.
     *
     * @return the configuration
     */
    CacheConfig<V> config();

    /**
     * Releases what this cache holds: the in-process entries, background refreshes, and a remote tier's
     * invalidation listener and subscription (connections passed to a factory stay the caller's to close).
     * Reads and loads already in flight complete. Idempotent: later calls do nothing.
     */
    @Override
    void close();
}
