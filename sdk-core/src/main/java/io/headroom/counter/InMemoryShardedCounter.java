package io.headroom.counter;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.RemovalCause;
import io.headroom.ClosedException;
import io.headroom.Ticker;
import io.headroom.counter.internal.StripedValue;
import io.headroom.internal.Arguments;
import io.headroom.internal.CounterChecks;
import java.time.Duration;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.LongAdder;

/**
 * The embedded {@link ShardedCounter}: no server, contention-free, bounded memory.
 *
 * <p>Each counter is a {@link StripedValue}: one compare-and-set per increment on a slot of its own while
 * uncontended, spread over padded cells (one per thread, roughly) once threads collide, with exact overflow
 * detection and an atomic take-and-zero for {@link #reset}, which is therefore linearizable. Counters live in a
 * Caffeine map bounded by {@link CounterConfig#maximumCounters()} (least recently used evicted first, counted in
 * {@link CounterStats#evictions()}) and, with a {@link CounterConfig#ttl()}, forgotten that long after their last
 * increment or reset (reads do not extend it). Every accepted increment is immediately durable: {@link #flush()}
 * and {@link #awaitDurable()} return at once, nothing is ever pending. Shards, coalescing, retries and the flush
 * timeout are ignored. After {@link #close()} every call but {@link #config()}, {@link #stats()} and {@code close}
 * throws {@link ClosedException}.
 *
 * <p>Thread-safe; the asynchronous forms complete on the caller's thread before they return.
 */
public final class InMemoryShardedCounter implements ShardedCounter {

    private final CounterConfig config;
    private final Cache<String, StripedValue> counters;
    private final LongAdder evictions = new LongAdder();
    private volatile boolean closed;

    private InMemoryShardedCounter(CounterConfig config, Ticker ticker) {
        this.config = config;
        Caffeine<String, StripedValue> builder = Caffeine.newBuilder()
                .maximumSize(config.maximumCounters())
                .ticker(ticker::read)
                .evictionListener((String id, StripedValue v, RemovalCause cause) -> {
                    if (cause == RemovalCause.SIZE) {
                        evictions.increment();
                    }
                });
        Duration ttl = config.ttl();
        if (ttl != null) {
            // increments and resets go through getIfPresent/get (an access); reads use getIfPresentQuietly,
            // which leaves the expiry alone: a counter lives ttl after its last increment or reset
            builder.expireAfterAccess(ttl);
        }
        this.counters = builder.build();
    }

    /**
     * Creates an in-memory counter.
     *
     * @param config the configuration
     * @param ticker the time source for the TTL
     * @return the counter
     * @throws IllegalArgumentException when an argument is {@code null}
     */
    public static InMemoryShardedCounter create(CounterConfig config, Ticker ticker) {
        return new InMemoryShardedCounter(Arguments.notNull(config, "config"), Arguments.notNull(ticker, "ticker"));
    }

    private void checkOpen() {
        if (closed) {
            throw ClosedException.of("counter", config.name());
        }
    }

    @Override
    public void increment(String counterId, long delta) {
        CounterChecks.id(counterId);
        CounterChecks.delta(delta);
        checkOpen();
        StripedValue value = counters.get(counterId, id -> new StripedValue());
        if (!value.add(delta)) {
            throw new CounterOverflowException(config.name(), counterId, value.sum() + " + " + delta);
        }
    }

    @Override
    public CompletionStage<Void> incrementAsync(String counterId, long delta) {
        CounterChecks.id(counterId);
        CounterChecks.delta(delta);
        checkOpen();
        try {
            increment(counterId, delta);
            return CompletableFuture.completedFuture(null);
        } catch (CounterOverflowException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    @Override
    public long get(String counterId) {
        CounterChecks.id(counterId);
        checkOpen();
        StripedValue value = counters.policy().getIfPresentQuietly(counterId);
        return value == null ? 0 : value.sum();
    }

    @Override
    public CompletionStage<Long> getAsync(String counterId) {
        return CompletableFuture.completedFuture(get(counterId));
    }

    @Override
    public Map<String, Long> getAll(Collection<String> counterIds) {
        CounterChecks.ids(counterIds);
        checkOpen();
        Map<String, Long> values = new LinkedHashMap<>();
        for (String id : counterIds) {
            StripedValue value = counters.policy().getIfPresentQuietly(id);
            values.put(id, value == null ? 0 : value.sum());
        }
        return java.util.Collections.unmodifiableMap(values);
    }

    @Override
    public CompletionStage<Map<String, Long>> getAllAsync(Collection<String> counterIds) {
        return CompletableFuture.completedFuture(getAll(counterIds));
    }

    @Override
    public long reset(String counterId) {
        CounterChecks.id(counterId);
        checkOpen();
        StripedValue value = counters.getIfPresent(counterId); // an access: restarts the TTL
        return value == null ? 0 : value.reset();
    }

    @Override
    public CompletionStage<Long> resetAsync(String counterId) {
        return CompletableFuture.completedFuture(reset(counterId));
    }

    @Override
    public void flush() {
        checkOpen();
    }

    @Override
    public CompletionStage<Void> flushAsync() {
        checkOpen();
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public void awaitDurable() {
        checkOpen();
    }

    @Override
    public CompletionStage<Void> awaitDurableAsync() {
        checkOpen();
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public CounterStats stats() {
        return new CounterStats(0, 0, 0, 0, evictions.sum(), 1);
    }

    @Override
    public CounterConfig config() {
        return config;
    }

    /** Refuses every further call but {@link #config()} and {@link #stats()} with {@link ClosedException}. */
    @Override
    public void close() {
        closed = true;
    }

    /**
     * How many counters are held right now (estimated, as Caffeine counts).
     *
     * @return the estimated number of counters
     */
    public long size() {
        return counters.estimatedSize();
    }

    /** Runs pending evictions and expirations now; for tests and diagnostics. */
    public void cleanUp() {
        counters.cleanUp();
    }

    @Override
    public String toString() {
        return "InMemoryShardedCounter[" + config.name() + ", " + counters.estimatedSize() + " counters]";
    }
}
