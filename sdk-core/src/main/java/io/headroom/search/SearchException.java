package io.headroom.search;

import io.headroom.HeadroomException;
import org.jspecify.annotations.Nullable;

/** A search backend failed (I/O, corrupt index, closed index). Carries the index name in its message. */
public class SearchException extends HeadroomException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message what failed, with the index name
     * @param cause the underlying failure, may be {@code null}
     */
    public SearchException(String message, @Nullable Throwable cause) {
        super(message, cause);
    }
}
