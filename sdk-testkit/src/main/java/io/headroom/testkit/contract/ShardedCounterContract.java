package io.headroom.testkit.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.headroom.ClosedException;
import io.headroom.counter.CounterConfig;
import io.headroom.counter.CounterOverflowException;
import io.headroom.counter.ShardedCounter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.lifecycle.AfterTry;

/**
 * The contract every {@link ShardedCounter} backend must pass, unchanged: extend it, implement
 * {@link #createSharing(CounterConfig, int)}, optionally {@link #faults()} and {@link #baseConfig()}, and run it
 * with the jqwik engine.
 *
 * <p>Invariants (jqwik properties): after a flush, every counter equals the sum of the increments that were
 * accepted, no more, no less, under many threads, several instances sharing one backend, and injected timeouts and
 * connection resets; a reset returns exactly what it removed while increments race ({@code sum of increments ==
 * sum of resets + value}); a reset followed by increments reads exactly those increments. Examples: unknown
 * counters read 0, many counters without set-up, getAll, overflow, and bad input failing fast with a message
 * naming the argument and the rule.
 */
public abstract class ShardedCounterContract {

    private final List<ShardedCounter> opened = Collections.synchronizedList(new ArrayList<>());

    /**
     * Creates {@code instances} counter instances that share one fresh state (no counter shared with earlier
     * calls), as several application instances sharing one backend would. An in-memory backend may return one
     * instance several times.
     *
     * @param config the configuration (built from {@link #baseConfig()})
     * @param instances how many instances, at least 1
     * @return the instances; the contract closes them
     */
    protected abstract List<ShardedCounter> createSharing(CounterConfig config, int instances);

    /**
     * The faults this backend can inject; default none.
     *
     * @return the faults
     */
    protected CounterFaults faults() {
        return CounterFaults.NONE;
    }

    /**
     * The configuration every test starts from, e.g. with shards spread over a cluster's slots; default
     * {@code CounterConfig.builder()}.
     *
     * @return a builder
     */
    protected CounterConfig.Builder baseConfig() {
        return CounterConfig.builder();
    }

    private ShardedCounter create() {
        return create(baseConfig().build());
    }

    private ShardedCounter create(CounterConfig config) {
        return share(config, 1).get(0);
    }

    private List<ShardedCounter> share(CounterConfig config, int instances) {
        List<ShardedCounter> counters = createSharing(config, instances);
        opened.addAll(counters);
        return counters;
    }

    @AfterTry
    void closeCounters() {
        faults().heal();
        synchronized (opened) {
            for (ShardedCounter c : opened) {
                c.close();
            }
            opened.clear();
        }
    }

    /** One increment of a generated workload. */
    record Op(int instance, int id, long delta, boolean async) {
    }

    @Provide
    Arbitrary<List<Op>> workloads() {
        return Combinators.combine(Arbitraries.integers().between(0, 2), Arbitraries.integers().between(0, 3),
                        Arbitraries.longs().between(-1_000, 1_000), Arbitraries.of(true, false))
                .as(Op::new).list().ofMinSize(1).ofMaxSize(300);
    }

    private static void flushAll(List<ShardedCounter> counters) {
        for (ShardedCounter c : counters) {
            afterFaults(() -> {
                c.flush();
                return null;
            });
        }
    }

    /**
     * Runs a call made right after faults were healed: a remote backend's circuit breaker may still be open for a
     * moment and answer {@link io.headroom.BackendUnavailableException}; the call is repeated for up to 30 s.
     */
    private static <T> T afterFaults(java.util.function.Supplier<T> call) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (true) {
            try {
                return call.get();
            } catch (io.headroom.BackendUnavailableException e) {
                if (System.nanoTime() - deadline > 0) {
                    throw e;
                }
                try {
                    Thread.sleep(50);
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    throw e;
                }
            }
        }
    }

    private static void increment(ShardedCounter counter, String id, long delta, boolean async) {
        if (async) {
            counter.incrementAsync(id, delta).toCompletableFuture().join();
        } else {
            counter.increment(id, delta);
        }
    }

    @Property(tries = 25)
    void valueAfterFlushIsTheSumOfAcceptedIncrements(@ForAll("workloads") List<Op> ops,
                                                     @ForAll @IntRange(min = 1, max = 4) int threads,
                                                     @ForAll @IntRange(min = 1, max = 3) int instances,
                                                     @ForAll @IntRange(min = 0, max = 2) int fault) throws Exception {
        List<ShardedCounter> counters = share(baseConfig().build(), instances);
        String[] ids = {"a", "b:" + UUID.randomUUID(), "chat:1:user:2", "ü {x}"};
        AtomicLong[] accepted = new AtomicLong[ids.length];
        Arrays.setAll(accepted, i -> new AtomicLong());
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        CountDownLatch go = new CountDownLatch(1);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int thread = t;
                done.add(pool.submit(() -> {
                    go.await();
                    for (int i = thread; i < ops.size(); i += threads) {
                        Op op = ops.get(i);
                        increment(counters.get(op.instance() % instances), ids[op.id()], op.delta(), op.async());
                        accepted[op.id()].addAndGet(op.delta()); // only reached when accepted
                    }
                    return null;
                }));
            }
            go.countDown();
            if (fault == 1) {
                faults().timeouts();
            } else if (fault == 2) {
                faults().resetConnections();
            }
            for (Future<?> f : done) {
                f.get(2, TimeUnit.MINUTES);
            }
        } finally {
            pool.shutdownNow();
        }
        faults().heal();
        flushAll(counters);
        for (int i = 0; i < ids.length; i++) {
            for (ShardedCounter c : counters) {
                String id = ids[i];
                assertThat(afterFaults(() -> c.get(id))).as("counter %s read by %s after %s", ids[i], c, ops.size())
                        .isEqualTo(accepted[i].get());
            }
        }
        Map<String, Long> all = afterFaults(() -> counters.get(0).getAll(Arrays.asList(ids)));
        for (int i = 0; i < ids.length; i++) {
            assertThat(all).containsEntry(ids[i], accepted[i].get());
        }
        for (ShardedCounter c : counters) {
            assertThat(c.stats().pendingIncrements()).isZero();
        }
    }

    @Property(tries = 15)
    void resetReturnsExactlyWhatItRemovedWhileIncrementsRace(@ForAll @IntRange(min = 1, max = 3) int writers,
                                                             @ForAll @IntRange(min = 1, max = 3) int instances,
                                                             @ForAll @IntRange(min = 20, max = 300) int perWriter,
                                                             @ForAll @IntRange(min = 1, max = 4) int resets,
                                                             @ForAll @IntRange(min = 0, max = 2) int fault)
            throws Exception {
        List<ShardedCounter> counters = share(baseConfig().build(), instances);
        String id = "unread:" + UUID.randomUUID();
        AtomicLong accepted = new AtomicLong();
        AtomicLong cleared = new AtomicLong();
        ExecutorService pool = Executors.newFixedThreadPool(writers + 1);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int w = 0; w < writers; w++) {
                ShardedCounter c = counters.get(w % instances);
                long delta = w + 1;
                done.add(pool.submit(() -> {
                    for (int i = 0; i < perWriter; i++) {
                        c.increment(id, delta);
                        accepted.addAndGet(delta);
                    }
                    return null;
                }));
            }
            Future<?> resetter = pool.submit(() -> {
                for (int r = 0; r < resets; r++) {
                    ShardedCounter c = counters.get(r % instances);
                    cleared.addAndGet(resetRetrying(c, id));
                    Thread.sleep(1);
                }
                return null;
            });
            if (fault == 1) {
                faults().timeouts();
            } else if (fault == 2) {
                faults().resetConnections();
            }
            for (Future<?> f : done) {
                f.get(2, TimeUnit.MINUTES);
            }
            resetter.get(2, TimeUnit.MINUTES);
        } finally {
            pool.shutdownNow();
        }
        faults().heal();
        flushAll(counters);
        assertThat(cleared.get() + afterFaults(() -> counters.get(0).get(id)))
                .as("sum of resets (%d) + value = every accepted increment", cleared.get())
                .isEqualTo(accepted.get());
    }

    /**
     * A reset that fails because of an injected fault may or may not have happened: the contract then cannot
     * count what it removed. Retrying is a second reset; so the fault is healed first and the reset is done while
     * the backend is reachable.
     */
    private long resetRetrying(ShardedCounter c, String id) {
        try {
            return c.reset(id);
        } catch (io.headroom.BackendUnavailableException e) {
            throw new AssertionError("reset failed under a short fault; the backend's reset must ride it out", e);
        }
    }

    @Property(tries = 25)
    void resetThenIncrementsReadsExactlyThoseIncrements(@ForAll("deltas") List<Long> before,
                                                        @ForAll("deltas") List<Long> after,
                                                        @ForAll boolean async) {
        ShardedCounter counter = create();
        String id = "c:" + UUID.randomUUID();
        long sumBefore = 0;
        for (long d : before) {
            increment(counter, id, d, async);
            sumBefore += d;
        }
        long removed = async ? counter.resetAsync(id).toCompletableFuture().join() : counter.reset(id);
        assertThat(removed).as("reset returns what it removed").isEqualTo(sumBefore);
        assertThat(counter.get(id)).isZero();
        long sumAfter = 0;
        for (long d : after) {
            increment(counter, id, d, async);
            sumAfter += d;
        }
        counter.flush();
        assertThat(async ? counter.getAsync(id).toCompletableFuture().join() : counter.get(id)).isEqualTo(sumAfter);
        assertThat(counter.reset(id)).isEqualTo(sumAfter);
        assertThat(counter.reset(id)).as("a second reset removes nothing").isZero();
    }

    @Provide
    Arbitrary<List<Long>> deltas() {
        return Arbitraries.longs().between(-1_000_000, 1_000_000).list().ofMaxSize(20);
    }

    @Example
    void countersNeedNoSetUpAndAreIndependent() {
        ShardedCounter counter = create();
        Map<String, Long> expected = new HashMap<>();
        for (int user = 0; user < 50; user++) {
            for (int chat = 0; chat < 4; chat++) {
                String id = "chat:" + chat + ":user:" + user;
                counter.increment(id, user + chat);
                expected.put(id, (long) user + chat);
            }
        }
        counter.flush();
        assertThat(counter.getAll(expected.keySet())).isEqualTo(expected);
        assertThat(counter.get("never-touched")).isZero();
        assertThat(counter.getAll(List.of("never", "touched"))).containsExactlyInAnyOrderEntriesOf(
                Map.of("never", 0L, "touched", 0L));
        assertThat(counter.getAll(List.of())).isEmpty();
    }

    @Example
    void getAllIsImmutableAndReadsDuplicatesOnce() {
        ShardedCounter counter = create();
        counter.increment("x", 3);
        counter.flush();
        Map<String, Long> all = counter.getAllAsync(List.of("x", "x", "y")).toCompletableFuture().join();
        assertThat(all).containsExactlyInAnyOrderEntriesOf(Map.of("x", 3L, "y", 0L));
        assertThatThrownBy(() -> all.put("z", 1L)).isInstanceOf(UnsupportedOperationException.class);
    }

    @Example
    void manyThreadsOnOneHotCounterLoseNothing() throws Exception {
        List<ShardedCounter> counters = share(baseConfig().build(), 2);
        int threads = 8;
        int each = 500;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                ShardedCounter c = counters.get(t % 2);
                boolean async = t % 4 == 0;
                done.add(pool.submit(() -> {
                    for (int i = 0; i < each; i++) {
                        increment(c, "hot", 1, async);
                    }
                    return null;
                }));
            }
            for (Future<?> f : done) {
                f.get(2, TimeUnit.MINUTES);
            }
        } finally {
            pool.shutdownNow();
        }
        flushAll(counters);
        assertThat(counters.get(1).get("hot")).isEqualTo((long) threads * each);
    }

    @Example
    void overflowIsRefusedWithATypedException() {
        ShardedCounter counter = create();
        boolean oneShard = counter.config().shards() == 1;
        counter.increment("big", Long.MAX_VALUE);
        counter.flush();
        // one shard: the increment itself is refused; several shards: the increment may land on another shard and
        // the read then reports that the sum no longer fits
        assertThatThrownBy(() -> {
            counter.increment("big", 1);
            counter.flush();
            counter.get("big");
        }).isInstanceOf(CounterOverflowException.class).hasMessageContaining("big").hasMessageContaining("long range");
        if (oneShard) {
            assertThat(counter.get("big")).as("nothing was added").isEqualTo(Long.MAX_VALUE);
            counter.increment("big", -1);
            counter.flush();
            assertThat(counter.get("big")).isEqualTo(Long.MAX_VALUE - 1);
        }
        counter.increment("small", -Long.MAX_VALUE);
        counter.flush();
        assertThatThrownBy(() -> {
            counter.incrementAsync("small", -2).toCompletableFuture().join();
            counter.flush();
            counter.get("small");
        }).satisfies(e -> assertThat(e instanceof CompletionException ? e.getCause() : e)
                .isInstanceOf(CounterOverflowException.class));
    }

    @Example
    void badInputFailsFastNamingTheArgumentAndRule() {
        ShardedCounter counter = create();
        assertThatThrownBy(() -> counter.increment(null, 1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("counterId must not be null");
        assertThatThrownBy(() -> counter.increment("", 1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("counterId must not be empty");
        assertThatThrownBy(() -> counter.increment("x".repeat(1025), 1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("counterId must be at most 1024 characters");
        assertThatThrownBy(() -> counter.increment("k", Long.MIN_VALUE)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("delta must be between");
        assertThatThrownBy(() -> counter.incrementAsync("", 1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("counterId");
        assertThatThrownBy(() -> counter.incrementAsync("k", Long.MIN_VALUE))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("delta");
        assertThatThrownBy(() -> counter.get("")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("counterId");
        assertThatThrownBy(() -> counter.getAsync(null)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> counter.reset("")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> counter.resetAsync(null)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> counter.getAll(null)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("counterIds must not be null");
        assertThatThrownBy(() -> counter.getAll(Arrays.asList("a", null)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("counterIds");
        assertThatThrownBy(() -> counter.getAllAsync(Collections.nCopies(ShardedCounter.MAX_GET_ALL + 1, "a")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at most 10000");
        assertThatThrownBy(() -> CounterConfig.builder().shards(0).build()).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("shards must be between 1 and 1024, was 0");
        assertThatThrownBy(() -> CounterConfig.builder().shards(-4).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("shards");
        assertThatThrownBy(() -> CounterConfig.builder().shards(4).maxShards(2).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("maxShards");
        // nothing was written by any of the above
        assertThat(counter.get("k")).isZero();
    }

    // issue 19: Redis' UTF-8 codec wrote every lone surrogate as '?', so these ids shared one counter there
    @Example
    void idsWithUnpairedSurrogatesAreRejectedAndPairedOnesAreDistinctCounters() {
        ShardedCounter counter = create();
        for (String bad : List.of("\uD800", "\uD801", "a\uDC00", "\uDBFFx")) {
            assertThatThrownBy(() -> counter.increment(bad, 1)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("counterId must be well-formed UTF-16");
            assertThatThrownBy(() -> counter.incrementAsync(bad, 1)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("unpaired");
            assertThatThrownBy(() -> counter.get(bad)).isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> counter.reset(bad)).isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> counter.getAll(List.of("ok", bad))).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("well-formed");
        }
        counter.increment("?", 1);
        counter.increment("\uD83D\uDE00", 2);
        counter.increment("\uD83D\uDE01", 3);
        counter.flush();
        assertThat(counter.getAll(List.of("?", "\uD83D\uDE00", "\uD83D\uDE01")))
                .containsExactly(Map.entry("?", 1L), Map.entry("\uD83D\uDE00", 2L), Map.entry("\uD83D\uDE01", 3L));
    }

    @Example
    void aClosedCounterRefusesWritesAndTheAsyncFormsAgree() {
        ShardedCounter counter = create();
        counter.incrementAsync("k", 5).toCompletableFuture().join();
        counter.flushAsync().toCompletableFuture().join();
        counter.awaitDurableAsync().toCompletableFuture().join();
        assertThat(counter.getAsync("k").toCompletableFuture().join()).isEqualTo(5);
        assertThat(counter.getAllAsync(List.of("k")).toCompletableFuture().join()).containsEntry("k", 5L);
        counter.awaitDurable();
        counter.close();
        counter.close();
        assertThatThrownBy(() -> counter.increment("k", 1)).isInstanceOf(ClosedException.class)
                .hasMessageContaining("closed");
    }

    @Example
    void aCounterLivesItsTtlAfterItsLastWrite() {
        ShardedCounter counter = create(baseConfig().ttl(Duration.ofHours(1)).build());
        counter.increment("ttl", 2);
        counter.flush();
        assertThat(counter.get("ttl")).isEqualTo(2);
        assertThat(counter.config().ttl()).isEqualTo(Duration.ofHours(1));
    }
}
