package io.headroom.spi;

import io.headroom.notify.DispatchConfig;
import io.headroom.notify.Notification;
import java.util.List;
import java.util.concurrent.CompletionStage;

/**
 * The SPI a {@link io.headroom.notify.NotificationDispatcher} sends through: FCM over HTTP
 * ({@code io.headroom.fcm.FcmPushProvider} in module sdk-fcm), another push service a third party adds, or a
 * test double.
 *
 * <p>Contract: {@link #sendBatch(List)} returns a stage completing with exactly one {@link SendResult} per
 * notification, in the same order. A stage completing exceptionally, an exception thrown by the call, or a list
 * of the wrong size make the dispatcher treat every notification of the batch as {@link SendResult.Failed} with
 * {@link io.headroom.notify.FailureReason#UNAVAILABLE}. Answer {@link io.headroom.notify.FailureReason#TOKEN_INVALID}
 * only when the push service said so for that notification's token.
 * The dispatcher calls it from its own threads, possibly several batches at once (see
 * {@link DispatchConfig#maxConcurrentBatches()}), so implementations must be thread-safe. It never passes an
 * empty batch nor one larger than {@link DispatchConfig#maxBatchSize()}.
 */
@FunctionalInterface
public interface PushProvider {

    /**
     * Sends the notifications.
     *
     * @param batch 1 to {@code maxBatchSize} notifications; unmodifiable
     * @return a stage completing with one result per notification, in order
     */
    CompletionStage<List<SendResult>> sendBatch(List<Notification> batch);
}
