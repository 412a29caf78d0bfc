package io.headroom.redis;

import io.headroom.notify.DispatchConfig;
import io.headroom.notify.NotificationDispatcher;
import io.headroom.spi.PushProvider;
import io.headroom.testkit.ManualScheduler;
import io.headroom.testkit.RedisServer;
import io.headroom.testkit.contract.InProcessPushFixture;
import io.headroom.testkit.contract.NotificationDispatcherContract;
import io.headroom.testkit.contract.PushFixture;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import java.time.Duration;
import java.util.UUID;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/**
 * The notification-dispatcher contract, unchanged, on the durable queue: every notification goes through a real
 * redis-server's stream (XADD, XREADGROUP, XACK) before the pipeline sends it.
 */
class RedisNotificationDispatcherStandaloneIT extends NotificationDispatcherContract {

    private static RedisClient client;
    private static StatefulRedisConnection<String, String> connection;

    @BeforeContainer
    static void connect() {
        client = RedisClient.create(RedisURI.create(RedisServer.shared().uri()));
        connection = client.connect();
    }

    @AfterContainer
    static void disconnect() {
        connection.close();
        client.shutdown();
    }

    @Override
    protected PushFixture fixture() {
        return new InProcessPushFixture();
    }

    @Override
    protected NotificationDispatcher create(DispatchConfig config, PushProvider provider, ManualScheduler scheduler) {
        return RedisNotificationDispatcher.create(RedisBackend.of(connection), config, provider,
                RedisDurableOptions.builder().keyPrefix("contract:" + UUID.randomUUID() + ":")
                        .pollInterval(Duration.ofMillis(20)).build(), scheduler.ticker(), scheduler);
    }
}
