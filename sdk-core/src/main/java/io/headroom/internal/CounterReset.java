package io.headroom.internal;

import io.github.resilience4j.core.IntervalFunction;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;
import io.headroom.BackendUnavailableException;
import io.headroom.Ticker;
import io.headroom.counter.CounterConfig;
import io.headroom.counter.CounterOverflowException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * The reset of a remote sharded counter, built once for every backend (see
 * {@link io.headroom.counter.ShardedCounter#reset} for what it promises). A backend supplies the two primitive
 * operations ({@link Shards}); this class does the rest:
 * <ol>
 *   <li>resets of one counter by this instance run one after another, so the reset token a backend keeps per writer
 *       always belongs to the reset that may be retried;</li>
 *   <li>this instance's increments of the counter accepted before the reset are flushed first (within
 *       {@link CounterConfig#flushTimeout()}; if they are not durable by then the reset is not done and fails with
 *       {@link BackendUnavailableException});</li>
 *   <li>the shards are listed, then each is taken with the reset's token; a failed list or take is retried
 *       (Resilience4j, the counter's backoff, one {@link Retry} per counter) until the reset's deadline
 *       ({@link CounterConfig#flushTimeout()} after it started, by the injected {@link Ticker}); past it the reset
 *       fails with {@link BackendUnavailableException} ("may or may not have happened");</li>
 *   <li>the values taken are summed exactly ({@link CounterOverflowException} past the {@code long} range).</li>
 * </ol>
 *
 * <p>Thread-safe.
 */
public final class CounterReset {

    /** The primitive operations of a backend's reset; see {@link io.headroom.spi.BufferedShardedCounter#resetShards}. */
    public interface Shards {
        /**
         * Lists the shards to take.
         *
         * @param counterId the counter
         * @return a future with the shards' names
         */
        CompletableFuture<List<String>> list(String counterId);

        /**
         * One attempt to take a shard, idempotent per token.
         *
         * @param counterId the counter
         * @param shard the shard's name
         * @param token the reset's token
         * @return a future with the value taken
         */
        CompletableFuture<Long> take(String counterId, String shard, long token);
    }

    /** A failure on or after the deadline: ends the retries, carrying the last failure. */
    private static final class LastAttempt extends RuntimeException {
        private static final long serialVersionUID = 1L;

        LastAttempt(Throwable cause) {
            super(cause.toString(), cause, false, false);
        }
    }

    private final CounterConfig config;
    private final IncrementBuffer buffer;
    private final Ticker ticker;
    private final Shards shards;
    private final BooleanSupplier closed;
    private final Retry retry;
    private final ScheduledExecutorService scheduler;
    private final AtomicLong tokens = new AtomicLong();
    private final ConcurrentHashMap<String, CompletableFuture<Long>> chains = new ConcurrentHashMap<>();

    /**
     * Creates the reset of one counter.
     *
     * @param config the counter's configuration (its flush timeout is each reset's deadline)
     * @param buffer the counter's write buffer, flushed before a reset takes the shards
     * @param ticker the elapsed-time source of the deadline
     * @param shards the backend's primitive operations
     * @param threadName the name of the retry scheduler's thread
     * @param closed tells whether the counter was closed
     */
    public CounterReset(CounterConfig config, IncrementBuffer buffer, Ticker ticker, Shards shards, String threadName,
                        BooleanSupplier closed) {
        this.config = config;
        this.buffer = buffer;
        this.ticker = ticker;
        this.shards = shards;
        this.closed = closed;
        // one retry for every reset of this counter: the deadline of each reset is enforced by its attempts, which
        // fail with LastAttempt (not retried) once it has passed
        this.retry = Retry.of("headroom-counter-reset-" + config.name(), RetryConfig.custom()
                .maxAttempts(Integer.MAX_VALUE)
                .intervalFunction(IntervalFunction.ofExponentialRandomBackoff(config.retryInitialBackoff(), 2.0, 0.5,
                        config.retryMaxBackoff()))
                .retryOnException(e -> {
                    Throwable cause = Futures.unwrap(e);
                    return !(cause instanceof LastAttempt) && !(cause instanceof CounterOverflowException);
                })
                .failAfterMaxAttempts(false)
                .build());
        this.scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, threadName);
            t.setDaemon(true);
            return t;
        });
    }

    /**
     * Resets a counter (arguments and the closed state already checked).
     *
     * @param counterId the counter
     * @return a future with the value removed
     */
    public CompletableFuture<Long> reset(String counterId) {
        CompletableFuture<Long> result = new CompletableFuture<>();
        CompletableFuture<Long> previous = chains.put(counterId, result);
        CompletableFuture<?> before = previous == null ? CompletableFuture.completedFuture(null)
                : previous.handle((r, e) -> null);
        before.thenCompose(x -> run(counterId)).whenComplete((r, e) -> {
            chains.remove(counterId, result);
            if (e == null) {
                result.complete(r);
            } else {
                result.completeExceptionally(Futures.unwrap(e));
            }
        });
        return result.copy();
    }

    private CompletableFuture<Long> run(String counterId) {
        long deadline = ticker.read() + config.flushTimeout().toNanos();
        long token = tokens.incrementAndGet();
        // increments this instance accepted before the reset are cleared by it: make them durable first
        return Futures.orTimeout(buffer.flush(counterId), config.flushTimeout())
                .handle((flushed, e) -> {
                    if (e != null) {
                        throw new CompletionException(new BackendUnavailableException("counter '" + config.name()
                                + "': increments of \"" + counterId + "\" accepted before the reset are not durable; "
                                + "reset not done", Futures.unwrap(e)));
                    }
                    return flushed;
                })
                .thenCompose(flushed -> retrying(counterId, deadline, () -> shards.list(counterId)))
                .thenCompose(names -> {
                    List<CompletableFuture<Long>> parts = new ArrayList<>(names.size());
                    for (String shard : names) {
                        parts.add(retrying(counterId, deadline, () -> shards.take(counterId, shard, token)));
                    }
                    return CompletableFuture.allOf(parts.toArray(CompletableFuture[]::new)).thenApply(done -> {
                        long sum = 0;
                        for (CompletableFuture<Long> p : parts) {
                            try {
                                sum = Math.addExact(sum, p.join());
                            } catch (ArithmeticException overflow) {
                                throw new CounterOverflowException(config.name(), counterId, "sum of shards reset");
                            }
                        }
                        return sum;
                    });
                });
    }

    /** Runs {@code call} until it succeeds or the deadline passes; fails with the translated last failure. */
    private <T> CompletableFuture<T> retrying(String counterId, long deadline, Supplier<CompletableFuture<T>> call) {
        return retry.executeCompletionStage(scheduler, () -> attempt(deadline, call)).toCompletableFuture()
                .handle((v, e) -> {
                    if (e == null) {
                        return v;
                    }
                    Throwable cause = Futures.unwrap(e);
                    if (cause instanceof CounterOverflowException) {
                        throw new CompletionException(cause);
                    }
                    Throwable last = cause instanceof LastAttempt && cause.getCause() != null ? cause.getCause()
                            : cause;
                    throw new CompletionException(new BackendUnavailableException("counter '" + config.name()
                            + "': reset of \"" + counterId + "\" not confirmed within " + config.flushTimeout()
                            + "; it may or may not have happened (last failure: " + last + ")", last));
                });
    }

    private <T> CompletionStage<T> attempt(long deadline, Supplier<CompletableFuture<T>> call) {
        CompletableFuture<T> f;
        try {
            f = call.get();
        } catch (RuntimeException e) {
            f = CompletableFuture.failedFuture(e);
        }
        return f.handle((v, e) -> {
            if (e == null) {
                return v;
            }
            Throwable cause = Futures.unwrap(e);
            if (ticker.read() - deadline >= 0 || closed.getAsBoolean()) {
                throw new LastAttempt(cause);
            }
            throw new CompletionException(cause);
        });
    }

    /** Stops the retry scheduler; resets still retrying end with their last failure. */
    public void close() {
        scheduler.shutdown();
    }
}
