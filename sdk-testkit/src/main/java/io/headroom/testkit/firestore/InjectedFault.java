package io.headroom.testkit.firestore;

/**
 * A {@link FirestoreFault} active on one database of the emulator; {@link #close()} removes it.
 *
 * <p>Thread-safe.
 */
public interface InjectedFault extends AutoCloseable {

    /**
     * The fault.
     *
     * @return the rule
     */
    FirestoreFault fault();

    /**
     * How many calls matched the rule so far (faulted or let through by {@code after}/{@code times}).
     *
     * @return the count
     */
    int matched();

    /**
     * How many calls got the fault so far.
     *
     * @return the count
     */
    int applied();

    /** Removes the fault; calls from now on are served normally. Idempotent. */
    @Override
    void close();
}
