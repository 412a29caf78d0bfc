package io.headroom;

/**
 * A source of monotonic time in nanoseconds, injected into every time-dependent algorithm so tests can drive
 * time by hand (see {@code io.headroom.testkit.ManualTicker}).
 *
 * <p>Only differences between two readings are meaningful; the origin is arbitrary and may be negative.
 * Implementations must be thread-safe and must never go backwards.
 */
@FunctionalInterface
public interface Ticker {

    /**
     * Returns the current reading of this ticker.
     *
     * @return nanoseconds since an arbitrary, fixed origin
     */
    long read();

    /**
     * Returns the ticker backed by {@link System#nanoTime()}.
     *
     * @return the system ticker; a shared, thread-safe singleton
     */
    static Ticker system() {
        return SystemTicker.INSTANCE;
    }
}
