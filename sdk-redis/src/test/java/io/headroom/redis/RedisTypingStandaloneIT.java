package io.headroom.redis;

import static org.assertj.core.api.Assertions.assertThat;

import io.headroom.presence.Typing;
import io.headroom.presence.TypingConfig;
import io.headroom.redis.internal.PresenceKeys;
import io.headroom.redis.internal.RedisKeys;
import io.headroom.testkit.ManualClock;
import io.headroom.testkit.RedisServer;
import io.headroom.testkit.contract.TypingContract;
import io.lettuce.core.RedisClient;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import net.jqwik.api.Example;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/**
 * The typing contract, unchanged, against a real standalone redis-server; afterwards no key of the run lacks a TTL.
 * Plus the message count of watching: one Redis message per change, none for a refresh or a repeated stop.
 */
class RedisTypingStandaloneIT extends TypingContract {

    private static PresenceFixture fixture;

    @BeforeContainer
    static void connect() {
        fixture = PresenceFixture.standalone();
    }

    @AfterContainer
    static void scanAndDisconnect() {
        try {
            fixture.assertEveryKeyExpires();
        } finally {
            fixture.close();
        }
    }

    @Example
    void oneRedisMessagePerChangeAndNoneForARefresh() {
        ManualClock clock = new ManualClock(Instant.parse("2026-01-01T00:00:00Z"));
        Typing t = fixture.typings(TypingConfig.builder().name("msgs").build(), clock, 1).get(0);
        String channel = new PresenceKeys(fixture.prefix(), RedisKeys.Type.TYPING, "msgs").channel();
        RedisClient client = RedisClient.create(RedisServer.shared().uri());
        List<String> messages = new CopyOnWriteArrayList<>();
        try (StatefulRedisPubSubConnection<String, String> sub = client.connectPubSub()) {
            sub.addListener(new RedisPubSubAdapter<>() {
                @Override
                public void message(String ch, String message) {
                    messages.add(message);
                }
            });
            sub.sync().subscribe(channel);
            t.typing("chat", "ann");
            t.typing("chat", "ann"); // refreshes: nothing changes
            clock.advance(Duration.ofSeconds(1));
            t.typing("chat", "ann");
            t.stopped("chat", "ann");
            t.stopped("chat", "ann"); // nothing left to stop
            t.stopped("chat", "nobody");
            t.typing("chat", "bob");
            clock.advance(Duration.ofSeconds(6)); // bob expires: no message, watchers re-read
            t.typing("end", "zed"); // the marker: messages on one connection arrive in order
            long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
            while (!messages.contains("end") && System.nanoTime() - deadline < 0) {
                Thread.onSpinWait();
            }
            assertThat(messages).containsExactly("chat", "chat", "chat", "end");
        } finally {
            t.close();
            client.shutdown();
        }
    }

    @Override
    protected List<Typing> instances(TypingConfig config, ManualClock clock, int count) {
        return fixture.typings(config, clock, count);
    }
}
