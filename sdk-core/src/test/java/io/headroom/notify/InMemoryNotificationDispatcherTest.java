package io.headroom.notify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.headroom.ratelimit.Bandwidth;
import io.headroom.spi.PushProvider;
import io.headroom.spi.SendResult;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class InMemoryNotificationDispatcherTest {

    final NotifyTestClock clock = new NotifyTestClock();
    final List<List<Notification>> calls = new ArrayList<>();
    final PushProvider ok = batch -> {
        synchronized (calls) {
            calls.add(batch);
        }
        List<SendResult> r = new ArrayList<>();
        batch.forEach(n -> r.add(SendResult.delivered("id")));
        return CompletableFuture.completedFuture(r);
    };

    NotificationDispatcher dispatcher(DispatchConfig.Builder b, PushProvider p) {
        return NotificationDispatcher.inMemory(b.build(), p, clock, clock);
    }

    static Notification n(String token, String key, String title) {
        return Notification.to(token).collapseKey(key).title(title).build();
    }

    @Test
    void aPartialBatchGoesOutAfterMaxBatchDelayByTheTimerAlone() {
        NotificationDispatcher d = dispatcher(DispatchConfig.builder().maxBatchDelay(Duration.ofMillis(50))
                .maxBatchSize(10), ok);
        d.submit(n("a", null, "1"));
        d.submit(n("b", null, "2"));
        assertThat(calls).isEmpty();
        clock.advance(Duration.ofMillis(49));
        assertThat(calls).isEmpty();
        clock.advance(Duration.ofMillis(1));
        assertThat(calls).hasSize(1);
        assertThat(calls.get(0)).extracting(Notification::title).containsExactly("1", "2");
    }

    @Test
    void aFullBatchGoesOutAtOnceAndTheCollapseWindowHoldsKeyedOnes() {
        NotificationDispatcher d = dispatcher(DispatchConfig.builder().maxBatchDelay(Duration.ofSeconds(10))
                .maxBatchSize(2).collapseWindow(Duration.ofSeconds(1)), ok);
        d.submit(n("a", null, "1"));
        d.submit(n("k", "chat", "x"));
        assertThat(calls).isEmpty();
        d.submit(n("b", null, "2"));
        assertThat(calls).hasSize(1);
        d.submit(n("k", "chat", "y"));
        clock.advance(Duration.ofMillis(999));
        assertThat(calls).hasSize(1);
        // ready after the 1 s collapse window, then (alone) it waits maxBatchDelay for company
        clock.advance(Duration.ofSeconds(10));
        assertThat(calls).hasSize(1);
        clock.advance(Duration.ofMillis(1));
        assertThat(calls).hasSize(2);
        assertThat(calls.get(1)).singleElement().satisfies(x -> {
            assertThat(x.title()).isEqualTo("y");
            assertThat(x.collapsedCount()).isEqualTo(2);
        });
    }

    @Test
    void rateLimitedNotificationsAreDeferredCollapsedAndSentWhenAllowed() {
        NotificationDispatcher d = dispatcher(DispatchConfig.builder().maxBatchDelay(Duration.ZERO)
                .collapseWindow(Duration.ZERO).perRecipientRate(Bandwidth.of(1, Duration.ofSeconds(10))), ok);
        d.submit(n("p", "chat", "1"));
        d.submit(n("p", "chat", "2"));
        d.submit(n("p", "chat", "3"));
        assertThat(calls).hasSize(1);
        assertThat(d.stats().rateDeferred()).isEqualTo(1);
        clock.advance(Duration.ofSeconds(10));
        assertThat(calls).hasSize(2);
        assertThat(calls.get(1)).singleElement().satisfies(x -> {
            assertThat(x.title()).isEqualTo("3");
            assertThat(x.collapsedCount()).isEqualTo(2);
        });
    }

    @Test
    void aThrowingOrMisbehavingProviderMakesTheBatchRetryable() {
        AtomicInteger call = new AtomicInteger();
        PushProvider flaky = batch -> {
            int c = call.incrementAndGet();
            if (c == 1) {
                throw new IllegalStateException("boom");
            }
            if (c == 2) {
                return CompletableFuture.failedFuture(new java.io.IOException("reset"));
            }
            if (c == 3) {
                return CompletableFuture.completedFuture(List.of());
            }
            return ok.sendBatch(batch);
        };
        List<Notification> delivered = new ArrayList<>();
        NotificationDispatcher d = dispatcher(DispatchConfig.builder().maxAttempts(4).jitter(0).maxBatchDelay(Duration.ZERO)
                .initialBackoff(Duration.ofMillis(100)).listener(new DispatchListener() {
                    @Override
                    public void onDelivered(Notification n) {
                        delivered.add(n);
                        throw new RuntimeException("a listener bug must not break dispatching");
                    }
                }), flaky);
        d.submit(n("a", null, "1"));
        d.flush();
        clock.advance(Duration.ofMillis(100));
        clock.advance(Duration.ofMillis(200));
        clock.advance(Duration.ofMillis(400));
        assertThat(call).hasValue(4);
        assertThat(delivered).extracting(Notification::title).containsExactly("1");
        assertThat(d.stats()).satisfies(s -> {
            assertThat(s.retried()).isEqualTo(3);
            assertThat(s.delivered()).isEqualTo(1);
            assertThat(s.pending()).isZero();
        });
    }

    @Test
    void closeAfterItsTimeoutReportsWhatIsLeftAsUndeliverable() {
        List<String> reasons = new ArrayList<>();
        NotificationDispatcher d = dispatcher(DispatchConfig.builder().closeTimeout(Duration.ofMillis(50))
                .perRecipientRate(Bandwidth.of(1, Duration.ofHours(1))).listener(new DispatchListener() {
                    @Override
                    public void onFailed(Notification n, FailureReason reason, String detail) {
                        reasons.add(n.title() + ":" + reason);
                    }
                }), ok);
        d.submit(n("a", null, "1"));
        d.submit(n("a", null, "2"));
        d.close();
        assertThat(calls).hasSize(1);
        assertThat(reasons).containsExactly("2:CLOSED");
        assertThat(d.stats().pending()).isZero();
        assertThatThrownBy(() -> d.submit(n("a", null, "3"))).isInstanceOf(DispatcherClosedException.class)
                .isInstanceOf(io.headroom.ClosedException.class).hasMessageStartingWith("dispatcher 'default' is closed");
        assertThat(d.submitAsync(n("a", null, "4"))).failsWithin(Duration.ZERO)
                .withThrowableOfType(java.util.concurrent.ExecutionException.class)
                .withCauseInstanceOf(io.headroom.ClosedException.class);
        d.close();
    }

    @Test
    void theSystemClockFactoryWorksEndToEnd() {
        NotificationDispatcher d = NotificationDispatcher.inMemory(DispatchConfig.builder()
                .maxBatchDelay(Duration.ofMillis(1)).build(), ok);
        d.submit(n("a", "k", "1"));
        d.close();
        assertThat(calls).hasSize(1);
        assertThat(d.stats().delivered()).isEqualTo(1);
        assertThat(d.toString()).contains("default");
    }

    @Test
    void thousandsOfSingleNotificationBatchesFromASynchronousProviderDoNotRecurse() {
        NotificationDispatcher d = dispatcher(DispatchConfig.builder().maxBatchSize(1).maxBatchDelay(Duration.ofSeconds(1))
                .bufferCapacity(50_000).collapseWindow(Duration.ZERO), ok);
        for (int i = 0; i < 20_000; i++) {
            d.submit(n("t" + i, null, "m" + i));
        }
        d.flush();
        assertThat(d.stats().delivered()).isEqualTo(20_000);
        assertThat(calls).hasSize(20_000);
    }
}
