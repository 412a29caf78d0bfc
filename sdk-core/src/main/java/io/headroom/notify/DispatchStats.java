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
 * @param permanentFailures notifications the provider refused for good
 * @param undeliverable notifications given up (retry budget spent, or closed)
 * @param rateDeferred times a notification was held back by the per-recipient rate limit
 * @param pending notifications held now (buffered plus in flight)
 */
public record DispatchStats(long accepted, long collapsed, long rejected, long providerCalls, long sent,
                            long delivered, long retried, long permanentFailures, long undeliverable,
                            long rateDeferred, int pending) {
}
