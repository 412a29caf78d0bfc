package io.headroom;

import org.jspecify.annotations.Nullable;

/**
 * A backend (Redis, Firestore, OpenSearch...) did not answer within its timeout, failed, or its circuit breaker
 * is open. Primitives whose outage policy resolves outages themselves (a rate limiter's fail-open, a cache serving
 * from its loader) never throw it; the others document when they do.
 */
public class BackendUnavailableException extends HeadroomException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message which primitive, which backend, which key
     * @param cause the underlying failure, may be {@code null}
     */
    public BackendUnavailableException(String message, @Nullable Throwable cause) {
        super(message, cause);
    }
}
