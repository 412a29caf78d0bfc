package io.headroom;

import org.jspecify.annotations.Nullable;

/**
 * Base of every unchecked exception a Headroom primitive throws for a failure a caller can act on (a denied
 * rate-limit decision, an unavailable backend, an invalid cursor...). Bad arguments are reported with
 * {@link IllegalArgumentException} instead, whose message names the argument and the rule it broke.
 *
 * <p>Messages always carry context: which primitive instance, which key.
 */
public class HeadroomException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates an exception with a message.
     *
     * @param message what failed, with context (limiter name, key...)
     */
    public HeadroomException(String message) {
        super(message);
    }

    /**
     * Creates an exception with a message and a cause.
     *
     * @param message what failed, with context
     * @param cause the underlying failure, may be {@code null}
     */
    public HeadroomException(String message, @Nullable Throwable cause) {
        super(message, cause);
    }
}
