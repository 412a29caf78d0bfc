package io.headroom.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.headroom.presence.NewSession;
import io.headroom.presence.PresenceChange;
import io.headroom.presence.PresenceConfig;
import io.headroom.presence.PresenceState;
import io.headroom.presence.PresenceStatus;
import io.headroom.presence.PresenceWatch;
import io.headroom.presence.SessionConfig;
import io.headroom.presence.SessionUnavailableException;
import io.headroom.presence.TypingConfig;
import io.headroom.testkit.FaultProxy;
import io.headroom.testkit.RedisServer;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Presence, typing and sessions against a real redis-server, with one application instance behind the test kit's
 * fault-injecting proxy: the change subscription dropped, Redis "restarted" (down, state flushed, up), Redis down
 * for reads and sessions; and the instance-level fan-out: one Redis message per change, whatever the number of
 * local watchers, none for heartbeats that change nothing.
 */
class RedisPresenceOutageIT {

    private final List<AutoCloseable> open = new ArrayList<>();
    private FaultProxy proxy;
    private RedisClient direct;
    private RedisClient viaProxy;
    private RedisBackend directBackend;
    private RedisBackend proxiedBackend;
    private String prefix;

    private <T extends AutoCloseable> T track(T c) {
        open.add(c);
        return c;
    }

    @BeforeEach
    void connect() {
        RedisServer server = RedisServer.shared();
        proxy = FaultProxy.start(server.host(), server.port());
        direct = RedisClient.create(server.uri());
        viaProxy = RedisClient.create(RedisURI.create(proxy.uri()));
        directBackend = RedisBackend.of(track(direct.connect()));
        proxiedBackend = RedisBackend.of(track(viaProxy.connect()));
        prefix = "outage-" + UUID.randomUUID() + ":";
    }

    @AfterEach
    void close() throws Exception {
        for (int i = open.size() - 1; i >= 0; i--) {
            open.get(i).close();
        }
        direct.shutdown();
        viaProxy.shutdown();
        proxy.close();
    }

    private RedisOptions options(Duration timeout) {
        return RedisOptions.builder().keyPrefix(prefix).timeout(timeout).build();
    }

    private static PresenceConfig config() {
        return PresenceConfig.builder().name("outage").ttl(Duration.ofSeconds(30))
                .sweepInterval(Duration.ofMillis(50)).build();
    }

    private static void eventually(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError("not within 20 s: " + what);
            }
            Thread.sleep(20);
        }
    }

    private static PresenceState last(List<PresenceChange> events, String user) {
        PresenceState s = null;
        for (PresenceChange c : events) {
            if (c.userId().equals(user)) {
                s = c.state();
            }
        }
        return s;
    }

    @Test
    void aDroppedSubscriptionReportsUnknownThenAFreshSnapshotWithTheChangeItMissed() throws Exception {
        RedisPresence writer = track(RedisPresence.create(directBackend, track(direct.connectPubSub()), config(),
                options(Duration.ofSeconds(2))));
        // the watching instance reads state directly but hears changes through the proxy
        RedisPresence watcher = track(RedisPresence.create(directBackend, track(viaProxy.connectPubSub()), config(),
                options(Duration.ofSeconds(2))));
        List<PresenceChange> events = new CopyOnWriteArrayList<>();
        try (PresenceWatch w = watcher.watch(List.of("ann"), events::add)) {
            eventually(() -> events.size() == 1, "snapshot");
            writer.heartbeat("ann", "d");
            eventually(() -> last(events, "ann") == PresenceState.ONLINE, "online");

            proxy.down();
            eventually(() -> last(events, "ann") == PresenceState.UNKNOWN, "unknown while the stream is lost");
            writer.offline("ann", "d"); // published while the watcher cannot hear it
            proxy.up();
            eventually(() -> last(events, "ann") == PresenceState.OFFLINE, "the missed change, by snapshot");
            assertThat(events.get(events.size() - 1).snapshot()).isTrue();
            assertThat(w.userIds()).containsExactly("ann");
        }
    }

    @Test
    void aRestartedRedisIsResnapshottedAndReadsAnswerUnknownNeverAStaleOnlineWhileDown() throws Exception {
        RedisPresence p = track(RedisPresence.create(proxiedBackend, track(viaProxy.connectPubSub()), config(),
                options(Duration.ofMillis(300))));
        List<PresenceChange> events = new CopyOnWriteArrayList<>();
        try (PresenceWatch w = p.watch(List.of("bob"), events::add)) {
            p.heartbeat("bob", "d");
            eventually(() -> last(events, "bob") == PresenceState.ONLINE, "online");
            proxy.down();
            assertThat(p.status("bob").state()).isEqualTo(PresenceState.UNKNOWN);
            assertThat(p.statusOf(List.of("bob", "cat")).values()).extracting(PresenceStatus::state)
                    .containsOnly(PresenceState.UNKNOWN);
            p.heartbeat("bob", "d"); // dropped, never thrown
            assertThat(p.fallbackDecisions()).isPositive();
            RedisServer.shared().flushAll(); // the restart lost every key (no persistence)
            proxy.up();
            eventually(() -> last(events, "bob") == PresenceState.OFFLINE, "snapshot after the restart");
            eventually(() -> p.status("bob").state() == PresenceState.OFFLINE, "reads recover");
            assertThat(w.userIds()).containsExactly("bob");
        }
    }

    @Test
    void sessionsFailClosedWhileRedisIsDownAndNeverNameTheToken() throws Exception {
        RedisSessions s = track(RedisSessions.create(proxiedBackend, SessionConfig.ofDefaults(),
                options(Duration.ofMillis(300))));
        NewSession n = s.create("ann", Map.of());
        assertThat(s.validate(n.token())).isPresent();
        proxy.down();
        assertThatThrownBy(() -> s.validate(n.token())).isInstanceOf(SessionUnavailableException.class)
                .hasMessageContaining("validate").satisfies(e -> assertThat(e.toString()).doesNotContain(n.token()));
        assertThatThrownBy(() -> s.revoke(n.token())).isInstanceOf(SessionUnavailableException.class);
        assertThatThrownBy(() -> s.create("ann", Map.of())).isInstanceOf(SessionUnavailableException.class);
        assertThat(s.fallbackDecisions()).isPositive();
        proxy.up();
        eventually(() -> {
            try {
                return s.validate(n.token()).isPresent();
            } catch (SessionUnavailableException e) {
                return false;
            }
        }, "sessions recover");
        // typing answers "nobody" while down, never throws
        RedisTyping t = track(RedisTyping.create(proxiedBackend, TypingConfig.ofDefaults(),
                options(Duration.ofMillis(300))));
        t.typing("chat", "ann");
        assertThat(t.typingIn("chat")).containsExactly("ann");
        proxy.down();
        t.typing("chat", "bob");
        assertThat(t.typingIn("chat")).isEmpty();
    }

    @Test
    void oneRedisMessagePerChangeReachesEachInstanceWhateverTheNumberOfWatchers() throws Exception {
        PresenceConfig config = config();
        RedisOptions options = options(Duration.ofSeconds(2));
        // a raw subscriber counts what Redis carries on the channel
        StatefulRedisPubSubConnection<String, String> raw = track(direct.connectPubSub());
        AtomicInteger messages = new AtomicInteger();
        raw.addListener(new RedisPubSubAdapter<>() {
            @Override
            public void message(String channel, String message) {
                messages.incrementAndGet();
            }
        });
        raw.sync().subscribe(prefix + "presence:outage:changes");
        List<RedisPresence> instances = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            instances.add(track(RedisPresence.create(directBackend, track(direct.connectPubSub()), config, options)));
        }
        List<AtomicInteger> online = new ArrayList<>();
        for (RedisPresence p : instances) {
            for (int i = 0; i < 250; i++) {
                AtomicInteger n = new AtomicInteger();
                online.add(n);
                track(p.watch(List.of("star"), c -> {
                    if (!c.snapshot() && c.state() == PresenceState.ONLINE) {
                        n.incrementAndGet();
                    }
                }));
            }
        }
        instances.get(0).heartbeat("star", "phone");
        eventually(() -> online.stream().allMatch(n -> n.get() == 1), "every local watcher on 4 instances");
        for (int i = 0; i < 20; i++) {
            instances.get(i % 4).heartbeat("star", i % 2 == 0 ? "phone" : "tablet");
        }
        instances.get(1).offline("star", "phone");
        instances.get(2).offline("star", "tablet");
        eventually(() -> messages.get() == 2, "one online and one offline message, was " + messages.get());
        Thread.sleep(200); // nothing else arrives (the count is exact, not a timing bound)
        assertThat(messages.get()).as("Redis messages for 2 changes, 21 heartbeats and 1,000 watchers").isEqualTo(2);
        assertThat(online).allMatch(n -> n.get() == 1);
    }
}
