package io.headroom.benchmarks.presence;

import io.headroom.presence.PresenceConfig;
import io.headroom.presence.PresenceWatch;
import io.headroom.redis.RedisBackend;
import io.headroom.redis.RedisOptions;
import io.headroom.redis.RedisPresence;
import io.headroom.testkit.RedisServer;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
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
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Redis messages per presence change, with {@code watchers} local watchers of one user on each of 4 instances
 * (each with its own subscription, as 4 application instances would have). One operation is one change (the user
 * goes online, or offline, alternately) delivered to every watcher on every instance; a raw subscriber counts the
 * messages Redis carried. Read {@code redisMessages / changes} from the secondary results: the target is 1,
 * whatever the number of watchers. Between changes 3 heartbeats change nothing and must add no message.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xms2g", "-Xmx2g"})
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 2)
public class PresenceFanoutBenchmark {

    static final int INSTANCES = 4;

    @Param({"1", "1000", "100000"})
    public int watchers;

    private RedisServer server;
    private RedisClient client;
    private StatefulRedisConnection<String, String> connection;
    private final List<StatefulRedisPubSubConnection<String, String>> pubSubs = new ArrayList<>();
    private final List<RedisPresence> instances = new ArrayList<>();
    private final List<PresenceWatch> watches = new ArrayList<>();
    private final AtomicLong delivered = new AtomicLong();
    private final AtomicLong messages = new AtomicLong();
    private long expected;
    private boolean online;

    /** The secondary results: Redis messages and changes, per iteration. */
    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.EVENTS)
    public static class Counts {
        /** Messages Redis carried on the change channel. */
        public long redisMessages;
        /** Changes made. */
        public long changes;
    }

    @Setup
    public void setUp() {
        server = RedisServer.start();
        client = RedisClient.create(server.uri());
        connection = client.connect();
        StatefulRedisPubSubConnection<String, String> counter = client.connectPubSub();
        pubSubs.add(counter);
        counter.addListener(new RedisPubSubAdapter<>() {
            @Override
            public void message(String channel, String message) {
                messages.incrementAndGet();
            }
        });
        counter.sync().subscribe("headroom:presence:presence:changes");
        RedisOptions options = RedisOptions.builder().timeout(Duration.ofSeconds(5)).build();
        for (int i = 0; i < INSTANCES; i++) {
            StatefulRedisPubSubConnection<String, String> p = client.connectPubSub();
            pubSubs.add(p);
            RedisPresence presence = RedisPresence.create(RedisBackend.of(connection), p, PresenceConfig.ofDefaults(),
                    options);
            instances.add(presence);
            for (int w = 0; w < watchers; w++) {
                watches.add(presence.watch(List.of("star"), c -> {
                    if (!c.snapshot()) {
                        delivered.incrementAndGet();
                    }
                }));
            }
        }
    }

    @Setup(Level.Iteration)
    public void resetCounts() {
        messages.set(0);
    }

    @TearDown
    public void tearDown() {
        watches.forEach(PresenceWatch::close);
        instances.forEach(RedisPresence::close);
        pubSubs.forEach(StatefulRedisPubSubConnection::close);
        connection.close();
        client.shutdown();
        server.close();
    }

    /**
     * One change, delivered to every watcher on every instance.
     *
     * @param counts the secondary results
     */
    @Benchmark
    public void change(Counts counts) {
        long before = messages.get();
        online = !online;
        if (online) {
            instances.get(0).heartbeat("star", "phone");
            for (int i = 1; i <= 3; i++) {
                instances.get(i).heartbeat("star", "phone"); // changes nothing: no message
            }
        } else {
            instances.get(1).offline("star", "phone");
        }
        expected += (long) INSTANCES * watchers;
        while (delivered.get() < expected) {
            Thread.onSpinWait();
        }
        counts.changes++;
        // the message reached the counter at the latest when it reached the instances' subscriptions
        counts.redisMessages += messages.get() - before;
    }
}
