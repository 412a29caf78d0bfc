package io.headroom.benchmarks.counter;

import io.headroom.counter.CounterConfig;
import io.headroom.counter.ShardedCounter;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The embedded counter's increment on one hot counter, side by side with a bare {@link LongAdder} and
 * {@link AtomicLong} (what a user would hand-roll for one counter). Headroom's increment also finds the counter by
 * id in a bounded Caffeine map ({@code ids} counters, round-robin per thread), which the bare peers do not do.
 * Run with {@code -t 1} and {@code -t 2}.
 *
 * <p>Public API only: the case that incremented the in-memory counter's internal striped value directly (without
 * the id lookup) was dropped when internals were sealed; the public API has no increment without the lookup, so
 * the cost of the lookup is now read as the gap between {@link #headroom} and {@link #longAdder}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class EmbeddedCounterBenchmark {

    @Param({"1"})
    public int ids;

    private ShardedCounter headroom;
    private final LongAdder adder = new LongAdder();
    private final AtomicLong atomic = new AtomicLong();
    private String[] names;

    @Setup
    public void setUp() {
        headroom = ShardedCounter.inMemory(CounterConfig.builder().name("bench").build());
        names = new String[ids];
        for (int i = 0; i < ids; i++) {
            names[i] = "chat:" + i + ":user:42";
        }
    }

    /** Per-thread position in the id list. */
    @State(Scope.Thread)
    public static class Cursor {
        int next;
    }

    @Benchmark
    public void headroom(Cursor cursor) {
        int i = cursor.next;
        cursor.next = i + 1 == ids ? 0 : i + 1;
        headroom.increment(names[i], 1);
    }

    @Benchmark
    public void longAdder() {
        adder.increment();
    }

    @Benchmark
    public void atomicLong() {
        atomic.incrementAndGet();
    }
}
