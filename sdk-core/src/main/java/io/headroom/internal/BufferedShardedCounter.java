package io.headroom.internal;

import io.headroom.counter.CounterConfig;
import io.headroom.counter.ShardedCounter;
import java.time.Duration;
import java.util.Collection;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

/**
 * What every remote {@link ShardedCounter} shares: increments go through one {@link IncrementBuffer} (exactly-once
 * lanes, coalescing, bounded buffer-and-retry) whose writes the backend supplies as
 * {@link #write(String, int, long, long)}; the blocking forms join the asynchronous ones and rethrow their cause;
 * flushes and durability waits delegate to the buffer; {@link #close()} flushes and stops the retry scheduler.
 * Backends (Redis, Firestore) implement the reads, the resets and the write; this class is for Headroom's own
 * modules, not an application API.
 *
 * <p>Thread-safe when the subclass's operations are.
 */
public abstract class BufferedShardedCounter implements ShardedCounter {

    /** The counter's configuration. */
    protected final CounterConfig config;
    /** The write path of every increment. */
    protected final IncrementBuffer buffer;
    /** A daemon scheduler for retries the subclass runs itself (e.g. resets); shut down by {@link #close()}. */
    protected final ScheduledExecutorService retryScheduler;
    private volatile boolean closed;

    /**
     * Creates the buffer (writing through {@link #write}) and the retry scheduler.
     *
     * @param config the configuration
     * @param window the coalescing window ({@link Duration#ZERO} for none)
     * @param schedulerThreadName the name of the retry scheduler's thread
     */
    protected BufferedShardedCounter(CounterConfig config, Duration window, String schedulerThreadName) {
        this.config = Arguments.notNull(config, "config");
        this.buffer = new IncrementBuffer(config, window, this::write);
        this.retryScheduler = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, schedulerThreadName);
            t.setDaemon(true);
            return t;
        });
    }

    /**
     * Writes one batch to the backend; the contract is {@link IncrementBuffer.ShardWriter#write}.
     *
     * @param counterId the counter
     * @param shard the shard index
     * @param seq the write's sequence number
     * @param delta the sum of the batch's increments
     * @return a future completing when applied (or recognised as applied)
     */
    protected abstract CompletableFuture<Void> write(String counterId, int shard, long seq, long delta);

    /**
     * Throws when this counter is closed.
     *
     * @throws IllegalStateException when closed
     */
    protected final void checkOpen() {
        if (closed) {
            throw new IllegalStateException("counter '" + config.name() + "' is closed");
        }
    }

    @Override
    public final void increment(String counterId, long delta) {
        Futures.join(incrementAsync(counterId, delta));
    }

    @Override
    public final long get(String counterId) {
        return Futures.join(getAsync(counterId));
    }

    @Override
    public final Map<String, Long> getAll(Collection<String> counterIds) {
        return Futures.join(getAllAsync(counterIds));
    }

    @Override
    public final long reset(String counterId) {
        return Futures.join(resetAsync(counterId));
    }

    @Override
    public final void flush() {
        buffer.await(buffer.flush(), "flush");
    }

    @Override
    public final CompletionStage<Void> flushAsync() {
        return buffer.flush();
    }

    @Override
    public final void awaitDurable() {
        buffer.await(buffer.awaitDurable(), "awaitDurable");
    }

    @Override
    public final CompletionStage<Void> awaitDurableAsync() {
        return buffer.awaitDurable();
    }

    @Override
    public final CounterConfig config() {
        return config;
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            buffer.close();
        } finally {
            retryScheduler.shutdown();
        }
    }

}
