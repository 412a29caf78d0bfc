package io.headroom.counter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class CounterConfigTest {

    @Test
    void defaultsAreDocumented() {
        CounterConfig c = CounterConfig.ofDefaults();
        assertThat(c.name()).isEqualTo("default");
        assertThat(c.shards()).isEqualTo(1);
        assertThat(c.maxShards()).isEqualTo(1);
        assertThat(c.ttl()).isNull();
        assertThat(c.maximumCounters()).isEqualTo(1_000_000);
        assertThat(c.maxPendingIncrements()).isEqualTo(100_000);
        assertThat(c.coalescingWindow()).isNull();
        assertThat(c.retryInitialBackoff()).isEqualTo(Duration.ofMillis(50));
        assertThat(c.retryMaxBackoff()).isEqualTo(Duration.ofSeconds(5));
        assertThat(c.flushTimeout()).isEqualTo(Duration.ofSeconds(10));
        assertThat(c.outagePolicy()).isEqualTo(CounterOutagePolicy.BUFFER_AND_RETRY);
        assertThat(c.toBuilder().build()).isEqualTo(c).hasSameHashCodeAs(c);
        assertThat(c.toString()).contains("shards=1").contains("outagePolicy=BUFFER_AND_RETRY");
    }

    @Test
    void everyRuleNamesItsSetting() {
        assertThatThrownBy(() -> CounterConfig.builder().name("a b").build()).hasMessageContaining("name must be");
        assertThatThrownBy(() -> CounterConfig.builder().shards(0).build())
                .hasMessageContaining("shards must be between 1 and 1024, was 0");
        assertThatThrownBy(() -> CounterConfig.builder().shards(1025).build()).hasMessageContaining("shards");
        assertThatThrownBy(() -> CounterConfig.builder().shards(8).maxShards(4).build())
                .hasMessageContaining("maxShards must be between shards (8)");
        assertThatThrownBy(() -> CounterConfig.builder().ttl(Duration.ofMillis(10)).build())
                .hasMessageContaining("ttl must be");
        assertThatThrownBy(() -> CounterConfig.builder().maximumCounters(0).build())
                .hasMessageContaining("maximumCounters must be at least 1");
        assertThatThrownBy(() -> CounterConfig.builder().maxPendingIncrements(0).build())
                .hasMessageContaining("maxPendingIncrements");
        assertThatThrownBy(() -> CounterConfig.builder().coalescingWindow(Duration.ofSeconds(-1)).build())
                .hasMessageContaining("coalescingWindow");
        assertThatThrownBy(() -> CounterConfig.builder().retryBackoff(Duration.ofSeconds(2), Duration.ofSeconds(1))
                .build()).hasMessageContaining("retryMaxBackoff must be at least");
        assertThatThrownBy(() -> CounterConfig.builder().retryBackoff(null, Duration.ofSeconds(1)).build())
                .hasMessageContaining("retryInitialBackoff");
        assertThatThrownBy(() -> CounterConfig.builder().flushTimeout(Duration.ZERO).build())
                .hasMessageContaining("flushTimeout");
        assertThatThrownBy(() -> CounterConfig.builder().outagePolicy(null).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("outagePolicy must not be null");
        assertThat(CounterConfig.builder().shards(4).maxShards(16).build().maxShards()).isEqualTo(16);
    }
}
