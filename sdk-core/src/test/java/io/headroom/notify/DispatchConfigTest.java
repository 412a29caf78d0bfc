package io.headroom.notify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.headroom.ratelimit.Bandwidth;
import io.headroom.spi.SendResult;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DispatchConfigTest {

    @Test
    void defaultsAreDocumented() {
        DispatchConfig c = DispatchConfig.ofDefaults();
        assertThat(c.name()).isEqualTo("default");
        assertThat(c.collapseWindow()).isEqualTo(Duration.ofMillis(500));
        assertThat(c.maxBatchSize()).isEqualTo(500);
        assertThat(c.maxBatchDelay()).isEqualTo(Duration.ofMillis(50));
        assertThat(c.perRecipientRate()).isEqualTo(Bandwidth.of(10, Duration.ofMinutes(1)));
        assertThat(c.maxAttempts()).isEqualTo(5);
        assertThat(c.initialBackoff()).isEqualTo(Duration.ofMillis(500));
        assertThat(c.backoffMultiplier()).isEqualTo(2.0);
        assertThat(c.maxBackoff()).isEqualTo(Duration.ofMinutes(1));
        assertThat(c.jitter()).isEqualTo(0.5);
        assertThat(c.bufferCapacity()).isEqualTo(10_000);
        assertThat(c.maxConcurrentBatches()).isEqualTo(4);
        assertThat(c.providerTimeout()).isEqualTo(Duration.ofSeconds(30));
        assertThat(c.outagePolicy()).isEqualTo(DispatchOutagePolicy.BUFFER_AND_RETRY);
        assertThat(c.closeTimeout()).isEqualTo(Duration.ofSeconds(30));
        assertThat(c.toBuilder().build().toString()).isEqualTo(c.toString());
    }

    @Test
    void everySettingIsValidatedWithItsNameAndRule() {
        assertThatThrownBy(() -> DispatchConfig.builder().name("a b").build()).hasMessageContaining("name must be 1 to 64");
        assertThatThrownBy(() -> DispatchConfig.builder().collapseWindow(Duration.ofHours(2)).build())
                .hasMessageContaining("collapseWindow must be between");
        assertThatThrownBy(() -> DispatchConfig.builder().maxBatchSize(10_001).build()).hasMessageContaining("maxBatchSize");
        assertThatThrownBy(() -> DispatchConfig.builder().maxBatchDelay(null).build()).hasMessageContaining("maxBatchDelay");
        assertThatThrownBy(() -> DispatchConfig.builder().maxAttempts(0).build()).hasMessageContaining("maxAttempts");
        assertThatThrownBy(() -> DispatchConfig.builder().initialBackoff(Duration.ZERO).build())
                .hasMessageContaining("initialBackoff must be positive");
        assertThatThrownBy(() -> DispatchConfig.builder().initialBackoff(Duration.ofMinutes(2)).build())
                .hasMessageContaining("initialBackoff must be at most maxBackoff");
        assertThatThrownBy(() -> DispatchConfig.builder().backoffMultiplier(0.5).build())
                .hasMessageContaining("backoffMultiplier must be between 1 and 10");
        assertThatThrownBy(() -> DispatchConfig.builder().jitter(1.0).build()).hasMessageContaining("jitter");
        assertThatThrownBy(() -> DispatchConfig.builder().maxConcurrentBatches(0).build())
                .hasMessageContaining("maxConcurrentBatches");
        assertThatThrownBy(() -> DispatchConfig.builder().providerTimeout(Duration.ofSeconds(-1)).build())
                .hasMessageContaining("providerTimeout must be positive");
        assertThatThrownBy(() -> DispatchConfig.builder().outagePolicy(null).build()).hasMessageContaining("outagePolicy");
        assertThatThrownBy(() -> DispatchConfig.builder().listener(null).build()).hasMessageContaining("listener");
        assertThatThrownBy(() -> NotificationDispatcher.inMemory(null, b -> null)).hasMessageContaining("config");
        assertThatThrownBy(() -> NotificationDispatcher.inMemory(DispatchConfig.ofDefaults(), null))
                .hasMessageContaining("provider");
    }

    @Test
    void notificationsAreValidatedAndImmutable() {
        Map<String, String> data = new HashMap<>();
        data.put("k", "v");
        Notification n = new Notification("t", null, "T", "B", data, Notification.Priority.HIGH, Duration.ZERO, 1, null);
        data.put("k2", "v2");
        assertThat(n.data()).containsOnlyKeys("k");
        assertThatThrownBy(() -> n.data().put("x", "y")).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> Notification.to("t").data("", "v").build()).hasMessageContaining("data keys must be non-empty");
        assertThatThrownBy(() -> Notification.to("t").data("k", null).build()).hasMessageContaining("data value of key 'k'");
        assertThatThrownBy(() -> Notification.to("x".repeat(1025)).build()).hasMessageContaining("token must be 1 to 1024");
        assertThatThrownBy(() -> Notification.to("t").title("x".repeat(4001)).build()).hasMessageContaining("title and body");
        assertThatThrownBy(() -> n.withCollapsedCount(0)).hasMessageContaining("collapsedCount must be at least 1");
        assertThat(n.withCollapsedCount(3).collapsedCount()).isEqualTo(3);
        assertThatThrownBy(() -> SendResult.failed(io.headroom.notify.FailureReason.UNAVAILABLE, "x", Duration.ofSeconds(-1))).hasMessageContaining("retryAfter");
    }
}
