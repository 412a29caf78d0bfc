package io.headroom.notify;

/**
 * What {@link NotificationDispatcher#submit(Notification)} does while the provider (the dispatcher's backend,
 * e.g. FCM) fails: its last batch came back with only retryable failures (a thrown or failed call, a timeout
 * after {@link DispatchConfig#providerTimeout()}, a wrong answer, or every notification retryable). Chosen with
 * {@link DispatchConfig.Builder#outagePolicy(DispatchOutagePolicy)}, default {@link #BUFFER_AND_RETRY}. Under
 * either policy nothing accepted is dropped silently: it is delivered once the provider recovers, or reported to
 * {@link DispatchListener#onFailed} when its retry budget is spent or the dispatcher closes.
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
