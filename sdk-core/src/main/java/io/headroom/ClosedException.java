package io.headroom;

/**
 * A primitive was called after {@code close()}: the call was not accepted and did nothing. Every Headroom
 * primitive that holds threads, buffers or connections throws this same type (or a subtype) for every call
 * after close, so one {@code catch} serves them all.
 */
public class ClosedException extends HeadroomException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message which primitive, e.g. {@code "counter 'unread' is closed"}
     */
    public ClosedException(String message) {
        super(message);
    }

    /**
     * The exception every primitive throws after close, with the message shape they share.
     *
     * @param kind what kind of primitive, e.g. {@code "counter"}, {@code "cache"}, {@code "search index"}
     * @param name the primitive's configured name
     * @return the exception, for the caller to throw
     */
    public static ClosedException of(String kind, String name) {
        return new ClosedException(kind + " '" + name + "' is closed");
    }
}
