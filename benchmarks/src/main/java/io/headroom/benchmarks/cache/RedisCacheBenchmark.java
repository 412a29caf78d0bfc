package io.headroom.benchmarks.cache;

import io.headroom.cache.CacheConfig;
import io.headroom.cache.CacheStats;
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
 * The Redis tier on one real {@code redis-server} (started by the benchmark on a loopback port):
 * <ul>
 *   <li>{@code headroomL2Hit}: {@link RedisCacheAside#get} when L1 misses and Redis has the value (L1 holds one
 *       entry while 1,000 keys are read round-robin): one EVALSHA (lookup script), decode, L1 insert;</li>
 *   <li>{@code rawLettuceGet}: a raw Lettuce {@code GET} of a plain key holding exactly the bytes Headroom stores
 *       for the value (a 200-character JSON text), on the same connection type, the ceiling of any L2 read;</li>
 *   <li>{@code headroomL1Hit}: the same Redis cache when L1 holds everything (no Redis call).</li>
 * </ul>
 * One read at a time per thread (blocking API), so scores are round trips per second.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class RedisCacheBenchmark {

    static final int KEYS = 1_000;

    private RedisServer server;
    private RedisClient client;
    private StatefulRedisConnection<String, String> connection;
    private StatefulRedisPubSubConnection<String, String> pubSub;
    private RedisCacheAside<String, String> l2;
    private RedisCacheAside<String, String> l1;
    private RedisAsyncCommands<String, String> raw;
    final String[] keys = new String[KEYS];
    final String[] rawKeys = new String[KEYS];
    private final Function<String, String> mustNotLoad = k -> {
        throw new IllegalStateException("benchmark keys are always in Redis: " + k);
    };

    @Setup
    public void setUp() {
        server = RedisServer.start();
        client = RedisClient.create(server.uri());
        connection = client.connect();
        pubSub = client.connectPubSub();
        RedisBackend backend = RedisBackend.of(connection);
        RedisOptions options = RedisOptions.builder().timeout(Duration.ofSeconds(5)).build();
        CacheConfig<String> config = CacheConfig.named("bench").codec(Codec.string()).ttl(Duration.ofHours(1)).build();
        // jitter 0: a single L1 segment, so maximumSize(1) really leaves one entry in L1
        l2 = RedisCacheAside.<String, String>builder(backend, pubSub, config.toBuilder().maximumSize(1).jitter(0).build())
                .options(options).build();
        l1 = RedisCacheAside.<String, String>builder(backend, client.connectPubSub(), config).options(options).build();
        raw = connection.async();
        String json = "{\"id\":\"user:%d\",\"name\":\"%s\",\"city\":\"Lisbon\",\"interests\":[\"chess\",\"hiking\"]}";
        for (int i = 0; i < KEYS; i++) {
            keys[i] = "user:" + i;
            String value = String.format(json, i, "x".repeat(200 - String.format(json, i, "").length()));
            l2.get(keys[i], k -> value);
            l1.get(keys[i], mustNotLoad);
            rawKeys[i] = "raw:" + keys[i];
            connection.sync().set(rawKeys[i], "t" + value); // the exact string Headroom stores for it
        }
    }

    @TearDown
    public void tearDown() {
        CacheStats s = l2.stats();
        System.out.println("\nheadroomL2Hit cache stats: " + s);
        l2.close();
        l1.close();
        pubSub.close();
        connection.close();
        client.shutdown();
        server.close();
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

    @Benchmark
    public String headroomL2Hit(Cursor c) {
        return l2.get(keys[c.advance()], mustNotLoad);
    }

    @Benchmark
    public String rawLettuceGet(Cursor c) throws Exception {
        return raw.get(rawKeys[c.advance()]).get();
    }

    @Benchmark
    public String headroomL1Hit(Cursor c) {
        return l1.get(keys[c.advance()], mustNotLoad);
    }
}
