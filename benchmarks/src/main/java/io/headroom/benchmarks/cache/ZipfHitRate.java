package io.headroom.benchmarks.cache;

import io.headroom.cache.CacheAside;
import io.headroom.cache.CacheConfig;
import io.headroom.cache.CacheStats;
import io.headroom.cache.Codec;
import io.headroom.testkit.ManualTicker;
import java.time.Duration;
import java.util.Arrays;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * Hit rate of the seed's three caches under a Zipf workload in simulated time (not a speed benchmark, so a plain
 * program: {@code java -cp benchmarks/target/benchmarks.jar io.headroom.benchmarks.cache.ZipfHitRate}).
 *
 * <p>Each cache sees 1,000 reads per simulated second for two simulated hours (7.2 M reads), keys drawn from a
 * Zipf distribution (exponent 1.0) over its key space, time driven by a {@link ManualTicker}, TTLs with the default
 * ±10% jitter, L1 bound 10,000 entries: profiles (100,000 users, TTL 1 h), search results (50,000 distinct
 * queries, TTL 15 min), discovery (20,000 geo cells x filters, TTL 5 min). Seeded, so the output is reproducible.
 */
public final class ZipfHitRate {

    private ZipfHitRate() {
    }

    /**
     * Runs the simulation and prints one line per cache.
     *
     * @param args ignored
     */
    public static void main(String[] args) {
        System.out.println("cache       keys     ttl     reads      hit rate  backend reads  saved");
        run("profile", 100_000, Duration.ofHours(1), 1);
        run("search", 50_000, Duration.ofMinutes(15), 2);
        run("discovery", 20_000, Duration.ofMinutes(5), 3);
    }

    private static void run(String name, int keyCount, Duration ttl, long seed) {
        ManualTicker ticker = new ManualTicker();
        CacheAside<String, String> cache = CacheAside.inMemory(CacheConfig.named(name).codec(Codec.string())
                .ttl(ttl).maximumSize(10_000).build(), ticker);
        String[] keys = new String[keyCount];
        double[] cdf = new double[keyCount];
        double sum = 0;
        for (int i = 0; i < keyCount; i++) {
            keys[i] = name + ":" + i;
            sum += 1.0 / (i + 1);
            cdf[i] = sum;
        }
        SplittableRandom random = new SplittableRandom(seed);
        long reads = 7_200_000;
        long[] backendReads = {0};
        for (long r = 0; r < reads; r++) {
            ticker.advance(1_000_000); // 1,000 reads per simulated second
            int idx = Arrays.binarySearch(cdf, random.nextDouble() * sum);
            int k = idx >= 0 ? idx : Math.min(keyCount - 1, -idx - 1);
            cache.get(keys[k], key -> {
                backendReads[0]++;
                return "v";
            });
        }
        CacheStats s = cache.stats();
        System.out.printf(Locale.ROOT, "%-10s %6d %7s %9d %12.2f%% %13d %6.2f%%%n", name, keyCount,
                ttl.toMinutes() + "m", reads, 100 * s.hitRate(), backendReads[0],
                100.0 * (reads - backendReads[0]) / reads);
    }
}
