package io.headroom.examples;

import io.headroom.presence.NewSession;
import io.headroom.presence.Presence;
import io.headroom.presence.PresenceConfig;
import io.headroom.presence.PresenceState;
import io.headroom.presence.PresenceStatus;
import io.headroom.presence.PresenceWatch;
import io.headroom.presence.SessionConfig;
import io.headroom.presence.Sessions;
import io.headroom.presence.Typing;
import io.headroom.presence.TypingConfig;
import io.headroom.redis.RedisBackend;
import io.headroom.redis.RedisOptions;
import io.headroom.redis.RedisPresence;
import io.headroom.redis.RedisSessions;
import io.headroom.redis.RedisTyping;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;

/**
 * Online dots, "typing…" and logins of the Social Connect chat: simulated users log in ({@link Sessions}: a token
 * per login, validated on every request, logout everywhere), connect devices that heartbeat ({@link Presence}), the
 * chat screen reads the member list's dots in one call and watches the members it shows, and members type
 * ({@link Typing}), their indicator cleared by the message they send.
 */
final class ChatPresence {

    /** The figures this part of the demo reports. */
    record Report(int members, int online, int changesSeen, List<String> typing, int logins, int validated,
                  int rejectedAfterLogout) {
    }

    private ChatPresence() {
    }

    /**
     * Runs the chat-presence part of the demo on Redis when a client is given, else in memory, and prints it.
     *
     * @param redis the demo's Redis client, or {@code null}
     * @param out where the report goes
     * @return the figures
     * @throws InterruptedException when interrupted while waiting for watch events
     */
    static Report demo(@Nullable RedisClient redis, PrintStream out) throws InterruptedException {
        List<AutoCloseable> open = new ArrayList<>();
        try {
            Presence presence;
            Typing typing;
            Sessions sessions;
            if (redis == null) {
                presence = Presence.inMemory(PresenceConfig.ofDefaults());
                typing = Typing.inMemory(TypingConfig.ofDefaults());
                sessions = Sessions.inMemory(SessionConfig.ofDefaults());
            } else {
                StatefulRedisConnection<String, String> c = redis.connect();
                StatefulRedisPubSubConnection<String, String> p = redis.connectPubSub();
                open.add(c);
                open.add(p);
                RedisOptions options = RedisOptions.builder().keyPrefix("social-connect:" + System.nanoTime() + ":")
                        .timeout(Duration.ofMillis(500)).build();
                presence = RedisPresence.create(RedisBackend.of(c), p, PresenceConfig.ofDefaults(), options);
                typing = RedisTyping.create(RedisBackend.of(c), TypingConfig.ofDefaults(), options);
                sessions = RedisSessions.create(RedisBackend.of(c), SessionConfig.ofDefaults(), options);
            }
            open.add(0, presence);
            open.add(0, typing);
            open.add(0, sessions);
            Report r = simulate(presence, typing, sessions, 500, new Random(3));
            print(out, redis == null ? "in memory" : "Redis", r);
            return r;
        } finally {
            for (AutoCloseable c : open) {
                try {
                    c.close();
                } catch (Exception e) {
                    // demo shutdown
                }
            }
        }
    }

    private static Report simulate(Presence presence, Typing typing, Sessions sessions, int members, Random random)
            throws InterruptedException {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < members; i++) {
            ids.add("member-" + i);
        }
        // the chat screen shows the first 50 members and watches them
        AtomicInteger changes = new AtomicInteger();
        PresenceWatch screen = presence.watch(ids.subList(0, 50), c -> {
            if (!c.snapshot()) {
                changes.incrementAndGet();
            }
        });
        int logins = 0;
        int validated = 0;
        List<NewSession> tokens = new ArrayList<>();
        for (String id : ids) {
            if (random.nextInt(10) < 4) { // 40% log in and connect a device
                NewSession s = sessions.create(id, Map.of("device", random.nextBoolean() ? "ios" : "web"));
                logins++;
                tokens.add(s);
                if (sessions.validate(s.token()).isPresent()) { // the socket's first request
                    validated++;
                }
                presence.heartbeat(id, "device-1");
            }
        }
        presence.heartbeat("member-0", "device-2");
        presence.offline("member-0", "device-1"); // still online on its second device
        // a few members type; one sends the message, which clears the indicator
        typing.typing("chat-1", "member-1");
        typing.typing("chat-1", "member-2");
        typing.stopped("chat-1", "member-1");
        Map<String, PresenceStatus> dots = presence.statusOf(ids); // the whole member list, one call
        int online = (int) dots.values().stream().filter(s -> s.state() == PresenceState.ONLINE).count();
        // logout everywhere for the first user who logged in: the token stops working at once
        NewSession first = tokens.get(0);
        sessions.revokeAll(first.session().userId());
        int rejected = sessions.validate(first.token()).isEmpty() ? 1 : 0;
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        long onScreen = dots.entrySet().stream().limit(50).filter(e -> e.getValue().online()).count();
        while (changes.get() < onScreen && System.nanoTime() < deadline) {
            Thread.sleep(10); // watch events arrive on the presence's dispatch thread
        }
        screen.close();
        return new Report(members, online, changes.get(), typing.typingIn("chat-1"), logins, validated, rejected);
    }

    static void print(PrintStream out, String backend, Report r) {
        out.println();
        out.println("Online dots and typing (presence, typing, sessions; " + backend + ")");
        out.printf(Locale.ROOT, "  member list  : %,d members, %,d online, read in one statusOf call%n",
                r.members(), r.online());
        out.printf(Locale.ROOT, "  chat screen  : watching 50 members, %,d online/offline changes delivered "
                + "(heartbeats that change nothing send nothing)%n", r.changesSeen());
        out.println("  typing       : " + (r.typing().isEmpty() ? "nobody" : String.join(", ", r.typing()) + " typing…")
                + " (member-1 sent the message, which cleared theirs)");
        out.printf(Locale.ROOT, "  logins       : %,d sessions (256-bit tokens, stored hashed), %,d validated; "
                + "after logout everywhere the old token is %s%n", r.logins(), r.validated(),
                r.rejectedAfterLogout() == 1 ? "rejected" : "STILL ACCEPTED");
    }
}
