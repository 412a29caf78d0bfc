package io.headroom.spi;

/**
 * Implemented by every primitive that calls a remote backend, so the primitive's metrics binder ({@code
 * RateLimiterMetrics}, {@code CacheAsideMetrics}, ...) can time those calls without knowing the backend: it
 * installs an observer that feeds a Micrometer {@code Timer} {@code headroom.<concern>.backend.calls}. A third-party
 * backend implements it to get the same timer. Implementations are thread-safe.
 */
public interface ObservableBackend {

    /**
     * Installs the observer told about every backend call from now on, replacing the previous one.
     *
     * @param observer the observer; {@link BackendCallObserver#NONE} to stop observing
     */
    void observeBackendCalls(BackendCallObserver observer);
}
