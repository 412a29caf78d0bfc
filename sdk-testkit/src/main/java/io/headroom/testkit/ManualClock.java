package io.headroom.testkit;

import io.headroom.Ticker;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/**
 * A wall {@link Clock} that moves only when a test tells it to, and the same time as a {@link Ticker} reading
 * nanoseconds since the epoch (what a Redis primitive's test clock, {@code RedisOptions.clock(...)}, expects), so
 * one object drives an in-memory primitive and a Redis one alike. Never goes backwards. Thread-safe.
 */
public final class ManualClock extends Clock implements Ticker {

    private final ManualTicker nanos;

    /**
     * Creates a clock reading {@code start} until moved.
     *
     * @param start the first reading
     * @throws IllegalArgumentException if {@code start} is {@code null} or before the epoch
     */
    public ManualClock(Instant start) {
        if (start == null || start.isBefore(Instant.EPOCH)) {
            throw new IllegalArgumentException("start must be a non-null instant after the epoch, was " + start);
        }
        this.nanos = new ManualTicker(start.getEpochSecond() * 1_000_000_000L + start.getNano());
    }

    /**
     * Moves the clock forward.
     *
     * @param duration how far; zero or positive
     * @return the new time
     * @throws IllegalArgumentException if {@code duration} is {@code null} or negative
     */
    public Instant advance(Duration duration) {
        nanos.advance(duration);
        return instant();
    }

    /**
     * Returns the current reading as nanoseconds since the epoch.
     *
     * @return the reading
     */
    @Override
    public long read() {
        return nanos.read();
    }

    /**
     * Returns the current time.
     *
     * @return the current instant
     */
    @Override
    public Instant instant() {
        long n = nanos.read();
        return Instant.ofEpochSecond(Math.floorDiv(n, 1_000_000_000L), Math.floorMod(n, 1_000_000_000L));
    }

    /**
     * Returns the current time in epoch milliseconds.
     *
     * @return the milliseconds
     */
    @Override
    public long millis() {
        return Math.floorDiv(nanos.read(), 1_000_000L);
    }

    /**
     * Always UTC.
     *
     * @return {@link ZoneOffset#UTC}
     */
    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    /**
     * This clock (the zone is fixed to UTC).
     *
     * @param zone ignored
     * @return this clock
     */
    @Override
    public Clock withZone(ZoneId zone) {
        return this;
    }

    @Override
    public String toString() {
        return "ManualClock[" + instant() + "]";
    }
}
