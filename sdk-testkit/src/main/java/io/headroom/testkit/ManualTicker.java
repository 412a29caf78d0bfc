package io.headroom.testkit;

import io.headroom.Ticker;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A {@link Ticker} that moves only when a test tells it to, so time-dependent code can be driven exactly.
 *
 * <p>Like every ticker it never goes backwards: {@link #advance(long)} rejects negative amounts and
 * {@link #set(long)} rejects a reading below the current one, both with an {@link IllegalArgumentException}
 * that names the argument. Advancing by zero is allowed.
 *
 * <p>Thread-safe: readings and moves are atomic, and a move is visible to every thread at once.
 */
public final class ManualTicker implements Ticker {

    private final AtomicLong nanos;

    /** Creates a ticker that reads {@code 0} until moved. */
    public ManualTicker() {
        this(0L);
    }

    /**
     * Creates a ticker that reads {@code startNanos} until moved.
     *
     * @param startNanos the first reading, in nanoseconds; any value, also negative
     */
    public ManualTicker(long startNanos) {
        this.nanos = new AtomicLong(startNanos);
    }

    /**
     * Returns the current reading.
     *
     * @return the current reading in nanoseconds
     */
    @Override
    public long read() {
        return nanos.get();
    }

    /**
     * Moves the ticker forward by {@code duration}.
     *
     * @param duration how far to move; zero or positive
     * @return the new reading in nanoseconds
     * @throws IllegalArgumentException if {@code duration} is {@code null} or negative, or does not fit in
     *     a {@code long} of nanoseconds
     * @throws ArithmeticException if the new reading would overflow a {@code long}
     */
    public long advance(Duration duration) {
        if (duration == null) {
            throw new IllegalArgumentException("duration must not be null");
        }
        if (duration.isNegative()) {
            throw new IllegalArgumentException("duration must not be negative (time never goes backwards), was "
                    + duration);
        }
        long amount;
        try {
            amount = duration.toNanos();
        } catch (ArithmeticException e) {
            throw new IllegalArgumentException("duration must fit in a long of nanoseconds, was " + duration, e);
        }
        return advance(amount);
    }

    /**
     * Moves the ticker forward by {@code nanos} nanoseconds.
     *
     * @param nanos how far to move, in nanoseconds; zero or positive
     * @return the new reading in nanoseconds
     * @throws IllegalArgumentException if {@code nanos} is negative
     * @throws ArithmeticException if the new reading would overflow a {@code long}
     */
    public long advance(long nanos) {
        if (nanos < 0) {
            throw new IllegalArgumentException("nanos must not be negative (time never goes backwards), was "
                    + nanos);
        }
        return this.nanos.updateAndGet(current -> Math.addExact(current, nanos));
    }

    /**
     * Sets the reading to {@code nanos}, which must not be below the current reading.
     *
     * @param nanos the new reading, in nanoseconds; at least the current reading
     * @throws IllegalArgumentException if {@code nanos} is below the current reading
     */
    public void set(long nanos) {
        long previous = this.nanos.getAndAccumulate(nanos, Math::max);
        if (nanos < previous) {
            throw new IllegalArgumentException("nanos must not be below the current reading " + previous
                    + " (time never goes backwards), was " + nanos);
        }
    }

    /**
     * Describes this ticker and its current reading.
     *
     * @return a description for test output
     */
    @Override
    public String toString() {
        return "ManualTicker[" + nanos.get() + " ns]";
    }
}
