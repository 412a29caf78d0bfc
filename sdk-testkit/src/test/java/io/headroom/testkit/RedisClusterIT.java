package io.headroom.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.SlotHash;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import io.lettuce.core.cluster.api.sync.RedisAdvancedClusterCommands;
import io.lettuce.core.cluster.models.partitions.Partitions;
import java.net.ConnectException;
import java.net.Socket;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RedisClusterIT {

    @Test
    void withReplicasAFailoverAKilledMasterAndARestartEachLeaveAWholeCluster() {
        try (RedisCluster cluster = RedisCluster.startWithReplicas()) {
            assertThat(cluster.uris()).hasSize(6);
            assertThat(List.of(cluster.masterOf(0), cluster.masterOf(1), cluster.masterOf(2))).containsExactly(0, 1, 2);
            RedisClusterClient client = RedisClusterClient.create(cluster.uris().stream().map(RedisURI::create).toList());
            try (StatefulRedisClusterConnection<String, String> connection = client.connect()) {
                assertThat(connection.getPartitions().size()).isEqualTo(6);
                connection.sync().set("{a}k", "before");
                int slot = SlotHash.getSlot("{a}k");
                int shard = RedisCluster.shardOf(slot);
                assertThat(List.of(RedisCluster.shardOf(5460), RedisCluster.shardOf(5461), RedisCluster.shardOf(16383)))
                        .containsExactly(0, 1, 2);
                // WAIT: the write reached the replica before the clean hand-over, which loses nothing anyway
                assertThat(connection.sync().getConnection(connection.getPartitions().getMasterBySlot(slot)
                        .getNodeId()).waitForReplication(1, 5_000)).isEqualTo(1L);

                assertThat(cluster.failover(shard)).isEqualTo(shard + 3);
                assertThat(cluster.masterOf(shard)).isEqualTo(shard + 3);

                int killed = cluster.killMaster(shard);
                assertThat(killed).isEqualTo(shard + 3);
                assertThat(cluster.masterOf(shard)).as("the old master, a replica since the failover, took over")
                        .isEqualTo(shard);
                assertThat(cluster.isRunning()).isFalse();

                cluster.restart(killed);
                assertThat(cluster.isRunning()).isTrue();
                assertThat(cluster.masterOf(shard)).as("the restarted node rejoins as a replica").isEqualTo(shard);
                Object role = RespClientCall.call(cluster.ports().get(killed), "ROLE");
                assertThat(String.valueOf(role)).startsWith("[slave");
            } finally {
                client.shutdown();
            }
        }
    }

    @Test
    void faultsNeedReplicas() {
        assertThatThrownBy(() -> RedisCluster.shared().killMaster(0)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("startWithReplicas");
    }

    /** One command to one node. */
    private static final class RespClientCall {
        static Object call(int port, String... command) {
            try {
                return RespClient.call(FreePorts.LOOPBACK, port, Duration.ofSeconds(5), command);
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }
    }

    @Test
    void lettuceClusterClientSpreadsKeysOverAllThreeMasters() {
        RedisCluster cluster = RedisCluster.shared();
        List<RedisURI> seeds = cluster.uris().stream().map(RedisURI::create).toList();
        RedisClusterClient client = RedisClusterClient.create(seeds);
        try (StatefulRedisClusterConnection<String, String> connection = client.connect()) {
            RedisAdvancedClusterCommands<String, String> redis = connection.sync();
            for (int i = 0; i < 100; i++) {
                assertThat(redis.set("cluster-it:" + i, "value-" + i)).isEqualTo("OK");
            }
            Partitions partitions = connection.getPartitions();
            assertThat(partitions.size()).isEqualTo(3);
            Set<String> owners = new HashSet<>();
            Set<Integer> slots = new HashSet<>();
            for (int i = 0; i < 100; i++) {
                String key = "cluster-it:" + i;
                assertThat(redis.get(key)).isEqualTo("value-" + i);
                int slot = SlotHash.getSlot(key);
                slots.add(slot);
                owners.add(partitions.getPartitionBySlot(slot).getNodeId());
            }
            assertThat(slots).hasSizeGreaterThan(90);
            assertThat(owners).as("masters that own a key").hasSize(3);
            for (int port : cluster.ports()) {
                assertThat(connection.getConnection("127.0.0.1", port).sync().dbsize())
                        .as("keys on node %d", port).isPositive();
            }
        } finally {
            client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
        }
    }

    @Test
    void everyNodeReportsAHealthyClusterOfThreeMasters() {
        RedisCluster cluster = RedisCluster.shared();
        assertThat(cluster.uris()).hasSize(3).allMatch(uri -> uri.startsWith("redis://127.0.0.1:"));
        assertThat(cluster.nodes()).hasSize(3).allMatch(node -> node.startsWith("127.0.0.1:"));
        for (String uri : cluster.uris()) {
            RedisClient client = RedisClient.create(uri);
            try (StatefulRedisConnection<String, String> connection = client.connect()) {
                String info = connection.sync().clusterInfo();
                assertThat(info).contains("cluster_state:ok", "cluster_slots_assigned:16384",
                        "cluster_slots_ok:16384", "cluster_known_nodes:3", "cluster_size:3");
                assertThat(connection.sync().clusterSlots()).hasSize(3);
            } finally {
                client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
            }
        }
    }

    @Test
    void sharedIsOneClusterPerJvmThatCloseDoesNotStop() {
        RedisCluster shared = RedisCluster.shared();
        assertThat(RedisCluster.shared()).isSameAs(shared);
        shared.close();
        assertThat(shared.isRunning()).isTrue();
    }

    @Test
    void startsItsOwnClusterAndCloseStopsEveryNode() {
        long begin = System.nanoTime();
        RedisCluster cluster = RedisCluster.start();
        System.out.printf("3-master Redis Cluster formed after %d ms%n", (System.nanoTime() - begin) / 1_000_000);
        List<Integer> ports;
        try {
            ports = cluster.ports();
            assertThat(cluster.isRunning()).isTrue();
            assertThat(ports).doesNotContainAnyElementsOf(RedisCluster.shared().ports());
            cluster.flushAll();
        } finally {
            cluster.close();
        }
        assertThat(cluster.isRunning()).isFalse();
        for (int port : ports) {
            assertThatThrownBy(() -> new Socket("127.0.0.1", port).close()).isInstanceOf(ConnectException.class);
        }
    }
}
