package io.headroom.search;

import io.headroom.HeadroomException;
import org.jspecify.annotations.Nullable;

/**
 * Base of the failures particular to search that a caller can act on, each carrying the index name in its message.
 * Today one kind: {@link InvalidSearchCursorException} (restart from the first page).
 *
 * <p>Failures that are not particular to search use the house's types, as every primitive does: a backend that
 * fails or times out is {@link io.headroom.BackendUnavailableException} (see {@link SearchOutagePolicy}), a call
 * after close is {@link io.headroom.ClosedException}, bad input is {@link IllegalArgumentException}. In particular
 * a rejected cursor is never a backend failure, and a backend failure is never a {@code SearchException}.
 */
public abstract class SearchException extends HeadroomException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message what failed, with the index name
     * @param cause the underlying failure, may be {@code null}
     */
    protected SearchException(String message, @Nullable Throwable cause) {
        super(message, cause);
    }
}
