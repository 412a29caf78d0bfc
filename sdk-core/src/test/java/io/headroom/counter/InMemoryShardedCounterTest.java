package io.headroom.counter;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** In-memory specifics beyond the contract (which runs in sdk-testkit): TTL, the memory bound, metrics. */
class InMemoryShardedCounterTest {

    @Test
    void aCounterExpiresItsTtlAfterTheLastIncrementAndReadsDoNotExtendIt() {
        AtomicLong nanos = new AtomicLong();
        ShardedCounter c = ShardedCounter.inMemory(CounterConfig.builder().ttl(Duration.ofSeconds(10)).build(),
                nanos::get);
        c.increment("k", 3);
        nanos.addAndGet(Duration.ofSeconds(6).toNanos());
        assertThat(c.get("k")).isEqualTo(3);
        nanos.addAndGet(Duration.ofSeconds(6).toNanos());
        assertThat(c.get("k")).as("12 s after the last increment").isZero();
        c.increment("k", 1);
        nanos.addAndGet(Duration.ofSeconds(9).toNanos());
        c.increment("k", 1);
        nanos.addAndGet(Duration.ofSeconds(9).toNanos());
        assertThat(c.get("k")).as("each increment restarts the TTL").isEqualTo(2);
    }

    @Test
    void memoryIsBoundedAndEvictionsAreCounted() {
        InMemoryShardedCounter c = InMemoryShardedCounter.create(
                CounterConfig.builder().maximumCounters(100).build(), io.headroom.Ticker.system());
        for (int i = 0; i < 1_000; i++) {
            c.increment("k" + i, 1);
        }
        c.cleanUp();
        assertThat(c.size()).isLessThanOrEqualTo(100);
        assertThat(c.stats().evictions()).isEqualTo(1_000 - c.size());
    }

    @Test
    void metricsReadTheStats() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        ShardedCounter c = ShardedCounter.inMemory(CounterConfig.builder().name("unread").build());
        ShardedCounterMetrics.bind(c, registry);
        c.increment("a", 1);
        assertThat(registry.get("headroom.counter.pending").tag("counter", "unread").gauge().value()).isZero();
        assertThat(registry.get("headroom.counter.shards").gauge().value()).isEqualTo(1);
        assertThat(registry.get("headroom.counter.evictions").functionCounter().count()).isZero();
    }

    @Test
    void everyCallAfterCloseThrowsClosedException() {
        ShardedCounter c = ShardedCounter.inMemory(CounterConfig.builder().name("unread").build());
        c.increment("k", 1);
        c.close();
        c.close();
        java.util.List<Runnable> calls = java.util.List.of(
                () -> c.increment("k", 1), () -> c.incrementAsync("k", 1), () -> c.get("k"), () -> c.getAsync("k"),
                () -> c.getAll(java.util.List.of("k")), () -> c.getAllAsync(java.util.List.of("k")),
                () -> c.reset("k"), () -> c.resetAsync("k"), c::flush, c::flushAsync, c::awaitDurable,
                c::awaitDurableAsync);
        for (Runnable call : calls) {
            org.assertj.core.api.Assertions.assertThatThrownBy(call::run)
                    .isInstanceOf(io.headroom.ClosedException.class).hasMessage("counter 'unread' is closed");
        }
        assertThat(c.stats().evictions()).isZero();
        assertThat(c.config().name()).isEqualTo("unread");
    }
}
