package io.headroom.search;

/** A cursor was malformed, tampered with, or issued for a different query or index. */
public class InvalidSearchCursorException extends SearchException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message why the cursor was rejected
     */
    public InvalidSearchCursorException(String message) {
        super(message, null);
    }
}
