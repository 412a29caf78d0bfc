package io.headroom.notify;

/**
 * Hears what happened to accepted notifications, so none is lost silently: set it with
 * {@link DispatchConfig.Builder#listener(DispatchListener)}. Every method has an empty default.
 *
 * <p>Called on the dispatcher's or the provider's threads, outside the dispatcher's lock; keep it quick and
 * thread-safe. An exception it throws is logged and ignored.
 */
public interface DispatchListener {

    /**
     * The provider accepted {@code notification}, which stands for {@link Notification#collapsedCount()} submitted
     * ones.
     *
     * @param notification what was delivered
     */
    default void onDelivered(Notification notification) {
    }

    /**
     * The provider refused {@code notification} for good (e.g. {@code UNREGISTERED}: remove the device token);
     * it is not retried.
     *
     * @param notification the refused notification
     * @param reason the provider's error code
     */
    default void onPermanentFailure(Notification notification, String reason) {
    }

    /**
     * {@code notification} was not delivered: its retry budget ({@link DispatchConfig#maxAttempts()}) is spent, or
     * the dispatcher closed before it could be sent.
     *
     * @param notification the undelivered notification
     * @param reason the last failure, or {@code "closed"}
     */
    default void onUndeliverable(Notification notification, String reason) {
    }
}
