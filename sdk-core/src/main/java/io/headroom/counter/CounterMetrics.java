package io.headroom.counter;

import io.headroom.internal.Arguments;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.function.ToDoubleFunction;

/**
 * Micrometer meters for any {@link ShardedCounter}; usable only when Micrometer is on the class path (an optional
 * dependency of sdk-core; nothing else in Headroom loads this class).
 *
 * <p>Meters, tagged {@code counter=<config name>}, all read from {@link ShardedCounter#stats()}: gauges
 * {@code headroom.counter.pending} (accepted increments not yet durable) and {@code headroom.counter.shards};
 * function counters {@code headroom.counter.writes}, {@code headroom.counter.retries},
 * {@code headroom.counter.rejected} and {@code headroom.counter.evictions}.
 */
public final class CounterMetrics {

    private CounterMetrics() {
    }

    /**
     * Registers the meters of {@code counter} in {@code registry}. The meters hold a strong reference to the
     * counter.
     *
     * @param counter the counter to observe
     * @param registry where the meters go
     * @throws IllegalArgumentException when an argument is {@code null}
     */
    public static void bind(ShardedCounter counter, MeterRegistry registry) {
        Arguments.notNull(counter, "counter");
        Arguments.notNull(registry, "registry");
        String name = counter.config().name();
        Gauge.builder("headroom.counter.pending", counter, c -> c.stats().pendingIncrements()).tag("counter", name)
                .description("accepted increments not yet durable").strongReference(true).register(registry);
        Gauge.builder("headroom.counter.shards", counter, c -> c.stats().shards()).tag("counter", name)
                .description("shards new writes spread over").strongReference(true).register(registry);
        function(registry, counter, name, "headroom.counter.writes", "backend writes that succeeded",
                c -> c.stats().writes());
        function(registry, counter, name, "headroom.counter.retries", "backend writes retried",
                c -> c.stats().retries());
        function(registry, counter, name, "headroom.counter.rejected",
                "accepted increments the backend refused later", c -> c.stats().rejected());
        function(registry, counter, name, "headroom.counter.evictions", "counters evicted from memory",
                c -> c.stats().evictions());
    }

    private static void function(MeterRegistry registry, ShardedCounter counter, String name, String meter,
                                 String description, ToDoubleFunction<ShardedCounter> f) {
        FunctionCounter.builder(meter, counter, f).tag("counter", name).description(description).register(registry);
    }
}
