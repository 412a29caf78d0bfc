package io.headroom.notify;

/**
 * What {@link NotificationDispatcher#submit(Notification)} does while the provider fails (its last batch came
 * back with only retryable failures). Either way nothing accepted is dropped silently.
 */
public enum DispatchOutagePolicy {
    /**
     * Keep accepting into the bounded buffer and retry with backoff; when the buffer is full, {@code submit}
     * throws {@link DispatchBufferFullException}. The default.
     */
    BUFFER_AND_RETRY,
    /**
     * Reject new notifications with {@link ProviderUnavailableException} while the provider fails, so the caller
     * can fall back at once (e.g. to in-app unread counts); what was accepted before is still retried.
     */
    FAIL_FAST
}
