package io.headroom.redis;

import io.headroom.redis.internal.LuaScript;
import io.headroom.internal.Arguments;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisNoScriptException;
import io.lettuce.core.RedisURI;
import io.lettuce.core.cluster.ClusterClientOptions;
import io.lettuce.core.cluster.ClusterTopologyRefreshOptions;
import io.lettuce.core.cluster.SlotHash;
import io.lettuce.core.cluster.models.partitions.RedisClusterNode;
import java.time.Duration;
import org.jspecify.annotations.Nullable;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.async.RedisScriptingAsyncCommands;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import io.headroom.internal.Futures;

/**
 * The Redis that Headroom's Redis primitives talk to: a Lettuce connection to a standalone server or to a cluster,
 * with {@code String} keys and values (UTF-8). Every primitive built on one backend shares its connection.
 *
 * <p>The connection stays the caller's: Headroom never closes it. Lettuce connections are thread-safe and meant
 * to be shared, so one backend per application is the usual set-up. For outage handling to stay bounded,
 * configure the client with {@code ClientOptions.disconnectedBehavior(REJECT_COMMANDS)} or rely on each
 * primitive's call timeout (commands that time out are cancelled and never sent late).
 *
 * <p>For a cluster, build the client with {@link #clusterClientOptions()} (or the same topology refresh settings
 * in your own options): Lettuce's default never refreshes the topology, so after a failover the client keeps
 * sending to the dead master until it is restarted.
 */
public final class RedisBackend {

    private final RedisClusterAsyncCommands<String, String> commands;
    private final RedisScriptingAsyncCommands<String, String> scripting;
    private final boolean cluster;
    private final @Nullable StatefulRedisClusterConnection<String, String> clusterConnection;

    private RedisBackend(RedisClusterAsyncCommands<String, String> commands,
                         @Nullable StatefulRedisClusterConnection<String, String> clusterConnection) {
        this.commands = commands;
        this.scripting = commands;
        this.cluster = clusterConnection != null;
        this.clusterConnection = clusterConnection;
    }

    /**
     * The Lettuce cluster client options Headroom's primitives are tested with, and production needs: topology
     * refresh on every adaptive trigger ({@code MOVED}, {@code ASK}, two failed reconnects, uncovered slot, unknown
     * node; Lettuce 7's default triggers, here at most one refresh per second instead of per 5 s) plus a periodic
     * refresh every 10 s (off by default), dynamic refresh sources, stale connections
     * closed, and commands rejected while disconnected (so a primitive's outage policy answers at once instead of
     * commands queueing). A failover is then noticed within seconds. Use
     * {@code RedisClusterClient.setOptions(RedisBackend.clusterClientOptions())} before connecting, or copy these
     * settings into your own options.
     *
     * @return the options (a new, immutable instance)
     */
    public static ClusterClientOptions clusterClientOptions() {
        return ClusterClientOptions.builder()
                .topologyRefreshOptions(ClusterTopologyRefreshOptions.builder()
                        // every adaptive trigger is on by default since Lettuce 7 (the enable methods are
                        // deprecated); Lettuce 6.x, which Spring Boot 4's BOM manages, has them all off
                        .adaptiveRefreshTriggersTimeout(Duration.ofSeconds(1))
                        .refreshTriggersReconnectAttempts(2)
                        .enablePeriodicRefresh(Duration.ofSeconds(10))
                        .dynamicRefreshSources(true)
                        .closeStaleConnections(true)
                        .build())
                .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
                .build();
    }

    /**
     * Uses a connection to a standalone Redis server (or a Sentinel-managed master).
     *
     * @param connection an open connection with a {@code String} codec
     * @return the backend
     * @throws IllegalArgumentException when {@code connection} is {@code null}
     */
    public static RedisBackend of(StatefulRedisConnection<String, String> connection) {
        return new RedisBackend(Arguments.notNull(connection, "connection").async(), null);
    }

    /**
     * Uses a connection to a Redis Cluster; every script Headroom runs touches keys of a single hash slot.
     *
     * @param connection an open cluster connection with a {@code String} codec
     * @return the backend
     * @throws IllegalArgumentException when {@code connection} is {@code null}
     */
    public static RedisBackend of(StatefulRedisClusterConnection<String, String> connection) {
        return new RedisBackend(Arguments.notNull(connection, "connection").async(), connection);
    }

    /**
     * Whether this backend talks to a Redis Cluster.
     *
     * @return {@code true} for a cluster
     */
    public boolean isCluster() {
        return cluster;
    }

    /**
     * The asynchronous commands every primitive issues besides scripts (GET, SET, ZRANGE, ...): the same interface
     * for a standalone server and a cluster; on a cluster, multi-key commands must stay within one hash slot.
     *
     * @return the connection's asynchronous commands
     */
    RedisClusterAsyncCommands<String, String> commands() {
        return commands;
    }

    /**
     * Runs a script in one round trip with {@code EVALSHA}; only when the server answers {@code NOSCRIPT}
     * (first use, or after a restart or {@code SCRIPT FLUSH}) is it sent once more with {@code EVAL}, which also
     * caches it. Failing the returned future cancels a command not yet written, so a timed-out call is never
     * executed late.
     *
     * @param script the script
     * @param type the reply type
     * @param keys the keys (all in one hash slot in a cluster)
     * @param args the arguments; never concatenated into script text
     * @param <T> the reply type
     * @return the reply
     */
    <T> CompletableFuture<T> eval(LuaScript script, ScriptOutputType type, String[] keys, String... args) {
        CompletableFuture<T> first = scripting.<T>evalsha(script.sha1(), type, keys, args).toCompletableFuture();
        CompletableFuture<T> result = new CompletableFuture<>();
        first.whenComplete((r, e) -> {
            if (e == null) {
                result.complete(r);
            } else if (Futures.unwrap(e) instanceof RedisNoScriptException) {
                CompletableFuture<T> second = scripting.<T>eval(script.source(), type, keys, args).toCompletableFuture();
                second.whenComplete((r2, e2) -> {
                    if (e2 == null) {
                        result.complete(r2);
                    } else {
                        result.completeExceptionally(Futures.unwrap(e2));
                    }
                });
                result.whenComplete((r2, e2) -> {
                    if (e2 != null) {
                        second.cancel(false);
                    }
                });
            } else {
                result.completeExceptionally(Futures.unwrap(e));
            }
        });
        result.whenComplete((r, e) -> {
            if (e != null) {
                first.cancel(false);
            }
        });
        return result;
    }

    /**
     * Sends {@code WAIT replicas timeout} on the connection that carried the last write to {@code key}: the shared
     * connection on a standalone server, the connection to the slot's master on a cluster (Lettuce routes slot
     * writes over one connection per master host and port, and so does this).
     *
     * @param key a key just written
     * @param replicas how many replicas to wait for
     * @param timeout how long to wait
     * @return how many replicas acknowledged every earlier write of that connection
     */
    CompletableFuture<Long> awaitReplicas(String key, int replicas, Duration timeout) {
        StatefulRedisClusterConnection<String, String> c = clusterConnection;
        if (c == null) {
            return commands.waitForReplication(replicas, timeout.toMillis()).toCompletableFuture();
        }
        RedisClusterNode master = c.getPartitions().getMasterBySlot(SlotHash.getSlot(key));
        if (master == null) {
            return CompletableFuture.failedFuture(new IllegalStateException("no known master for the slot of a key"));
        }
        RedisURI uri = master.getUri();
        return c.getConnectionAsync(uri.getHost(), uri.getPort())
                .thenCompose(node -> node.async().waitForReplication(replicas, timeout.toMillis()));
    }

    @Override
    public String toString() {
        return "RedisBackend[" + (cluster ? "cluster" : "standalone") + "]";
    }
}
