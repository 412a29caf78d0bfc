package io.headroom.spi;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.headroom.BackendUnavailableException;
import io.headroom.ClosedException;
import io.headroom.Ticker;
import io.headroom.counter.CounterConfig;
import io.headroom.counter.CounterOverflowException;
import io.headroom.counter.CounterStats;
import io.headroom.counter.ShardedCounter;
import io.headroom.internal.Arguments;
import io.headroom.internal.CounterChecks;
import io.headroom.internal.CounterReset;
import io.headroom.internal.Futures;
import io.headroom.internal.IncrementBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;

/**
 * What every remote {@link ShardedCounter} shares, so a backend (Redis, Firestore) supplies only its primitive
 * operations: the shard a new increment goes to ({@link #shardFor}), the idempotent batch write ({@link #write},
 * the {@link ShardWriter} contract), the read of several counters ({@link #read}), and the two
 * halves of a reset ({@link #resetShards}, {@link #resetShard}).
 *
 * <p>Built here once: argument checks and the closed check of every call ({@link ClosedException} after
 * {@link #close()}); the write path ({@link IncrementBuffer}: exactly-once lanes, coalescing, bounded
 * buffer-and-retry); the blocking forms (through {@link Futures#join}); the translation of read failures to
 * {@link BackendUnavailableException}; flushes and durability waits; the stats; and the reset ({@code CounterReset}:
 * resets of one counter serialized per instance, this instance's earlier increments flushed first, every shard taken
 * with one token per reset and retried until {@link CounterConfig#flushTimeout()}, the exact sum).
 *
 * <p>Not an application API: applications use {@link ShardedCounter}.
 * Thread-safe when the subclass's operations are.
 */
public abstract class BufferedShardedCounter implements ShardedCounter, ObservableBackend {
    // SPI rather than internal: Headroom's public Redis and Firestore counters extend it, so it must be exported
    // (a public class whose supertype lives in a package a module does not export cannot be used on the module
    // path); a third party adds a counter backend the same way. Its protected surface names public types only.

    /** The counter's configuration. */
    protected final CounterConfig config;
    private final String backend;
    private final CircuitBreaker breaker;
    private final ObservableBackend calls;
    private final IncrementBuffer buffer;
    private final CounterReset reset;
    private volatile boolean closed;

    /**
     * Creates the write path (writing through {@link #write}) and the reset.
     *
     * @param config the configuration
     * @param window the coalescing window ({@link Duration#ZERO} for none)
     * @param backend the backend's name for messages and thread names, e.g. {@code "Redis"}
     * @param breaker the circuit breaker the subclass's backend calls run under, for {@link #circuitBreaker()}
     * @param calls where the subclass's backend calls are observed (its guard), for {@link #observeBackendCalls}
     * @param ticker the elapsed-time source of the coalescing window and the reset deadline
     */
    protected BufferedShardedCounter(CounterConfig config, Duration window, String backend, CircuitBreaker breaker,
                                     ObservableBackend calls, Ticker ticker) {
        this.config = Arguments.notNull(config, "config");
        this.backend = Arguments.notNull(backend, "backend");
        this.breaker = Arguments.notNull(breaker, "breaker");
        this.calls = Arguments.notNull(calls, "calls");
        Arguments.notNull(ticker, "ticker");
        this.buffer = new IncrementBuffer(config, window, this::write, ticker);
        this.reset = new CounterReset(config, buffer, ticker, new CounterReset.Shards() {
            @Override
            public CompletableFuture<List<String>> list(String counterId) {
                return resetShards(counterId);
            }

            @Override
            public CompletableFuture<Long> take(String counterId, String shard, long token) {
                return resetShard(counterId, shard, token);
            }
        }, "headroom-counter-reset-" + backend.toLowerCase(java.util.Locale.ROOT) + "-" + config.name(),
                () -> closed);
    }

    // ------------------------------------------------------------------------------------ what a backend supplies

    /**
     * The shard a new increment of {@code counterId} goes to.
     *
     * @param counterId the counter, already checked
     * @return a shard index, {@code >= 0}
     */
    protected abstract int shardFor(String counterId);

    /**
     * Writes one batch to the backend, under the guard; the contract is {@link ShardWriter#write}.
     *
     * @param counterId the counter
     * @param shard the shard index
     * @param seq the write's sequence number
     * @param delta the sum of the batch's increments
     * @return a future completing when applied (or recognised as applied)
     */
    protected abstract CompletableFuture<Void> write(String counterId, int shard, long seq, long delta);

    /**
     * Reads several counters, under the guard: every shard of each, summed exactly.
     *
     * @param counterIds distinct, checked ids, at least one
     * @return a future with an unmodifiable map from every id to its value (0 for unknown ids), failing with
     *     {@link CounterOverflowException} when a sum leaves the {@code long} range or with the backend's failure
     *     (translated here to {@link BackendUnavailableException})
     */
    protected abstract CompletableFuture<Map<String, Long>> read(List<String> counterIds);

    /**
     * The shards a reset of {@code counterId} must take, named as {@link #resetShard} expects them (a Redis key, a
     * Firestore document id). Retried until the reset's deadline when it fails.
     *
     * @param counterId the counter, already checked
     * @return a future with the shards
     */
    protected abstract CompletableFuture<List<String>> resetShards(String counterId);

    /**
     * One attempt to take a shard's value and set it to 0, atomically and idempotently per {@code token}: an
     * attempt with a token this writer already used on this shard answers what that attempt took and takes
     * nothing. Retried with the same token until the reset's deadline when it fails (any failure but
     * {@link CounterOverflowException}).
     *
     * @param counterId the counter
     * @param shard a shard from {@link #resetShards}
     * @param token the reset's token, unique per reset of this instance and growing
     * @return a future with the value taken
     */
    protected abstract CompletableFuture<Long> resetShard(String counterId, String shard, long token);

    /**
     * The shard count reported by {@link #stats()}.
     *
     * @return the number of shards new writes spread over (the largest, when shards grow per counter)
     */
    protected abstract int shardCount();

    // ------------------------------------------------------------------------------------ for the subclass

    /**
     * This instance's writer id, which the backend records next to the last sequence number and reset token it
     * applied per shard.
     *
     * @return 16 lower-case hex digits
     */
    protected final String writerId() {
        return buffer.writerId();
    }

    /**
     * Throws when this counter is closed.
     *
     * @throws ClosedException when closed
     */
    protected final void checkOpen() {
        if (closed) {
            throw ClosedException.of("counter", config.name());
        }
    }

    // ------------------------------------------------------------------------------------ the ShardedCounter

    @Override
    public final void increment(String counterId, long delta) {
        Futures.join(incrementAsync(counterId, delta));
    }

    @Override
    public final CompletionStage<Void> incrementAsync(String counterId, long delta) {
        CounterChecks.id(counterId);
        CounterChecks.delta(delta);
        checkOpen();
        return buffer.submit(counterId, shardFor(counterId), delta);
    }

    @Override
    public final long get(String counterId) {
        return Futures.join(getAsync(counterId));
    }

    @Override
    public final CompletionStage<Long> getAsync(String counterId) {
        CounterChecks.id(counterId);
        checkOpen();
        return guardedRead(List.of(counterId)).thenApply(values -> values.get(counterId));
    }

    @Override
    public final Map<String, Long> getAll(Collection<String> counterIds) {
        return Futures.join(getAllAsync(counterIds));
    }

    @Override
    public final CompletionStage<Map<String, Long>> getAllAsync(Collection<String> counterIds) {
        CounterChecks.ids(counterIds);
        checkOpen();
        List<String> ids = new ArrayList<>(new LinkedHashSet<>(counterIds));
        return ids.isEmpty() ? CompletableFuture.completedFuture(Map.of()) : guardedRead(ids);
    }

    private CompletableFuture<Map<String, Long>> guardedRead(List<String> ids) {
        CompletableFuture<Map<String, Long>> values;
        try {
            values = read(ids);
        } catch (RuntimeException e) {
            values = CompletableFuture.failedFuture(e);
        }
        return values.handle((v, e) -> {
            if (e == null) {
                return v;
            }
            Throwable cause = Futures.unwrap(e);
            if (cause instanceof CounterOverflowException overflow) {
                throw overflow;
            }
            throw new BackendUnavailableException("counter '" + config.name() + "': cannot read "
                    + (ids.size() == 1 ? "\"" + ids.get(0) + "\"" : ids.size() + " counters (first: \"" + ids.get(0)
                    + "\")") + " from " + backend + ": " + cause, cause);
        });
    }

    @Override
    public final long reset(String counterId) {
        return Futures.join(resetAsync(counterId));
    }

    @Override
    public final CompletionStage<Long> resetAsync(String counterId) {
        CounterChecks.id(counterId);
        checkOpen();
        return reset.reset(counterId);
    }

    @Override
    public final void flush() {
        checkOpen();
        buffer.await(buffer.flush(), "flush");
    }

    @Override
    public final CompletionStage<Void> flushAsync() {
        checkOpen();
        return buffer.flush();
    }

    @Override
    public final void awaitDurable() {
        checkOpen();
        buffer.await(buffer.awaitDurable(), "awaitDurable");
    }

    @Override
    public final CompletionStage<Void> awaitDurableAsync() {
        checkOpen();
        return buffer.awaitDurable();
    }

    @Override
    public final CounterStats stats() {
        return new CounterStats(buffer.pending(), buffer.writes(), buffer.retries(), buffer.rejected(), 0,
                shardCount());
    }

    @Override
    public final CounterConfig config() {
        return config;
    }

    /**
     * The circuit breaker around this counter's backend calls, for metrics and state.
     *
     * @return the breaker
     */
    public final CircuitBreaker circuitBreaker() {
        return breaker;
    }

    @Override
    public final void observeBackendCalls(BackendCallObserver observer) {
        calls.observeBackendCalls(observer);
    }

    @Override
    public final void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            buffer.close();
        } finally {
            reset.close();
        }
    }

    /**
     * Wraps a failure for a {@code CompletableFuture} stage that rethrows it.
     *
     * @param e the failure
     * @return {@code e} itself when it already is a {@link CompletionException}, else one wrapping it
     */
    protected static CompletionException rethrow(Throwable e) {
        return e instanceof CompletionException ce ? ce : new CompletionException(e);
    }
}
