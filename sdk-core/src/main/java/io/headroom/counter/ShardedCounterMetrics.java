package io.headroom.counter;

import io.headroom.internal.Arguments;
import io.headroom.internal.BackendTimers;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.function.ToDoubleFunction;

/**
 * Micrometer meters for any {@link ShardedCounter}; usable only when Micrometer is on the class path (an optional
 * dependency of sdk-core; nothing else in Headroom loads this class).
 *
 * <p>Meters, tagged {@code counter=<config name>}. Read from {@link ShardedCounter#stats()} when scraped (the hot
 * path pays nothing): gauges {@code headroom.counter.pending} (accepted increments not yet durable) and
 * {@code headroom.counter.shards}; function counters {@code headroom.counter.writes},
 * {@code headroom.counter.retries}, {@code headroom.counter.rejected} and {@code headroom.counter.evictions}.
 * For a remote counter (Redis, Firestore), also the timer {@code headroom.counter.backend.calls} tagged
 * {@code result=success|failure}: the latency of every backend call (writes, reads, resets) the counter makes from
 * now on. Stateless and thread-safe.
 */
public final class ShardedCounterMetrics {

    private ShardedCounterMetrics() {
    }

    /**
     * Registers the meters of {@code counter} in {@code registry}, and the backend-call timer when the counter
     * calls a remote backend. The meters hold a strong reference to the counter. Bind a counter once: a second
     * bind replaces the backend-call observer of the first.
     *
     * @param counter the counter to observe
     * @param registry where the meters go
     * @param <C> the counter type
     * @return {@code counter} itself, for chaining (its stats already are the figures, so no view is needed)
     * @throws IllegalArgumentException when an argument is {@code null}
     */
    public static <C extends ShardedCounter> C bind(C counter, MeterRegistry registry) {
        Arguments.notNull(counter, "counter");
        Arguments.notNull(registry, "registry");
        String name = counter.config().name();
        ShardedCounter observed = counter;
        Gauge.builder("headroom.counter.pending", observed, c -> c.stats().pendingIncrements()).tag("counter", name)
                .description("accepted increments not yet durable").strongReference(true).register(registry);
        Gauge.builder("headroom.counter.shards", observed, c -> c.stats().shards()).tag("counter", name)
                .description("shards new writes spread over").strongReference(true).register(registry);
        function(registry, observed, name, "headroom.counter.writes", "backend writes that succeeded",
                c -> c.stats().writes());
        function(registry, observed, name, "headroom.counter.retries", "backend writes retried",
                c -> c.stats().retries());
        function(registry, observed, name, "headroom.counter.rejected",
                "accepted increments the backend refused later", c -> c.stats().rejected());
        function(registry, observed, name, "headroom.counter.evictions", "counters evicted from memory",
                c -> c.stats().evictions());
        BackendTimers.bind(counter, registry, "counter", "counter", name);
        return counter;
    }

    private static void function(MeterRegistry registry, ShardedCounter counter, String name, String meter,
                                 String description, ToDoubleFunction<ShardedCounter> f) {
        FunctionCounter.builder(meter, counter, f).tag("counter", name).description(description).register(registry);
    }
}
