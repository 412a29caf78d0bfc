package io.headroom.ratelimit;

import java.time.Duration;

/**
 * One limit of a {@link RateLimiter}: at most {@code capacity} permits per {@code period}, with a name used in the
 * IETF {@code RateLimit-Policy} header and in messages.
 *
 * <p>How the limit is enforced inside a period depends on the {@link RateLimitAlgorithm}; see there for the exact
 * semantics. Time is measured in whole microseconds, so a bandwidth may not exceed one permit per microsecond.
 *
 * <p>Rules, checked on construction: {@code capacity} in [1, 1,000,000,000]; {@code period} in [1 ms, 366 days];
 * {@code capacity} at most the number of microseconds in {@code period}; {@code name} non-empty, at most 64 of
 * the characters {@code [A-Za-z0-9_.-]}.
 *
 * @param name the policy name (default: derived from capacity and period, e.g. {@code "100-per-60s"})
 * @param capacity the permits allowed per period, also the largest burst
 * @param period the length of the period
 */
public record Bandwidth(String name, long capacity, Duration period) {

    /** The largest capacity a bandwidth may have. */
    public static final long MAX_CAPACITY = 1_000_000_000L;
    /** The shortest period a bandwidth may have. */
    public static final Duration MIN_PERIOD = Duration.ofMillis(1);
    /** The longest period a bandwidth may have. */
    public static final Duration MAX_PERIOD = Duration.ofDays(366);

    /**
     * Validates the components.
     *
     * @param name the name
     * @param capacity the permits allowed per period, also the largest burst
     * @param period the length of the period
     * @throws IllegalArgumentException when a component breaks a rule in the class documentation
     */
    public Bandwidth {
        if (name == null || name.isEmpty() || name.length() > 64 || !name.matches("[A-Za-z0-9_.-]+")) {
            throw new IllegalArgumentException(
                    "name must be 1 to 64 characters of [A-Za-z0-9_.-], was " + (name == null ? "null" : '"' + name + '"'));
        }
        if (capacity < 1 || capacity > MAX_CAPACITY) {
            throw new IllegalArgumentException(
                    "capacity must be between 1 and " + MAX_CAPACITY + ", was " + capacity);
        }
        if (period == null || period.compareTo(MIN_PERIOD) < 0 || period.compareTo(MAX_PERIOD) > 0) {
            throw new IllegalArgumentException(
                    "period must be between " + MIN_PERIOD + " and " + MAX_PERIOD + ", was " + period);
        }
        long micros = period.toNanos() / 1_000;
        if (capacity > micros) {
            throw new IllegalArgumentException("capacity must be at most one permit per microsecond of period ("
                    + micros + " for " + period + "), was " + capacity);
        }
    }

    /**
     * Creates a bandwidth with a derived name such as {@code "100-per-60s"}.
     *
     * @param capacity permits per period, in [1, 1,000,000,000]
     * @param period length of the period, in [1 ms, 366 days]
     * @return the bandwidth
     * @throws IllegalArgumentException when an argument breaks a rule in the class documentation
     */
    public static Bandwidth of(long capacity, Duration period) {
        return new Bandwidth(defaultName(capacity, period), capacity, period);
    }

    /**
     * Returns a copy of this bandwidth with another name.
     *
     * @param newName the policy name
     * @return the renamed bandwidth
     * @throws IllegalArgumentException when the name breaks the naming rule
     */
    public Bandwidth named(String newName) {
        return new Bandwidth(newName, capacity, period);
    }

    /**
     * The period in whole microseconds (the unit every algorithm works in).
     *
     * @return the period in microseconds
     */
    public long periodMicros() {
        return period.toNanos() / 1_000;
    }

    private static String defaultName(long capacity, Duration period) {
        if (period == null) {
            throw new IllegalArgumentException("period must not be null");
        }
        long millis = period.toMillis();
        String p = millis % 1_000 == 0 ? (millis / 1_000) + "s" : millis + "ms";
        return capacity + "-per-" + p;
    }
}
