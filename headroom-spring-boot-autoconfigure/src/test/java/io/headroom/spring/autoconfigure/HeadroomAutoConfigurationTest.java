package io.headroom.spring.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import io.headroom.cache.CacheAside;
import io.headroom.counter.ShardedCounter;
import io.headroom.page.PaginatorConfig;
import io.headroom.ratelimit.RateLimitConfig;
import io.headroom.ratelimit.RateLimiter;
import io.headroom.redis.RedisBackend;
import io.headroom.spring.HeadroomRegistry;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.BeanFactoryAnnotationUtils;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Every condition of the core and Redis auto-configurations, without a server (Spring Boot's own idiom). */
class HeadroomAutoConfigurationTest {

    static final String SECRET_1 = Base64.getEncoder().encodeToString(new byte[32]);
    static final String SECRET_2 = Base64.getEncoder().encodeToString("0123456789abcdef0123456789abcdef".getBytes());

    final ApplicationContextRunner runner = new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(
            HeadroomRedisAutoConfiguration.class, HeadroomFirestoreAutoConfiguration.class,
            HeadroomAutoConfiguration.class, HeadroomSearchAutoConfiguration.class,
            HeadroomCacheAutoConfiguration.class));

    @Test
    void withoutPropertiesThereIsAnEmptyRegistryInMemoryAndNoBackend() {
        runner.run(ctx -> {
            assertThat(ctx).hasNotFailed().hasSingleBean(HeadroomRegistry.class).doesNotHaveBean(RedisBackend.class)
                    .doesNotHaveBean("headroomRedisHealthIndicator").doesNotHaveBean(PrimitiveBackend.class);
            assertThat(ctx.getBean(HeadroomRegistry.class).rateLimiterNames()).isEmpty();
        });
    }

    @Test
    void everyPrimitiveIsCreatedByNameAndInjectableByQualifier() {
        runner.withPropertyValues(
                "headroom.rate-limit.limiters.api-per-user.bandwidths[0]=2/1m",
                "headroom.rate-limit.limiters.api-per-user.bandwidths[1]=burst=1000/1h",
                "headroom.counter.counters.views.shards=4",
                "headroom.cache.caches.profile.ttl=1h",
                "headroom.pagination.paginators.feed.max-page-size=50",
                "headroom.pagination.paginators.feed.cursor-keys[0].id=k2",
                "headroom.pagination.paginators.feed.cursor-keys[0].secret=" + SECRET_2,
                "headroom.pagination.paginators.feed.cursor-keys[1].id=k1",
                "headroom.pagination.paginators.feed.cursor-keys[1].secret=" + SECRET_1).run(ctx -> {
            assertThat(ctx).hasNotFailed();
            HeadroomRegistry registry = ctx.getBean(HeadroomRegistry.class);
            RateLimiter limiter = BeanFactoryAnnotationUtils.qualifiedBeanOfType(ctx.getBeanFactory(),
                    RateLimiter.class, "api-per-user");
            assertThat(limiter).isSameAs(registry.rateLimiter("api-per-user"));
            RateLimitConfig config = limiter.config();
            assertThat(config.name()).isEqualTo("api-per-user");
            assertThat(config.bandwidths()).extracting(b -> b.capacity()).containsExactly(2L, 1000L);
            assertThat(config.bandwidths().get(1).name()).isEqualTo("burst");
            assertThat(limiter.tryAcquire("u1").allowed()).isTrue();
            assertThat(limiter.tryAcquire("u1").allowed()).isTrue();
            assertThat(limiter.tryAcquire("u1").allowed()).isFalse();

            ShardedCounter views = BeanFactoryAnnotationUtils.qualifiedBeanOfType(ctx.getBeanFactory(),
                    ShardedCounter.class, "views");
            assertThat(views.config().shards()).isEqualTo(4);
            @SuppressWarnings("unchecked")
            CacheAside<Object, Object> profile = BeanFactoryAnnotationUtils.qualifiedBeanOfType(ctx.getBeanFactory(),
                    CacheAside.class, "profile");
            assertThat(profile.config().ttl()).hasHours(1);
            assertThat(profile.get("a", k -> "A")).isEqualTo("A");

            PaginatorConfig feed = BeanFactoryAnnotationUtils.qualifiedBeanOfType(ctx.getBeanFactory(),
                    PaginatorConfig.class, "feed");
            assertThat(feed.maxPageSize()).isEqualTo(50);
            assertThat(feed.cursorKeys().currentId()).isEqualTo("k2");
            assertThat(feed.cursorKeys().ids()).containsExactlyInAnyOrder("k1", "k2");
            assertThat(registry.rateLimiterNames()).containsExactly("api-per-user");
            assertThat(registry.counterNames()).containsExactly("views");
            assertThat(registry.cacheNames()).containsExactly("profile");
            assertThat(registry.paginatorNames()).containsExactly("feed");
        });
    }

    @Test
    void anUnknownNameIsRefusedWithTheKnownOnes() {
        runner.withPropertyValues("headroom.rate-limit.limiters.api.bandwidths[0]=1/1s").run(ctx ->
                org.assertj.core.api.Assertions.assertThatThrownBy(() ->
                        ctx.getBean(HeadroomRegistry.class).rateLimiter("apj"))
                        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'apj'")
                        .hasMessageContaining("[api]"));
    }

    @Test
    void aBadBandwidthFailsTheStartNamingTheProperty() {
        runner.withPropertyValues("headroom.rate-limit.limiters.api-per-user.bandwidths[0]=100/fortnight")
                .run(ctx -> assertThat(StartupFailures.property(ctx))
                        .startsWith("headroom.rate-limit.limiters.api-per-user.bandwidths[0]: ")
                        .contains("fortnight"));
    }

    @Test
    void aBandwidthBreakingTheSdkRuleFailsNamingTheProperty() {
        runner.withPropertyValues("headroom.rate-limit.limiters.api.bandwidths[0]=0/1m")
                .run(ctx -> assertThat(StartupFailures.property(ctx))
                        .startsWith("headroom.rate-limit.limiters.api.bandwidths[0]: ").contains("capacity"));
    }

    @Test
    void aLimiterWithoutBandwidthsFailsNamingTheProperty() {
        runner.withPropertyValues("headroom.rate-limit.limiters.api.algorithm=sliding-window")
                .run(ctx -> assertThat(StartupFailures.property(ctx)).startsWith("headroom.rate-limit.limiters.api.bandwidths: "));
    }

    @Test
    void aBadCacheTtlFailsNamingTheProperty() {
        runner.withPropertyValues("headroom.cache.caches.profile.ttl=-1s")
                .run(ctx -> assertThat(StartupFailures.property(ctx)).startsWith("headroom.cache.caches.profile.ttl: "));
    }

    @Test
    void aBadCounterSettingFailsNamingTheProperty() {
        runner.withPropertyValues("headroom.counter.counters.views.shards=0")
                .run(ctx -> assertThat(StartupFailures.property(ctx)).startsWith("headroom.counter.counters.views.shards: "));
    }

    @Test
    void aShortCursorSecretFailsNamingTheKeyButNotTheSecret() {
        String shortSecret = Base64.getEncoder().encodeToString(new byte[8]);
        runner.withPropertyValues("headroom.pagination.paginators.feed.cursor-keys[0].id=k1",
                "headroom.pagination.paginators.feed.cursor-keys[0].secret=" + shortSecret).run(ctx -> {
            assertThat(StartupFailures.property(ctx)).startsWith("headroom.pagination.paginators.feed.cursor-keys[0]: ")
                    .doesNotContain(shortSecret);
            java.io.StringWriter trace = new java.io.StringWriter();
            ctx.getStartupFailure().printStackTrace(new java.io.PrintWriter(trace));
            assertThat(trace.toString()).doesNotContain(shortSecret);
        });
    }

    @Test
    void aRedisBackendWithoutRedisFailsNamingTheProperty() {
        runner.withPropertyValues("headroom.rate-limit.limiters.api.bandwidths[0]=1/1s",
                "headroom.rate-limit.limiters.api.backend=redis")
                .run(ctx -> assertThat(StartupFailures.property(ctx)).startsWith("headroom.rate-limit.limiters.api.backend: ")
                        .contains("headroom.redis.uri"));
    }

    @Test
    void aBadRedisUriFailsNamingTheProperty() {
        runner.withPropertyValues("headroom.redis.uri=notaredis://x")
                .run(ctx -> assertThat(StartupFailures.property(ctx)).startsWith("headroom.redis.uri: "));
    }

    @Test
    void withoutSdkRedisTheUriIsIgnoredAndPrimitivesStayInMemory() {
        runner.withClassLoader(new FilteredClassLoader(RedisBackend.class))
                .withPropertyValues("headroom.redis.uri=redis://127.0.0.1:1",
                        "headroom.rate-limit.limiters.api.bandwidths[0]=1/1s").run(ctx -> {
                    assertThat(ctx).hasNotFailed().doesNotHaveBean(PrimitiveBackend.class);
                    assertThat(ctx.getBean(HeadroomRegistry.class).rateLimiter("api").tryAcquire("k").allowed())
                            .isTrue();
                });
    }

    @Test
    void aBeanOfTheApplicationWithAPrimitivesNameReplacesIt() {
        runner.withUserConfiguration(OwnLimiter.class)
                .withPropertyValues("headroom.rate-limit.limiters.api.bandwidths[0]=1/1s").run(ctx -> {
                    assertThat(ctx).hasNotFailed().doesNotHaveBean("headroom.rateLimiter.api");
                    assertThat(ctx.getBean(HeadroomRegistry.class).rateLimiter("api"))
                            .isSameAs(ctx.getBean("api"));
                    assertThat(ctx.getBean(HeadroomRegistry.class).rateLimiterNames()).isEmpty();
                });
    }

    @Test
    void aRegistryOfTheApplicationReplacesHeadrooms() {
        HeadroomRegistry own = new DefaultHeadroomRegistry(new org.springframework.boot.context.properties.bind.Binder(
                java.util.List.of()).bindOrCreate("headroom", HeadroomProperties.class), java.util.List.of(), PrimitiveMetrics.NONE, null,
                new org.springframework.beans.factory.support.DefaultListableBeanFactory());
        runner.withBean(HeadroomRegistry.class, () -> own).run(ctx ->
                assertThat(ctx).hasNotFailed().getBean(HeadroomRegistry.class).isSameAs(own));
    }

    @Test
    void anUnconfiguredNameFindsTheApplicationsBeanOfThatName() {
        runner.withUserConfiguration(OwnLimiter.class).run(ctx -> {
            assertThat(ctx).hasNotFailed();
            // not configured under headroom.*, but a bean of that name: @RateLimited(limiter = "api") finds it
            assertThat(ctx.getBean(HeadroomRegistry.class).rateLimiter("api")).isSameAs(ctx.getBean("api"));
        });
    }

    @Test
    void primitivesAreMeteredWhenAMeterRegistryExists() {
        runner.withBean(MeterRegistry.class, SimpleMeterRegistry::new)
                .withPropertyValues("headroom.rate-limit.limiters.api.bandwidths[0]=1/1m",
                        "headroom.cache.caches.profile.ttl=1m", "headroom.counter.counters.views.shards=1")
                .run(ctx -> {
                    HeadroomRegistry registry = ctx.getBean(HeadroomRegistry.class);
                    registry.rateLimiter("api").tryAcquire("k");
                    registry.rateLimiter("api").tryAcquire("k");
                    MeterRegistry meters = ctx.getBean(MeterRegistry.class);
                    assertThat(meters.get("headroom.ratelimit.decisions").tag("limiter", "api")
                            .tag("result", "denied").counter().count()).isEqualTo(1.0);
                    assertThat(meters.find("headroom.cache.requests").tag("cache", "profile").meters()).isNotEmpty();
                    assertThat(meters.find("headroom.counter.pending").tag("counter", "views").gauge()).isNotNull();
                });
    }

    @Test
    void withoutMicrometerThePrimitivesStillWork() {
        runner.withClassLoader(new FilteredClassLoader(MeterRegistry.class))
                .withPropertyValues("headroom.rate-limit.limiters.api.bandwidths[0]=1/1m")
                .run(ctx -> assertThat(ctx.getBean(HeadroomRegistry.class).rateLimiter("api").tryAcquire("k")
                        .allowed()).isTrue());
    }

    @Test
    void countersAreClosedAtShutdown() {
        ShardedCounter[] counter = new ShardedCounter[1];
        runner.withPropertyValues("headroom.counter.counters.views.shards=1").run(ctx -> {
            counter[0] = ctx.getBean(HeadroomRegistry.class).counter("views");
            counter[0].increment("a", 1);
        });
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> counter[0].increment("a", 1))
                .isInstanceOf(io.headroom.ClosedException.class);
    }

    @Configuration(proxyBeanMethods = false)
    static class OwnLimiter {
        @Bean
        RateLimiter api() {
            return RateLimiter.inMemory(RateLimitConfig.builder().name("own")
                    .bandwidth(io.headroom.ratelimit.Bandwidth.of(5, java.time.Duration.ofSeconds(1))).build());
        }
    }
}
