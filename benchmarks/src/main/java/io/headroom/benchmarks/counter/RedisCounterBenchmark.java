package io.headroom.benchmarks.counter;

import io.headroom.counter.CounterConfig;
import io.headroom.redis.RedisBackend;
import io.headroom.redis.RedisOptions;
import io.headroom.redis.RedisShardedCounter;
import io.headroom.testkit.RedisServer;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.async.RedisAsyncCommands;
import io.lettuce.core.api.sync.RedisCommands;
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
 * Redis counting on one real {@code redis-server} (started by the benchmark on a loopback port): Headroom's
 * {@link RedisShardedCounter} (one EVALSHA per write: HGET token, HINCRBY, HSET token) against a raw Lettuce
 * {@code INCR}, the ceiling of any one-round-trip counter (and one that double-counts when retried).
 *
 * <p>Sync: one increment at a time per thread. Async: 64 increments in flight, joined per invocation (scores are per
 * increment); on one hot id Headroom then sums the increments that arrive while a write is in flight into the next
 * write (group commit). {@code ids}: one hot counter or 1,000 counters round-robin.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class RedisCounterBenchmark {

    static final int IN_FLIGHT = 64;

    @Param({"1", "1000"})
    public int ids;

    private RedisServer server;
    private RedisClient client;
    private StatefulRedisConnection<String, String> connection;
    private RedisShardedCounter headroom;
    private RedisCommands<String, String> rawSync;
    private RedisAsyncCommands<String, String> rawAsync;
    private String[] names;
    private String[] rawNames;
    private int next;

    @Setup
    public void setUp() {
        server = RedisServer.start();
        client = RedisClient.create(server.uri());
        connection = client.connect();
        headroom = RedisShardedCounter.create(RedisBackend.of(connection),
                CounterConfig.builder().name("bench").build(),
                RedisOptions.builder().timeout(Duration.ofSeconds(5)).build());
        rawSync = connection.sync();
        rawAsync = connection.async();
        names = new String[ids];
        rawNames = new String[ids];
        for (int i = 0; i < ids; i++) {
            names[i] = "chat:" + i + ":user:42";
            rawNames[i] = "raw:chat:" + i + ":user:42";
        }
        headroom.increment("warm-up", 1); // loads the script
    }

    @TearDown
    public void tearDown() {
        headroom.close();
        connection.close();
        client.shutdown();
        server.close();
    }

    private int nextId() {
        int i = next;
        next = i + 1 == ids ? 0 : i + 1;
        return i;
    }

    @Benchmark
    public void headroomSync() {
        headroom.increment(names[nextId()], 1);
    }

    @Benchmark
    public long lettuceIncrSync() {
        return rawSync.incr(rawNames[nextId()]);
    }

    @Benchmark
    @OperationsPerInvocation(IN_FLIGHT)
    public void headroomAsync() {
        CompletableFuture<?>[] all = new CompletableFuture<?>[IN_FLIGHT];
        for (int i = 0; i < IN_FLIGHT; i++) {
            all[i] = headroom.incrementAsync(names[nextId()], 1).toCompletableFuture();
        }
        CompletableFuture.allOf(all).join();
    }

    @Benchmark
    @OperationsPerInvocation(IN_FLIGHT)
    public void lettuceIncrAsync() {
        CompletableFuture<?>[] all = new CompletableFuture<?>[IN_FLIGHT];
        for (int i = 0; i < IN_FLIGHT; i++) {
            all[i] = rawAsync.incr(rawNames[nextId()]).toCompletableFuture();
        }
        CompletableFuture.allOf(all).join();
    }
}
