package io.headroom.spi;

import io.headroom.internal.Arguments;
import io.headroom.notify.FailureReason;
import java.time.Duration;

/**
 * What a {@link PushProvider} did with one notification of a batch: delivered, or failed with a typed
 * {@link FailureReason} that decides what the dispatcher does (see there). Immutable values.
 *
 * <p>A provider must answer {@link FailureReason#TOKEN_INVALID} only when the push service said so for that very
 * token: it is the one answer that leads users to delete a device token. Errors of the project, the credentials
 * or the payload are never token errors.
 */
public sealed interface SendResult permits SendResult.Delivered, SendResult.Failed {

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
     * The provider did not deliver the notification.
     *
     * @param reason the typed reason, which decides between retrying, pausing the provider and giving up
     * @param detail the provider's error code and message, for logs (e.g. {@code "UNREGISTERED"})
     * @param retryAfter the provider's {@code Retry-After}, {@link Duration#ZERO} when it gave none
     */
    record Failed(FailureReason reason, String detail, Duration retryAfter) implements SendResult {
        /**
         * Checks the fields.
         *
         * @param reason the reason
         * @param detail the detail
         * @param retryAfter the least wait
         * @throws IllegalArgumentException when a field is {@code null} or {@code retryAfter} is negative
         */
        public Failed {
            Arguments.notNull(reason, "reason");
            Arguments.notNull(detail, "detail");
            Arguments.notNull(retryAfter, "retryAfter");
            if (retryAfter.isNegative()) {
                throw new IllegalArgumentException("retryAfter must not be negative, was " + retryAfter);
            }
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
     * Returns a failure without {@code Retry-After}.
     *
     * @param reason the typed reason
     * @param detail the provider's code or a description
     * @return the result
     */
    static SendResult failed(FailureReason reason, String detail) {
        return new Failed(reason, detail, Duration.ZERO);
    }

    /**
     * Returns a failure with the provider's {@code Retry-After}.
     *
     * @param reason the typed reason
     * @param detail the provider's code or a description
     * @param retryAfter the least wait, {@link Duration#ZERO} for none
     * @return the result
     */
    static SendResult failed(FailureReason reason, String detail, Duration retryAfter) {
        return new Failed(reason, detail, retryAfter);
    }
}
