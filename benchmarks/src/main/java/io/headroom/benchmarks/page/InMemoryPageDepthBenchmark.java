package io.headroom.benchmarks.page;

import io.headroom.page.InMemoryPageStore;
import io.headroom.page.Page;
import io.headroom.page.PageRequest;
import io.headroom.page.Paginator;
import io.headroom.page.PaginatorConfig;
import io.headroom.page.Sort;
import io.headroom.page.SortKey;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.ConcurrentSkipListMap;
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
 * Time per page at depth 1, 10, 100 and 1000 (20 items a page) over 100k items with many tied scores, sorted by
 * score descending then id: Headroom's in-memory keyset paginator (cursor decoded and verified, next cursor
 * encoded and signed, AES-GCM on: the full cost a caller pays) against offset paging over the same kind of index
 * (a skip list iterated past {@code (page-1)*20} entries, as a database's {@code OFFSET} does). Page 1 is read
 * without a cursor (nothing to verify, no previous cursor to sign); page 2 is the first read from a cursor, so
 * page 1000 ÷ page 2 isolates the depth cost of keyset paging.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class InMemoryPageDepthBenchmark {

    @Param({"1", "2", "10", "100", "1000"})
    public int page;

    private Paginator<BenchItem> paginator;
    private PageRequest request;
    private ConcurrentSkipListMap<BenchItem, BenchItem> offsetIndex;

    @Setup
    public void setUp() {
        InMemoryPageStore<BenchItem> store = InMemoryPageStore.create(BenchItem.FIELDS);
        BenchItem[] items = BenchItem.generate();
        store.putAll(List.of(items));
        paginator = Paginator.inMemory(PaginatorConfig.ofDefaults(), store);
        offsetIndex = new ConcurrentSkipListMap<>(Comparator.comparingLong(BenchItem::score).reversed()
                .thenComparing(BenchItem::id));
        for (BenchItem i : items) {
            offsetIndex.put(i, i);
        }
        PageRequest first = PageRequest.builder(Sort.by(SortKey.desc("score"))).size(BenchItem.PAGE_SIZE).build();
        request = first;
        Page<BenchItem> p = paginator.page(first);
        for (int i = 1; i < page; i++) {
            request = first.next(p);
            p = paginator.page(request);
        }
    }

    @Benchmark
    public Page<BenchItem> keyset() {
        return paginator.page(request);
    }

    @Benchmark
    public List<BenchItem> offset() {
        Iterator<BenchItem> it = offsetIndex.keySet().iterator();
        for (int skip = (page - 1) * BenchItem.PAGE_SIZE; skip > 0; skip--) {
            it.next();
        }
        List<BenchItem> out = new ArrayList<>(BenchItem.PAGE_SIZE);
        for (int i = 0; i < BenchItem.PAGE_SIZE && it.hasNext(); i++) {
            out.add(it.next());
        }
        return out;
    }
}
