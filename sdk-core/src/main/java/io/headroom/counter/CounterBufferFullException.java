package io.headroom.counter;

import io.headroom.HeadroomException;

/**
 * An increment was refused because this instance already holds {@link CounterConfig#maxPendingIncrements()}
 * increments that are not yet durable (typically while the backend is unreachable). The increment was not
 * accepted and will never be applied; the caller decides whether to retry later, drop it or fail its request.
 */
public class CounterBufferFullException extends HeadroomException {

    private static final long serialVersionUID = 1L;

    private final String counterName;
    private final String counterId;
    private final long pending;

    /**
     * Creates the exception.
     *
     * @param counterName the counter family's name
     * @param counterId the counter that was to be incremented
     * @param pending how many increments are pending
     */
    public CounterBufferFullException(String counterName, String counterId, long pending) {
        super("counter '" + counterName + "', id \"" + counterId + "\": " + pending
                + " increments are already pending (maxPendingIncrements), the backend is slow or unreachable;"
                + " this increment was not accepted");
        this.counterName = counterName;
        this.counterId = counterId;
        this.pending = pending;
    }

    /**
     * The counter family's name.
     *
     * @return the name
     */
    public String counterName() {
        return counterName;
    }

    /**
     * The counter whose increment was refused.
     *
     * @return the id
     */
    public String counterId() {
        return counterId;
    }

    /**
     * How many increments were pending when this one was refused.
     *
     * @return the pending count
     */
    public long pending() {
        return pending;
    }
}
