package io.headroom.redis;

import io.headroom.testkit.RedisServer;
import io.headroom.testkit.contract.PaginatorContract;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/** The paginator contract, unchanged, against a real standalone redis-server. */
class RedisPaginatorStandaloneIT extends PaginatorContract {

    private static RedisClient client;
    private static StatefulRedisConnection<String, String> connection;
    private static RedisBackend backend;

    @BeforeContainer
    static void connect() {
        client = RedisClient.create(RedisServer.shared().uri());
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
