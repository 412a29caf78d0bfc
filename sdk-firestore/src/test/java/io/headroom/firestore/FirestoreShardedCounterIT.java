package io.headroom.firestore;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.cloud.firestore.Firestore;
import io.headroom.counter.CounterConfig;
import io.headroom.testkit.FaultProxy;
import io.headroom.testkit.firestore.Contention;
import io.headroom.testkit.firestore.FirestoreEmulator;
import io.headroom.testkit.firestore.FirestoreUsage;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What the Firestore counter promises beyond the contract, on the emulator: a commit applied after its timeout is
 * retried but counted once; coalescing turns thousands of increments into a handful of billed writes; shards grow
 * under contention; both read modes agree and cost what they say; close flushes.
 */
class FirestoreShardedCounterIT {

    private final String project = "counter-it-" + UUID.randomUUID();
    private final FirestoreEmulator emulator = FirestoreEmulator.shared();
    private FaultProxy proxy;
    private Firestore db;

    @BeforeEach
    void connect() {
        proxy = EmulatorClients.proxy();
        db = EmulatorClients.client(proxy, project);
    }

    @AfterEach
    void close() throws Exception {
        db.close();
        proxy.close();
    }

    private FirestoreShardedCounter counter(CounterConfig config, Duration timeout) {
        return counter(config, FirestoreSettings.builder().timeout(timeout).build());
    }

    private FirestoreShardedCounter counter(CounterConfig config, FirestoreSettings settings) {
        return FirestoreShardedCounter.create(FirestoreBackend.of(db), config, settings);
    }

    private static CounterConfig.Builder quickRetries() {
        return CounterConfig.builder().retryBackoff(Duration.ofMillis(20), Duration.ofMillis(200))
                .flushTimeout(Duration.ofSeconds(30));
    }

    @Test
    void aCommitAppliedAfterItsTimeoutIsRetriedButCountedOnce() throws InterruptedException {
        try (FirestoreShardedCounter counter = counter(quickRetries().coalescingWindow(Duration.ZERO).build(),
                Duration.ofMillis(200))) {
            counter.increment("k", 1);
            counter.flush();
            // from now on every commit reaches the emulator and is applied, but only after the client gave up on it:
            // the retry carries the same token and fails ALREADY_EXISTS, which the counter takes as success
            proxy.latency(Duration.ofMillis(500));
            counter.increment("k", 10);
            counter.increment("k", 100);
            Thread.sleep(300); // the first attempts timed out (200 ms); their commits are still on the way
            proxy.latency(Duration.ZERO); // now they arrive and are applied, after the client gave up on them
            counter.flush();
            assertThat(counter.stats().retries()).as("writes were retried").isPositive();
            assertThat(counter.get("k")).isEqualTo(111);
        }
    }

    @Test
    void coalescingTurnsThousandsOfIncrementsIntoAFewBilledWrites() throws Exception {
        emulator.contention(project, FirestoreEmulator.DEFAULT_DATABASE, Contention.ofDefaults());
        try (FirestoreShardedCounter counter = counter(CounterConfig.builder().shards(4).build(),
                Duration.ofSeconds(2))) {
            assertThat(counter.window()).isEqualTo(Duration.ofSeconds(1));
            FirestoreUsage before = emulator.usage(project);
            ExecutorService pool = Executors.newFixedThreadPool(4);
            try {
                List<Future<?>> done = new ArrayList<>();
                for (int t = 0; t < 4; t++) {
                    done.add(pool.submit(() -> {
                        for (int i = 0; i < 500; i++) {
                            counter.increment("chat:1:user:2", 1);
                        }
                    }));
                }
                for (Future<?> f : done) {
                    f.get(1, TimeUnit.MINUTES);
                }
            } finally {
                pool.shutdownNow();
            }
            counter.awaitDurable(); // waits for the window, forces nothing
            FirestoreUsage used = emulator.usage(project).minus(before);
            // one instance writes a counter to its own shard: each write is one shard increment plus one token
            assertThat(used.writes()).as("billed writes for 2000 increments").isBetween(2L, 10L);
            assertThat(counter.get("chat:1:user:2")).isEqualTo(2_000);
        }
    }

    @Test
    void shardsGrowWhenWritesMeetContention() throws Exception {
        emulator.contention(project, FirestoreEmulator.DEFAULT_DATABASE, Contention.builder()
                .writesPerSecond(1).burst(1).maxWait(Duration.ZERO).build());
        try (FirestoreShardedCounter counter = counter(quickRetries().shards(1).maxShards(8)
                .coalescingWindow(Duration.ZERO).build(), Duration.ofSeconds(2))) {
            ExecutorService pool = Executors.newFixedThreadPool(4);
            try {
                List<Future<?>> done = new ArrayList<>();
                for (int t = 0; t < 4; t++) {
                    done.add(pool.submit(() -> {
                        for (int i = 0; i < 10; i++) {
                            counter.increment("hot", 1);
                        }
                    }));
                }
                for (Future<?> f : done) {
                    f.get(1, TimeUnit.MINUTES);
                }
            } finally {
                pool.shutdownNow();
            }
            counter.flush();
            assertThat(counter.shardGrowths()).isPositive();
            assertThat(counter.stats().shards()).isBetween(2, 8);
            assertThat(counter.get("hot")).isEqualTo(40);
            assertThat(db.collection("headroom_counters").document("default~hot").collection("shards")
                    .listDocuments()).hasSizeGreaterThan(1);
        }
    }

    @Test
    void bothReadModesAgreeAndCostWhatTheySay() {
        CounterConfig config = CounterConfig.builder().name("modes").shards(4).coalescingWindow(Duration.ZERO).build();
        try (FirestoreShardedCounter writer = counter(config, Duration.ofSeconds(2));
             FirestoreShardedCounter batch = counter(config, FirestoreSettings.builder()
                     .counterReadMode(FirestoreSettings.CounterReadMode.BATCH_GET).build())) {
            for (int i = 0; i < 40; i++) {
                writer.increment("k/with%odd chars", 1);
            }
            writer.flush();
            FirestoreUsage before = emulator.usage(project);
            assertThat(writer.get("k/with%odd chars")).isEqualTo(40);
            FirestoreUsage aggregation = emulator.usage(project).minus(before);
            assertThat(batch.get("k/with%odd chars")).isEqualTo(40);
            FirestoreUsage batchGet = emulator.usage(project).minus(before).minus(aggregation);
            assertThat(aggregation.reads()).isEqualTo(1);
            assertThat(batchGet.reads()).isEqualTo(4);
            assertThat(batch.getAll(List.of("k/with%odd chars", "none"))).containsEntry("k/with%odd chars", 40L)
                    .containsEntry("none", 0L);
        }
    }

    @Test
    void closeFlushesWhatTheWindowHeld() {
        CounterConfig config = CounterConfig.builder().coalescingWindow(Duration.ofMinutes(5)).build();
        FirestoreShardedCounter counter = counter(config, Duration.ofSeconds(2));
        counter.increment("k", 1); // the lane's first write goes out at once
        counter.increment("k", 2); // held for five minutes
        counter.increment("k", 3);
        assertThat(counter.stats().pendingIncrements()).isGreaterThanOrEqualTo(2);
        counter.close();
        try (FirestoreShardedCounter reader = counter(config, Duration.ofSeconds(2))) {
            assertThat(reader.get("k")).isEqualTo(6);
        }
    }

    @Test
    void tokenDocumentsExpireByTheInjectedClock() throws Exception {
        java.time.Instant now = java.time.Instant.parse("2030-01-01T00:00:00Z");
        try (FirestoreShardedCounter counter = FirestoreShardedCounter.create(FirestoreBackend.of(db),
                CounterConfig.builder().name("clock").coalescingWindow(Duration.ZERO).build(),
                FirestoreSettings.builder().counterTokenRetention(Duration.ofHours(2)).build(),
                io.headroom.Ticker.system(), java.time.Clock.fixed(now, java.time.ZoneOffset.UTC))) {
            counter.increment("k", 1);
            counter.flush();
            List<com.google.cloud.firestore.QueryDocumentSnapshot> tokens = db.collection("headroom_counters")
                    .document("clock~k").collection("tokens").get().get().getDocuments();
            assertThat(tokens).hasSize(1);
            assertThat(tokens.get(0).getTimestamp("expireAt").getSeconds())
                    .isEqualTo(now.plus(Duration.ofHours(2)).getEpochSecond());
        }
    }
}
