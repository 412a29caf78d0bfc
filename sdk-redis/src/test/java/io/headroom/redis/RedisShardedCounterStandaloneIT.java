package io.headroom.redis;

import io.headroom.counter.CounterConfig;
import io.headroom.counter.ShardedCounter;
import io.headroom.testkit.FaultProxy;
import io.headroom.testkit.RedisServer;
import io.headroom.testkit.contract.CounterFaults;
import io.headroom.testkit.contract.ShardedCounterContract;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/**
 * The sharded-counter contract, unchanged, against a real redis-server reached through the test kit's
 * fault-injecting proxy: the contract's fault tries black-hole it (requests are applied late, after the client
 * timed out and retried) or reset its connections. Two connections, so instances do not share one socket.
 */
class RedisShardedCounterStandaloneIT extends ShardedCounterContract {

    private static FaultProxy proxy;
    private static RedisClient client;
    private static final List<StatefulRedisConnection<String, String>> connections = new ArrayList<>();
    private static ScheduledExecutorService timer;

    @BeforeContainer
    static void connect() {
        RedisServer server = RedisServer.shared();
        proxy = FaultProxy.start(server.host(), server.port());
        client = RedisClient.create(RedisURI.create(proxy.uri()));
        connections.add(client.connect());
        connections.add(client.connect());
        timer = Executors.newSingleThreadScheduledExecutor();
    }

    @AfterContainer
    static void disconnect() {
        timer.shutdownNow();
        connections.forEach(StatefulRedisConnection::close);
        connections.clear();
        client.shutdown();
        proxy.close();
    }

    @Override
    protected CounterConfig.Builder baseConfig() {
        return CounterConfig.builder().retryBackoff(Duration.ofMillis(20), Duration.ofMillis(200))
                .flushTimeout(Duration.ofSeconds(30));
    }

    @Override
    protected List<ShardedCounter> createSharing(CounterConfig config, int instances) {
        RedisOptions options = RedisOptions.builder().keyPrefix("contract:" + UUID.randomUUID() + ":")
                .timeout(Duration.ofMillis(250)).build();
        List<ShardedCounter> counters = new ArrayList<>();
        for (int i = 0; i < instances; i++) {
            counters.add(RedisShardedCounter.create(RedisBackend.of(connections.get(i % connections.size())), config,
                    options));
        }
        return counters;
    }

    @Override
    protected CounterFaults faults() {
        return new CounterFaults() {
            @Override
            public void timeouts() {
                proxy.blackhole();
                timer.schedule(proxy::resume, 600, TimeUnit.MILLISECONDS);
            }

            @Override
            public void resetConnections() {
                proxy.resetConnections();
            }

            @Override
            public void heal() {
                proxy.heal();
                Instant deadline = Instant.now().plusSeconds(20);
                for (StatefulRedisConnection<String, String> c : connections) {
                    while (true) {
                        try {
                            c.async().ping().get(1, TimeUnit.SECONDS);
                            break;
                        } catch (Exception e) {
                            if (Instant.now().isAfter(deadline)) {
                                throw new AssertionError("Redis not reachable 20 s after healing the proxy", e);
                            }
                        }
                    }
                }
            }
        };
    }
}
