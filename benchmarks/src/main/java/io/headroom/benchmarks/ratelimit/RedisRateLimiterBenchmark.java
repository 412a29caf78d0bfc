package io.headroom.benchmarks.ratelimit;

import io.github.bucket4j.BucketConfiguration;
import io.github.bucket4j.distributed.AsyncBucketProxy;
import io.github.bucket4j.distributed.BucketProxy;
import io.github.bucket4j.distributed.ExpirationAfterWriteStrategy;
import io.github.bucket4j.redis.lettuce.Bucket4jLettuce;
import io.github.bucket4j.redis.lettuce.cas.LettuceBasedProxyManager;
import io.headroom.ratelimit.Bandwidth;
import io.headroom.ratelimit.RateLimitConfig;
import io.headroom.ratelimit.RateLimitDecision;
import io.headroom.ratelimit.RateLimiter;
import io.headroom.redis.RedisBackend;
import io.headroom.redis.RedisOptions;
import io.headroom.redis.RedisRateLimiter;
import io.headroom.testkit.RedisServer;
import io.lettuce.core.RedisClient;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.async.RedisAsyncCommands;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.codec.RedisCodec;
import io.lettuce.core.codec.StringCodec;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Redis rate limiting on one real {@code redis-server} (started by the benchmark on a loopback port), side by
 * side: Headroom's {@link RedisRateLimiter} (one EVALSHA per decision), Bucket4j-Lettuce's CAS-based proxy
 * manager, and a raw Lettuce EVALSHA of a trivial one-key script ({@code return 1}) as the ceiling any
 * one-round-trip limiter can reach.
 *
 * <p>Sync: one decision at a time per thread. Async: 64 decisions in flight, joined per invocation (scores are
 * per decision). Every contender admits everything (a billion per year), so the admit path is compared; keys are
 * one hot key or 1,000 keys round-robin ({@code keys} parameter). All contenders share one Lettuce client.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class RedisRateLimiterBenchmark {

    static final int IN_FLIGHT = 64;
    private static final long CAPACITY = 1_000_000_000L;
    private static final Duration PERIOD = Duration.ofDays(365);

    @Param({"1", "1000"})
    public int keys;

    private RedisServer server;
    private RedisClient client;
    private StatefulRedisConnection<String, String> strings;
    private StatefulRedisConnection<String, byte[]> bytes;
    private RateLimiter headroom;
    private BucketProxy[] bucket4j;
    private AsyncBucketProxy[] bucket4jAsync;
    private RedisAsyncCommands<String, String> raw;
    private String trivialSha;
    private String[] keyNames;
    private String[][] rawKeys;
    private int next;

    @Setup
    public void setUp() {
        server = RedisServer.start();
        client = RedisClient.create(server.uri());
        strings = client.connect();
        bytes = client.connect(RedisCodec.of(StringCodec.UTF8, ByteArrayCodec.INSTANCE));
        headroom = RedisRateLimiter.create(RedisBackend.of(strings),
                RateLimitConfig.builder().name("bench").bandwidth(Bandwidth.of(CAPACITY, PERIOD)).build(),
                RedisOptions.builder().timeout(Duration.ofSeconds(5)).build());
        LettuceBasedProxyManager<String> manager = Bucket4jLettuce.casBasedBuilder(bytes)
                .expirationAfterWrite(ExpirationAfterWriteStrategy.basedOnTimeForRefillingBucketUpToMax(PERIOD))
                .build();
        BucketConfiguration configuration = BucketConfiguration.builder()
                .addLimit(l -> l.capacity(CAPACITY).refillGreedy(CAPACITY, PERIOD)).build();
        keyNames = new String[keys];
        rawKeys = new String[keys][];
        bucket4j = new BucketProxy[keys];
        bucket4jAsync = new AsyncBucketProxy[keys];
        for (int i = 0; i < keys; i++) {
            keyNames[i] = "user:" + i;
            rawKeys[i] = new String[] {"raw:{user:" + i + "}"};
            bucket4j[i] = manager.builder().build("bucket4j:user:" + i, () -> configuration);
            bucket4jAsync[i] = manager.asAsync().builder().build("bucket4j:user:" + i, () -> CompletableFuture.completedFuture(configuration));
        }
        raw = strings.async();
        trivialSha = strings.sync().scriptLoad("return 1");
    }

    @TearDown
    public void tearDown() {
        strings.close();
        bytes.close();
        client.shutdown();
        server.close();
    }

    private int nextKey() {
        int k = next;
        next = k + 1 == keys ? 0 : k + 1;
        return k;
    }

    @Benchmark
    public boolean headroomSync() {
        return headroom.tryAcquire(keyNames[nextKey()]).allowed();
    }

    @Benchmark
    public boolean bucket4jSync() {
        return bucket4j[nextKey()].tryConsume(1);
    }

    @Benchmark
    public Object rawEvalshaSync() throws Exception {
        return raw.evalsha(trivialSha, ScriptOutputType.INTEGER, rawKeys[nextKey()]).get();
    }

    @Benchmark
    @OperationsPerInvocation(IN_FLIGHT)
    public int headroomAsync() {
        @SuppressWarnings({"unchecked", "rawtypes"})
        CompletableFuture<RateLimitDecision>[] inFlight = new CompletableFuture[IN_FLIGHT];
        for (int i = 0; i < IN_FLIGHT; i++) {
            inFlight[i] = headroom.tryAcquireAsync(keyNames[nextKey()], 1).toCompletableFuture();
        }
        int admitted = 0;
        for (CompletableFuture<RateLimitDecision> f : inFlight) {
            admitted += f.join().allowed() ? 1 : 0;
        }
        return admitted;
    }

    @Benchmark
    @OperationsPerInvocation(IN_FLIGHT)
    public int bucket4jAsync() {
        @SuppressWarnings({"unchecked", "rawtypes"})
        CompletableFuture<Boolean>[] inFlight = new CompletableFuture[IN_FLIGHT];
        for (int i = 0; i < IN_FLIGHT; i++) {
            inFlight[i] = bucket4jAsync[nextKey()].tryConsume(1);
        }
        int admitted = 0;
        for (CompletableFuture<Boolean> f : inFlight) {
            admitted += f.join() ? 1 : 0;
        }
        return admitted;
    }

    @Benchmark
    @OperationsPerInvocation(IN_FLIGHT)
    public long rawEvalshaAsync() {
        @SuppressWarnings({"unchecked", "rawtypes"})
        CompletableFuture<Long>[] inFlight = new CompletableFuture[IN_FLIGHT];
        for (int i = 0; i < IN_FLIGHT; i++) {
            inFlight[i] = raw.<Long>evalsha(trivialSha, ScriptOutputType.INTEGER, rawKeys[nextKey()]).toCompletableFuture();
        }
        long sum = 0;
        for (CompletableFuture<Long> f : inFlight) {
            sum += f.join();
        }
        return sum;
    }
}
