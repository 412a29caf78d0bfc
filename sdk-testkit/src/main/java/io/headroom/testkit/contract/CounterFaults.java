package io.headroom.testkit.contract;

/**
 * Faults a {@link ShardedCounterContract} run can inject into the backend under test, for example through
 * {@link io.headroom.testkit.FaultProxy}. The in-memory backend has none ({@link #NONE}).
 *
 * <p>Implementations must return quickly (start the fault, then end it from another thread if it lasts) and be
 * thread-safe.
 */
public interface CounterFaults {

    /** No faults: every method does nothing. */
    CounterFaults NONE = new CounterFaults() {
        @Override
        public void timeouts() {
        }

        @Override
        public void resetConnections() {
        }

        @Override
        public void heal() {
        }
    };

    /**
     * Makes backend calls time out for a short while (for example, a black hole that is lifted after a few hundred
     * milliseconds, delivering the held requests late: writes are applied after the client gave up on them).
     */
    void timeouts();

    /** Aborts open backend connections; the client reconnects. */
    void resetConnections();

    /** Ends every fault now and waits until the backend is reachable again. */
    void heal();

    /**
     * Whether this backend injects faults at all; contract tries with faults are cheap no-ops otherwise.
     *
     * @return {@code true} unless this is {@link #NONE}
     */
    default boolean active() {
        return this != NONE;
    }
}
