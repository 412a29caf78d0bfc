package io.headroom.spring.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import io.headroom.ratelimit.BlockedKeyCache;
import io.headroom.ratelimit.RateLimitConfig;
import io.headroom.spring.HeadroomRegistry;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/** The limiter's blocked-key cache and limits-refresh settings as properties. */
class RateLimitSettingsTest {

    final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(HeadroomAutoConfiguration.class))
            .withPropertyValues("headroom.rate-limit.limiters.api.bandwidths[0]=10/1m");

    RateLimitConfig config(org.springframework.context.ApplicationContext ctx) {
        return ctx.getBean(HeadroomRegistry.class).rateLimiter("api").config();
    }

    @Test
    void unsetKeepsTheSdkDefaults() {
        runner.run(ctx -> assertThat(config(ctx).blockedKeyCache()).isEqualTo(BlockedKeyCache.ofDefaults()));
    }

    @Test
    void theBlockedKeyCacheIsSetPartlyKeepingTheRestOfTheDefaults() {
        runner.withPropertyValues("headroom.rate-limit.limiters.api.blocked-key-cache.maximum-size=500",
                "headroom.rate-limit.limiters.api.blocked-key-cache.max-block=250ms",
                "headroom.rate-limit.limiters.api.limits-refresh=2s").run(ctx -> {
                    assertThat(config(ctx).blockedKeyCache())
                            .isEqualTo(new BlockedKeyCache(true, 500, Duration.ofMillis(250)));
                    assertThat(config(ctx).limitsRefresh()).isEqualTo(Duration.ofSeconds(2));
                });
        runner.withPropertyValues("headroom.rate-limit.limiters.api.blocked-key-cache.enabled=false")
                .run(ctx -> assertThat(config(ctx).blockedKeyCache().enabled()).isFalse());
    }

    @Test
    void badValuesFailNamingTheProperty() {
        runner.withPropertyValues("headroom.rate-limit.limiters.api.blocked-key-cache.max-block=2h").run(ctx ->
                assertThat(StartupFailures.property(ctx))
                        .startsWith("headroom.rate-limit.limiters.api.blocked-key-cache.max-block: maxBlock"));
        runner.withPropertyValues("headroom.rate-limit.limiters.api.blocked-key-cache.maximum-size=0").run(ctx ->
                assertThat(StartupFailures.property(ctx))
                        .startsWith("headroom.rate-limit.limiters.api.blocked-key-cache.maximum-size: maximumSize"));
        runner.withPropertyValues("headroom.rate-limit.limiters.api.limits-refresh=-1s").run(ctx ->
                assertThat(StartupFailures.property(ctx))
                        .startsWith("headroom.rate-limit.limiters.api.limits-refresh: "));
    }
}
