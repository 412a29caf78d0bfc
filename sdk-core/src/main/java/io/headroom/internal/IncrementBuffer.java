package io.headroom.internal;

import io.github.resilience4j.core.IntervalFunction;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;
import io.headroom.BackendUnavailableException;
import io.headroom.ClosedException;
import io.headroom.Ticker;
import io.headroom.counter.CounterBufferFullException;
import io.headroom.counter.CounterConfig;
import io.headroom.counter.CounterOverflowException;
import io.headroom.spi.ShardWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The write path every remote {@code ShardedCounter} shares: it turns accepted increments into exactly-once shard
 * writes, with coalescing, bounded buffering, retries and durability tracking. Backends supply only the write
 * ({@link ShardWriter}, the SPI).
 *
 * <h2>Lanes and idempotency</h2>
 * Writes are grouped in <em>lanes</em>, one per (counter id, shard) with work outstanding. A lane has at most one
 * write in flight; increments arriving meanwhile are summed into the lane's next batch (group commit), which is
 * written when the in-flight one is settled. Each write carries this instance's {@link #writerId()} and a sequence
 * number drawn from one per-instance counter, so the sequence numbers of one lane only grow. A backend applies a
 * write only if its sequence number is above the last one it recorded for this writer on that shard, and records it
 * in the same atomic step. A retried write keeps its sequence number and delta, so a retry of a write that was
 * applied (its reply lost or late) is recognised and skipped: no increment is counted twice. Because a lane never
 * has two writes in flight, no later write can overtake an unconfirmed one: no increment is skipped either.
 *
 * <h2>Accepted, durable, bounded</h2>
 * {@link #submit} counts the increment as pending (refusing it with {@link CounterBufferFullException} past
 * {@link CounterConfig#maxPendingIncrements()}) and returns a future that completes when it is <em>accepted</em>:
 * with a coalescing window, at once; otherwise when its write succeeded, or failed once (it is then buffered and
 * retried) or the lane was already failing. Each batch's <em>durable</em> future completes when its write succeeded.
 * Failed writes are retried by Resilience4j with jittered exponential backoff until they succeed; only a
 * {@link CounterOverflowException} from the backend ends a batch without applying it.
 *
 * <h2>Time</h2>
 * The coalescing window is measured on the injected {@link Ticker}; the scheduler that wakes a waiting lane uses
 * the delay the ticker computed, and a woken lane starts its batch whatever the ticker reads (so a manual ticker
 * that never advances delays nothing beyond one window of real time).
 *
 * <p>Thread-safe. Lanes are changed only inside {@link ConcurrentHashMap#compute}; futures are completed outside
 * it, so callbacks may submit again.
 */
public final class IncrementBuffer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger("io.headroom.counter");

    private record LaneKey(String id, int shard) {
    }

    /** Increments summed into one write. Fields other than the futures are guarded by the lane's map bin. */
    private static final class Batch {
        long delta;
        int count;
        long seq;
        final CompletableFuture<Void> accepted = new CompletableFuture<>();
        final CompletableFuture<Void> durable = new CompletableFuture<>();
    }

    /** One (counter, shard) with work outstanding; mutated only inside {@code lanes.compute}. */
    private static final class Lane {
        @Nullable Batch inFlight;
        @Nullable Batch next;
        boolean degraded;
        boolean forced;
        boolean kickScheduled;
        boolean started;
        long lastStartNanos;
    }

    private final String name;
    private final CounterConfig config;
    private final long windowNanos;
    private final ShardWriter writer;
    private final Ticker ticker;
    private final String writerId;
    private final AtomicLong sequence = new AtomicLong();
    private final ConcurrentHashMap<LaneKey, Lane> lanes = new ConcurrentHashMap<>();
    private final AtomicLong pending = new AtomicLong();
    private final LongAdder writes = new LongAdder();
    private final LongAdder retries = new LongAdder();
    private final LongAdder rejected = new LongAdder();
    private final Retry retry;
    private final ScheduledExecutorService scheduler;
    private volatile boolean closed;
    private volatile boolean abandoned;

    /**
     * Creates a buffer.
     *
     * @param config the counter's configuration (bound, backoff, flush timeout, name)
     * @param window the coalescing window in effect; {@link Duration#ZERO} writes as soon as a lane is free
     * @param writer applies batches
     * @param ticker the elapsed-time source of the coalescing window
     */
    public IncrementBuffer(CounterConfig config, Duration window, ShardWriter writer, Ticker ticker) {
        this.config = Arguments.notNull(config, "config");
        this.name = config.name();
        this.windowNanos = Arguments.notNull(window, "window").toNanos();
        this.writer = Arguments.notNull(writer, "writer");
        this.ticker = Arguments.notNull(ticker, "ticker");
        // 16 hex digits: unique per instance with overwhelming probability; names this instance's sequence
        this.writerId = String.format("%016x", ThreadLocalRandom.current().nextLong());
        this.retry = Retry.of("headroom-counter-" + name, RetryConfig.custom()
                .maxAttempts(Integer.MAX_VALUE)
                .intervalFunction(IntervalFunction.ofExponentialRandomBackoff(config.retryInitialBackoff(), 2.0, 0.5,
                        config.retryMaxBackoff()))
                .retryOnException(e -> !abandoned && !(Futures.unwrap(e) instanceof CounterOverflowException))
                .failAfterMaxAttempts(false)
                .build());
        retry.getEventPublisher().onRetry(e -> retries.increment());
        this.scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "headroom-counter-" + name + "-" + writerId);
            t.setDaemon(true);
            return t;
        });
    }

    /**
     * This instance's writer id, recorded by backends next to the last sequence number applied per shard.
     *
     * @return 16 lower-case hex digits
     */
    public String writerId() {
        return writerId;
    }

    /**
     * Accepts an increment into the lane of {@code (counterId, shard)}.
     *
     * @param counterId the counter (already checked)
     * @param shard the shard to write to
     * @param delta the amount (already checked)
     * @return a future completing when the increment is accepted, or exceptionally with
     *     {@link CounterBufferFullException} or {@link CounterOverflowException} when refused
     * @throws ClosedException when closed
     */
    public CompletableFuture<Void> submit(String counterId, int shard, long delta) {
        if (closed) {
            throw ClosedException.of("counter", name);
        }
        long now = pending.incrementAndGet();
        if (now > config.maxPendingIncrements()) {
            pending.decrementAndGet();
            return CompletableFuture.failedFuture(new CounterBufferFullException(name, counterId, now - 1));
        }
        LaneKey key = new LaneKey(counterId, shard);
        Batch[] joined = new Batch[1];
        Batch[] start = new Batch[1];
        boolean[] acceptNow = new boolean[1];
        boolean[] schedule = new boolean[1];
        long[] lastStart = new long[1];
        long nanos = ticker.read(); // coalescing window only
        try {
            lanes.compute(key, (k, lane) -> {
                Lane l = lane == null ? new Lane() : lane;
                Batch b = l.next;
                long sum = Math.addExact(b == null ? 0 : b.delta, delta);
                if (b == null) {
                    b = new Batch();
                    l.next = b;
                }
                b.delta = sum;
                b.count++;
                joined[0] = b;
                acceptNow[0] = windowNanos > 0 || l.degraded;
                if (l.inFlight == null) {
                    if (windowNanos == 0 || l.forced || !l.started || nanos - l.lastStartNanos >= windowNanos) {
                        start[0] = startNext(l, nanos);
                    } else if (!l.kickScheduled) {
                        l.kickScheduled = true;
                        schedule[0] = true;
                        lastStart[0] = l.lastStartNanos;
                    }
                }
                return l;
            });
        } catch (ArithmeticException overflow) {
            pending.decrementAndGet();
            return CompletableFuture.failedFuture(new CounterOverflowException(name, counterId,
                    "pending " + delta + " on top of pending increments of this instance"));
        }
        if (schedule[0]) {
            scheduleKick(key, lastStart[0]);
        }
        if (start[0] != null) {
            send(key, start[0]);
        }
        return acceptNow[0] ? CompletableFuture.completedFuture(null) : joined[0].accepted.copy();
    }

    private Batch startNext(Lane l, long nanos) {
        Batch b = l.next;
        l.next = null;
        l.inFlight = b;
        l.forced = false;
        l.lastStartNanos = nanos;
        l.started = true;
        b.seq = sequence.incrementAndGet();
        return b;
    }

    private void scheduleKick(LaneKey key, long lastStartNanos) {
        long delay = Math.max(0, lastStartNanos + windowNanos - ticker.read());
        try {
            scheduler.schedule(() -> kick(key), delay, TimeUnit.NANOSECONDS);
        } catch (RuntimeException rejectedWhileClosing) {
            kick(key);
        }
    }

    /** Starts a lane's next batch if nothing is in flight (the window has passed, or a flush asked for it). */
    private void kick(LaneKey key) {
        Batch[] start = new Batch[1];
        long nanos = ticker.read();
        lanes.computeIfPresent(key, (k, l) -> {
            l.kickScheduled = false;
            if (l.inFlight == null && l.next != null) {
                start[0] = startNext(l, nanos);
            } else if (l.inFlight == null) {
                return null; // idle for a whole window: forget the lane
            }
            return l;
        });
        if (start[0] != null) {
            send(key, start[0]);
        }
    }

    private void send(LaneKey key, Batch batch) {
        // the first attempt goes out directly (the hot path: no retry machinery); only a failed one enters the
        // Resilience4j retry loop, after the initial backoff
        attempt(key, batch).whenComplete((r, e) -> {
            Throwable error = e == null ? null : Futures.unwrap(e);
            if (error == null || error instanceof CounterOverflowException || abandoned) {
                settled(key, batch, error);
                return;
            }
            onFirstFailure(key, batch, error);
            retries.increment();
            try {
                scheduler.schedule(() -> retry.executeCompletionStage(scheduler, () -> attempt(key, batch))
                                .whenComplete((r2, e2) -> settled(key, batch, e2 == null ? null : Futures.unwrap(e2))),
                        config.retryInitialBackoff().toNanos(), TimeUnit.NANOSECONDS);
            } catch (RuntimeException closing) {
                settled(key, batch, closing);
            }
        });
    }

    private CompletableFuture<Void> attempt(LaneKey key, Batch batch) {
        try {
            return writer.write(key.id(), key.shard(), batch.seq, batch.delta).toCompletableFuture();
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    /** The batch's outcome is unknown and it will be retried: it and everything behind it count as accepted. */
    private void onFirstFailure(LaneKey key, Batch batch, Throwable error) {
        Batch[] behind = new Batch[1];
        lanes.computeIfPresent(key, (k, l) -> {
            l.degraded = true;
            behind[0] = l.next;
            return l;
        });
        LOG.debug("counter '{}': write of {} to shard {} failed, retrying: {}", name, key.id(), key.shard(),
                error.toString());
        batch.accepted.complete(null);
        if (behind[0] != null) {
            behind[0].accepted.complete(null);
        }
    }

    private void settled(LaneKey key, Batch batch, @Nullable Throwable error) {
        pending.addAndGet(-batch.count);
        if (error == null) {
            writes.increment();
            batch.accepted.complete(null);
            batch.durable.complete(null);
        } else {
            if (batch.accepted.isDone() && !batch.accepted.isCompletedExceptionally()) {
                rejected.add(batch.count);
                LOG.error("counter '{}': {} accepted increments of {} (sum {}) were not applied: {}", name,
                        batch.count, key.id(), batch.delta, error.toString());
            }
            batch.accepted.completeExceptionally(error);
            batch.durable.completeExceptionally(error);
        }
        Batch[] start = new Batch[1];
        boolean[] schedule = new boolean[1];
        long[] lastStart = new long[1];
        long nanos = ticker.read();
        lanes.computeIfPresent(key, (k, l) -> {
            l.inFlight = null;
            lastStart[0] = l.lastStartNanos;
            l.degraded = error != null && !(error instanceof CounterOverflowException) && l.degraded;
            if (l.next == null) {
                if (windowNanos == 0 || abandoned) {
                    return null; // idle: forget the lane
                }
                // keep the lane until its window has passed, so the next write still waits for it
                if (!l.kickScheduled) {
                    l.kickScheduled = true;
                    schedule[0] = true;
                }
                return l;
            }
            if (windowNanos == 0 || l.forced || !l.started || nanos - l.lastStartNanos >= windowNanos || abandoned) {
                start[0] = startNext(l, nanos);
            } else if (!l.kickScheduled) {
                l.kickScheduled = true;
                schedule[0] = true;
            }
            return l;
        });
        if (schedule[0]) {
            scheduleKick(key, lastStart[0]);
        }
        if (start[0] != null) {
            send(key, start[0]);
        }
    }

    /**
     * Starts every waiting batch now, ignoring the coalescing window, and returns a future completing when every
     * increment accepted before the call is durable.
     *
     * @return the future; exceptional when one of them was refused
     */
    public CompletableFuture<Void> flush() {
        return durable(null, true);
    }

    /**
     * As {@link #flush()}, for the lanes of one counter only.
     *
     * @param counterId the counter
     * @return the future
     */
    public CompletableFuture<Void> flush(String counterId) {
        return durable(counterId, true);
    }

    /**
     * Returns a future completing when every increment accepted before the call is durable, without forcing
     * early writes.
     *
     * @return the future; exceptional when one of them was refused
     */
    public CompletableFuture<Void> awaitDurable() {
        return durable(null, false);
    }

    private CompletableFuture<Void> durable(@Nullable String counterId, boolean force) {
        List<CompletableFuture<Void>> waits = new ArrayList<>();
        for (LaneKey key : lanes.keySet()) {
            if (counterId != null && !counterId.equals(key.id())) {
                continue;
            }
            Batch[] start = new Batch[1];
            long nanos = ticker.read();
            lanes.computeIfPresent(key, (k, l) -> {
                // a batch the backend refused (overflow) was never accepted, so a flush does not report it; its
                // lane may still show it in flight for a moment after the refusal reached the caller
                if (l.inFlight != null && !l.inFlight.accepted.isCompletedExceptionally()) {
                    waits.add(l.inFlight.durable);
                }
                if (l.next != null) {
                    waits.add(l.next.durable);
                    if (force) {
                        l.forced = true;
                        if (l.inFlight == null) {
                            start[0] = startNext(l, nanos);
                        }
                    }
                }
                return l;
            });
            if (start[0] != null) {
                send(key, start[0]);
            }
        }
        return CompletableFuture.allOf(waits.toArray(CompletableFuture[]::new));
    }

    /**
     * Waits for a durability future at most the flush timeout, translating the outcome for blocking callers.
     *
     * @param durable the future from {@link #flush()} or {@link #awaitDurable()}
     * @param what what is waited for, for the message
     * @throws BackendUnavailableException when it does not complete in time
     * @throws CounterOverflowException when an increment was refused
     */
    public void await(CompletableFuture<Void> durable, String what) {
        try {
            durable.get(config.flushTimeout().toNanos(), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            throw new BackendUnavailableException("counter '" + name + "': " + what + " not durable within "
                    + config.flushTimeout() + "; " + pending.get() + " increments stay buffered and are retried", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BackendUnavailableException("counter '" + name + "': interrupted waiting for " + what,
                    e);
        } catch (ExecutionException e) {
            Throwable cause = Futures.unwrap(e.getCause());
            if (cause instanceof RuntimeException re) {
                throw re;
            }
            throw new BackendUnavailableException("counter '" + name + "': " + what + " failed", cause);
        }
    }

    /**
     * How many accepted increments are not yet durable.
     *
     * @return the pending count
     */
    public long pending() {
        return pending.get();
    }

    /**
     * How many writes succeeded.
     *
     * @return the count
     */
    public long writes() {
        return writes.sum();
    }

    /**
     * How many writes were retried.
     *
     * @return the count
     */
    public long retries() {
        return retries.sum();
    }

    /**
     * How many accepted increments the backend refused later (overflow found by a coalesced or retried write).
     *
     * @return the count
     */
    public long rejected() {
        return rejected.sum();
    }

    /**
     * Refuses new increments, flushes, and stops. Increments that are not durable within the flush timeout are
     * abandoned and reported in the exception.
     *
     * @throws BackendUnavailableException naming how many increments were dropped
     */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            await(flush(), "buffered increments at close");
        } catch (BackendUnavailableException e) {
            long dropped = pending.get();
            abandoned = true;
            scheduler.shutdownNow();
            throw new BackendUnavailableException("counter '" + name + "' closed with " + dropped
                    + " accepted increments not durable; they were dropped", e);
        } catch (RuntimeException e) {
            LOG.warn("counter '{}': flush at close reported: {}", name, e.toString());
        }
        scheduler.shutdown();
    }

    @Override
    public String toString() {
        return "IncrementBuffer[" + name + ", writer " + writerId + ", " + pending.get() + " pending, "
                + lanes.size() + " lanes]";
    }
}
