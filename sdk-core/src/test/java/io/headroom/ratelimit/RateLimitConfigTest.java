package io.headroom.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class RateLimitConfigTest {

    @Test
    void defaultsAreDocumented() {
        RateLimitConfig c = RateLimitConfig.ofDefaults();
        assertThat(c.name()).isEqualTo("default");
        assertThat(c.algorithm()).isEqualTo(RateLimitAlgorithm.GCRA);
        assertThat(c.bandwidths()).containsExactly(Bandwidth.of(100, Duration.ofMinutes(1)));
        assertThat(c.outagePolicy()).isEqualTo(RateLimitOutagePolicy.LOCAL_FALLBACK);
        assertThat(c.expectedInstances()).isEqualTo(1);
        assertThat(c.minCapacity()).isEqualTo(100);
        assertThat(c.bandwidths().get(0).name()).isEqualTo("100-per-60s");
        assertThat(Bandwidth.of(5, Duration.ofMillis(1500)).name()).isEqualTo("5-per-1500ms");
    }

    @Test
    void isImmutableAndComparable() {
        RateLimitConfig.Builder b = RateLimitConfig.builder().bandwidth(Bandwidth.of(1, Duration.ofSeconds(1)));
        RateLimitConfig c = b.build();
        b.bandwidth(Bandwidth.of(2, Duration.ofSeconds(1)));
        assertThat(c.bandwidths()).hasSize(1);
        assertThatThrownBy(() -> c.bandwidths().add(Bandwidth.of(1, Duration.ofSeconds(2))))
                .isInstanceOf(UnsupportedOperationException.class);
        assertThat(c.toBuilder().build()).isEqualTo(c).hasSameHashCodeAs(c);
    }

    @Test
    void badBandwidthsNameTheRule() {
        assertThatThrownBy(() -> Bandwidth.of(0, Duration.ofSeconds(1))).hasMessageContaining("capacity must be between 1");
        assertThatThrownBy(() -> Bandwidth.of(-5, Duration.ofSeconds(1))).hasMessageContaining("capacity");
        assertThatThrownBy(() -> Bandwidth.of(1, Duration.ZERO)).hasMessageContaining("period must be between");
        assertThatThrownBy(() -> Bandwidth.of(1, Duration.ofSeconds(-1))).hasMessageContaining("period");
        assertThatThrownBy(() -> Bandwidth.of(1, Duration.ofDays(400))).hasMessageContaining("period must be between");
        assertThatThrownBy(() -> Bandwidth.of(1, null)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("period");
        assertThatThrownBy(() -> Bandwidth.of(2_000, Duration.ofMillis(1)))
                .hasMessageContaining("at most one permit per microsecond");
        assertThatThrownBy(() -> Bandwidth.of(1, Duration.ofSeconds(1)).named("has space"))
                .hasMessageContaining("name must be 1 to 64 characters");
    }

    @Test
    void badConfigsNameTheSetting() {
        Bandwidth bw = Bandwidth.of(1, Duration.ofSeconds(1));
        assertThatThrownBy(() -> RateLimitConfig.builder().build()).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("bandwidths must contain at least one");
        assertThatThrownBy(() -> RateLimitConfig.builder().bandwidth(null)).hasMessageContaining("bandwidth must not be null");
        assertThatThrownBy(() -> RateLimitConfig.builder().bandwidth(bw).bandwidth(bw).build())
                .hasMessageContaining("distinct names");
        assertThatThrownBy(() -> RateLimitConfig.builder().bandwidth(bw).name("").build()).hasMessageContaining("name must be");
        assertThatThrownBy(() -> RateLimitConfig.builder().bandwidth(bw).name("a{b}").build()).hasMessageContaining("name must be");
        assertThatThrownBy(() -> RateLimitConfig.builder().bandwidth(bw).algorithm(null).build())
                .hasMessageContaining("algorithm must not be null");
        assertThatThrownBy(() -> RateLimitConfig.builder().bandwidth(bw).outagePolicy(null).build())
                .hasMessageContaining("outagePolicy must not be null");
        assertThatThrownBy(() -> RateLimitConfig.builder().bandwidth(bw).expectedInstances(0).build())
                .hasMessageContaining("expectedInstances must be at least 1");
        RateLimitConfig.Builder many = RateLimitConfig.builder();
        for (int i = 0; i < 9; i++) {
            many.bandwidth(bw.named("b" + i));
        }
        assertThatThrownBy(many::build).hasMessageContaining("at most 8");
        assertThatThrownBy(() -> RateLimitConfig.builder().algorithm(RateLimitAlgorithm.SLIDING_WINDOW)
                .bandwidth(Bandwidth.of(1_000_000_000, Duration.ofDays(300))).build())
                .hasMessageContaining("2^50");
    }
}
