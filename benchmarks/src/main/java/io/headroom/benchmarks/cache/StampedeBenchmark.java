package io.headroom.benchmarks.cache;

import io.headroom.cache.CacheConfig;
import io.headroom.cache.Codec;
import io.headroom.redis.RedisBackend;
import io.headroom.redis.RedisCacheAside;
import io.headroom.redis.RedisOptions;
import io.headroom.testkit.RedisServer;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.async.RedisAsyncCommands;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * A stampede: 1,000 concurrent misses of one fresh key spread over 4 cache instances (each with its own Redis
 * connections, as 4 application instances would have), the loader taking 20 ms. Counts loader calls per stampede
 * ({@code loads} / {@code stampedes} in the aux counters) for Headroom's {@link RedisCacheAside} and for a naive
 * cache-aside on the same Redis (GET; on a miss load, then SET), and times a whole stampede.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 5, time = 2)
public class StampedeBenchmark {

    static final int READS = 1_000;
    static final int INSTANCES = 4;
    static final Executor LOAD_DELAY = CompletableFuture.delayedExecutor(20, TimeUnit.MILLISECONDS);

    private RedisServer server;
    private RedisClient client;
    private final List<AutoCloseable> closeables = new ArrayList<>();
    private final List<RedisCacheAside<String, String>> headroom = new ArrayList<>();
    private final List<RedisAsyncCommands<String, String>> naive = new ArrayList<>();
    private final AtomicLong keySeq = new AtomicLong();

    @Setup
    public void setUp() {
        server = RedisServer.start();
        client = RedisClient.create(server.uri());
        CacheConfig<String> config = CacheConfig.named("stampede").codec(Codec.string())
                .ttl(Duration.ofHours(1)).build();
        for (int i = 0; i < INSTANCES; i++) {
            StatefulRedisConnection<String, String> c = client.connect();
            StatefulRedisPubSubConnection<String, String> p = client.connectPubSub();
            RedisCacheAside<String, String> cache = RedisCacheAside.<String, String>builder(RedisBackend.of(c), p, config)
                    .options(RedisOptions.builder().timeout(Duration.ofSeconds(5)).build()).build();
            headroom.add(cache);
            StatefulRedisConnection<String, String> n = client.connect();
            naive.add(n.async());
            closeables.add(cache);
            closeables.add(p);
            closeables.add(c);
            closeables.add(n);
        }
    }

    @TearDown
    public void tearDown() throws Exception {
        for (AutoCloseable c : closeables) {
            c.close();
        }
        client.shutdown();
        server.close();
    }

    /** Loader calls and stampedes, reported by JMH next to the time per stampede. */
    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.EVENTS)
    public static class Loads {
        public long loads;
        public long stampedes;

        @Setup(Level.Iteration)
        public void reset() {
            loads = 0;
            stampedes = 0;
        }
    }

    private static CompletableFuture<String> slowLoad(String key, AtomicLong loads) {
        loads.incrementAndGet();
        return CompletableFuture.supplyAsync(() -> "value-of-" + key, LOAD_DELAY);
    }

    @Benchmark
    public void headroom(Loads counts) {
        String key = "h" + keySeq.incrementAndGet();
        AtomicLong loads = new AtomicLong();
        CompletableFuture<?>[] reads = new CompletableFuture<?>[READS];
        for (int i = 0; i < READS; i++) {
            reads[i] = headroom.get(i % INSTANCES).getAsync(key, k -> slowLoad(k, loads)).toCompletableFuture();
        }
        CompletableFuture.allOf(reads).join();
        counts.loads += loads.get();
        counts.stampedes++;
    }

    @Benchmark
    public void naiveCacheAside(Loads counts) {
        String key = "n" + keySeq.incrementAndGet();
        AtomicLong loads = new AtomicLong();
        CompletableFuture<?>[] reads = new CompletableFuture<?>[READS];
        for (int i = 0; i < READS; i++) {
            RedisAsyncCommands<String, String> redis = naive.get(i % INSTANCES);
            reads[i] = redis.get(key).toCompletableFuture().thenCompose(v -> v != null
                    ? CompletableFuture.completedFuture(v)
                    : slowLoad(key, loads).thenCompose(loaded -> redis.set(key, loaded, io.lettuce.core.SetArgs.Builder.ex(3600))
                            .toCompletableFuture().thenApply(ok -> loaded)));
        }
        CompletableFuture.allOf(reads).join();
        counts.loads += loads.get();
        counts.stampedes++;
    }
}
