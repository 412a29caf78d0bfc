package io.headroom.notify;

import io.headroom.HeadroomException;

/**
 * The dispatcher's bounded buffer ({@link DispatchConfig#bufferCapacity()}) is full, typically because the
 * provider has been failing for a while: the notification was not accepted. Back off or fall back (for example to
 * in-app unread counts); notifications accepted earlier are unaffected.
 */
public class DispatchBufferFullException extends HeadroomException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message which dispatcher, which token, how full
     */
    public DispatchBufferFullException(String message) {
        super(message);
    }
}
