package io.headroom.notify;

import io.headroom.ClosedException;

/** {@code submit} was called after {@link NotificationDispatcher#close()}: the notification was not accepted. */
public class DispatcherClosedException extends ClosedException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message which dispatcher
     */
    public DispatcherClosedException(String message) {
        super(message);
    }
}
