package io.headroom.notify;

/**
 * The acknowledgement that a {@link NotificationDispatcher} accepted a notification: from then on it is delivered
 * to the provider at least once, or reported to the {@link DispatchListener}. Immutable.
 *
 * @param sequence the dispatcher's running number of accepted notifications, from 1
 * @param collapsed whether it replaced a pending notification with the same token and collapse key
 * @param pending notifications held by the dispatcher right after accepting (buffered and in flight)
 * @param duplicate whether a notification with the same {@link Notification#dedupId()} and token was accepted
 *     within {@link DispatchConfig#dedupWindow()}: this one is dropped (it is neither sent nor reported), which is
 *     what a retried trigger wants
 */
public record DispatchReceipt(long sequence, boolean collapsed, int pending, boolean duplicate) {

    /**
     * A receipt for a notification that is not a duplicate.
     *
     * @param sequence the running number
     * @param collapsed whether it replaced a pending one
     * @param pending notifications held right after accepting
     */
    public DispatchReceipt(long sequence, boolean collapsed, int pending) {
        this(sequence, collapsed, pending, false);
    }
}
