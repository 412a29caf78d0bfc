package io.headroom.redis;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.headroom.Ticker;
import io.headroom.internal.Arguments;
import io.headroom.internal.Futures;
import io.headroom.presence.Presence;
import io.headroom.presence.PresenceConfig;
import io.headroom.presence.PresenceListener;
import io.headroom.presence.PresenceState;
import io.headroom.presence.PresenceStatus;
import io.headroom.presence.PresenceWatch;
import io.headroom.presence.internal.Checks;
import io.headroom.presence.internal.Daemon;
import io.headroom.presence.internal.WatchHub;
import io.headroom.redis.internal.LuaScript;
import io.headroom.redis.internal.PresenceKeys;
import io.headroom.redis.internal.RedisKeys;
import io.headroom.spi.BackendCallObserver;
import io.headroom.spi.FallbackCounting;
import io.headroom.spi.ObservableBackend;
import io.lettuce.core.RedisChannelHandler;
import io.lettuce.core.RedisConnectionStateListener;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A {@link Presence} shared by every application instance through Redis (standalone or cluster).
 *
 * <ul>
 *   <li><b>State:</b> one hash per user ({@code <prefix>presence:<name>:{<user>}}: each device's expiry, the
 *       last-seen time, whether the user was announced online), expiring {@link PresenceConfig#lastSeenRetention()}
 *       after the last write. Time is the Redis server's {@code TIME} ({@link RedisOptions#clock()} replaces it
 *       in tests, read as nanoseconds since the epoch), so online-ness never depends on client clocks.</li>
 *   <li><b>Heartbeat:</b> one script in the user's slot records the device and, only when the user was not
 *       online, publishes one change; alongside it (pipelined, in parallel) the user's deadline goes into one
 *       of 16 sweep shards. {@code statusOf(n)} sends {@code n} read-only scripts in one pipelined batch: one
 *       round trip, timed and guarded as one call.</li>
 *   <li><b>Crashes:</b> every instance sweeps the shards every {@link PresenceConfig#sweepInterval()}: it claims
 *       due users for a lease (so two instances never both check one, and a sweeper that dies leaves them to
 *       the next), checks each in its own slot and publishes the offline change there. Reads never wait for a
 *       sweep: a device is offline for reads exactly {@code ttl} after its last heartbeat; watchers hear within
 *       {@code ttl + sweepInterval}, plus one lease ({@code max(4 * timeout, 2 * sweepInterval)}) if the sweeping
 *       instance died mid-check.</li>
 *   <li><b>Watching:</b> one subscription per instance to {@code <prefix>presence:<name>:changes} (plain pub/sub,
 *       which Redis 6.2 and Cluster forward to every node); each change arrives once per instance and is fanned
 *       out to local watchers, coalesced per user. When the subscription drops, watchers get {@code UNKNOWN};
 *       when Lettuce has re-subscribed, a fresh snapshot.</li>
 *   <li><b>Outages</b> ({@link io.headroom.presence.PresenceOutagePolicy#UNKNOWN}): reads answer {@code UNKNOWN},
 *       writes are dropped and counted ({@link #fallbackDecisions()}), nothing throws because of Redis.</li>
 * </ul>
 *
 * <p>Thread-safe. Owns one daemon thread (sweeps and watch delivery) until {@link #close()}; the connections stay
 * the caller's. The blocking forms wait for the asynchronous ones.
 */
public final class RedisPresence implements Presence, FallbackCounting, ObservableBackend {

    /** How many sweep shards a presence instance spreads user deadlines over. */
    static final int SWEEP_SHARDS = 16;
    private static final int CLAIM_LIMIT = 500;

    private static final LuaScript HEARTBEAT = script("presence-heartbeat.lua");
    private static final LuaScript OFFLINE = script("presence-offline.lua");
    private static final LuaScript CHECK = script("presence-check.lua");
    private static final LuaScript STATUS = script("presence-status.lua");
    private static final LuaScript DEADLINE = LuaScript.load("clock-head.lua", "presence-deadline.lua");
    private static final LuaScript CLAIM = LuaScript.load("clock-head.lua", "presence-claim.lua");
    private static final LuaScript RELEASE = LuaScript.load("presence-release.lua");
    private static final LuaScript REQUEUE = LuaScript.load("presence-requeue.lua");

    private final PresenceConfig config;
    private final GuardedCalls calls;
    private final PresenceKeys keys;
    private final StatefulRedisPubSubConnection<String, String> pubSub;
    private final String channel;
    private final String ttlMillis;
    private final String keepMillis;
    private final String leaseMillis;
    private final Duration subscribeTimeout;
    private final Daemon daemon;
    private final WatchHub hub;
    private final AtomicBoolean sweeping = new AtomicBoolean();
    private final RedisPubSubAdapter<String, String> messages;
    private final RedisConnectionStateListener connectionState;
    private volatile boolean subscribedOnce;

    private static LuaScript script(String name) {
        return LuaScript.load("clock-head.lua", "presence-head.lua", name);
    }

    private RedisPresence(RedisBackend backend, StatefulRedisPubSubConnection<String, String> pubSub,
                          PresenceConfig config, RedisOptions options) {
        this.config = config;
        this.calls = new GuardedCalls(backend, options, "presence", config.name());
        this.keys = new PresenceKeys(options.keyPrefix(), RedisKeys.Type.PRESENCE, config.name());
        this.pubSub = pubSub;
        this.channel = keys.channel();
        this.ttlMillis = Long.toString(config.ttl().toMillis());
        this.keepMillis = Long.toString(config.lastSeenRetention().toMillis() + calls.slackMillis());
        this.leaseMillis = Long.toString(Math.max(4 * options.timeout().toMillis(),
                2 * config.sweepInterval().toMillis()));
        this.subscribeTimeout = options.timeout().compareTo(Duration.ofSeconds(1)) > 0
                ? options.timeout() : Duration.ofSeconds(1);
        this.daemon = new Daemon("presence", config.name());
        this.hub = new WatchHub(this::read, daemon.executor(),
                options.clock() != null ? options.clock() : Ticker.system(), config.watchRateLimit());
        this.messages = new RedisPubSubAdapter<>() {
            @Override
            public void message(String ch, String message) {
                if (channel.equals(ch)) {
                    onMessage(message);
                }
            }

            @Override
            public void subscribed(String ch, long count) {
                if (channel.equals(ch)) {
                    if (subscribedOnce) {
                        hub.resync(); // Lettuce re-subscribed after a reconnect: changes may have been missed
                    }
                    subscribedOnce = true;
                }
            }
        };
        this.connectionState = new RedisConnectionStateListener() {
            @Override
            public void onRedisDisconnected(RedisChannelHandler<?, ?> connection) {
                hub.markUnknown();
            }
        };
    }

    /**
     * Creates a presence and subscribes to its change channel (waiting at most the call timeout; a failed first
     * subscription is retried by the sweeper).
     *
     * @param backend the Redis for state
     * @param pubSub a connection to the same Redis (or cluster) for the change subscription; may be shared with
     *     other primitives' subscriptions, but not with another presence of the same name (closing one would
     *     unsubscribe both)
     * @param config the configuration
     * @param options key prefix, timeout, circuit breaker, test clock
     * @return the presence
     * @throws IllegalArgumentException when an argument is {@code null}
     */
    public static RedisPresence create(RedisBackend backend, StatefulRedisPubSubConnection<String, String> pubSub,
                                       PresenceConfig config, RedisOptions options) {
        RedisPresence p = new RedisPresence(Arguments.notNull(backend, "backend"), Arguments.notNull(pubSub, "pubSub"),
                Arguments.notNull(config, "config"), Arguments.notNull(options, "options"));
        p.start();
        return p;
    }

    private void start() {
        pubSub.addListener(messages);
        if (pubSub instanceof RedisChannelHandler<?, ?> handler) {
            handler.addListener(connectionState);
        }
        subscribe();
        daemon.every(config.sweepInterval(), this::tick);
    }

    private void subscribe() {
        try {
            Futures.orTimeout(pubSub.async().subscribe(channel).toCompletableFuture(), subscribeTimeout).get();
            subscribedOnce = true;
        } catch (Exception e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            calls.fallback(e); // retried by the next tick
        }
    }

    private void onMessage(String message) {
        int a = message.indexOf('|');
        int b = message.indexOf('|', a + 1);
        if (a != 1 || b < 0) {
            return; // not ours
        }
        PresenceState state = message.charAt(0) == '1' ? PresenceState.ONLINE : PresenceState.OFFLINE;
        Instant at = Instant.ofEpochMilli(Long.parseLong(message.substring(a + 1, b)));
        hub.onChange(message.substring(b + 1), state, at);
    }

    private String shard(String userId) {
        return keys.set("sweep", Integer.toString(Math.floorMod(userId.hashCode(), SWEEP_SHARDS)));
    }

    @Override
    public void heartbeat(String userId, String deviceId) {
        Futures.join(heartbeatAsync(userId, deviceId));
    }

    @Override
    public CompletionStage<Void> heartbeatAsync(String userId, String deviceId) {
        Arguments.key(userId, "userId");
        Arguments.key(deviceId, "deviceId");
        daemon.checkOpen();
        String now = calls.now();
        CompletableFuture<Void> both = calls.call(() -> CompletableFuture.allOf(
                calls.backend().<List<Object>>eval(HEARTBEAT, ScriptOutputType.MULTI, new String[] {keys.of(userId)},
                        now, deviceId, ttlMillis, keepMillis, channel, userId),
                calls.backend().<Long>eval(DEADLINE, ScriptOutputType.INTEGER, new String[] {shard(userId)},
                        now, ttlMillis, userId, keepMillis)));
        return dropOnOutage(both);
    }

    private CompletionStage<Void> dropOnOutage(CompletableFuture<?> call) {
        return call.handle((r, e) -> {
            if (e != null) {
                calls.fallback(e);
            }
            return null;
        });
    }

    @Override
    public void offline(String userId, String deviceId) {
        Futures.join(offlineAsync(userId, deviceId));
    }

    @Override
    public CompletionStage<Void> offlineAsync(String userId, String deviceId) {
        Arguments.key(userId, "userId");
        Arguments.key(deviceId, "deviceId");
        daemon.checkOpen();
        return dropOnOutage(calls.<List<Object>>eval(OFFLINE, ScriptOutputType.MULTI, keys.of(userId),
                calls.now(), deviceId, keepMillis, channel, userId));
    }

    @Override
    public PresenceStatus status(String userId) {
        return Futures.join(statusAsync(userId));
    }

    @Override
    public CompletionStage<PresenceStatus> statusAsync(String userId) {
        Arguments.key(userId, "userId");
        daemon.checkOpen();
        return read(List.of(userId)).thenApply(m -> m.get(userId));
    }

    @Override
    public Map<String, PresenceStatus> statusOf(Collection<String> userIds) {
        return Futures.join(statusOfAsync(userIds));
    }

    @Override
    public CompletionStage<Map<String, PresenceStatus>> statusOfAsync(Collection<String> userIds) {
        Set<String> ids = Checks.ids(userIds, config.maxBulk(), "userIds");
        daemon.checkOpen();
        return read(ids);
    }

    /** One pipelined batch of read-only scripts, guarded as one call; all {@code UNKNOWN} on an outage. */
    private CompletableFuture<Map<String, PresenceStatus>> read(Collection<String> ids) {
        if (ids.isEmpty()) {
            return CompletableFuture.completedFuture(Map.of());
        }
        String now = calls.now();
        long retention = config.lastSeenRetention().toMillis();
        List<String> order = new ArrayList<>(ids);
        List<CompletableFuture<List<Object>>> replies = new ArrayList<>(order.size());
        CompletableFuture<Void> all = calls.call(() -> {
            for (String id : order) {
                replies.add(calls.backend().eval(STATUS, ScriptOutputType.MULTI, new String[] {keys.of(id)}, now));
            }
            return CompletableFuture.allOf(replies.toArray(CompletableFuture[]::new));
        });
        return all.handle((v, e) -> {
            Map<String, PresenceStatus> out = new LinkedHashMap<>();
            if (e != null) {
                calls.fallback(e);
                replies.forEach(r -> r.cancel(false));
                order.forEach(id -> out.put(id, PresenceStatus.unknown(id)));
                return Collections.unmodifiableMap(out);
            }
            long nowMillis = now.isEmpty() ? -1 : Long.parseLong(now);
            for (int i = 0; i < order.size(); i++) {
                List<Object> r = replies.get(i).join();
                boolean online = (Long) r.get(0) == 1L;
                long seen = (Long) r.get(1);
                // without a test clock the key's own expiry (the retention) bounds lastSeen
                Instant lastSeen = seen < 0 || (nowMillis >= 0 && seen + retention <= nowMillis)
                        ? null : Instant.ofEpochMilli(seen);
                out.put(order.get(i), new PresenceStatus(order.get(i),
                        online ? PresenceState.ONLINE : PresenceState.OFFLINE, lastSeen));
            }
            return Collections.unmodifiableMap(out);
        });
    }

    @Override
    public PresenceWatch watch(Collection<String> userIds, PresenceListener listener) {
        Set<String> ids = Checks.ids(userIds, config.maxBulk(), "userIds");
        Arguments.notNull(listener, "listener");
        daemon.checkOpen();
        return hub.watch(ids, listener);
    }

    /** Every sweep interval, on the daemon thread: keep the subscription honest, then sweep. */
    private void tick() {
        if (!subscribedOnce) {
            subscribe();
        }
        if (!pubSub.isOpen()) {
            hub.markUnknown();
        } else if (subscribedOnce && hub.hasUnknown()) {
            hub.resync();
        }
        hub.tick(); // releases rate-limited changes whose interval has passed
        if (sweeping.compareAndSet(false, true)) {
            sweep().whenComplete((v, e) -> sweeping.set(false));
        }
    }

    /** Claims due users of every shard, checks each in its own slot (publishing offline there), re-queues the live. */
    private CompletableFuture<Void> sweep() {
        String now = calls.now();
        List<CompletableFuture<?>> shards = new ArrayList<>(SWEEP_SHARDS);
        for (int n = 0; n < SWEEP_SHARDS; n++) {
            String shard = keys.set("sweep", Integer.toString(n));
            shards.add(calls.<List<Object>>eval(CLAIM, ScriptOutputType.MULTI, shard, now, leaseMillis,
                            Integer.toString(CLAIM_LIMIT))
                    .thenCompose(claimed -> check(shard, claimed)));
        }
        return CompletableFuture.allOf(shards.toArray(CompletableFuture[]::new))
                .handle((v, e) -> {
                    if (e != null) {
                        calls.fallback(e);
                    }
                    return null;
                });
    }

    private CompletableFuture<Void> check(String shard, List<Object> claimed) {
        if (claimed.size() <= 1) {
            return CompletableFuture.completedFuture(null);
        }
        String lease = String.valueOf(claimed.get(0));
        List<CompletableFuture<?>> checks = new ArrayList<>(claimed.size() - 1);
        for (Object o : claimed.subList(1, claimed.size())) {
            String user = (String) o;
            checks.add(calls.<List<Object>>eval(CHECK, ScriptOutputType.MULTI, keys.of(user), calls.now(),
                            channel, user)
                    .thenCompose(r -> {
                        long latest = (Long) r.get(1);
                        return latest > 0
                                ? calls.eval(REQUEUE, ScriptOutputType.INTEGER, shard, Long.toString(latest), user,
                                        keepMillis)
                                : calls.eval(RELEASE, ScriptOutputType.INTEGER, shard, lease, user);
                    }));
        }
        return CompletableFuture.allOf(checks.toArray(CompletableFuture[]::new));
    }

    @Override
    public PresenceConfig config() {
        return config;
    }

    /**
     * How many answers the outage policy made instead of Redis (reads answered {@code UNKNOWN}, writes dropped,
     * failed sweeps) since creation.
     *
     * @return the count
     */
    @Override
    public long fallbackDecisions() {
        return calls.fallbacks();
    }

    /**
     * Times every Redis call from now on (used by {@link io.headroom.presence.PresenceMetrics}).
     *
     * @param observer told about each completed call
     */
    @Override
    public void observeBackendCalls(BackendCallObserver observer) {
        calls.observe(observer);
    }

    /**
     * The circuit breaker around Redis calls, for metrics and state.
     *
     * @return the breaker
     */
    public CircuitBreaker circuitBreaker() {
        return calls.circuitBreaker();
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
    public void close() {
        if (daemon.isClosed()) {
            return;
        }
        daemon.close();
        pubSub.removeListener(messages);
        if (pubSub instanceof RedisChannelHandler<?, ?> handler) {
            handler.removeListener(connectionState);
        }
        if (pubSub.isOpen()) {
            pubSub.async().unsubscribe(channel);
        }
    }

    @Override
    public String toString() {
        return "RedisPresence[" + config.name() + ", " + calls.backend() + "]";
    }
}
