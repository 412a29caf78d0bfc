package io.headroom.cache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.api.Test;

class CacheConfigTest {

    @Test
    void defaultsAreDocumented() {
        CacheConfig<Object> c = CacheConfig.ofDefaults();
        assertThat(c.name()).isEqualTo("default");
        assertThat(c.ttl()).isEqualTo(Duration.ofMinutes(5));
        assertThat(c.softTtl()).isNull();
        assertThat(c.jitter()).isEqualTo(0.1);
        assertThat(c.negativeTtl()).isNull();
        assertThat(c.maximumSize()).isEqualTo(10_000);
        assertThat(c.codec()).isNull();
        assertThat(c.maxValueBytes()).isEqualTo(1 << 20);
        assertThat(c.earlyRefreshBeta()).isZero();
        assertThat(c.outagePolicy()).isEqualTo(CacheOutagePolicy.BYPASS);
    }

    @Test
    void toBuilderRoundTripsAndEqualityIsByValue() {
        CacheConfig<String> c = CacheConfig.named("profile").codec(Codec.string()).ttl(Duration.ofHours(1))
                .softTtl(Duration.ofMinutes(50)).jitter(0.2).negativeTtl(Duration.ofMinutes(1)).maximumSize(5)
                .maxValueBytes(100).earlyRefresh(1.0).outagePolicy(CacheOutagePolicy.FAIL).build();
        assertThat(c.toBuilder().build()).isEqualTo(c).hasSameHashCodeAs(c);
        assertThat(c.toBuilder().ttl(Duration.ofHours(2)).build()).isNotEqualTo(c);
        assertThat(c.toString()).contains("profile", "PT1H", "FAIL");
    }

    @Test
    void eachRuleNamesItsSetting() {
        assertThatThrownBy(() -> CacheConfig.named("x").ttl(null).build()).hasMessageContaining("ttl must be positive");
        assertThatThrownBy(() -> CacheConfig.named("x").ttl(Duration.ofDays(400)).build())
                .hasMessageContaining("ttl must be at most");
        assertThatThrownBy(() -> CacheConfig.named("x").ttl(Duration.ofNanos(10)).build())
                .hasMessageContaining("at least 1 microsecond");
        assertThatThrownBy(() -> CacheConfig.named("x").softTtl(Duration.ofMinutes(6)).build())
                .hasMessageContaining("softTtl must not exceed ttl");
        assertThatThrownBy(() -> CacheConfig.named("x").softTtl(Duration.ZERO).build())
                .hasMessageContaining("softTtl must be positive");
        assertThatThrownBy(() -> CacheConfig.named("x").jitter(-0.1).build()).hasMessageContaining("jitter");
        assertThatThrownBy(() -> CacheConfig.named("").build()).hasMessageContaining("name must be 1 to 64");
        assertThatThrownBy(() -> CacheConfig.named("x".repeat(65)).build()).hasMessageContaining("name");
        assertThatThrownBy(() -> CacheConfig.named("x").earlyRefresh(11).build()).hasMessageContaining("earlyRefresh");
        assertThatThrownBy(() -> CacheConfig.named("x").earlyRefresh(Double.NaN).build())
                .hasMessageContaining("earlyRefresh");
    }

    @Property(tries = 200)
    void validSettingsAlwaysBuild(@ForAll @LongRange(min = 1, max = 86_400) long ttlSeconds,
                                  @ForAll @LongRange(min = 1, max = 86_400) long softSeconds,
                                  @ForAll @DoubleRange(min = 0, max = 0.5) double jitter) {
        long soft = Math.min(ttlSeconds, softSeconds);
        CacheConfig<Object> c = CacheConfig.named("p").ttl(Duration.ofSeconds(ttlSeconds))
                .softTtl(Duration.ofSeconds(soft)).jitter(jitter).build();
        assertThat(c.softTtl()).isLessThanOrEqualTo(c.ttl());
    }
}
