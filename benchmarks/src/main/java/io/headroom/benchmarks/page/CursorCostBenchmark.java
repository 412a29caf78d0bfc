package io.headroom.benchmarks.page;

import io.headroom.page.CursorCodec;
import io.headroom.page.CursorPosition;
import io.headroom.page.PageDirection;
import io.headroom.page.PaginatorConfig;
import io.headroom.page.Sort;
import io.headroom.page.SortKey;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.TimeUnit;
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
 * What a cursor costs per page: encoding (and signing, encrypting) one position, and verifying and decoding one,
 * for a typical position (an Instant-like long score and an id), with encryption on (the default) and off.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xms512m", "-Xmx512m"})
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class CursorCostBenchmark {

    @Param({"true", "false"})
    public boolean encrypt;

    private CursorCodec codec;
    private CursorPosition[] positions;
    private int next;
    private final Sort sort = Sort.by(SortKey.desc("lastMessageAt"));
    private final Map<String, Object> filters = Map.of("ownerId", "user-42");
    private String cursor;

    @Setup
    public void setUp() {
        codec = CursorCodec.of(PaginatorConfig.builder().encryptCursors(encrypt).build());
        positions = new CursorPosition[1024]; // distinct positions, as consecutive pages have
        for (int i = 0; i < positions.length; i++) {
            positions[i] = new CursorPosition(Arrays.asList(1_764_000_000_123L + i * 7919L, "chat-7f3a9c" + i),
                    PageDirection.FORWARD, false);
        }
        cursor = codec.encode(positions[0], sort, filters);
    }

    @Benchmark
    public String encode() {
        int i = next;
        next = (i + 1) & 1023;
        return codec.encode(positions[i], sort, filters);
    }

    @Benchmark
    public CursorPosition verifyAndDecode() {
        return codec.decode(cursor, sort, filters);
    }
}
