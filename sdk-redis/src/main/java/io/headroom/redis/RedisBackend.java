package io.headroom.redis;

import io.headroom.redis.internal.LuaScript;
import io.headroom.internal.Arguments;
import io.lettuce.core.RedisNoScriptException;
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
 */
public final class RedisBackend {

    private final RedisClusterAsyncCommands<String, String> commands;
    private final RedisScriptingAsyncCommands<String, String> scripting;
    private final boolean cluster;

    private RedisBackend(RedisClusterAsyncCommands<String, String> commands, boolean cluster) {
        this.commands = commands;
        this.scripting = commands;
        this.cluster = cluster;
    }

    /**
     * Uses a connection to a standalone Redis server (or a Sentinel-managed master).
     *
     * @param connection an open connection with a {@code String} codec
     * @return the backend
     * @throws IllegalArgumentException when {@code connection} is {@code null}
     */
    public static RedisBackend of(StatefulRedisConnection<String, String> connection) {
        return new RedisBackend(Arguments.notNull(connection, "connection").async(), false);
    }

    /**
     * Uses a connection to a Redis Cluster; every script Headroom runs touches keys of a single hash slot.
     *
     * @param connection an open cluster connection with a {@code String} codec
     * @return the backend
     * @throws IllegalArgumentException when {@code connection} is {@code null}
     */
    public static RedisBackend of(StatefulRedisClusterConnection<String, String> connection) {
        return new RedisBackend(Arguments.notNull(connection, "connection").async(), true);
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

    @Override
    public String toString() {
        return "RedisBackend[" + (cluster ? "cluster" : "standalone") + "]";
    }
}
