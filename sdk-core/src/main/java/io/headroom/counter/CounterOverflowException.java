package io.headroom.counter;

import io.headroom.HeadroomException;

/**
 * An increment would take a counter (or the sum of its shards) outside the {@code long} range. The increment was
 * not applied.
 */
public class CounterOverflowException extends HeadroomException {

    private static final long serialVersionUID = 1L;

    private final String counterName;
    private final String counterId;

    /**
     * Creates the exception.
     *
     * @param counterName the counter family's {@linkplain CounterConfig#name() name}
     * @param counterId the counter
     * @param detail what overflowed, e.g. {@code "9223372036854775807 + 1"}
     */
    public CounterOverflowException(String counterName, String counterId, String detail) {
        super("counter '" + counterName + "', id \"" + counterId + "\": value would leave the long range (" + detail
                + "); nothing was added");
        this.counterName = counterName;
        this.counterId = counterId;
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
     * The counter whose value would overflow.
     *
     * @return the id
     */
    public String counterId() {
        return counterId;
    }
}
