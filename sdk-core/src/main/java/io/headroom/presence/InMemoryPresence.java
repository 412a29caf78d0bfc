package io.headroom.presence;

import io.headroom.internal.Arguments;
import io.headroom.presence.internal.Checks;
import io.headroom.presence.internal.Daemon;
import io.headroom.presence.internal.WatchHub;
import java.time.Clock;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The embedded {@link Presence}: state in a concurrent map of this JVM, time from the injected {@link Clock}.
 * One daemon thread sweeps every {@link PresenceConfig#sweepInterval()} (it ends devices whose TTL ran out, tells
 * watchers, and forgets users not seen within {@link PresenceConfig#lastSeenRetention()}) and delivers watch
 * events. Never {@code UNKNOWN}. Thread-safe; the async forms complete before they return.
 */
public final class InMemoryPresence implements Presence {

    private final PresenceConfig config;
    private final Clock clock;
    private final long ttlMillis;
    private final Map<String, User> users = new ConcurrentHashMap<>();
    private final Daemon daemon;
    private final WatchHub hub;

    /** One user's devices (id to expiry, epoch millis), last-seen time and announced state; guarded by itself. */
    private static final class User {
        final Map<String, Long> devices = new HashMap<>();
        long lastSeen;
        boolean online;
    }

    private InMemoryPresence(PresenceConfig config, Clock clock) {
        this.config = config;
        this.clock = clock;
        this.ttlMillis = config.ttl().toMillis();
        this.daemon = new Daemon("presence", config.name());
        this.hub = new WatchHub(ids -> CompletableFuture.completedFuture(read(ids)), daemon.executor(),
                () -> clock.millis() * 1_000_000L, config.watchRateLimit());
        daemon.every(config.sweepInterval(), this::sweep);
    }

    /**
     * Creates the embedded presence.
     *
     * @param config the configuration
     * @param clock the time source
     * @return the presence
     * @throws IllegalArgumentException when an argument is {@code null}
     */
    public static InMemoryPresence create(PresenceConfig config, Clock clock) {
        return new InMemoryPresence(Arguments.notNull(config, "config"), Arguments.notNull(clock, "clock"));
    }

    @Override
    public void heartbeat(String userId, String deviceId) {
        Arguments.key(userId, "userId");
        Arguments.key(deviceId, "deviceId");
        daemon.checkOpen();
        long now = clock.millis();
        boolean changed;
        while (true) {
            User u = users.computeIfAbsent(userId, k -> new User());
            synchronized (u) {
                if (users.get(userId) != u) {
                    continue; // the sweeper just forgot this user: start over on a fresh entry
                }
                prune(u, now);
                u.devices.put(deviceId, now + ttlMillis);
                u.lastSeen = now;
                changed = !u.online;
                u.online = true;
            }
            break;
        }
        if (changed) {
            hub.onChange(userId, PresenceState.ONLINE, Instant.ofEpochMilli(now));
        }
    }

    @Override
    public CompletionStage<Void> heartbeatAsync(String userId, String deviceId) {
        heartbeat(userId, deviceId);
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public void offline(String userId, String deviceId) {
        Arguments.key(userId, "userId");
        Arguments.key(deviceId, "deviceId");
        daemon.checkOpen();
        long now = clock.millis();
        User u = users.get(userId);
        if (u == null) {
            return;
        }
        boolean changed;
        synchronized (u) {
            if (u.devices.remove(deviceId) != null) {
                u.lastSeen = now;
            }
            prune(u, now);
            changed = u.online && u.devices.isEmpty();
            u.online = !u.devices.isEmpty();
        }
        if (changed) {
            hub.onChange(userId, PresenceState.OFFLINE, Instant.ofEpochMilli(now));
        }
    }

    @Override
    public CompletionStage<Void> offlineAsync(String userId, String deviceId) {
        offline(userId, deviceId);
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public PresenceStatus status(String userId) {
        Arguments.key(userId, "userId");
        daemon.checkOpen();
        return status(userId, clock.millis());
    }

    @Override
    public CompletionStage<PresenceStatus> statusAsync(String userId) {
        return CompletableFuture.completedFuture(status(userId));
    }

    @Override
    public Map<String, PresenceStatus> statusOf(Collection<String> userIds) {
        Set<String> ids = Checks.ids(userIds, config.maxBulk(), "userIds");
        daemon.checkOpen();
        return read(ids);
    }

    @Override
    public CompletionStage<Map<String, PresenceStatus>> statusOfAsync(Collection<String> userIds) {
        return CompletableFuture.completedFuture(statusOf(userIds));
    }

    @Override
    public PresenceWatch watch(Collection<String> userIds, PresenceListener listener) {
        Set<String> ids = Checks.ids(userIds, config.maxBulk(), "userIds");
        Arguments.notNull(listener, "listener");
        daemon.checkOpen();
        return hub.watch(ids, listener);
    }

    private Map<String, PresenceStatus> read(Collection<String> ids) {
        long now = clock.millis();
        Map<String, PresenceStatus> out = new LinkedHashMap<>();
        for (String id : ids) {
            out.put(id, status(id, now));
        }
        return java.util.Collections.unmodifiableMap(out);
    }

    private PresenceStatus status(String userId, long now) {
        User u = users.get(userId);
        if (u == null) {
            return new PresenceStatus(userId, PresenceState.OFFLINE, null);
        }
        synchronized (u) {
            boolean live = u.devices.values().stream().anyMatch(e -> e > now);
            Instant seen = u.lastSeen + config.lastSeenRetention().toMillis() > now
                    ? Instant.ofEpochMilli(u.lastSeen) : null;
            return new PresenceStatus(userId, live ? PresenceState.ONLINE : PresenceState.OFFLINE, seen);
        }
    }

    private static void prune(User u, long now) {
        u.devices.values().removeIf(e -> e <= now);
    }

    /** Ends expired devices, tells watchers, forgets users past the retention. Runs on the daemon thread. */
    private void sweep() {
        long now = clock.millis();
        long retention = config.lastSeenRetention().toMillis();
        for (Map.Entry<String, User> e : users.entrySet()) {
            User u = e.getValue();
            boolean changed;
            long at;
            synchronized (u) {
                prune(u, now);
                changed = u.online && u.devices.isEmpty();
                if (changed) {
                    u.online = false;
                }
                at = u.lastSeen;
                if (u.devices.isEmpty() && u.lastSeen + retention <= now) {
                    users.remove(e.getKey(), u);
                }
            }
            if (changed) {
                hub.onChange(e.getKey(), PresenceState.OFFLINE, Instant.ofEpochMilli(at));
            }
        }
        hub.tick(); // releases rate-limited changes whose interval has passed
    }

    /**
     * How many watches are open on this instance.
     *
     * @return the count
     */
    public long watches() {
        return hub.watches();
    }

    @Override
    public PresenceConfig config() {
        return config;
    }

    @Override
    public void close() {
        daemon.close();
    }

    @Override
    public String toString() {
        return "InMemoryPresence[" + config.name() + "]";
    }
}
