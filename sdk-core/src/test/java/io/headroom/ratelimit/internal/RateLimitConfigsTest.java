package io.headroom.ratelimit.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.headroom.ratelimit.Bandwidth;
import io.headroom.ratelimit.RateLimitAlgorithm;
import io.headroom.ratelimit.RateLimitConfig;
import io.headroom.ratelimit.RateLimitOutagePolicy;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class RateLimitConfigsTest {

    @Test
    void localShareDividesCapacities() {
        RateLimitConfig c = RateLimitConfig.builder().name("api").algorithm(RateLimitAlgorithm.SLIDING_WINDOW)
                .outagePolicy(RateLimitOutagePolicy.LOCAL_FALLBACK).expectedInstances(4)
                .bandwidth(Bandwidth.of(100, Duration.ofMinutes(1)).named("m"))
                .bandwidth(Bandwidth.of(3, Duration.ofSeconds(1)).named("s")).build();
        RateLimitConfig share = RateLimitConfigs.localShare(c);
        assertThat(share.bandwidths()).extracting(Bandwidth::capacity).containsExactly(25L, 1L);
        assertThat(share.bandwidths()).extracting(Bandwidth::name).containsExactly("m", "s");
        assertThat(share.bandwidths()).extracting(Bandwidth::period)
                .containsExactly(Duration.ofMinutes(1), Duration.ofSeconds(1));
        assertThat(share.name()).isEqualTo("api");
        assertThat(share.algorithm()).isEqualTo(RateLimitAlgorithm.SLIDING_WINDOW);
        assertThat(share.expectedInstances()).isEqualTo(4);
        RateLimitConfig one = RateLimitConfig.ofDefaults();
        assertThat(RateLimitConfigs.localShare(one)).isSameAs(one);
    }

    @Test
    void checkPermitsAcceptsOneToTheSmallestCapacity() {
        RateLimitConfig c = RateLimitConfig.builder().name("api")
                .bandwidth(Bandwidth.of(100, Duration.ofMinutes(1)).named("m"))
                .bandwidth(Bandwidth.of(3, Duration.ofSeconds(1)).named("s")).build();
        assertThat(RateLimitConfigs.checkPermits(c, 1)).isEqualTo(1);
        assertThat(RateLimitConfigs.checkPermits(c, 3)).isEqualTo(3);
        assertThatThrownBy(() -> RateLimitConfigs.checkPermits(c, 0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("permits must be between 1 and 3 (the smallest bandwidth capacity of limiter 'api'), was 0");
        assertThatThrownBy(() -> RateLimitConfigs.checkPermits(c, 4)).hasMessageContaining("was 4");
    }
}
