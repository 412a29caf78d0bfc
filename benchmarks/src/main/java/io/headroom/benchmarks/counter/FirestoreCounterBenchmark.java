package io.headroom.benchmarks.counter;

import com.google.cloud.firestore.DocumentReference;
import com.google.cloud.firestore.FieldValue;
import com.google.cloud.firestore.Firestore;
import com.google.cloud.firestore.SetOptions;
import io.headroom.counter.CounterConfig;
import io.headroom.firestore.FirestoreBackend;
import io.headroom.firestore.FirestoreSettings;
import io.headroom.firestore.FirestoreShardedCounter;
import io.headroom.testkit.firestore.Contention;
import io.headroom.testkit.firestore.FirestoreEmulator;
import io.headroom.testkit.firestore.FirestoreUsage;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
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
 * One hot counter on the in-process Firestore emulator with its contention model at 1 write/s per document (burst 5,
 * writes waiting more than 500 ms fail ABORTED), driven by the real client from 8 threads ({@code -t 8}):
 * <ul>
 *   <li>{@code ONE_DOCUMENT}: every increment is one {@code FieldValue.increment(1)} write of one document (the
 *       seed's {@code unreadCounts} field);</li>
 *   <li>{@code SHARDS}: every increment is one such write to a random one of {@code shards} documents (the classic
 *       distributed counter, no coalescing);</li>
 *   <li>{@code SHARDS_COALESCED}: Headroom's {@link FirestoreShardedCounter} with {@code shards} shards and its
 *       default 1 s coalescing window; an increment counts when accepted (it is durable at most one window later;
 *       each iteration ends with an untimed flush, and the tear-down checks the value equals every increment).</li>
 * </ul>
 * Scores: {@code increments} = increments that succeeded per second (the aux counter; the primary score also counts
 * ABORTED attempts), {@code aborted} = ABORTED writes per second. The tear-down prints billed writes per 1000
 * increments from the emulator's usage accounting, and their cost at $0.18 per 100,000 writes.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
@Warmup(iterations = 1, time = 5)
@Measurement(iterations = 3, time = 10)
public class FirestoreCounterBenchmark {

    /** The three ways of counting. */
    public enum Variant { ONE_DOCUMENT, SHARDS, SHARDS_COALESCED }

    @Param({"ONE_DOCUMENT", "SHARDS", "SHARDS_COALESCED"})
    public Variant variant;

    @Param({"8"})
    public int shards;

    private FirestoreEmulator emulator;
    private Firestore db;
    private FirestoreBackend backend;
    private DocumentReference[] documents;
    private FirestoreShardedCounter counter;
    private final LongAdder succeeded = new LongAdder();

    /** Per-thread tallies reported next to the primary score. */
    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.EVENTS)
    public static class Tally {
        public long increments;
        public long aborted;
    }

    @Setup(Level.Trial)
    public void setUp() {
        emulator = FirestoreEmulator.start();
        emulator.contention(Contention.ofDefaults());
        db = emulator.firestore("bench");
        documents = new DocumentReference[variant == Variant.ONE_DOCUMENT ? 1 : shards];
        for (int i = 0; i < documents.length; i++) {
            documents[i] = db.collection("chats").document("chat-" + i);
        }
        backend = FirestoreBackend.of(db); // one backend per client, shared by every counter on it
        counter = FirestoreShardedCounter.create(backend, CounterConfig.builder().name("unread")
                .shards(shards).maxPendingIncrements(100_000_000).build(), FirestoreSettings.builder()
                .timeout(Duration.ofSeconds(5)).build());
    }

    @TearDown(Level.Iteration)
    public void flush() {
        counter.flush(); // coalesced increments are durable before the iteration's time is over
    }

    @TearDown(Level.Trial)
    public void tearDown() throws Exception {
        counter.close();
        FirestoreUsage used = emulator.usage("bench");
        long increments = succeeded.sum();
        double perThousand = increments == 0 ? 0 : 1000.0 * used.writes() / increments;
        System.out.printf(Locale.ROOT, "%n[%s] increments %,d, billed writes %,d: %.3f writes per 1000 increments, "
                        + "$%.6f per 1000 increments ($0.18 per 100K writes)%n", variant, increments, used.writes(),
                perThousand, perThousand * 0.18 / 100_000);
        if (variant == Variant.SHARDS_COALESCED) {
            try (FirestoreShardedCounter reader = FirestoreShardedCounter.create(backend,
                    CounterConfig.builder().name("unread").shards(shards).build())) {
                System.out.printf(Locale.ROOT, "[%s] value %,d (must equal the increments), shards grown to %d%n",
                        variant, reader.get("hot"), counter.stats().shards());
            }
        }
        db.close();
        emulator.close();
    }

    @Benchmark
    public void increment(Tally tally) throws Exception {
        if (variant == Variant.SHARDS_COALESCED) {
            counter.increment("hot", 1);
            tally.increments++;
            succeeded.increment();
            return;
        }
        DocumentReference doc = documents.length == 1 ? documents[0]
                : documents[ThreadLocalRandom.current().nextInt(documents.length)];
        try {
            doc.set(Map.of("unread", FieldValue.increment(1)), SetOptions.merge()).get();
            tally.increments++;
            succeeded.increment();
        } catch (java.util.concurrent.ExecutionException e) {
            if (String.valueOf(e.getCause()).contains("ABORTED")) {
                tally.aborted++;
            } else {
                throw e;
            }
        }
    }
}
