package io.headroom.redis;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.headroom.Ticker;
import io.headroom.cache.CacheAside;
import io.headroom.cache.CacheConfig;
import io.headroom.cache.CacheStats;
import io.headroom.cache.CaffeineCacheAside;
import io.headroom.cache.Codec;
import io.headroom.internal.Arguments;
import io.headroom.spi.BackendCallObserver;
import io.headroom.spi.ObservableBackend;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import java.time.Duration;
import java.util.Collection;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * A two-tier {@link CacheAside}: Caffeine in each process (L1) over Redis (L2, standalone or cluster) shared by
 * every instance, with single flight across instances, no stale sets, invalidation fan-out and outage handling.
 *
 * <ul>
 *   <li><b>Keys:</b> a value lives in the hash {@code <prefix>cache:<name>:{<generation>:<key>}} (built by {@code RedisKeys}, delimiters in name and
 *       key escaped: {@code docs/redis-keys.md}; fields: soft
 *       and hard expiry, load time, payload) and its lease in the same key plus {@code :lease}; the hash tag puts
 *       both in one slot, so every script is cluster-safe. The Redis key expires at the hard TTL on its own.</li>
 *   <li><b>Single flight:</b> an L1 miss runs one script that returns the value, or takes the key's lease
 *       ({@code SET NX PX} with a random token) so this instance loads, or says another one is loading. Waiters
 *       poll with backoff (1, 2, 4 ... 50 ms) for up to {@link Builder#leaseTime(Duration) the lease time}, then
 *       load themselves without writing; a holder that dies loses the lease when it expires.</li>
 *   <li><b>No stale set:</b> the write is a script that stores the value only if the lease still holds the
 *       loader's token; {@link #invalidate(Object)} deletes value and lease, so a load that began before an
 *       invalidation can never write its older value after it. Its value is not kept in L1 either.</li>
 *   <li><b>Invalidation fan-out:</b> Redis pub/sub, on the connection given to the factory (a subscribed
 *       connection can issue no other command). Pub/sub was chosen over RESP3 client-side caching because it
 *       works the same on Redis 6 standalone and cluster with a RESP2 connection, needs no per-key tracking
 *       table on the server, and carries namespace-wide invalidations (a generation bump) as one message.
 *       {@link #invalidate(Object)} returns after Redis deleted the key and accepted the message; other instances
 *       drop their L1 copy when it arrives (normally within a millisecond).</li>
 *   <li><b>Staleness bound while the channel is down:</b> when the pub/sub connection is disconnected or not
 *       subscribed, L1 entries older than {@link Builder#disconnectedStaleness(Duration)} (default 1 s) are not
 *       served and the generation is re-read from Redis at most that often; when it is subscribed again L1 is
 *       cleared, since messages may have been lost. So no instance serves a value invalidated more than that
 *       bound ago (plus message delivery time while the channel is up).</li>
 *   <li><b>Namespace invalidation:</b> {@link #invalidateAll()} increments a generation counter
 *       ({@code <prefix>cache:<name>:generation}) and publishes it: O(1); old keys expire by their TTL.</li>
 *   <li><b>Time:</b> L1 expiry uses the injected {@link Ticker}; L2 expiry is decided by the Redis server's
 *       {@code TIME} inside the scripts (one authority for every instance) and its own key expiry;
 *       {@link RedisOptions#clock()} replaces {@code TIME} in tests.</li>
 *   <li><b>Outage:</b> every Redis call has {@link RedisOptions#timeout()} and runs behind a Resilience4j circuit
 *       breaker; under {@link io.headroom.cache.CacheOutagePolicy#BYPASS} reads are answered from L1 or the loader
 *       and never fail because Redis is down; caching in Redis resumes by itself when the breaker closes.</li>
 *   <li><b>Values:</b> encoded by {@link CacheConfig#codec()} (required) and stored as text on the backend's
 *       {@code String} connection: UTF-8 codecs as they are, binary ones in base64.</li>
 * </ul>
 *
 * <p>Thread-safe. {@link #close()} unsubscribes from the channel (the connections stay the caller's), after which
 * every read and invalidation throws {@link io.headroom.ClosedException}. Create one instance per cache name and
 * pub/sub connection. Backend-call latency: see {@link io.headroom.cache.CacheAsideMetrics}.
 *
 * @param <K> the key type
 * @param <V> the value type
 */
public final class RedisCacheAside<K, V> implements CacheAside<K, V>, ObservableBackend {

    private final CaffeineCacheAside<K, V> cache;
    private final RedisCacheTier tier;

    private RedisCacheAside(CaffeineCacheAside<K, V> cache, RedisCacheTier tier) {
        this.cache = cache;
        this.tier = tier;
    }

    /**
     * Creates a cache with default settings: {@link RedisOptions#defaults()}, the system ticker, a 5 s lease and a
     * 1 s staleness bound while the invalidation channel is down. Subscribes before returning (waiting at most
     * the call timeout; if Redis is down it keeps trying in the background).
     *
     * @param backend the Redis for values, leases and publishing
     * @param pubSub a connection to the same Redis (or cluster) used only for this and other caches'
     *     subscriptions
     * @param config the configuration; must have a codec
     * @param <K> the key type
     * @param <V> the value type
     * @return the cache
     * @throws IllegalArgumentException when an argument is {@code null} or the configuration has no codec
     */
    public static <K, V> RedisCacheAside<K, V> create(RedisBackend backend,
            StatefulRedisPubSubConnection<String, String> pubSub, CacheConfig<V> config) {
        return RedisCacheAside.<K, V>builder(backend, pubSub, config).build();
    }

    /**
     * Returns a builder for a cache.
     *
     * @param backend the Redis for values, leases and publishing
     * @param pubSub a connection used for subscriptions only
     * @param config the configuration; must have a codec
     * @param <K> the key type
     * @param <V> the value type
     * @return a builder; not thread-safe
     */
    public static <K, V> Builder<K, V> builder(RedisBackend backend,
            StatefulRedisPubSubConnection<String, String> pubSub, CacheConfig<V> config) {
        return new Builder<>(backend, pubSub, config);
    }

    @Override
    public @Nullable V get(K key, Function<? super K, ? extends @Nullable V> loader) {
        return cache.get(key, loader);
    }

    @Override
    public CompletionStage<@Nullable V> getAsync(K key,
            Function<? super K, ? extends CompletionStage<? extends @Nullable V>> loader) {
        return cache.getAsync(key, loader);
    }

    @Override
    public Map<K, V> getAll(Collection<? extends K> keys,
                            Function<? super Set<K>, ? extends Map<? extends K, ? extends V>> bulkLoader) {
        return cache.getAll(keys, bulkLoader);
    }

    @Override
    public CompletionStage<Map<K, V>> getAllAsync(Collection<? extends K> keys,
            Function<? super Set<K>, ? extends CompletionStage<? extends Map<? extends K, ? extends V>>> bulkLoader) {
        return cache.getAllAsync(keys, bulkLoader);
    }

    @Override
    public void invalidate(K key) {
        cache.invalidate(key);
    }

    @Override
    public CompletionStage<Void> invalidateAsync(K key) {
        return cache.invalidateAsync(key);
    }

    @Override
    public void invalidateAll(Collection<? extends K> keys) {
        cache.invalidateAll(keys);
    }

    @Override
    public CompletionStage<Void> invalidateAllAsync(Collection<? extends K> keys) {
        return cache.invalidateAllAsync(keys);
    }

    @Override
    public void invalidateAll() {
        cache.invalidateAll();
    }

    @Override
    public CompletionStage<Void> invalidateAllAsync() {
        return cache.invalidateAllAsync();
    }

    @Override
    public CacheStats stats() {
        return cache.stats();
    }

    @Override
    public CacheConfig<V> config() {
        return cache.config();
    }

    /**
     * Whether invalidations from other instances are being received right now (the pub/sub connection is open
     * and subscribed); while not, L1 serves entries for at most the staleness bound.
     *
     * @return {@code true} while the channel is live
     */
    public boolean invalidationChannelLive() {
        return tier.isLive();
    }

    /**
     * The circuit breaker around Redis calls, for metrics and state.
     *
     * @return the breaker
     */
    public CircuitBreaker circuitBreaker() {
        return tier.guard().circuitBreaker();
    }

    /**
     * The pub/sub channel this cache's invalidations travel on.
     *
     * @return the channel name
     */
    public String invalidationChannel() {
        return tier.channel();
    }

    /**
     * Unsubscribes from the invalidation channel, ends background refreshes and empties L1; the connections stay
     * the caller's. Every later read or invalidation throws {@link io.headroom.ClosedException}. Idempotent.
     */
    @Override
    public void close() {
        cache.close();
    }

    /**
     * Reports every Redis call of this cache (lookups, writes, releases, invalidations, publishes, generation
     * reads) to {@code observer}; installed by {@link io.headroom.cache.CacheAsideMetrics#bind}.
     *
     * @param observer the observer, replacing the previous one
     */
    @Override
    public void observeBackendCalls(BackendCallObserver observer) {
        tier.guard().observeBackendCalls(observer);
    }

    @Override
    public String toString() {
        return "RedisCacheAside[" + cache.config().name() + ", " + tier + "]";
    }

    /**
     * Builds a {@link RedisCacheAside}. Not thread-safe.
     *
     * @param <K> the key type
     * @param <V> the value type
     */
    public static final class Builder<K, V> {
        private final RedisBackend backend;
        private final StatefulRedisPubSubConnection<String, String> pubSub;
        private final CacheConfig<V> config;
        private RedisOptions options = RedisOptions.defaults();
        private Ticker ticker = Ticker.system();
        private Duration leaseTime = Duration.ofSeconds(5);
        private Duration disconnectedStaleness = Duration.ofSeconds(1);

        private Builder(RedisBackend backend, StatefulRedisPubSubConnection<String, String> pubSub,
                        CacheConfig<V> config) {
            this.backend = Arguments.notNull(backend, "backend");
            this.pubSub = Arguments.notNull(pubSub, "pubSub");
            this.config = Arguments.notNull(config, "config");
        }

        /**
         * Sets key prefix, call timeout, circuit breaker and (for tests) the clock replacing Redis {@code TIME}.
         * Default {@link RedisOptions#defaults()}.
         *
         * @param options the options
         * @return this builder
         */
        public Builder<K, V> options(RedisOptions options) {
            this.options = options;
            return this;
        }

        /**
         * Sets the time source of the in-process tier. Default {@link Ticker#system()}.
         *
         * @param ticker the ticker
         * @return this builder
         */
        public Builder<K, V> ticker(Ticker ticker) {
            this.ticker = ticker;
            return this;
        }

        /**
         * Sets how long a load's lease lasts, in [10 ms, 5 min]: longer loads may run twice, and waiters wait at
         * most this long. Default 5 s.
         *
         * @param leaseTime the lease time
         * @return this builder
         */
        public Builder<K, V> leaseTime(Duration leaseTime) {
            this.leaseTime = leaseTime;
            return this;
        }

        /**
         * Sets the staleness bound while the invalidation channel is down, in [1 ms, 1 h]. Default 1 s.
         *
         * @param bound the bound
         * @return this builder
         */
        public Builder<K, V> disconnectedStaleness(Duration bound) {
            this.disconnectedStaleness = bound;
            return this;
        }

        /**
         * Validates, subscribes and returns the cache.
         *
         * @return the cache
         * @throws IllegalArgumentException when a setting breaks its rule or the configuration has no codec
         */
        public RedisCacheAside<K, V> build() {
            Arguments.notNull(options, "options");
            Arguments.notNull(ticker, "ticker");
            checkRange(leaseTime, Duration.ofMillis(10), Duration.ofMinutes(5), "leaseTime");
            checkRange(disconnectedStaleness, Duration.ofMillis(1), Duration.ofHours(1), "disconnectedStaleness");
            Codec<V> codec = config.codec();
            if (codec == null) {
                throw new IllegalArgumentException("config.codec must be set for a Redis cache (cache '"
                        + config.name() + "'): use Codec.string(), Codec.bytes(), Codec.json(type) or your own");
            }
            RedisCacheTier tier = new RedisCacheTier(backend, pubSub, config.name(), options, ticker,
                    codec.utf8Text(), leaseTime, disconnectedStaleness);
            CaffeineCacheAside<K, V> cache = CaffeineCacheAside.create(config, ticker, tier);
            tier.start(options.timeout());
            return new RedisCacheAside<>(cache, tier);
        }

        private static void checkRange(@Nullable Duration value, Duration min, Duration max, String name) {
            Arguments.notNull(value, name);
            if (value.compareTo(min) < 0 || value.compareTo(max) > 0) {
                throw new IllegalArgumentException(name + " must be between " + min + " and " + max + ", was "
                        + value);
            }
        }
    }
}
