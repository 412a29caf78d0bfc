package io.headroom.redis;

import io.headroom.testkit.RedisCluster;
import io.headroom.testkit.contract.PaginatorContract;
import io.lettuce.core.RedisURI;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import java.util.stream.Collectors;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/** The paginator contract, unchanged, against a real 3-master Redis Cluster. */
class RedisPaginatorClusterIT extends PaginatorContract {

    private static RedisClusterClient client;
    private static StatefulRedisClusterConnection<String, String> connection;
    private static RedisBackend backend;

    @BeforeContainer
    static void connect() {
        client = RedisClusterClient.create(RedisCluster.shared().uris().stream()
                .map(RedisURI::create).collect(Collectors.toList()));
        connection = client.connect();
        backend = RedisBackend.of(connection);
    }

    @AfterContainer
    static void disconnect() {
        connection.close();
        client.shutdown();
    }

    @Override
    protected Store newStore() {
        return ContractPaginators.store(backend);
    }
}
