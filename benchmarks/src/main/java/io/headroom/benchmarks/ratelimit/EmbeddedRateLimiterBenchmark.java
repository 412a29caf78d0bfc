package io.headroom.benchmarks.ratelimit;

import com.google.common.util.concurrent.RateLimiter;
import io.github.bucket4j.Bucket;
import io.github.resilience4j.ratelimiter.RateLimiterConfig;
import io.headroom.ratelimit.Bandwidth;
import io.headroom.ratelimit.RateLimitConfig;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Embedded rate limiting, side by side: Headroom's in-memory GCRA against Bucket4j's local lock-free bucket,
 * Resilience4j's {@code RateLimiter} (non-blocking {@code acquirePermission}) and Guava's
 * {@code RateLimiter.tryAcquire()}.
 *
 * <ul>
 *   <li>{@code *HotKey}: every thread hits one key, the contended case. Headroom still looks the key up in its
 *       Caffeine map; the peers use one limiter object directly (no map), which favours them.</li>
 *   <li>{@code *Zipf}: 100,000 keys drawn from a Zipf(1.0) sequence, one limiter per key. Headroom uses its
 *       bounded Caffeine map; the peers use a {@code ConcurrentHashMap.computeIfAbsent}, what a user would write
 *       (unbounded: it never forgets a key).</li>
 *   <li>{@code load=admit}: a burst so large nothing is denied (10^9 per year); {@code load=deny}: the seed's
 *       100 per minute, so after the first burst almost everything is denied.</li>
 * </ul>
 * Headroom returns a full decision (remaining, waits, deciding limit); {@code bucket4jProbe*} is Bucket4j's
 * equivalent ({@code tryConsumeAndReturnRemaining}), {@code bucket4j*} its bare boolean. Run with {@code -t 1}
 * and {@code -t 2} for one and two threads.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xms2g", "-Xmx2g"})
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class EmbeddedRateLimiterBenchmark {

    @Param({"admit", "deny"})
    public String load;

    private io.headroom.ratelimit.RateLimiter headroom;
    private io.headroom.ratelimit.RateLimiter headroomZipf;
    private Bucket bucket4j;
    private io.github.resilience4j.ratelimiter.RateLimiter resilience4j;
    private RateLimiter guava;
    private final ConcurrentHashMap<String, Bucket> bucket4jPerKey = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, io.github.resilience4j.ratelimiter.RateLimiter> resilience4jPerKey =
            new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, RateLimiter> guavaPerKey = new ConcurrentHashMap<>();
    private ZipfKeys zipf;
    private long capacity;
    private Duration period;
    private RateLimiterConfig r4jConfig;

    @Setup
    public void setUp() {
        boolean admit = load.equals("admit");
        // "admit": a burst of a billion is never exhausted within a fork, so every call takes the admit path
        capacity = admit ? 1_000_000_000 : 100;
        period = admit ? Duration.ofDays(365) : Duration.ofMinutes(1);
        RateLimitConfig config = RateLimitConfig.builder().bandwidth(Bandwidth.of(capacity, period)).build();
        headroom = io.headroom.ratelimit.RateLimiter.inMemory(config);
        headroomZipf = io.headroom.ratelimit.RateLimiter.inMemory(config);
        bucket4j = newBucket();
        // Resilience4j refreshes a fixed window; the closest equivalent of "capacity per period"
        r4jConfig = RateLimiterConfig.custom()
                .limitForPeriod((int) capacity)
                .limitRefreshPeriod(period)
                .timeoutDuration(Duration.ZERO)
                .build();
        resilience4j = io.github.resilience4j.ratelimiter.RateLimiter.of("hot", r4jConfig);
        guava = newGuava();
        zipf = new ZipfKeys(100_000, 1.0, 1 << 20, 42);
    }

    private Bucket newBucket() {
        return Bucket.builder().addLimit(l -> l.capacity(capacity).refillGreedy(capacity, period)).build();
    }

    private RateLimiter newGuava() {
        // Guava's burst is one second of permits: for "admit" give it a billion per second
        return RateLimiter.create(load.equals("admit") ? 1e9 : capacity / (period.toNanos() / 1e9));
    }

    /** Each thread walks the Zipf sequence from its own offset. */
    @State(Scope.Thread)
    public static class Cursor {
        private int position = (int) (Thread.currentThread().getId() * 7919);

        int next() {
            return position++;
        }
    }

    @Benchmark
    public boolean headroomHotKey() {
        return headroom.tryAcquire("user:hot").allowed();
    }

    @Benchmark
    public boolean bucket4jHotKey() {
        return bucket4j.tryConsume(1);
    }

    @Benchmark
    public boolean bucket4jProbeHotKey() {
        return bucket4j.tryConsumeAndReturnRemaining(1).isConsumed();
    }

    @Benchmark
    public boolean resilience4jHotKey() {
        return resilience4j.acquirePermission();
    }

    @Benchmark
    public boolean guavaHotKey() {
        return guava.tryAcquire();
    }

    @Benchmark
    public boolean headroomZipf(Cursor cursor) {
        return headroomZipf.tryAcquire(zipf.key(cursor.next())).allowed();
    }

    @Benchmark
    public boolean bucket4jZipf(Cursor cursor) {
        return bucket4jPerKey.computeIfAbsent(zipf.key(cursor.next()), k -> newBucket()).tryConsume(1);
    }

    @Benchmark
    public boolean resilience4jZipf(Cursor cursor) {
        return resilience4jPerKey.computeIfAbsent(zipf.key(cursor.next()),
                k -> io.github.resilience4j.ratelimiter.RateLimiter.of(k, r4jConfig)).acquirePermission();
    }

    @Benchmark
    public boolean guavaZipf(Cursor cursor) {
        return guavaPerKey.computeIfAbsent(zipf.key(cursor.next()), k -> newGuava()).tryAcquire();
    }
}
