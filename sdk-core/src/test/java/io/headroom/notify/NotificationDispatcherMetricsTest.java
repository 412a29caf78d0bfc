package io.headroom.notify;

import static org.assertj.core.api.Assertions.assertThat;

import io.headroom.spi.SendResult;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class NotificationDispatcherMetricsTest {

    @Test
    void metersReadTheStats() {
        NotifyTestClock clock = new NotifyTestClock();
        NotificationDispatcher d = NotificationDispatcher.inMemory(DispatchConfig.builder().name("chat").build(),
                batch -> CompletableFuture.completedFuture(batch.stream().map(n -> SendResult.delivered("")).toList()),
                clock, clock);
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        assertThat(NotificationDispatcherMetrics.bind(d, registry)).isSameAs(d);
        d.submit(Notification.to("a").collapseKey("c").build());
        d.submit(Notification.to("a").collapseKey("c").build());
        assertThat(registry.get("headroom.notify.pending").tag("dispatcher", "chat").gauge().value()).isEqualTo(1);
        d.flush();
        assertThat(registry.get("headroom.notify.notifications").tag("outcome", "accepted").functionCounter().count())
                .isEqualTo(2);
        assertThat(registry.get("headroom.notify.notifications").tag("outcome", "collapsed").functionCounter().count())
                .isEqualTo(1);
        assertThat(registry.get("headroom.notify.notifications").tag("outcome", "delivered").functionCounter().count())
                .isEqualTo(1);
        assertThat(registry.get("headroom.notify.provider.calls").functionCounter().count()).isEqualTo(1);
        // 14 counters and gauges, and the backend-call timer by result
        assertThat(List.of(registry.getMeters().size())).containsExactly(16);
    }

    @Test
    void timesEveryProviderCallOnTheDispatchersTicker() {
        NotifyTestClock clock = new NotifyTestClock();
        List<CompletableFuture<List<SendResult>>> answers = new ArrayList<>();
        NotificationDispatcher d = NotificationDispatcher.inMemory(DispatchConfig.builder().name("chat")
                .maxAttempts(1).build(), batch -> {
                    CompletableFuture<List<SendResult>> f = new CompletableFuture<>();
                    synchronized (answers) {
                        answers.add(f);
                    }
                    return f;
                }, clock, clock);
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        NotificationDispatcherMetrics.bind(d, registry);

        d.submit(Notification.to("a").build());
        CompletableFuture<Void> flushed = d.flushAsync().toCompletableFuture();
        clock.advance(Duration.ofMillis(40));
        answers.get(0).complete(List.of(SendResult.failed(FailureReason.UNAVAILABLE, "UNAVAILABLE")));
        flushed.join();

        d.submit(Notification.to("b").build());
        flushed = d.flushAsync().toCompletableFuture();
        clock.advance(Duration.ofMillis(10));
        answers.get(1).complete(List.of()); // the wrong number of results: a failed call
        flushed.join();

        Timer success = registry.get("headroom.notify.backend.calls").tag("dispatcher", "chat")
                .tag("result", "success").timer();
        Timer failure = registry.get("headroom.notify.backend.calls").tag("dispatcher", "chat")
                .tag("result", "failure").timer();
        assertThat(success.count()).isEqualTo(1); // answered, if only retryably: the call itself worked
        assertThat(success.totalTime(TimeUnit.MILLISECONDS)).isEqualTo(40);
        assertThat(failure.count()).isEqualTo(1);
        assertThat(failure.totalTime(TimeUnit.MILLISECONDS)).isEqualTo(10);
        d.close();
    }
}
