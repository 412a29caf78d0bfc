package io.headroom.testkit.firestore;

import io.headroom.Ticker;
import java.time.Duration;

/**
 * The emulator's model of Firestore's per-document write limit (the "hot document" problem): each document
 * sustains {@link #writesPerSecond()} writes per second with a burst of {@link #burst()}; a write above that
 * rate is delayed until the document can take it, and when that delay would exceed {@link #maxWait()} the
 * whole commit fails with gRPC {@code ABORTED} "Too much contention on these documents. Please try again.",
 * as the service answers. Every document written (set, update, delete, transform) by a commit or a
 * {@code BatchWrite} entry counts; a commit touching several documents waits for the slowest.
 *
 * <p>It is a GCRA (virtual scheduling) limiter per document, timed by {@link #ticker()}: with a
 * {@code ManualTicker} and {@code maxWait(Duration.ZERO)} the outcome is exact (writes beyond the burst fail
 * until the ticker advances). A rejected write consumes no capacity.
 *
 * <p>Off by default ({@link #off()}). {@link #ofDefaults()}: 1 write/s per document, burst 5, max wait
 * 500 ms, system ticker. Immutable and thread-safe.
 */
public final class Contention {

    private static final Contention OFF = new Contention(false, 1.0, 5, Duration.ofMillis(500), Ticker.system());

    private final boolean enabled;
    private final double writesPerSecond;
    private final int burst;
    private final Duration maxWait;
    private final Ticker ticker;

    private Contention(boolean enabled, double writesPerSecond, int burst, Duration maxWait, Ticker ticker) {
        this.enabled = enabled;
        this.writesPerSecond = writesPerSecond;
        this.burst = burst;
        this.maxWait = maxWait;
        this.ticker = ticker;
    }

    /**
     * No contention: every write is accepted at once (the emulator's default).
     *
     * @return the disabled model
     */
    public static Contention off() {
        return OFF;
    }

    /**
     * The model enabled with its defaults: 1 write/s per document, burst 5, max wait 500 ms, system ticker.
     *
     * @return the default enabled model
     */
    public static Contention ofDefaults() {
        return builder().build();
    }

    /**
     * A builder starting from {@link #ofDefaults()}.
     *
     * @return a builder; not thread-safe
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Whether the model is on.
     *
     * @return {@code false} for {@link #off()}
     */
    public boolean enabled() {
        return enabled;
    }

    /**
     * The sustained writes per second one document accepts.
     *
     * @return the rate, positive
     */
    public double writesPerSecond() {
        return writesPerSecond;
    }

    /**
     * How many writes a quiet document accepts back to back.
     *
     * @return the burst, at least 1
     */
    public int burst() {
        return burst;
    }

    /**
     * The longest a write is delayed before the commit fails with {@code ABORTED}.
     *
     * @return the maximum wait, zero or positive
     */
    public Duration maxWait() {
        return maxWait;
    }

    /**
     * The time source of the limiter.
     *
     * @return the ticker
     */
    public Ticker ticker() {
        return ticker;
    }

    @Override
    public String toString() {
        return enabled ? "Contention[" + writesPerSecond + " writes/s per document, burst " + burst + ", maxWait "
                + maxWait + "]" : "Contention[off]";
    }

    /** Builds an enabled {@link Contention}; {@link #build()} validates. Not thread-safe. */
    public static final class Builder {
        private double writesPerSecond = 1.0;
        private int burst = 5;
        private Duration maxWait = Duration.ofMillis(500);
        private Ticker ticker = Ticker.system();

        private Builder() {
        }

        /**
         * Sets the sustained writes per second per document, positive and finite. Default 1.
         *
         * @param writesPerSecond the rate
         * @return this builder
         */
        public Builder writesPerSecond(double writesPerSecond) {
            this.writesPerSecond = writesPerSecond;
            return this;
        }

        /**
         * Sets the burst, at least 1. Default 5.
         *
         * @param burst the burst
         * @return this builder
         */
        public Builder burst(int burst) {
            this.burst = burst;
            return this;
        }

        /**
         * Sets how long a write above the rate may wait before it fails, zero (fail at once) or positive, at
         * most 1 minute. Default 500 ms.
         *
         * @param maxWait the maximum wait
         * @return this builder
         */
        public Builder maxWait(Duration maxWait) {
            this.maxWait = maxWait;
            return this;
        }

        /**
         * Sets the time source, e.g. a {@code ManualTicker} for exact tests. Default the system ticker.
         *
         * @param ticker the ticker
         * @return this builder
         */
        public Builder ticker(Ticker ticker) {
            this.ticker = ticker;
            return this;
        }

        /**
         * Validates and returns the model.
         *
         * @return the enabled model
         * @throws IllegalArgumentException when a setting breaks its rule; the message names it
         */
        public Contention build() {
            if (!(writesPerSecond > 0) || Double.isInfinite(writesPerSecond)) {
                throw new IllegalArgumentException("writesPerSecond must be positive and finite, was " + writesPerSecond);
            }
            if (burst < 1) {
                throw new IllegalArgumentException("burst must be at least 1, was " + burst);
            }
            if (maxWait == null || maxWait.isNegative() || maxWait.compareTo(Duration.ofMinutes(1)) > 0) {
                throw new IllegalArgumentException("maxWait must be in [0, 1 min], was " + maxWait);
            }
            if (ticker == null) {
                throw new IllegalArgumentException("ticker must not be null");
            }
            return new Contention(true, writesPerSecond, burst, maxWait, ticker);
        }
    }
}
