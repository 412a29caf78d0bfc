package io.headroom.notify;

import io.headroom.spi.PushProvider;

/**
 * A snapshot of a {@link NotificationDispatcher}'s counters since it was created. Immutable; the counters are
 * read one by one, so a snapshot taken while sending may be slightly inconsistent across fields.
 *
 * @param accepted notifications accepted by {@code submit}
 * @param collapsed accepted notifications that replaced a pending one
 * @param rejected notifications refused by {@code submit} (buffer full, closed, provider failing)
 * @param providerCalls calls of {@link PushProvider#sendBatch}
 * @param sent notifications passed to the provider, retries included
 * @param delivered notifications the provider accepted
 * @param retried sends that failed retryably and were scheduled again
 * @param tokenInvalid notifications the provider refused because their token is dead
 *     ({@link FailureReason#TOKEN_INVALID})
 * @param permanentFailures notifications the provider refused for good for another reason
 *     ({@link FailureReason#MESSAGE_INVALID})
 * @param undeliverable notifications given up (retry budget spent, or closed)
 * @param rateDeferred times a notification was held back by the per-recipient or the provider-wide rate limit
 * @param providerPauses times the whole provider was paused (quota or credentials)
 * @param duplicates notifications dropped at {@code submit} as duplicates of an accepted one (same
 *     {@link Notification#dedupId()} and token within {@link DispatchConfig#dedupWindow()})
 * @param pending notifications held now (buffered plus in flight)
 */
public record DispatchStats(long accepted, long collapsed, long rejected, long providerCalls, long sent,
                            long delivered, long retried, long tokenInvalid, long permanentFailures,
                            long undeliverable, long rateDeferred, long providerPauses, long duplicates,
                            int pending) {
}
