package io.headroom.notify;

import io.headroom.BackendUnavailableException;
import org.jspecify.annotations.Nullable;

/**
 * Under {@link DispatchOutagePolicy#FAIL_FAST}, the provider's last batch failed as a whole, so {@code submit}
 * refuses new notifications until a batch succeeds again. The notification was not accepted.
 */
public class ProviderUnavailableException extends BackendUnavailableException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message which dispatcher, the last failure
     * @param cause the underlying failure, may be {@code null}
     */
    public ProviderUnavailableException(String message, @Nullable Throwable cause) {
        super(message, cause);
    }
}
