package io.headroom.presence;

import io.headroom.BackendUnavailableException;
import org.jspecify.annotations.Nullable;

/**
 * The session store could not answer (timeout, error, open circuit breaker), so the call failed closed (see
 * {@link SessionOutagePolicy#FAIL_CLOSED}): the token was not accepted, or the change was not confirmed. The
 * message names the store and the operation, never a token.
 */
public class SessionUnavailableException extends BackendUnavailableException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message which store and operation
     * @param cause the backend failure, may be {@code null}
     */
    public SessionUnavailableException(String message, @Nullable Throwable cause) {
        super(message, cause);
    }
}
