package io.headroom.examples;

import io.headroom.cache.CacheAside;
import io.headroom.cache.CacheConfig;
import io.headroom.cache.CacheStats;
import io.headroom.cache.Codec;
import io.headroom.redis.RedisBackend;
import io.headroom.redis.RedisCacheAside;
import io.headroom.redis.RedisOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.LongAdder;
import org.jspecify.annotations.Nullable;

/**
 * Social Connect's cached lookups, with the seed's TTLs: user profiles (1 h), search results (15 min) and
 * discovery results (5 min), cache-aside in front of a (simulated) Firestore whose reads are counted, so the demo
 * can show the hit rate and the backend reads saved. Embedded by default; shared through Redis (Caffeine L1 over
 * Redis L2) when the demo runs with {@code --redis}. Thread-safe.
 */
final class CachedProfiles implements AutoCloseable {

    static final CacheConfig<String> PROFILES = CacheConfig.named("profile").codec(Codec.string())
            .ttl(Duration.ofHours(1)).build();
    static final CacheConfig<String> SEARCH = CacheConfig.named("search").codec(Codec.string())
            .ttl(Duration.ofMinutes(15)).build();
    static final CacheConfig<String> DISCOVERY = CacheConfig.named("discovery").codec(Codec.string())
            .ttl(Duration.ofMinutes(5)).negativeTtl(Duration.ofMinutes(1)).build();

    /** What one cache did during the run. */
    record Line(String cache, Duration ttl, long lookups, long backendReads, double hitRate) {
    }

    /** The cache section of the demo's report. */
    record Report(List<Line> lines, long lookups, long backendReads) {
        long readsSaved() {
            return lookups - backendReads;
        }

        double hitRate() {
            return lookups == 0 ? 1 : (double) readsSaved() / lookups;
        }
    }

    /** Stands in for Firestore: answers documents and counts every read (the bill). */
    static final class Store {
        final LongAdder profileReads = new LongAdder();
        final LongAdder searchReads = new LongAdder();
        final LongAdder discoveryReads = new LongAdder();

        String profile(String userId) {
            profileReads.increment();
            return "{\"id\":\"" + userId + "\",\"name\":\"User " + userId + "\",\"city\":\"Lisbon\"}";
        }

        String search(String query) {
            searchReads.increment();
            return "{\"q\":\"" + query + "\",\"hits\":[\"user-1\",\"user-7\",\"user-42\"]}";
        }

        @Nullable String discover(String cell) {
            discoveryReads.increment();
            // some map cells have nobody nearby: "not found", cached for a minute (negative caching)
            return cell.hashCode() % 10 == 0 ? null : "{\"cell\":\"" + cell + "\",\"nearby\":12}";
        }
    }

    private final Store store = new Store();
    private final CacheAside<String, String> profiles;
    private final CacheAside<String, String> search;
    private final CacheAside<String, String> discovery;
    private final List<AutoCloseable> resources;

    private CachedProfiles(CacheAside<String, String> profiles, CacheAside<String, String> search,
                           CacheAside<String, String> discovery, List<AutoCloseable> resources) {
        this.profiles = profiles;
        this.search = search;
        this.discovery = discovery;
        this.resources = resources;
    }

    /** The embedded caches: Caffeine in process, no server; closed with this object. */
    static CachedProfiles inMemory() {
        CacheAside<String, String> profiles = CacheAside.inMemory(PROFILES);
        CacheAside<String, String> search = CacheAside.inMemory(SEARCH);
        CacheAside<String, String> discovery = CacheAside.inMemory(DISCOVERY);
        return new CachedProfiles(profiles, search, discovery, List.of(profiles, search, discovery));
    }

    /** The two-tier caches shared through Redis; opens (and on close, closes) its own two connections. */
    static CachedProfiles redis(RedisClient client) {
        StatefulRedisConnection<String, String> connection = client.connect();
        StatefulRedisPubSubConnection<String, String> pubSub = client.connectPubSub();
        RedisBackend backend = RedisBackend.of(connection);
        RedisOptions options = RedisOptions.builder()
                .keyPrefix("social-connect:" + System.nanoTime() + ":")
                .timeout(Duration.ofMillis(500))
                .build();
        List<AutoCloseable> resources = new ArrayList<>();
        List<RedisCacheAside<String, String>> caches = new ArrayList<>();
        for (CacheConfig<String> config : List.of(PROFILES, SEARCH, DISCOVERY)) {
            caches.add(RedisCacheAside.<String, String>builder(backend, pubSub, config).options(options).build());
        }
        resources.addAll(caches);
        resources.add(pubSub);
        resources.add(connection);
        return new CachedProfiles(caches.get(0), caches.get(1), caches.get(2), resources);
    }

    String profile(String userId) {
        return profiles.get(userId, store::profile);
    }

    String search(String query) {
        return search.get(query, store::search);
    }

    @Nullable String discover(String cell) {
        return discovery.get(cell, store::discover);
    }

    /** A profile was edited: the next read anywhere loads it again. */
    void profileChanged(String userId) {
        profiles.invalidate(userId);
    }

    /**
     * Simulates the app's reads: {@code lookups} profile views, half as many searches and as many discovery
     * queries, keys Zipf-distributed (a few popular users, queries and map cells; a long tail), on 4 threads.
     */
    Report simulate(int users, int lookups, long seed) throws InterruptedException {
        ZipfIndex userPick = new ZipfIndex(users);
        ZipfIndex queryPick = new ZipfIndex(Math.max(10, users / 4));
        ZipfIndex cellPick = new ZipfIndex(Math.max(10, users / 10));
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < 4; t++) {
            SplittableRandom random = new SplittableRandom(seed + t);
            int share = lookups / 4;
            Thread thread = new Thread(() -> {
                for (int i = 0; i < share; i++) {
                    profile("user-" + userPick.next(random));
                    if (i % 2 == 0) {
                        search("query-" + queryPick.next(random));
                    }
                    discover("cell-" + cellPick.next(random));
                    if (i % 500 == 0) {
                        profileChanged("user-" + userPick.next(random)); // someone edits their profile
                    }
                }
            }, "social-connect-reader-" + t);
            threads.add(thread);
            thread.start();
        }
        for (Thread thread : threads) {
            thread.join();
        }
        List<Line> lines = List.of(
                line(PROFILES, profiles.stats(), store.profileReads.sum()),
                line(SEARCH, search.stats(), store.searchReads.sum()),
                line(DISCOVERY, discovery.stats(), store.discoveryReads.sum()));
        long total = lines.stream().mapToLong(Line::lookups).sum();
        long reads = lines.stream().mapToLong(Line::backendReads).sum();
        return new Report(lines, total, reads);
    }

    private static Line line(CacheConfig<String> config, CacheStats s, long backendReads) {
        return new Line(config.name(), config.ttl(), s.requests(), backendReads, s.hitRate());
    }

    static void print(PrintStream out, String backend, Report r) {
        out.println();
        out.println("Cache-aside (" + backend + ")");
        for (Line l : r.lines()) {
            out.printf(Locale.ROOT, "  %-9s TTL %-5s: %,9d lookups -> %,7d backend reads, hit rate %5.1f%%%n",
                    l.cache(), l.ttl().toMinutes() + "m", l.lookups(), l.backendReads(), 100 * l.hitRate());
        }
        out.printf(Locale.ROOT, "  total            : hit rate %.1f%%, backend reads saved %,d of %,d%n",
                100 * r.hitRate(), r.readsSaved(), r.lookups());
    }

    /**
     * The demo's cache section: runs the simulated reads against embedded or Redis caches and prints the report.
     *
     * @param redis the demo's Redis client, or {@code null} for the embedded caches
     * @param users the number of simulated users
     * @param out where the report goes
     * @return the figures
     */
    static Report runDemo(@Nullable RedisClient redis, int users, PrintStream out) throws InterruptedException {
        try (CachedProfiles caches = redis == null ? inMemory() : redis(redis)) {
            Report r = caches.simulate(users, Math.max(4_000, users * 20), 42);
            print(out, redis == null ? "embedded Caffeine" : "Caffeine L1 + Redis L2", r);
            return r;
        }
    }

    @Override
    public void close() {
        for (AutoCloseable r : resources) {
            try {
                r.close();
            } catch (Exception e) {
                // demo shutdown is best effort
            }
        }
    }

    /** Zipf (exponent 1) index picker over {@code n} items. Thread-safe (immutable). */
    static final class ZipfIndex {
        private final double[] cdf;

        ZipfIndex(int n) {
            cdf = new double[n];
            double sum = 0;
            for (int i = 0; i < n; i++) {
                sum += 1.0 / (i + 1);
                cdf[i] = sum;
            }
        }

        int next(SplittableRandom random) {
            int idx = Arrays.binarySearch(cdf, random.nextDouble() * cdf[cdf.length - 1]);
            return idx >= 0 ? idx : Math.min(cdf.length - 1, -idx - 1);
        }
    }
}
