package io.headroom.benchmarks.firestore;

import com.google.cloud.firestore.CollectionReference;
import com.google.cloud.firestore.DocumentSnapshot;
import com.google.cloud.firestore.FieldPath;
import com.google.cloud.firestore.Firestore;
import com.google.cloud.firestore.Query;
import com.google.cloud.firestore.QuerySnapshot;
import com.google.cloud.firestore.WriteBatch;
import io.headroom.testkit.firestore.FirestoreEmulator;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
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
 * The Firestore emulator's query cost on a 100,000-document collection, through the real client (so every figure
 * includes the gRPC round trip, about 0.3–0.5 ms here):
 * <ul>
 *   <li>{@code pageOf20}: {@code orderBy("score").orderBy(__name__).startAfter(score, id).limit(20)} from a random
 *       depth — the paginator's query shape; served by walking the emulator's ordered index on {@code score}
 *       from the cursor (before issue 18 the emulator filtered and sorted the whole collection per call);</li>
 *   <li>{@code pageOf20ByName}: the same by document id only;</li>
 *   <li>{@code walk100kInPagesOf100}: one single-shot walk of the whole collection, 1,000 pages of 100 by score.</li>
 * </ul>
 * Scores in microseconds per operation (average time); the walk in milliseconds per walk.
 */
@State(Scope.Benchmark)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
@Warmup(iterations = 2, time = 5)
@Measurement(iterations = 3, time = 10)
public class EmulatorQueryBenchmark {

    static final int COUNT = 100_000;

    private FirestoreEmulator emulator;
    private Firestore db;
    private CollectionReference items;
    private long[] scores;
    private final SplittableRandom random = new SplittableRandom(7);

    @Setup
    public void load() throws Exception {
        emulator = FirestoreEmulator.start();
        db = emulator.firestore("query-bench");
        items = db.collection("items");
        scores = new long[COUNT];
        SplittableRandom r = new SplittableRandom(42);
        for (int from = 0; from < COUNT; from += 500) {
            WriteBatch b = db.batch();
            for (int i = from; i < from + 500; i++) {
                scores[i] = r.nextInt(1_000);
                b.set(items.document(String.format("item%06d", i)), Map.of("score", scores[i], "group", "g"));
            }
            b.commit().get();
        }
        // build the indexes outside the measurement
        items.orderBy("score").limit(1).get().get();
        items.orderBy(FieldPath.documentId()).limit(1).get().get();
    }

    @TearDown
    public void close() throws Exception {
        db.close();
        emulator.close();
    }

    @Benchmark
    @BenchmarkMode(Mode.AverageTime)
    @OutputTimeUnit(TimeUnit.MICROSECONDS)
    public int pageOf20() throws Exception {
        int i = random.nextInt(COUNT);
        return items.orderBy("score").orderBy(FieldPath.documentId())
                .startAfter(scores[i], String.format("item%06d", i)).limit(20).get().get().size();
    }

    @Benchmark
    @BenchmarkMode(Mode.AverageTime)
    @OutputTimeUnit(TimeUnit.MICROSECONDS)
    public int pageOf20ByName() throws Exception {
        int i = random.nextInt(COUNT);
        return items.orderBy(FieldPath.documentId()).startAfter(String.format("item%06d", i)).limit(20)
                .get().get().size();
    }

    @Benchmark
    @BenchmarkMode(Mode.SingleShotTime)
    @OutputTimeUnit(TimeUnit.MILLISECONDS)
    @Warmup(iterations = 1)
    @Measurement(iterations = 3)
    public int walk100kInPagesOf100() throws Exception {
        Query q = items.orderBy("score").orderBy(FieldPath.documentId()).limit(100);
        int seen = 0;
        DocumentSnapshot last = null;
        while (true) {
            QuerySnapshot page = (last == null ? q : q.startAfter(last)).get().get();
            List<? extends DocumentSnapshot> docs = page.getDocuments();
            seen += docs.size();
            if (docs.size() < 100) {
                return seen;
            }
            last = docs.get(docs.size() - 1);
        }
    }
}
