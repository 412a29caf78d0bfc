package io.headroom.redis;

import io.headroom.notify.DispatchConfig;
import io.headroom.notify.NotificationDispatcher;
import io.headroom.spi.PushProvider;
import io.headroom.testkit.ManualScheduler;
import io.headroom.testkit.contract.InProcessPushFixture;
import io.headroom.testkit.contract.NotificationDispatcherContract;
import io.headroom.testkit.contract.PushFixture;
import io.headroom.testkit.RedisCluster;
import io.lettuce.core.RedisURI;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import java.util.stream.Collectors;
import java.time.Duration;
import java.util.UUID;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/**
 * The notification-dispatcher contract, unchanged, on the durable queue over a real 3-master Redis Cluster, with
 * 4 hash-tagged stream shards spread over the cluster's nodes.
 */
class RedisNotificationDispatcherClusterIT extends NotificationDispatcherContract {

    private static RedisClusterClient client;
    private static StatefulRedisClusterConnection<String, String> connection;

    @BeforeContainer
    static void connect() {
        client = RedisClusterClient.create(RedisCluster.shared().uris().stream()
                .map(RedisURI::create).collect(Collectors.toList()));
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
                        .shards(4).pollInterval(Duration.ofMillis(20)).build(), scheduler.ticker(), scheduler);
    }
}
