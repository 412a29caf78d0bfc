package io.headroom.redis;

import io.headroom.Ticker;
import io.headroom.cache.CacheAside;
import io.headroom.cache.CacheConfig;
import io.headroom.testkit.RedisCluster;
import io.headroom.testkit.contract.CacheAsideContract;
import io.lettuce.core.RedisURI;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/** The cache-aside contract, unchanged, against a real 3-master Redis Cluster shared by three cache instances. */
class RedisCacheAsideClusterIT extends CacheAsideContract {

    private static RedisClusterClient client;
    private static StatefulRedisClusterConnection<String, String> connection;
    private static List<StatefulRedisPubSubConnection<String, String>> pubSubs;
    private static ContractCaches caches;

    @BeforeContainer
    static void connect() {
        client = RedisClusterClient.create(RedisCluster.shared().uris().stream()
                .map(RedisURI::create).collect(Collectors.toList()));
        connection = client.connect();
        pubSubs = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            pubSubs.add(client.connectPubSub());
        }
        caches = new ContractCaches(RedisBackend.of(connection), pubSubs);
    }

    @AfterContainer
    static void disconnect() {
        caches.closeAll();
        pubSubs.forEach(StatefulRedisPubSubConnection::close);
        connection.close();
        client.shutdown();
    }

    @Override
    protected CacheAside<String, String> create(String namespace, CacheConfig<String> config, Ticker ticker) {
        return caches.create(namespace, config, ticker);
    }

    @Override
    protected int instances() {
        return 3;
    }

    @Override
    protected void awaitPropagation(String namespace, CacheConfig<String> config) {
        caches.awaitPropagation(namespace, config);
    }
}
