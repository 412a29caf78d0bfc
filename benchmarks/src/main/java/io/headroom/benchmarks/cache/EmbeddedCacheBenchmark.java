package io.headroom.benchmarks.cache;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.headroom.cache.CacheAside;
import io.headroom.cache.CacheConfig;
import io.headroom.cache.Codec;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The L1 hit path: Headroom's embedded cache-aside ({@code get(key, loader)} on a hit) against a raw Caffeine
 * {@code Cache.get(key, mappingFunction)} with the same size bound and a 1 h expire-after-write. 1,000 keys, all
 * present, read round-robin per thread. {@code headroomGet} has the default ±10% jitter; {@code headroomNoJitterGet}
 * turns jitter off; {@code headroomSoftTtlGet} adds a soft TTL. Since issue 11 all three take the same hit path
 * (each entry's own deadlines checked with one ticker read; Caffeine reads no clock), so they should measure alike;
 * the peer reads the system clock once per hit too (its expire-after-write check).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class EmbeddedCacheBenchmark {

    static final int KEYS = 1_000;

    private Cache<String, String> caffeine;
    private CacheAside<String, String> headroom;
    private CacheAside<String, String> headroomSoftTtl;
    private CacheAside<String, String> headroomNoJitter;
    final String[] keys = new String[KEYS];
    private final Function<String, String> loader = k -> "value-of-" + k;

    @Setup
    public void setUp() {
        caffeine = Caffeine.newBuilder().maximumSize(10_000).expireAfterWrite(Duration.ofHours(1)).build();
        headroom = CacheAside.inMemory(CacheConfig.named("bench").codec(Codec.string())
                .ttl(Duration.ofHours(1)).maximumSize(10_000).build());
        headroomSoftTtl = CacheAside.inMemory(CacheConfig.named("bench-soft").codec(Codec.string())
                .ttl(Duration.ofHours(1)).softTtl(Duration.ofMinutes(30)).maximumSize(10_000).build());
        headroomNoJitter = CacheAside.inMemory(CacheConfig.named("bench-fixed").codec(Codec.string())
                .ttl(Duration.ofHours(1)).jitter(0).maximumSize(10_000).build());
        for (int i = 0; i < KEYS; i++) {
            keys[i] = "user:" + i;
            headroomNoJitter.get(keys[i], loader);
            caffeine.get(keys[i], loader);
            headroom.get(keys[i], loader);
            headroomSoftTtl.get(keys[i], loader);
        }
    }

    /** Per-thread position in the key list. */
    @State(Scope.Thread)
    public static class Cursor {
        int next;

        int advance() {
            int k = next;
            next = k + 1 == KEYS ? 0 : k + 1;
            return k;
        }
    }

    @TearDown
    public void tearDown() {
        headroom.close();
        headroomSoftTtl.close();
        headroomNoJitter.close();
    }

    @Benchmark
    public String rawCaffeineGet(Cursor c) {
        return caffeine.get(keys[c.advance()], loader);
    }

    @Benchmark
    public String headroomGet(Cursor c) {
        return headroom.get(keys[c.advance()], loader);
    }

    @Benchmark
    public String headroomNoJitterGet(Cursor c) {
        return headroomNoJitter.get(keys[c.advance()], loader);
    }

    @Benchmark
    public String headroomSoftTtlGet(Cursor c) {
        return headroomSoftTtl.get(keys[c.advance()], loader);
    }
}
