package io.headroom.notify;

import java.time.Duration;

/**
 * Hears what happened to accepted notifications, so none is lost silently: set it with
 * {@link DispatchConfig.Builder#listener(DispatchListener)}. Every method has an empty default.
 *
 * <p>Each accepted notification ends in exactly one of {@link #onDelivered}, {@link #onTokenInvalid} and
 * {@link #onFailed} (collapsed ones through the notification standing for them). <b>Hang token cleanup on
 * {@link #onTokenInvalid} only</b>: it is called only when the provider said that very token is dead. A broken
 * project, expired credentials, a refused payload or a spent quota arrive in {@link #onFailed} and
 * {@link #onProviderPaused} and say nothing about the token.
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
     * The provider said {@code notification.token()} is dead ({@link FailureReason#TOKEN_INVALID}: unregistered,
     * another sender's, malformed). The one callback to delete a device token on; the notification is not
     * retried.
     *
     * @param notification the refused notification
     * @param detail the provider's error code and message
     */
    default void onTokenInvalid(Notification notification, String detail) {
    }

    /**
     * {@code notification} was not delivered and will not be: the provider refused the message
     * ({@link FailureReason#MESSAGE_INVALID}), its retry budget ({@link DispatchConfig#maxAttempts()}) is spent
     * ({@code reason} is the last failure's), or the dispatcher closed before it could be sent
     * ({@link FailureReason#CLOSED}). Never a reason to delete the token.
     *
     * @param notification the undelivered notification
     * @param reason the typed reason
     * @param detail the last failure's detail, or a description
     */
    default void onFailed(Notification notification, FailureReason reason, String detail) {
    }

    /**
     * The dispatcher stopped sending to the provider for {@code pause}: the project's quota is spent
     * ({@link FailureReason#QUOTA_EXCEEDED}, at least the provider's {@code Retry-After}) or the project or its
     * credentials are broken ({@link FailureReason#CREDENTIALS}: alert someone). Notifications wait meanwhile;
     * called once per pause, not per notification.
     *
     * @param reason {@link FailureReason#QUOTA_EXCEEDED} or {@link FailureReason#CREDENTIALS}
     * @param pause how long nothing is sent
     * @param detail the provider's error code and message
     */
    default void onProviderPaused(FailureReason reason, Duration pause, String detail) {
    }
}
