package io.headroom.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.headroom.ClosedException;
import io.headroom.Ticker;
import io.headroom.counter.CounterBufferFullException;
import io.headroom.counter.CounterConfig;
import io.headroom.spi.ShardWriter;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

/**
 * The write path shared by remote counters, against an in-process "backend" that applies writes with the same
 * token check as the Redis script and can be told to apply a write yet report a timeout (the lost-reply case).
 */
class IncrementBufferTest {

    /** A backend shard store with per-writer last-sequence dedup, faults on demand, and a record of every write. */
    static final class FakeShards implements ShardWriter {
        final Map<String, Long> values = new ConcurrentHashMap<>();
        final Map<String, Long> lastSeq = new ConcurrentHashMap<>();
        final List<long[]> calls = new CopyOnWriteArrayList<>(); // {seq, delta}
        final AtomicInteger inFlight = new AtomicInteger();
        final AtomicInteger maxInFlight = new AtomicInteger();
        volatile int failNext; // apply, then report a timeout
        volatile int refuseNext; // do not apply, report a timeout

        @Override
        public synchronized CompletableFuture<Void> write(String id, int shard, long seq, long delta) {
            calls.add(new long[] {seq, delta});
            maxInFlight.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
            try {
                if (refuseNext > 0) {
                    refuseNext--;
                    return CompletableFuture.failedFuture(new TimeoutException("refused"));
                }
                String key = id + "#" + shard;
                if (lastSeq.getOrDefault(key, 0L) < seq) {
                    values.merge(id, delta, Long::sum);
                    lastSeq.put(key, seq);
                }
                if (failNext > 0) {
                    failNext--;
                    return CompletableFuture.failedFuture(new TimeoutException("reply lost"));
                }
                return CompletableFuture.completedFuture(null);
            } finally {
                inFlight.decrementAndGet();
            }
        }
    }

    private static CounterConfig config(int maxPending) {
        return CounterConfig.builder().maxPendingIncrements(maxPending)
                .retryBackoff(Duration.ofMillis(1), Duration.ofMillis(5)).build();
    }

    @Property(tries = 100)
    void everyAcceptedIncrementIsAppliedExactlyOnceWhateverTheFaults(
            @ForAll @Size(min = 1, max = 60) List<@LongRange(min = -1000, max = 1000) Long> deltas,
            @ForAll @IntRange(max = 5) int lostReplies, @ForAll @IntRange(max = 5) int refused) {
        FakeShards shards = new FakeShards();
        shards.failNext = lostReplies;
        shards.refuseNext = refused;
        IncrementBuffer buffer = new IncrementBuffer(config(1_000), Duration.ZERO, shards, Ticker.system());
        long sum = 0;
        for (int i = 0; i < deltas.size(); i++) {
            buffer.submit("c", i % 2, deltas.get(i)).join();
            sum += deltas.get(i);
        }
        buffer.flush().join();
        assertThat(shards.values.getOrDefault("c", 0L)).isEqualTo(sum);
        assertThat(buffer.pending()).isZero();
        assertThat(buffer.retries()).isGreaterThanOrEqualTo(Math.min(1, lostReplies + refused));
        buffer.close();
    }

    @Test
    void aRetryResendsTheSameSequenceAndDelta() {
        FakeShards shards = new FakeShards();
        shards.failNext = 2;
        IncrementBuffer buffer = new IncrementBuffer(config(100), Duration.ZERO, shards, Ticker.system());
        buffer.submit("c", 0, 5).join();
        buffer.flush().join();
        assertThat(shards.calls).hasSize(3).allSatisfy(c -> assertThat(c).containsExactly(1, 5));
        assertThat(shards.values).containsEntry("c", 5L);
        buffer.close();
    }

    @Test
    void aCoalescingWindowSumsIncrementsIntoOneWrite() {
        FakeShards shards = new FakeShards();
        IncrementBuffer buffer = new IncrementBuffer(config(100), Duration.ofMinutes(1), shards, Ticker.system());
        for (int i = 0; i < 10; i++) {
            assertThat(buffer.submit("c", 0, 1)).as("accepted at once").isCompleted();
        }
        assertThat(shards.calls).as("the first write goes out, the rest wait for the window").hasSize(1);
        assertThat(buffer.pending()).isEqualTo(9);
        buffer.flush().join();
        assertThat(shards.calls).hasSize(2);
        assertThat(shards.calls.get(1)[1]).isEqualTo(9);
        assertThat(shards.values).containsEntry("c", 10L);
        buffer.close();
    }

    @Test
    void pastTheBoundIncrementsAreRefusedNotDropped() {
        FakeShards shards = new FakeShards();
        IncrementBuffer buffer = new IncrementBuffer(config(3), Duration.ofMinutes(1), shards, Ticker.system());
        buffer.submit("c", 0, 1).join();
        buffer.submit("c", 0, 1).join();
        buffer.submit("c", 0, 1).join();
        assertThat(buffer.pending()).isEqualTo(2);
        buffer.submit("c", 0, 1).join();
        assertThat(buffer.submit("c", 0, 1)).isCompletedExceptionally()
                .failsWithin(Duration.ZERO).withThrowableOfType(java.util.concurrent.ExecutionException.class)
                .withCauseInstanceOf(CounterBufferFullException.class);
        buffer.flush().join();
        assertThat(shards.values).containsEntry("c", 4L);
        buffer.close();
    }

    @Test
    void theCoalescingWindowIsMeasuredOnTheInjectedTicker() {
        FakeShards shards = new FakeShards();
        AtomicLong nanos = new AtomicLong();
        IncrementBuffer buffer = new IncrementBuffer(config(100), Duration.ofMinutes(1), shards, nanos::get);
        buffer.submit("c", 0, 1).join(); // the lane's first write goes out at once
        buffer.submit("c", 0, 2).join(); // waits for the window (real time would take a minute)
        assertThat(shards.calls).hasSize(1);
        nanos.addAndGet(Duration.ofMinutes(1).toNanos());
        buffer.submit("c", 0, 3).join(); // the ticker says the window has passed: the waiting batch goes out now
        assertThat(shards.calls).hasSize(2);
        assertThat(shards.calls.get(1)[1]).isEqualTo(5);
        buffer.flush().join();
        assertThat(shards.values).containsEntry("c", 6L);
        buffer.close();
    }

    @Test
    void afterCloseSubmitThrowsClosedException() {
        IncrementBuffer buffer = new IncrementBuffer(CounterConfig.builder().name("unread").build(), Duration.ZERO,
                new FakeShards(), Ticker.system());
        buffer.close();
        buffer.close();
        assertThatThrownBy(() -> buffer.submit("c", 0, 1)).isInstanceOf(ClosedException.class)
                .hasMessage("counter 'unread' is closed");
    }
}
