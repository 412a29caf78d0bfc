package io.headroom.benchmarks.ratelimit;

import io.github.bucket4j.BucketConfiguration;
import io.github.bucket4j.distributed.BucketProxy;
import io.github.bucket4j.distributed.ExpirationAfterWriteStrategy;
import io.github.bucket4j.redis.lettuce.Bucket4jLettuce;
import io.headroom.ratelimit.Bandwidth;
import io.headroom.ratelimit.BlockedKeyCache;
import io.headroom.ratelimit.RateLimitConfig;
import io.headroom.ratelimit.RateLimiter;
import io.headroom.redis.RedisBackend;
import io.headroom.redis.RedisOptions;
import io.headroom.redis.RedisRateLimiter;
import io.headroom.testkit.RedisServer;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.codec.RedisCodec;
import io.lettuce.core.codec.StringCodec;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
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
 * Decisions per second under a single-key flood on one real {@code redis-server}: the seed's 100 per minute,
 * one abusive key, so after the first burst every decision is a denial. Headroom with the blocked-key cache
 * (the default: denials answered locally), Headroom without it (one EVALSHA per decision) and Bucket4j-Lettuce.
 * Commands per decision for the same flood: {@link FloodCommandCounter}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class RedisFloodBenchmark {

    private RedisServer server;
    private RedisClient client;
    private StatefulRedisConnection<String, String> strings;
    private StatefulRedisConnection<String, byte[]> bytes;
    private RateLimiter cached;
    private RateLimiter uncached;
    private BucketProxy bucket4j;

    @Setup
    public void setUp() {
        server = RedisServer.start();
        client = RedisClient.create(server.uri());
        strings = client.connect();
        bytes = client.connect(RedisCodec.of(StringCodec.UTF8, ByteArrayCodec.INSTANCE));
        Bandwidth seed = Bandwidth.of(100, Duration.ofMinutes(1));
        RedisOptions options = RedisOptions.builder().timeout(Duration.ofSeconds(5)).build();
        cached = RedisRateLimiter.create(RedisBackend.of(strings),
                RateLimitConfig.builder().name("flood-cached").bandwidth(seed).build(), options);
        uncached = RedisRateLimiter.create(RedisBackend.of(strings), RateLimitConfig.builder().name("flood-plain")
                .bandwidth(seed).blockedKeyCache(BlockedKeyCache.disabled()).build(), options);
        bucket4j = Bucket4jLettuce.casBasedBuilder(bytes)
                .expirationAfterWrite(ExpirationAfterWriteStrategy.basedOnTimeForRefillingBucketUpToMax(seed.period()))
                .build().builder().build("bucket4j:flooder", () -> BucketConfiguration.builder()
                        .addLimit(l -> l.capacity(100).refillGreedy(100, seed.period())).build());
    }

    @TearDown
    public void tearDown() {
        strings.close();
        bytes.close();
        client.shutdown();
        server.close();
    }

    @Benchmark
    public boolean headroomCachedFlood() {
        return cached.tryAcquire("flooder").allowed();
    }

    @Benchmark
    public boolean headroomUncachedFlood() {
        return uncached.tryAcquire("flooder").allowed();
    }

    @Benchmark
    public boolean bucket4jFlood() {
        return bucket4j.tryConsume(1);
    }
}
