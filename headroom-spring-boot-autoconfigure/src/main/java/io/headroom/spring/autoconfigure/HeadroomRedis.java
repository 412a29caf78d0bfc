package io.headroom.spring.autoconfigure;

import io.headroom.redis.RedisBackend;
import io.lettuce.core.AbstractRedisClient;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulConnection;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.cluster.ClusterClientOptions;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;

/**
 * The Redis connection Headroom's Redis primitives share: the backend, a lazily opened Pub/Sub connection for the
 * caches' invalidation channel, a health probe, and closing what Headroom opened (never the application's own client
 * or connection). Thread-safe.
 */
final class HeadroomRedis implements AutoCloseable {

    private final @Nullable AbstractRedisClient client;
    private final boolean ownsClient;
    private final StatefulConnection<String, String> connection;
    private final boolean ownsConnection;
    private final RedisBackend backend;
    private @Nullable StatefulRedisPubSubConnection<String, String> pubSub;

    private HeadroomRedis(@Nullable AbstractRedisClient client, boolean ownsClient,
                          StatefulConnection<String, String> connection, boolean ownsConnection, RedisBackend backend) {
        this.client = client;
        this.ownsClient = ownsClient;
        this.connection = connection;
        this.ownsConnection = ownsConnection;
        this.backend = backend;
    }

    /** Connects to {@code headroom.redis.uri}: a standalone server, or a cluster when the properties say so. */
    static HeadroomRedis connect(RedisConnectionProperties properties) {
        List<String> uris = properties.uris();
        List<RedisURI> parsed = uris.stream().map(u -> parse(u)).toList();
        if (properties.isCluster()) {
            RedisClusterClient client = RedisClusterClient.create(parsed);
            client.setOptions(ClusterClientOptions.builder()
                    .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS).build());
            return of(client, true);
        }
        RedisClient client = RedisClient.create(parsed.get(0));
        client.setOptions(ClientOptions.builder()
                .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS).build());
        return of(client, true);
    }

    private static RedisURI parse(String uri) {
        try {
            return RedisURI.create(uri);
        } catch (IllegalArgumentException e) {
            throw PropertyChecks.under("headroom.redis").invalid("uri", uri, e);
        }
    }

    /** Opens a connection on the client (the application's own when {@code ownsClient} is false). */
    static HeadroomRedis of(AbstractRedisClient client, boolean ownsClient) {
        try {
            if (client instanceof RedisClusterClient cluster) {
                StatefulRedisClusterConnection<String, String> c = cluster.connect();
                return new HeadroomRedis(client, ownsClient, c, true, RedisBackend.of(c));
            }
            StatefulRedisConnection<String, String> c = ((RedisClient) client).connect();
            return new HeadroomRedis(client, ownsClient, c, true, RedisBackend.of(c));
        } catch (RuntimeException e) {
            if (ownsClient) {
                client.shutdown(Duration.ZERO, Duration.ofSeconds(1));
            }
            throw e;
        }
    }

    /** Uses the application's connection; caches then need a client bean as well, for their Pub/Sub connection. */
    static HeadroomRedis of(StatefulConnection<String, String> connection, @Nullable AbstractRedisClient client) {
        RedisBackend backend = connection instanceof StatefulRedisClusterConnection<String, String> c
                ? RedisBackend.of(c) : RedisBackend.of((StatefulRedisConnection<String, String>) connection);
        return new HeadroomRedis(client, false, connection, false, backend);
    }

    RedisBackend backend() {
        return backend;
    }

    boolean isCluster() {
        return backend.isCluster();
    }

    /** The Pub/Sub connection of the caches' invalidation channel, opened on first use. */
    synchronized StatefulRedisPubSubConnection<String, String> pubSub() {
        if (pubSub == null) {
            if (client instanceof RedisClusterClient cluster) {
                pubSub = cluster.connectPubSub();
            } else if (client instanceof RedisClient standalone) {
                pubSub = standalone.connectPubSub();
            } else {
                throw new IllegalStateException("a Redis cache needs a Pub/Sub connection: set headroom.redis.uri or "
                        + "define a RedisClient or RedisClusterClient bean, not only a connection bean");
            }
        }
        return pubSub;
    }

    /** Sends PING; returns the reply, or throws when Redis does not answer within {@code timeout}. */
    String ping(Duration timeout) throws Exception {
        io.lettuce.core.api.async.BaseRedisAsyncCommands<String, String> commands = connection instanceof StatefulRedisClusterConnection<String, String> c
                ? c.async() : ((StatefulRedisConnection<String, String>) connection).async();
        return commands.ping().toCompletableFuture().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public synchronized void close() {
        if (pubSub != null) {
            pubSub.close();
        }
        if (ownsConnection) {
            connection.close();
        }
        if (ownsClient && client != null) {
            client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
        }
    }

    @Override
    public String toString() {
        return "HeadroomRedis[" + backend + "]";
    }
}
