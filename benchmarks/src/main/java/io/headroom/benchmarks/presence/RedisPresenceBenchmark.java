package io.headroom.benchmarks.presence;

import io.headroom.presence.NewSession;
import io.headroom.presence.PresenceConfig;
import io.headroom.presence.PresenceStatus;
import io.headroom.presence.SessionConfig;
import io.headroom.presence.Session;
import io.headroom.redis.RedisBackend;
import io.headroom.redis.RedisOptions;
import io.headroom.redis.RedisPresence;
import io.headroom.redis.RedisSessions;
import io.headroom.testkit.RedisServer;
import io.lettuce.core.RedisClient;
import io.lettuce.core.SetArgs;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.async.RedisAsyncCommands;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Presence and sessions on one real {@code redis-server} (started by the benchmark on a loopback port), each next
 * to the raw Lettuce call a hand-rolled version would make:
 * <ul>
 *   <li>heartbeats: {@link RedisPresence#heartbeatAsync} (two EVALSHAs in two slots: the user's state and its
 *       sweep deadline) against a raw {@code SET key 1 EX 30}, both with 64 in flight over 1,000 users (scores
 *       per heartbeat);</li>
 *   <li>{@code statusOf(500)} (500 read-only EVALSHAs in one pipelined batch) against 500 pipelined {@code GET}s
 *       (scores per batch);</li>
 *   <li>session validation ({@link RedisSessions#validate}: SHA-256 of the token, one EVALSHA that checks both
 *       expiries and slides the idle one) against a raw {@code GET} of one key, one call at a time.</li>
 * </ul>
 * All contenders share one Lettuce connection.
 */
@State(Scope.Benchmark)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class RedisPresenceBenchmark {

    static final int IN_FLIGHT = 64;
    static final int USERS = 1_000;
    static final int BULK = 500;

    private RedisServer server;
    private RedisClient client;
    private StatefulRedisConnection<String, String> connection;
    private StatefulRedisPubSubConnection<String, String> pubSub;
    private RedisPresence presence;
    private RedisSessions sessions;
    private RedisAsyncCommands<String, String> raw;
    private String[] users;
    private String[] rawKeys;
    private List<String> bulk;
    private String token;
    private int next;

    @Setup
    public void setUp() {
        server = RedisServer.start();
        client = RedisClient.create(server.uri());
        connection = client.connect();
        pubSub = client.connectPubSub();
        RedisOptions options = RedisOptions.builder().timeout(Duration.ofSeconds(5)).build();
        presence = RedisPresence.create(RedisBackend.of(connection), pubSub, PresenceConfig.ofDefaults(), options);
        sessions = RedisSessions.create(RedisBackend.of(connection), SessionConfig.ofDefaults(), options);
        raw = connection.async();
        users = new String[USERS];
        rawKeys = new String[USERS];
        bulk = new ArrayList<>();
        for (int i = 0; i < USERS; i++) {
            users[i] = "user" + i;
            rawKeys[i] = "raw:{user" + i + "}";
            if (i < BULK) {
                bulk.add(users[i]);
                presence.heartbeat(users[i], "d");
                connection.sync().set(rawKeys[i], "1", SetArgs.Builder.ex(30));
            }
        }
        NewSession s = sessions.create("someone", Map.of("device", "bench"));
        token = s.token();
        connection.sync().set("raw:session", "someone");
    }

    @TearDown
    public void tearDown() {
        presence.close();
        sessions.close();
        pubSub.close();
        connection.close();
        client.shutdown();
        server.close();
    }

    private int nextUser() {
        int u = next;
        next = u + 1 == USERS ? 0 : u + 1;
        return u;
    }

    /** Heartbeats through Headroom, 64 in flight. */
    @Benchmark
    @BenchmarkMode(Mode.Throughput)
    @OperationsPerInvocation(IN_FLIGHT)
    public void heartbeats() {
        CompletableFuture<?>[] f = new CompletableFuture<?>[IN_FLIGHT];
        for (int i = 0; i < IN_FLIGHT; i++) {
            f[i] = presence.heartbeatAsync(users[nextUser()], "d").toCompletableFuture();
        }
        CompletableFuture.allOf(f).join();
    }

    /** The peer: raw pipelined {@code SET key 1 EX 30}, 64 in flight. */
    @Benchmark
    @BenchmarkMode(Mode.Throughput)
    @OperationsPerInvocation(IN_FLIGHT)
    public void rawSetEx() {
        CompletableFuture<?>[] f = new CompletableFuture<?>[IN_FLIGHT];
        for (int i = 0; i < IN_FLIGHT; i++) {
            f[i] = raw.set(rawKeys[nextUser()], "1", SetArgs.Builder.ex(30)).toCompletableFuture();
        }
        CompletableFuture.allOf(f).join();
    }

    /** {@code statusOf} of 500 users: one pipelined batch. */
    @Benchmark
    @BenchmarkMode(Mode.Throughput)
    public Map<String, PresenceStatus> statusOf500() {
        return presence.statusOf(bulk);
    }

    /** The peer: 500 pipelined {@code GET}s. */
    @Benchmark
    @BenchmarkMode(Mode.Throughput)
    public int rawGets500() {
        CompletableFuture<?>[] f = new CompletableFuture<?>[BULK];
        for (int i = 0; i < BULK; i++) {
            f[i] = raw.get(rawKeys[i]).toCompletableFuture();
        }
        CompletableFuture.allOf(f).join();
        return f.length;
    }

    /** One session validation at a time. */
    @Benchmark
    @BenchmarkMode(Mode.Throughput)
    public Optional<Session> validateSession() {
        return sessions.validate(token);
    }

    /** The peer: one raw {@code GET} at a time. */
    @Benchmark
    @BenchmarkMode(Mode.Throughput)
    public String rawGet() {
        return connection.sync().get("raw:session");
    }
}
