package io.headroom.notify;

import io.headroom.Ticker;
import io.headroom.spi.PushProvider;
import java.util.concurrent.CompletionStage;

/**
 * Sends push notifications through a {@link PushProvider} without storming it or the users' phones: collapses
 * notifications with the same device token and collapse key (latest wins, counted), batches, enforces a
 * per-recipient rate (excess is deferred and collapsed, never dropped) and a provider-wide rate (the project
 * quota), retries transient provider failures with exponential backoff and jitter honouring {@code Retry-After},
 * pauses the whole provider on a quota or credentials failure, reports what the provider refused with a typed
 * {@link FailureReason} without retrying, and bounds what it holds.
 *
 * <pre>{@code
 * NotificationDispatcher pushes = NotificationDispatcher.inMemory(DispatchConfig.builder()
 *         .collapseWindow(Duration.ofSeconds(2))
 *         .listener(new DispatchListener() {
 *             public void onTokenInvalid(Notification n, String detail) { devices.remove(n.token()); } // only here
 *             public void onProviderPaused(FailureReason r, Duration pause, String detail) { alerts.raise(r, detail); }
 *         })
 *         .build(), FcmPushProvider.create(FcmOptions.of("my-project", credentials::accessToken)));
 * for (String token : otherMembersTokens) {
 *     pushes.submit(Notification.to(token).collapseKey("chat:" + chatId).title(chatName).body(text).build());
 * }
 * }</pre>
 *
 * <h2>Delivery semantics</h2>
 * A notification is <em>accepted</em> when {@code submit} returns a {@link DispatchReceipt}. From then on, while
 * the process lives, exactly one of these happens to it: it is passed to the provider and the provider accepts it
 * ({@link DispatchListener#onDelivered}), alone or as the latest of its collapse group, whose
 * {@link Notification#collapsedCount()} counts it; or the provider says its token is dead
 * ({@link DispatchListener#onTokenInvalid}, the only case that blames the token); or it fails with a typed reason
 * ({@link DispatchListener#onFailed}: the provider refused the message, its retry budget is spent, or the
 * dispatcher closed before it could be sent). Delivery to the provider is <b>at least once</b>: a
 * batch that times out or whose answer is lost is sent again, so the provider may see a notification twice; with
 * no retryable failure it sees each exactly once. The buffer lives in memory only: if the process dies, every
 * accepted notification not yet accepted by the provider is lost, without a callback (sdk-redis's
 * {@code RedisNotificationDispatcher} keeps them in Redis Streams instead, with the same contract plus dead
 * letters). What the provider does
 * after accepting (reaching the device) is outside this contract.
 *
 * <p>Order: a collapse group (token plus collapse key) has at most one notification in flight, so the provider
 * receives a group's notifications in submission order and a device showing the latest by collapse key shows the
 * newest. Notifications without a collapse key, and different groups, may reach the provider in any order.
 *
 * <p>Arguments are checked before anything else: a {@code null} notification throws
 * {@link IllegalArgumentException}, also from the asynchronous forms. Implementations are thread-safe.
 */
public interface NotificationDispatcher extends AutoCloseable {

    /**
     * Creates the embedded dispatcher on the system ticker, with its own timer thread (stopped by {@link #close()}).
     *
     * @param config the configuration
     * @param provider where notifications go
     * @return a new dispatcher
     * @throws IllegalArgumentException when an argument is {@code null}
     */
    static NotificationDispatcher inMemory(DispatchConfig config, PushProvider provider) {
        return io.headroom.notify.internal.InMemoryNotificationDispatcher.create(config, provider);
    }

    /**
     * Creates the embedded dispatcher reading time from {@code ticker} and running timed work on
     * {@code scheduler}; tests pass a manual pair so they run deterministically.
     *
     * @param config the configuration
     * @param provider where notifications go
     * @param ticker the time source of batching delays, rate limits and backoff
     * @param scheduler runs timed work on the same time as {@code ticker}
     * @return a new dispatcher
     * @throws IllegalArgumentException when an argument is {@code null}
     */
    static NotificationDispatcher inMemory(DispatchConfig config, PushProvider provider, Ticker ticker,
                                           DispatchScheduler scheduler) {
        return io.headroom.notify.internal.InMemoryNotificationDispatcher.create(config, provider, ticker, scheduler);
    }

    /**
     * Accepts a notification for delivery; it returns at once (sending happens on other threads). The
     * notification was validated when it was built (token shape, reserved data keys, the 4 KB payload limit, TTL
     * range: see {@link Notification}), so nothing the push service would refuse for its shape gets this far.
     *
     * @param notification what to send
     * @return the acknowledgement
     * @throws IllegalArgumentException when {@code notification} is {@code null}
     * @throws DispatchBufferFullException when {@link DispatchConfig#bufferCapacity()} notifications are held and
     *     this one collapses into none of them
     * @throws ProviderUnavailableException under {@link DispatchOutagePolicy#FAIL_FAST} while the provider fails
     * @throws DispatcherClosedException after {@link #close()}
     */
    DispatchReceipt submit(Notification notification);

    /**
     * Asynchronous form of {@link #submit(Notification)}.
     *
     * @param notification what to send
     * @return a stage completing with the acknowledgement, or failed with the exceptions {@code submit} throws
     *     (except {@link IllegalArgumentException})
     * @throws IllegalArgumentException when {@code notification} is {@code null} (thrown, not in the stage)
     */
    CompletionStage<DispatchReceipt> submitAsync(Notification notification);

    /**
     * Sends everything that may be sent now without waiting for collapse windows or batch delays, and waits until
     * the provider answered. Notifications deferred by the per-recipient rate or a retry backoff stay deferred.
     *
     * @throws java.util.concurrent.CompletionException when interrupted
     */
    void flush();

    /**
     * Asynchronous form of {@link #flush()}.
     *
     * @return a stage completing when everything sendable now has been sent and answered
     */
    CompletionStage<Void> flushAsync();

    /**
     * Stops accepting, then drains: sends everything held (rate limits and backoffs still apply) and waits up to
     * {@link DispatchConfig#closeTimeout()}; what is still unsent then is reported to
     * {@link DispatchListener#onFailed} with {@link FailureReason#CLOSED}. Idempotent.
     */
    @Override
    void close();

    /**
     * Asynchronous form of {@link #close()}, without the timeout: stops accepting and drains.
     *
     * @return a stage completing when nothing is held any more
     */
    CompletionStage<Void> closeAsync();

    /**
     * Returns a snapshot of the counters.
     *
     * @return the statistics
     */
    DispatchStats stats();

    /**
     * The configuration this dispatcher applies.
     *
     * @return the configuration
     */
    DispatchConfig config();
}
