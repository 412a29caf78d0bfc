package io.headroom.spi;

import io.headroom.internal.Arguments;
import java.time.Duration;

/**
 * What a {@link PushProvider} did with one notification of a batch: delivered, failed for now (retry later), or
 * failed for good (never retry). Immutable values.
 */
public sealed interface SendResult permits SendResult.Delivered, SendResult.Retryable, SendResult.Permanent {

    /**
     * The provider accepted the notification.
     *
     * @param messageId the provider's id for it, may be empty
     */
    record Delivered(String messageId) implements SendResult {
        /**
         * Checks the field.
         *
         * @param messageId the provider's id
         * @throws IllegalArgumentException when {@code messageId} is {@code null}
         */
        public Delivered {
            Arguments.notNull(messageId, "messageId");
        }
    }

    /**
     * A transient failure (HTTP 429, 500, 503, a timeout, a lost connection): the dispatcher retries with
     * backoff, waiting at least {@code retryAfter}.
     *
     * @param retryAfter the provider's {@code Retry-After}, {@link Duration#ZERO} when it gave none
     * @param reason the provider's error code or a description
     */
    record Retryable(Duration retryAfter, String reason) implements SendResult {
        /**
         * Checks the fields.
         *
         * @param retryAfter the least wait
         * @param reason why
         * @throws IllegalArgumentException when a field is {@code null} or {@code retryAfter} is negative
         */
        public Retryable {
            Arguments.notNull(retryAfter, "retryAfter");
            Arguments.notNull(reason, "reason");
            if (retryAfter.isNegative()) {
                throw new IllegalArgumentException("retryAfter must not be negative, was " + retryAfter);
            }
        }
    }

    /**
     * A failure retrying cannot fix, such as an unregistered or malformed device token: reported to
     * {@link io.headroom.notify.DispatchListener#onPermanentFailure}, never retried.
     *
     * @param reason the provider's error code, e.g. {@code "UNREGISTERED"}
     */
    record Permanent(String reason) implements SendResult {
        /**
         * Checks the field.
         *
         * @param reason why
         * @throws IllegalArgumentException when {@code reason} is {@code null}
         */
        public Permanent {
            Arguments.notNull(reason, "reason");
        }
    }

    /**
     * Returns a delivered result.
     *
     * @param messageId the provider's id
     * @return the result
     */
    static SendResult delivered(String messageId) {
        return new Delivered(messageId);
    }

    /**
     * Returns a retryable result.
     *
     * @param retryAfter the least wait, {@link Duration#ZERO} for none
     * @param reason why
     * @return the result
     */
    static SendResult retryable(Duration retryAfter, String reason) {
        return new Retryable(retryAfter, reason);
    }

    /**
     * Returns a permanent failure.
     *
     * @param reason why
     * @return the result
     */
    static SendResult permanent(String reason) {
        return new Permanent(reason);
    }
}
