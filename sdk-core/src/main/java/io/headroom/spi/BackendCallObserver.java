package io.headroom.spi;

import org.jspecify.annotations.Nullable;

/**
 * Told about every backend call a remote primitive makes, once it completes: how long it took and how it ended.
 * The metrics binders install one through {@link ObservableBackend} to feed a Micrometer {@code Timer}; the default
 * does nothing.
 * Implementations must be thread-safe, cheap and must not throw.
 */
@FunctionalInterface
public interface BackendCallObserver {

    /** The observer that records nothing. */
    BackendCallObserver NONE = (nanos, failure) -> { };

    /**
     * Records one completed backend call.
     *
     * @param nanos how long the call took, by the guard's ticker
     * @param failure why it failed, or {@code null} when it succeeded (a call refused by the open breaker is
     *     not recorded: it never reached the backend)
     */
    void record(long nanos, @Nullable Throwable failure);
}
