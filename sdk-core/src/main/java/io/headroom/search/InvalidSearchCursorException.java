package io.headroom.search;

import org.jspecify.annotations.Nullable;

/**
 * A search cursor was rejected: malformed, truncated or tampered with, signed by a key the index does not know,
 * issued by another index or for another query, or expired. The page is never served from such a cursor; the caller
 * should run the query again from its first page. Thrown before any I/O (by the asynchronous forms too, not returned
 * in their stage); never a backend failure.
 */
public class InvalidSearchCursorException extends SearchException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message why the cursor was rejected, with the index name
     */
    public InvalidSearchCursorException(String message) {
        super(message, null);
    }

    /**
     * Creates the exception with the failure that rejected the cursor.
     *
     * @param message why the cursor was rejected, with the index name
     * @param cause the cursor codec's rejection, may be {@code null}
     */
    public InvalidSearchCursorException(String message, @Nullable Throwable cause) {
        super(message, cause);
    }
}
