package io.headroom.spring.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import io.headroom.spi.SendResult;
import io.headroom.spi.PushProvider;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/** headroom.dispatch.dispatchers.NAME.backend=redis-durable needs Redis; the Redis IT sends through one. */
class DurableDispatcherConditionsTest {

    static final PushProvider PROVIDER = batch -> CompletableFuture.completedFuture(
            batch.stream().map(n -> SendResult.delivered("m")).toList());

    final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(HeadroomRedisAutoConfiguration.class,
                    HeadroomAutoConfiguration.class))
            .withBean(PushProvider.class, () -> PROVIDER);

    @Test
    void aDurableDispatcherWithoutRedisFailsNamingTheProperty() {
        runner.withPropertyValues("headroom.dispatch.dispatchers.push.backend=redis-durable").run(ctx ->
                assertThat(StartupFailures.property(ctx)).startsWith("headroom.dispatch.dispatchers.push.backend: ")
                        .contains("headroom.redis.uri"));
    }

    @Test
    void shardsWithoutTheDurableBackendFailNamingTheProperty() {
        runner.withPropertyValues("headroom.dispatch.dispatchers.push.shards=4").run(ctx ->
                assertThat(StartupFailures.property(ctx)).startsWith("headroom.dispatch.dispatchers.push.shards: "));
    }

    @Test
    void anUnknownBackendFailsBinding() {
        runner.withPropertyValues("headroom.dispatch.dispatchers.push.backend=kafka").run(ctx ->
                assertThat(StartupFailures.property(ctx)).startsWith("headroom.dispatch.dispatchers.push.backend"));
    }

    @Test
    void theDefaultIsInMemory() {
        runner.withPropertyValues("headroom.dispatch.dispatchers.push.max-batch-size=10").run(ctx ->
                assertThat(ctx.getBean(io.headroom.spring.HeadroomRegistry.class).dispatcher("push"))
                        .isNotInstanceOf(io.headroom.redis.RedisNotificationDispatcher.class));
    }
}
