package io.headroom.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.headroom.BackendUnavailableException;
import io.headroom.ClosedException;
import io.headroom.Ticker;
import io.headroom.counter.CounterConfig;
import io.headroom.counter.CounterOverflowException;
import io.headroom.counter.ShardedCounter;
import io.headroom.counter.ShardedCounterMetrics;
import io.headroom.internal.BackendGuard;
import io.headroom.internal.CounterReset;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * The part of every remote counter built once in {@link BufferedShardedCounter} and {@code CounterReset}, against an
 * in-process "backend" of two shards per counter whose resets can be made to fail: the reset (flush first, one token
 * per reset, retried until the deadline of the injected ticker, exact sum), the closed state, the read translation
 * and the backend-call observer behind {@link ShardedCounterMetrics}.
 */
class BufferedShardedCounterTest {

    /** Two shards per counter in maps; every backend call goes through the guard. */
    static final class FakeCounter extends BufferedShardedCounter {
        final Map<String, Long> shards = new ConcurrentHashMap<>(); // "<id>#<shard>" -> value
        final Map<String, String> resetTokens = new ConcurrentHashMap<>(); // "<id>#<shard>" -> "<token>:<taken>"
        final List<Long> tokensSeen = new CopyOnWriteArrayList<>();
        final AtomicInteger failTakes = new AtomicInteger(); // fail that many take attempts without applying them
        final AtomicInteger lostTakeReplies = new AtomicInteger(); // apply, then report a timeout
        final BackendGuard guard;
        volatile Supplier<CompletableFuture<Map<String, Long>>> readOverride;

        FakeCounter(CounterConfig config, BackendGuard guard, Ticker ticker) {
            super(config, Duration.ZERO, "Fake", guard.circuitBreaker(), guard, ticker);
            this.guard = guard;
        }

        @Override
        protected int shardFor(String counterId) {
            return Math.floorMod(counterId.hashCode(), 2);
        }

        @Override
        protected CompletableFuture<Void> write(String counterId, int shard, long seq, long delta) {
            return guard.call(() -> {
                shards.merge(counterId + "#" + shard, delta, Long::sum);
                return CompletableFuture.completedFuture(null);
            });
        }

        @Override
        protected CompletableFuture<Map<String, Long>> read(List<String> counterIds) {
            if (readOverride != null) {
                return readOverride.get();
            }
            return guard.call(() -> {
                Map<String, Long> values = new LinkedHashMap<>();
                for (String id : counterIds) {
                    values.put(id, shards.getOrDefault(id + "#0", 0L) + shards.getOrDefault(id + "#1", 0L));
                }
                return CompletableFuture.completedFuture(Collections.unmodifiableMap(values));
            });
        }

        @Override
        protected CompletableFuture<List<String>> resetShards(String counterId) {
            return CompletableFuture.completedFuture(List.of(counterId + "#0", counterId + "#1"));
        }

        @Override
        protected synchronized CompletableFuture<Long> resetShard(String counterId, String shard, long token) {
            tokensSeen.add(token);
            if (failTakes.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
                return CompletableFuture.failedFuture(new TimeoutException("take not applied"));
            }
            String prev = resetTokens.get(shard);
            long taken;
            if (prev != null && prev.startsWith(token + ":")) {
                taken = Long.parseLong(prev.substring(prev.indexOf(':') + 1)); // a retry: answer the first take
            } else {
                Long v = shards.put(shard, 0L);
                taken = v == null ? 0 : v;
                resetTokens.put(shard, token + ":" + taken);
            }
            if (lostTakeReplies.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
                return CompletableFuture.failedFuture(new TimeoutException("reply lost"));
            }
            return CompletableFuture.completedFuture(taken);
        }

        @Override
        protected int shardCount() {
            return 2;
        }
    }

    private static CounterConfig.Builder config() {
        return CounterConfig.builder().name("unread").retryBackoff(Duration.ofMillis(1), Duration.ofMillis(5));
    }

    private static FakeCounter counter(CounterConfig config, Ticker ticker) {
        return new FakeCounter(config, BackendGuard.create("fake", Duration.ofSeconds(5),
                BackendGuard.defaultCircuitBreakerConfig(), ticker), ticker);
    }

    @Test
    void aResetTakesEveryShardOnceWithOneTokenAndARetryAnswersWhatTheFirstTook() {
        try (FakeCounter c = counter(config().build(), Ticker.system())) {
            for (int i = 0; i < 10; i++) {
                c.increment("k", 1);
            }
            c.shards.merge("k#" + (1 - c.shardFor("k")), 5L, Long::sum); // another instance wrote the other shard
            c.lostTakeReplies.set(2); // both takes are applied, their replies lost: each retry must not take again
            assertThat(c.reset("k")).isEqualTo(15);
            assertThat(c.get("k")).isZero();
            assertThat(c.tokensSeen).hasSize(4).containsOnly(1L);
            c.increment("k", 3);
            assertThat(c.reset("k")).as("a new reset, a new token").isEqualTo(3);
            assertThat(c.tokensSeen).contains(2L);
        }
    }

    @Test
    void aResetThatCannotBeConfirmedByItsDeadlineFailsAfterTheInjectedTickerPassesIt() {
        AtomicLong nanos = new AtomicLong();
        try (FakeCounter c = counter(config().flushTimeout(Duration.ofSeconds(10)).build(), nanos::get)) {
            c.increment("k", 4);
            c.failTakes.set(Integer.MAX_VALUE);
            CompletableFuture<Long> reset = c.resetAsync("k").toCompletableFuture();
            // retried while the ticker stays before the deadline
            long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
            while (c.tokensSeen.size() < 20 && System.nanoTime() < deadline) {
                Thread.onSpinWait();
            }
            assertThat(reset).isNotDone();
            nanos.addAndGet(Duration.ofSeconds(10).toNanos());
            assertThat(reset).failsWithin(Duration.ofSeconds(5))
                    .withThrowableOfType(java.util.concurrent.ExecutionException.class)
                    .withCauseInstanceOf(BackendUnavailableException.class)
                    .withMessageContaining("reset of \"k\" not confirmed within PT10S")
                    .withMessageContaining("take not applied");
            c.failTakes.set(0);
            assertThat(c.get("k")).as("nothing was taken").isEqualTo(4);
            assertThat(c.reset("k")).isEqualTo(4);
        }
    }

    @Test
    void readFailuresBecomeBackendUnavailableAndOverflowPassesThrough() {
        try (FakeCounter c = counter(config().build(), Ticker.system())) {
            c.readOverride = () -> CompletableFuture.failedFuture(new TimeoutException("slow"));
            assertThatThrownBy(() -> c.get("k")).isInstanceOf(BackendUnavailableException.class)
                    .hasMessageContaining("counter 'unread': cannot read \"k\" from Fake");
            assertThatThrownBy(() -> c.getAll(List.of("a", "b"))).isInstanceOf(BackendUnavailableException.class)
                    .hasMessageContaining("cannot read 2 counters (first: \"a\") from Fake");
            c.readOverride = () -> CompletableFuture.failedFuture(new CounterOverflowException("unread", "k", "sum"));
            assertThatThrownBy(() -> c.get("k")).isInstanceOf(CounterOverflowException.class);
            c.readOverride = null;
            assertThat(c.getAll(List.of())).isEmpty();
            assertThat(c.getAll(List.of("a", "a"))).containsOnlyKeys("a");
        }
    }

    @Test
    void everyCallAfterCloseThrowsClosedException() {
        FakeCounter c = counter(config().build(), Ticker.system());
        c.increment("k", 1);
        c.close();
        c.close();
        List<Runnable> calls = new ArrayList<>(List.of(
                () -> c.increment("k", 1), () -> c.incrementAsync("k", 1), () -> c.get("k"), () -> c.getAsync("k"),
                () -> c.getAll(List.of("k")), () -> c.getAllAsync(List.of("k")), () -> c.reset("k"),
                () -> c.resetAsync("k"), c::flush, c::flushAsync, c::awaitDurable, c::awaitDurableAsync));
        for (Runnable call : calls) {
            assertThatThrownBy(call::run).isInstanceOf(ClosedException.class).hasMessage("counter 'unread' is closed");
        }
        assertThat(c.stats().pendingIncrements()).isZero();
        assertThat(c.config().name()).isEqualTo("unread");
        // bad input is still reported as such
        assertThatThrownBy(() -> c.increment("", 1)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void theMetricsBinderTimesEveryBackendCallOfARemoteCounter() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        try (FakeCounter c = ShardedCounterMetrics.bind(counter(config().build(), Ticker.system()), registry)) {
            c.increment("k", 1);
            c.increment("j", 1);
            c.get("k");
            c.readOverride = () -> c.guard.call(() -> CompletableFuture.failedFuture(new TimeoutException("slow")));
            assertThatThrownBy(() -> c.get("k")).isInstanceOf(BackendUnavailableException.class);
            assertThat(registry.get("headroom.counter.backend.calls").tag("counter", "unread")
                    .tag("result", "success").timer().count()).isEqualTo(3);
            assertThat(registry.get("headroom.counter.backend.calls").tag("counter", "unread")
                    .tag("result", "failure").timer().count()).isEqualTo(1);
            assertThat(registry.get("headroom.counter.writes").tag("counter", "unread").functionCounter().count())
                    .isEqualTo(2);
        }
        ShardedCounter embedded = ShardedCounter.inMemory(CounterConfig.builder().name("mem").build());
        assertThat(ShardedCounterMetrics.bind(embedded, registry)).isSameAs(embedded);
        assertThat(registry.find("headroom.counter.backend.calls").tag("counter", "mem").timer())
                .as("an embedded counter makes no backend calls").isNull();
    }
}
