package io.headroom.cache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

class CacheMetricsTest {

    @Test
    void metersFollowTheStats() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        CacheAside<String, String> cache = CacheMetrics.bind(
                CacheAside.inMemory(CacheConfig.named("profile").codec(Codec.string()).build()), registry);
        cache.get("a", k -> "1");
        cache.get("a", k -> "1");
        try {
            cache.get("b", k -> {
                throw new IllegalStateException("down");
            });
        } catch (CacheLoadException expected) {
            // counted below
        }
        assertThat(registry.get("headroom.cache.requests").tag("cache", "profile").tag("result", "l1_hit")
                .functionCounter().count()).isEqualTo(1);
        assertThat(registry.get("headroom.cache.requests").tag("result", "miss").functionCounter().count())
                .isEqualTo(2);
        assertThat(registry.get("headroom.cache.loads").tag("result", "failure").functionCounter().count())
                .isEqualTo(1);
        assertThat(registry.get("headroom.cache.hit.ratio").gauge().value()).isEqualTo(1.0 / 3);
        assertThatThrownBy(() -> CacheMetrics.bind(null, registry)).isInstanceOf(IllegalArgumentException.class);
    }
}
