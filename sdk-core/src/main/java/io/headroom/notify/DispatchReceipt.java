package io.headroom.notify;

/**
 * The acknowledgement that a {@link NotificationDispatcher} accepted a notification: from then on it is delivered
 * to the provider at least once, or reported to the {@link DispatchListener}. Immutable.
 *
 * @param sequence the dispatcher's running number of accepted notifications, from 1
 * @param collapsed whether it replaced a pending notification with the same token and collapse key
 * @param pending notifications held by the dispatcher right after accepting (buffered and in flight)
 */
public record DispatchReceipt(long sequence, boolean collapsed, int pending) {
}
