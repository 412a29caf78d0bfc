package io.headroom.redis;

import static org.assertj.core.api.Assertions.assertThat;

import io.headroom.counter.CounterConfig;
import io.headroom.counter.ShardedCounter;
import io.headroom.testkit.RedisCluster;
import io.headroom.testkit.contract.ShardedCounterContract;
import io.lettuce.core.RedisURI;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.SlotHash;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import net.jqwik.api.Example;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/**
 * The sharded-counter contract, unchanged, against a real 3-master Redis Cluster, with every counter spread over
 * 3 shards (3 hash slots): reads sum shards on different nodes, resets take each shard atomically.
 */
class RedisShardedCounterClusterIT extends ShardedCounterContract {

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
    protected CounterConfig.Builder baseConfig() {
        return CounterConfig.builder().shards(3).flushTimeout(Duration.ofSeconds(30));
    }

    @Override
    protected List<ShardedCounter> createSharing(CounterConfig config, int instances) {
        RedisOptions options = RedisOptions.builder().keyPrefix("contract:" + UUID.randomUUID() + ":")
                .timeout(Duration.ofSeconds(5)).build();
        List<ShardedCounter> counters = new ArrayList<>();
        for (int i = 0; i < instances; i++) {
            counters.add(RedisShardedCounter.create(RedisBackend.of(connection), config, options));
        }
        return counters;
    }

    @Example
    void aHotCounterSpreadsOverSeveralSlots() {
        RedisShardedCounter counter = RedisShardedCounter.create(RedisBackend.of(connection),
                CounterConfig.builder().shards(4).build(), RedisOptions.builder().keyPrefix(UUID.randomUUID() + ":")
                        .timeout(Duration.ofSeconds(5)).build());
        try (counter) {
            for (int i = 0; i < 200; i++) {
                counter.increment("hot", 1);
            }
            Set<Integer> slots = new HashSet<>();
            for (int s = 0; s < 4; s++) {
                String key = counter.key("hot", s);
                assertThat(connection.sync().hget(key, "v")).as(key).isNotNull();
                slots.add(SlotHash.getSlot(key));
            }
            assertThat(slots).hasSize(4);
            assertThat(counter.get("hot")).isEqualTo(200);
            assertThat(counter.reset("hot")).isEqualTo(200);
        }
    }
}
