package io.headroom.spring.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.headroom.ClosedException;
import io.headroom.presence.Presence;
import io.headroom.presence.PresenceConfig;
import io.headroom.presence.PresenceOutagePolicy;
import io.headroom.presence.Sessions;
import io.headroom.presence.Typing;
import io.headroom.redis.RedisPresence;
import io.headroom.spring.HeadroomRegistry;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.BeanFactoryAnnotationUtils;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Presence trackers, typing indicators and session stores from headroom.presence/typing/sessions.*, no server. */
class PresenceAutoConfigurationTest {

    final ApplicationContextRunner runner = new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(
            HeadroomRedisAutoConfiguration.class, HeadroomFirestoreAutoConfiguration.class,
            HeadroomAutoConfiguration.class));

    static final String[] ALL = {
        "headroom.presence.trackers.online.ttl=45s",
        "headroom.presence.trackers.online.sweep-interval=5s",
        "headroom.presence.trackers.online.outage-policy=unknown",
        "headroom.typing.indicators.chat.max-typers=3",
        "headroom.sessions.stores.web.max-per-user=2",
        "headroom.sessions.stores.web.idle-timeout=1h"};

    @Test
    void eachIsCreatedInMemoryByNameAndInjectableByQualifier() {
        runner.withPropertyValues(ALL).run(ctx -> {
            assertThat(ctx).hasNotFailed();
            HeadroomRegistry registry = ctx.getBean(HeadroomRegistry.class);
            assertThat(registry.presenceNames()).containsExactly("online");
            assertThat(registry.typingNames()).containsExactly("chat");
            assertThat(registry.sessionsNames()).containsExactly("web");

            Presence online = BeanFactoryAnnotationUtils.qualifiedBeanOfType(ctx.getBeanFactory(), Presence.class,
                    "online");
            assertThat(online).isSameAs(registry.presence("online")).isNotInstanceOf(RedisPresence.class);
            PresenceConfig config = online.config();
            assertThat(config.name()).isEqualTo("online");
            assertThat(config.ttl()).isEqualTo(Duration.ofSeconds(45));
            assertThat(config.sweepInterval()).isEqualTo(Duration.ofSeconds(5));
            assertThat(config.outagePolicy()).isEqualTo(PresenceOutagePolicy.UNKNOWN);
            online.heartbeat("u1", "phone");
            assertThat(online.status("u1").online()).isTrue();

            Typing chat = BeanFactoryAnnotationUtils.qualifiedBeanOfType(ctx.getBeanFactory(), Typing.class, "chat");
            assertThat(chat).isSameAs(registry.typing("chat"));
            assertThat(chat.config().maxTypers()).isEqualTo(3);
            chat.typing("c1", "u1");
            assertThat(chat.typingIn("c1")).containsExactly("u1");

            Sessions web = BeanFactoryAnnotationUtils.qualifiedBeanOfType(ctx.getBeanFactory(), Sessions.class, "web");
            assertThat(web).isSameAs(registry.sessions("web"));
            assertThat(web.config().maxPerUser()).isEqualTo(2);
            assertThat(web.config().idleTimeout()).isEqualTo(Duration.ofHours(1));
            String token = web.create("u1", Map.of()).token();
            assertThat(web.validate(token)).isPresent();
        });
    }

    @Test
    void withoutPropertiesThereAreNoneAndAnUnknownNameListsTheKnownOnes() {
        runner.run(ctx -> {
            assertThat(ctx).hasNotFailed().doesNotHaveBean(Presence.class).doesNotHaveBean(Typing.class)
                    .doesNotHaveBean(Sessions.class);
            HeadroomRegistry registry = ctx.getBean(HeadroomRegistry.class);
            assertThat(registry.presenceNames()).isEmpty();
            assertThatThrownBy(() -> registry.sessions("web")).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("headroom.sessions.stores.web");
        });
    }

    @Test
    void badValuesFailTheStartNamingTheProperty() {
        runner.withPropertyValues("headroom.presence.trackers.online.ttl=-1s").run(ctx ->
                assertThat(StartupFailures.property(ctx)).startsWith("headroom.presence.trackers.online.ttl: "));
        runner.withPropertyValues("headroom.typing.indicators.chat.max-typers=0").run(ctx ->
                assertThat(StartupFailures.property(ctx)).startsWith("headroom.typing.indicators.chat.max-typers: "));
        runner.withPropertyValues("headroom.sessions.stores.web.max-per-user=0").run(ctx ->
                assertThat(StartupFailures.property(ctx)).startsWith("headroom.sessions.stores.web.max-per-user: "));
        runner.withPropertyValues("headroom.sessions.stores.web.idle-timeout=soon").run(ctx ->
                assertThat(StartupFailures.property(ctx)).startsWith("headroom.sessions.stores.web.idle-timeout"));
    }

    @Test
    void aRedisBackendWithoutRedisFailsNamingTheProperty() {
        runner.withPropertyValues("headroom.presence.trackers.online.backend=redis").run(ctx ->
                assertThat(StartupFailures.property(ctx)).startsWith("headroom.presence.trackers.online.backend: ")
                        .contains("headroom.redis.uri"));
        runner.withPropertyValues("headroom.firestore.project-id=p", "headroom.firestore.emulator-host=localhost:1",
                "headroom.typing.indicators.chat.backend=firestore").run(ctx ->
                assertThat(StartupFailures.property(ctx)).startsWith("headroom.typing.indicators.chat.backend: "));
    }

    @Test
    void withoutSdkRedisTheyStayInMemory() {
        runner.withClassLoader(new FilteredClassLoader(io.headroom.redis.RedisBackend.class))
                .withPropertyValues("headroom.redis.uri=redis://localhost:1", "headroom.presence.trackers.online.ttl=1m")
                .run(ctx -> {
                    assertThat(ctx).hasNotFailed().doesNotHaveBean(PrimitiveBackend.class);
                    ctx.getBean(HeadroomRegistry.class).presence("online").heartbeat("u", "d");
                });
    }

    @Test
    void aBeanOfTheApplicationWithTheNameReplacesHeadroomsAndIsFound() {
        runner.withUserConfiguration(OwnPresence.class).withPropertyValues("headroom.presence.trackers.online.ttl=1m")
                .run(ctx -> {
                    assertThat(ctx).hasNotFailed().doesNotHaveBean("headroom.presence.online");
                    HeadroomRegistry registry = ctx.getBean(HeadroomRegistry.class);
                    assertThat(registry.presence("online")).isSameAs(ctx.getBean("online"));
                    assertThat(registry.presenceNames()).isEmpty();
                });
    }

    @Test
    void theyAreBoundToMicrometerWhenAMeterRegistryExistsAndWorkWithout() {
        // the in-memory kinds have no backend meters: the binder is applied (a Micrometer-less class path still
        // starts, and a registry present changes nothing visible); the Redis IT sees the meters
        runner.withClassLoader(new FilteredClassLoader(MeterRegistry.class)).withPropertyValues(ALL)
                .run(ctx -> assertThat(ctx).hasNotFailed().doesNotHaveBean(PrimitiveMetrics.class));
        runner.withBean(MeterRegistry.class, io.micrometer.core.instrument.simple.SimpleMeterRegistry::new)
                .withPropertyValues(ALL).run(ctx -> assertThat(ctx.getBean(PrimitiveMetrics.class))
                        .isInstanceOf(MicrometerPrimitiveMetrics.class));
    }

    @Test
    void theyAreClosedAtShutdown() {
        Object[] made = new Object[3];
        runner.withPropertyValues(ALL).run(ctx -> {
            HeadroomRegistry registry = ctx.getBean(HeadroomRegistry.class);
            made[0] = registry.presence("online");
            made[1] = registry.typing("chat");
            made[2] = registry.sessions("web");
        });
        assertThatThrownBy(() -> ((Presence) made[0]).heartbeat("u", "d")).isInstanceOf(ClosedException.class);
        assertThatThrownBy(() -> ((Typing) made[1]).typing("c", "u")).isInstanceOf(ClosedException.class);
        assertThatThrownBy(() -> ((Sessions) made[2]).create("u", Map.of())).isInstanceOf(ClosedException.class);
    }

    @Configuration(proxyBeanMethods = false)
    static class OwnPresence {
        @Bean
        Presence online() {
            return Presence.inMemory(PresenceConfig.builder().name("own").build());
        }
    }
}
