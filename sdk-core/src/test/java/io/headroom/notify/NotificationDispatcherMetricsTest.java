package io.headroom.notify;

import static org.assertj.core.api.Assertions.assertThat;

import io.headroom.spi.SendResult;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.List;
import java.util.concurrent.CompletableFuture;
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
        assertThat(List.of(registry.getMeters().size())).containsExactly(11);
    }
}
