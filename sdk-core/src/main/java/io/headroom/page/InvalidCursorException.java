package io.headroom.page;

import io.headroom.HeadroomException;

/**
 * A cursor was rejected: malformed, truncated or tampered with, signed by a key the paginator does not know,
 * issued for another query (other sort or filters) or another paginator, or expired. The page is never served
 * from such a cursor; the caller should restart from the first page.
 */
public class InvalidCursorException extends HeadroomException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message what is wrong with the cursor, and for which paginator
     */
    public InvalidCursorException(String message) {
        super(message);
    }
}
