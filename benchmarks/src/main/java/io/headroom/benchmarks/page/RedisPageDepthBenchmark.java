package io.headroom.benchmarks.page;

import io.headroom.page.Page;
import io.headroom.page.PageRequest;
import io.headroom.page.Sort;
import io.headroom.page.SortKey;
import io.headroom.redis.RedisBackend;
import io.headroom.redis.RedisOptions;
import io.headroom.redis.RedisPaginator;
import io.headroom.testkit.RedisServer;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
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
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Time per page at depth 1, 10, 100 and 1000 (20 items a page) over 100k items in one Redis sorted set (scores
 * 0..999, many ties) on a real redis-server: Headroom's {@link RedisPaginator} (one Lua call: rank of the cursor,
 * ZRANGE, HMGET; plus cursor verify/sign) against offset paging as Redis users write it, {@code ZREVRANGE start
 * stop} by rank then {@code HMGET} of the payloads (two round trips). Redis' skip list keeps ranks, so its offset
 * paging does not scan; the point here is that keyset stays flat, and what the cursor work adds.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class RedisPageDepthBenchmark {

    @Param({"1", "10", "100", "1000"})
    public int page;

    private RedisServer server;
    private RedisClient client;
    private StatefulRedisConnection<String, String> connection;
    private RedisCommands<String, String> sync;
    private RedisPaginator<BenchItem> paginator;
    private PageRequest request;
    private String zset;
    private String hash;

    @Setup
    public void setUp() {
        server = RedisServer.start();
        client = RedisClient.create(server.uri());
        connection = client.connect();
        sync = connection.sync();
        paginator = RedisPaginator.builder(RedisBackend.of(connection), BenchItem.FIELDS)
                .scoreField("score").codec(BenchItem::encode, BenchItem::decode).collection("bench")
                .options(RedisOptions.builder().timeout(Duration.ofSeconds(10)).build()).build();
        List<CompletableFuture<Void>> writes = new ArrayList<>();
        for (BenchItem i : BenchItem.generate()) {
            writes.add(paginator.putAsync(i).toCompletableFuture());
            if (writes.size() == 1_000) {
                writes.forEach(CompletableFuture::join);
                writes.clear();
            }
        }
        writes.forEach(CompletableFuture::join);
        zset = "headroom:page:bench:{p:}";
        hash = zset + ":items";
        if (sync.zcard(zset) != BenchItem.COUNT) {
            throw new IllegalStateException("unexpected key layout: " + sync.keys("*"));
        }
        PageRequest first = PageRequest.builder(Sort.by(SortKey.desc("score"))).size(BenchItem.PAGE_SIZE).build();
        request = first;
        Page<BenchItem> p = paginator.page(first);
        for (int i = 1; i < page; i++) {
            request = first.next(p);
            p = paginator.page(request);
        }
    }

    @TearDown
    public void tearDown() {
        connection.close();
        client.shutdown();
        server.close();
    }

    @Benchmark
    public Page<BenchItem> keyset() {
        return paginator.page(request);
    }

    @Benchmark
    public List<BenchItem> offset() {
        long start = (long) (page - 1) * BenchItem.PAGE_SIZE;
        List<String> ids = sync.zrevrange(zset, start, start + BenchItem.PAGE_SIZE - 1);
        List<BenchItem> out = new ArrayList<>(ids.size());
        sync.hmget(hash, ids.toArray(new String[0])).forEach(kv -> out.add(BenchItem.decode(kv.getValue())));
        return out;
    }
}
