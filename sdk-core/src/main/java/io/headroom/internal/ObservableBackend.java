package io.headroom.internal;

/**
 * Implemented by every primitive that calls a remote backend, so the primitive's metrics binder can time those
 * calls without knowing the backend. Thread-safe.
 */
public interface ObservableBackend {

    /**
     * Installs the observer told about every backend call from now on, replacing the previous one.
     *
     * @param observer the observer; {@link BackendCallObserver#NONE} to stop observing
     */
    void observeBackendCalls(BackendCallObserver observer);
}
