package io.headroom.redis;

import static org.assertj.core.api.Assertions.assertThat;

import io.headroom.presence.Presence;
import io.headroom.presence.PresenceConfig;
import io.headroom.presence.SessionConfig;
import io.headroom.presence.Sessions;
import io.headroom.presence.Typing;
import io.headroom.presence.TypingConfig;
import io.headroom.testkit.ManualClock;
import io.headroom.testkit.RedisCluster;
import io.headroom.testkit.RedisServer;
import io.lettuce.core.AbstractRedisClient;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulConnection;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import io.lettuce.core.cluster.api.sync.RedisClusterCommands;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * Connections and instances for the presence, typing and session contracts against a real standalone server or
 * cluster: one data connection, three pub/sub connections (one per simulated application instance), a fresh key
 * prefix per contract call, and the scan that no key of the run lives without a TTL.
 */
final class PresenceFixture implements AutoCloseable {

    private final AbstractRedisClient client;
    private final StatefulConnection<String, String> connection;
    private final RedisClusterCommands<String, String> sync;
    private final RedisBackend backend;
    private final List<StatefulRedisPubSubConnection<String, String>> pubSubs = new ArrayList<>();
    private final List<AutoCloseable> opened = new ArrayList<>();
    private final String root = "pc-" + UUID.randomUUID() + ":";
    private String lastPrefix = root;

    private PresenceFixture(RedisClient client) {
        this.client = client;
        var c = client.connect();
        this.connection = c;
        this.sync = c.sync();
        this.backend = RedisBackend.of(c);
        for (int i = 0; i < 3; i++) {
            pubSubs.add(client.connectPubSub());
        }
    }

    private PresenceFixture(RedisClusterClient client) {
        this.client = client;
        StatefulRedisClusterConnection<String, String> c = client.connect();
        this.connection = c;
        this.sync = c.sync();
        this.backend = RedisBackend.of(c);
        for (int i = 0; i < 3; i++) {
            pubSubs.add(client.connectPubSub());
        }
    }

    static PresenceFixture standalone() {
        return new PresenceFixture(RedisClient.create(RedisServer.shared().uri()));
    }

    static PresenceFixture cluster() {
        return new PresenceFixture(RedisClusterClient.create(RedisCluster.shared().uris().stream()
                .map(RedisURI::create).collect(Collectors.toList())));
    }

    private RedisOptions options(ManualClock clock) {
        lastPrefix = root + UUID.randomUUID() + ":";
        // a loaded 2-core CI box must not turn into outage answers
        return RedisOptions.builder().keyPrefix(lastPrefix).timeout(Duration.ofSeconds(10)).clock(clock).build();
    }

    List<Presence> presences(PresenceConfig config, ManualClock clock, int count) {
        RedisOptions options = options(clock);
        List<Presence> out = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            Presence p = RedisPresence.create(backend, pubSubs.get(i), config, options);
            opened.add(p);
            out.add(p);
        }
        return out;
    }

    List<Typing> typings(TypingConfig config, ManualClock clock, int count) {
        RedisOptions options = options(clock);
        List<Typing> out = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            Typing t = RedisTyping.create(backend, pubSubs.get(i), config, options);
            opened.add(t);
            out.add(t);
        }
        return out;
    }

    List<Sessions> sessions(SessionConfig config, ManualClock clock, int count) {
        RedisOptions options = options(clock);
        List<Sessions> out = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            out.add(RedisSessions.create(backend, config, options));
        }
        return out;
    }

    /**
     * The key prefix of the latest instances.
     *
     * @return the prefix
     */
    String prefix() {
        return lastPrefix;
    }

    /** Every key and value stored under the latest prefix, as text. */
    List<String> storedText() {
        List<String> out = new ArrayList<>();
        for (String key : sync.keys(lastPrefix + "*")) {
            out.add(key);
            String type = sync.type(key);
            if ("hash".equals(type)) {
                sync.hgetall(key).forEach((f, v) -> {
                    out.add(f);
                    out.add(v);
                });
            } else if ("zset".equals(type)) {
                out.addAll(sync.zrange(key, 0, -1));
            }
        }
        return out;
    }

    /** Fails when any key this fixture's instances wrote has no TTL. */
    void assertEveryKeyExpires() {
        List<String> keys = sync.keys(root + "*");
        assertThat(keys).as("keys written by the suite").isNotEmpty();
        for (String key : keys) {
            assertThat(sync.pttl(key)).as("TTL of %s", key).isPositive();
        }
    }

    @Override
    public void close() {
        for (AutoCloseable c : opened) {
            try {
                c.close();
            } catch (Exception e) {
                // closing after the suite: nothing left to check
            }
        }
        pubSubs.forEach(StatefulRedisPubSubConnection::close);
        connection.close();
        client.shutdown();
    }
}
