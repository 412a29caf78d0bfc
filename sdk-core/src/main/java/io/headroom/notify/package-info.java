/**
 * Batched push-notification dispatch: {@link io.headroom.notify.NotificationDispatcher} collapses, batches,
 * rate-limits per device and retries notifications in front of a {@link io.headroom.spi.PushProvider} (FCM in
 * module sdk-fcm). Start at {@link io.headroom.notify.NotificationDispatcher} for the delivery semantics.
 */
package io.headroom.notify;
