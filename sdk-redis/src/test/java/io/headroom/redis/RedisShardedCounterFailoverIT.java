package io.headroom.redis;

import static org.assertj.core.api.Assertions.assertThat;

import io.headroom.counter.CounterBufferFullException;
import io.headroom.counter.CounterConfig;
import io.headroom.testkit.RedisCluster;
import io.lettuce.core.RedisURI;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.SlotHash;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Jepsen-style, bounded in time: increments run while the master holding the counter loses its replica link for
 * 300 ms (the replica frozen, its link dropped), is killed (SIGKILL; the replica is promoted without those 300 ms)
 * and restarted. Every increment the counter accepted must be in the final value when writes wait for a replica
 * ({@link ReplicaAcks}); without waiting, the acknowledged increments of those 300 ms are lost, and the test measures
 * and prints how many.
 */
class RedisShardedCounterFailoverIT {

    private static RedisCluster cluster;
    private static RedisClusterClient client;
    private static StatefulRedisClusterConnection<String, String> connection;

    @BeforeAll
    static void start() {
        cluster = RedisCluster.startWithReplicas();
        client = RedisClusterClient.create(cluster.uris().stream().map(RedisURI::create).toList());
        client.setOptions(RedisBackend.clusterClientOptions());
        connection = client.connect();
    }

    @AfterAll
    static void stop() {
        if (client != null) {
            client.shutdown();
        }
        if (cluster != null) {
            cluster.close();
        }
    }

    record Outcome(long accepted, long value, long shortfalls, Duration recovery) {
        long lost() {
            return accepted - value;
        }
    }

    @Test
    void withReplicaAcksNoAcceptedIncrementIsLostAcrossAKilledMaster() throws Exception {
        Outcome o = run(ReplicaAcks.of(1, Duration.ofMillis(500)));
        System.out.printf("failover with WAIT 1: accepted %d, final %d, lost %d, %d WAIT shortfalls "
                + "(retried), flushed %s after the kill%n", o.accepted(), o.value(), o.lost(), o.shortfalls(), o.recovery());
        assertThat(o.accepted()).as("increments ran before and during the fault").isPositive();
        assertThat(o.value()).as("exactly once: nothing lost, nothing doubled").isEqualTo(o.accepted());
    }

    @Test
    void withoutReplicaAcksTheLossIsMeasured() throws Exception {
        Outcome o = run(null);
        System.out.printf("failover without WAIT: accepted %d, final %d, lost %d acknowledged increments, flushed "
                + "%s after the kill%n", o.accepted(), o.value(), o.lost(), o.recovery());
        assertThat(o.accepted()).isPositive();
        assertThat(o.lost()).as("the writes of the 300 ms the replica missed are gone (asynchronous replication)")
                .isPositive();
    }

    @Test
    void aSlotMovingToAnotherMasterUnderTrafficLosesAndDoublesNothing() throws Exception {
        RedisOptions options = RedisOptions.builder().keyPrefix("migrate:" + UUID.randomUUID() + ":")
                .timeout(Duration.ofSeconds(2)).build();
        CounterConfig config = CounterConfig.builder().name("moving")
                .retryBackoff(Duration.ofMillis(20), Duration.ofMillis(200)).build();
        AtomicLong accepted = new AtomicLong();
        AtomicBoolean running = new AtomicBoolean(true);
        try (RedisShardedCounter counter = RedisShardedCounter.create(RedisBackend.of(connection), config, options)) {
            int slot = SlotHash.getSlot(counter.key("hot", 0));
            int home = RedisCluster.shardOf(slot);
            Thread writer = new Thread(() -> {
                while (running.get()) {
                    counter.increment("hot", 1);
                    accepted.incrementAndGet();
                    sleep(1);
                }
            }, "migration-writer");
            writer.start();
            sleep(300);
            cluster.migrateSlot(slot, (home + 1) % 3); // ASK while it moves, MOVED after
            sleep(300);
            cluster.migrateSlot(slot, home); // and back, for the other tests
            sleep(200);
            running.set(false);
            writer.join(10_000);
            retry(() -> {
                counter.flush();
                return null;
            });
            long value = retry(() -> counter.get("hot"));
            System.out.printf("slot migration under traffic: accepted %d, final %d%n", accepted.get(), value);
            assertThat(value).isEqualTo(accepted.get()).isPositive();
        }
    }

    private static Outcome run(@Nullable ReplicaAcks acks) throws Exception {
        RedisOptions options = RedisOptions.builder().keyPrefix("failover:" + UUID.randomUUID() + ":")
                .timeout(Duration.ofSeconds(2)).replicaAcks(acks).build();
        RedisBackend backend = RedisBackend.of(connection);
        CounterConfig config = CounterConfig.builder().name("jepsen").retryBackoff(Duration.ofMillis(20), Duration.ofMillis(200)).build();
        AtomicLong accepted = new AtomicLong();
        AtomicBoolean running = new AtomicBoolean(true);
        String id = "hot";
        try (RedisShardedCounter counter = RedisShardedCounter.create(backend, config, options)) {
            int shard = RedisCluster.shardOf(SlotHash.getSlot(counter.key(id, 0)));
            List<Thread> writers = new ArrayList<>();
            for (int w = 0; w < 2; w++) {
                Thread t = new Thread(() -> {
                    while (running.get()) {
                        try {
                            counter.increment(id, 1);
                            accepted.incrementAndGet();
                        } catch (CounterBufferFullException full) {
                            // refused, so not counted
                        }
                        sleep(1);
                    }
                }, "jepsen-writer-" + w);
                t.start();
                writers.add(t);
            }
            sleep(700);
            long killedAt = System.nanoTime();
            // the master keeps acknowledging for 300 ms what its frozen replica never receives, then dies
            int killed = cluster.killMasterAfterCuttingReplication(shard, Duration.ofMillis(300));
            sleep(300);
            // with WAIT 1 the promoted master has no replica until the old one rejoins: writes wait meanwhile
            cluster.restart(killed);
            sleep(300);
            running.set(false);
            for (Thread t : writers) {
                t.join(10_000);
            }
            retry(() -> {
                counter.flush();
                return null;
            });
            Duration recovery = Duration.ofNanos(System.nanoTime() - killedAt);
            long value = retry(() -> counter.get(id));
            return new Outcome(accepted.get(), value, counter.replicaShortfalls(), recovery);
        }
    }

    /** Retries a call that may meet the end of the outage, for at most 30 s. */
    private static <T> T retry(Supplier<T> call) {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (true) {
            try {
                return call.get();
            } catch (RuntimeException e) {
                if (System.nanoTime() - deadline > 0) {
                    throw e;
                }
                sleep(100);
            }
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
