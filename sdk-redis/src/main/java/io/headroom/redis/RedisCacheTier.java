package io.headroom.redis;

import io.headroom.Ticker;
import io.headroom.redis.internal.LuaScript;
import io.headroom.redis.internal.RedisKeys;
import io.headroom.internal.BackendGuard;
import io.headroom.spi.CacheTier;
import io.lettuce.core.RedisChannelHandler;
import io.lettuce.core.RedisConnectionStateListener;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Redis tier under {@link RedisCacheAside}: keys, scripts, leases, generation and the invalidation channel.
 * Thread-safe; see {@link RedisCacheAside} for the design.
 */
final class RedisCacheTier implements CacheTier {

    private static final Logger LOG = LoggerFactory.getLogger("io.headroom.redis");
    private static final LuaScript LOOKUP = LuaScript.load("cache-head.lua", "cache-lookup.lua");
    private static final LuaScript WRITE = LuaScript.load("cache-head.lua", "cache-write.lua");
    private static final LuaScript RELEASE = LuaScript.load("cache-head.lua", "cache-release.lua");
    /** A refresh's "newer value" test tolerates this much disagreement between clocks (microseconds). */
    private static final long REFRESH_TOLERANCE_MICROS = 1_000;
    /** With a test clock the server's own expiry does not follow it: keep values this much longer (ms). */
    private static final long TEST_CLOCK_SLACK_MILLIS = 60_000;

    private final RedisBackend backend;
    private final StatefulRedisPubSubConnection<String, String> pubSub;
    private final String name;
    private final String keyPrefix;
    private final String generationKey;
    private final String channel;
    private final BackendGuard guard;
    private final @Nullable Ticker clock;
    private final Ticker ticker;
    private final boolean text;
    private final Duration leaseTime;
    private final String leaseMillis;
    private final long untrustedNanos;
    private final AtomicLong generation = new AtomicLong(-1);
    private volatile long generationReadAt;
    private volatile boolean live;
    private volatile boolean subscribedOnce;
    /** Redis confirmed a SUBSCRIBE of this tier (the future completed); Lettuce re-subscribes after reconnects. */
    private volatile boolean subscribeConfirmed;
    /** The connection dropped since the last subscription: invalidations may have been missed. */
    private volatile boolean lostSinceSubscribed;
    private volatile boolean closed;
    private volatile @Nullable Listener listener;
    private final RedisPubSubAdapter<String, String> messages;
    private final RedisConnectionStateListener connectionState;

    RedisCacheTier(RedisBackend backend, StatefulRedisPubSubConnection<String, String> pubSub, String name,
                   RedisOptions options, Ticker ticker, boolean text, Duration leaseTime, Duration staleness) {
        this.backend = backend;
        this.pubSub = pubSub;
        this.name = name;
        this.keyPrefix = options.keyPrefix();
        this.generationKey = RedisKeys.global(keyPrefix, RedisKeys.Type.CACHE, name, "generation");
        this.channel = RedisKeys.global(keyPrefix, RedisKeys.Type.CACHE, name, "invalidations");
        this.guard = BackendGuard.create("headroom-cache-" + name, options.timeout(), options.circuitBreakerConfig(),
                ticker);
        this.clock = options.clock();
        this.ticker = ticker;
        this.text = text;
        this.leaseTime = leaseTime;
        this.leaseMillis = Long.toString(leaseTime.toMillis());
        this.untrustedNanos = staleness.toNanos();
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
                    onSubscribed();
                }
            }
        };
        this.connectionState = new RedisConnectionStateListener() {
            @Override
            public void onRedisDisconnected(RedisChannelHandler<?, ?> connection) {
                live = false;
                lostSinceSubscribed = true;
            }
        };
    }

    /** Subscribes to the invalidation channel and reads the generation; waits at most the timeout for each. */
    void start(Duration timeout) {
        pubSub.addListener(messages);
        if (pubSub instanceof RedisChannelHandler<?, ?> handler) {
            handler.addListener(connectionState);
        }
        try {
            pubSub.async().subscribe(channel).toCompletableFuture().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            // Redis confirmed the subscription: invalidations published from now on reach this instance. The
            // listener's subscribed() callback may come a moment later; L1 is trusted from here, not from there
            live = true;
            subscribeConfirmed = true;
        } catch (Exception e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            LOG.warn("cache '{}': cannot subscribe to {} yet ({}); in-process entries are served for at most {} "
                    + "until it succeeds", name, channel, e.toString(), Duration.ofNanos(untrustedNanos));
        }
        try {
            readGeneration().get(timeout.toMillis() + 100, TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            // read again on first use
        }
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        listener = null;
        pubSub.removeListener(messages);
        if (pubSub instanceof RedisChannelHandler<?, ?> handler) {
            handler.removeListener(connectionState);
        }
        live = false;
        try {
            pubSub.async().unsubscribe(channel);
        } catch (RuntimeException e) {
            // closing is best effort
        }
    }

    private void onMessage(String message) {
        if (message.isEmpty()) {
            return;
        }
        Listener l = listener;
        switch (message.charAt(0)) {
            case 'k' -> {
                if (l != null) {
                    l.keyInvalidated(message.substring(1));
                }
            }
            case 'g' -> {
                try {
                    generation.accumulateAndGet(Long.parseLong(message.substring(1)), Math::max);
                } catch (NumberFormatException ignored) {
                    // not ours
                }
            }
            default -> {
                // other messages on the channel (a test's markers) are ignored
            }
        }
    }

    private void onSubscribed() {
        Listener l = listener;
        // Only a re-subscription after a lost connection means invalidations were missed. The confirmation of the
        // first SUBSCRIBE can reach this listener after the command's future completed (on Redis 7.0.15 often
        // enough to fail the contract in 2 of 4 runs): it is no reason to drop L1 or refreshes in flight
        if (subscribedOnce && lostSinceSubscribed && l != null) {
            l.resync();
        }
        lostSinceSubscribed = false;
        subscribedOnce = true;
        live = true;
        readGeneration();
    }

    boolean isLive() {
        return live && pubSub.isOpen();
    }

    // ---------------------------------------------------------------- keys and encoding

    private String[] keys(String key, long g) {
        String value = RedisKeys.slotted(keyPrefix, RedisKeys.Type.CACHE, name, Long.toString(g), key);
        return new String[] {value, RedisKeys.sibling(value, "lease")};
    }

    private String now() {
        Ticker c = clock;
        return c == null ? "" : Long.toString(Math.floorDiv(c.read(), 1_000));
    }

    // Values are stored as text on the backend's String connection: UTF-8 text codecs (JSON, strings) as they
    // are after a 't', anything else in base64 after a 'b' (a third bigger, but one shared connection, one
    // script cache and one cluster topology for every primitive, instead of a second byte[] connection).
    private String encode(byte[] payload) {
        return text ? "t" + new String(payload, StandardCharsets.UTF_8)
                : "b" + Base64.getEncoder().encodeToString(payload);
    }

    private static byte[] decode(String stored) {
        if (stored.isEmpty()) {
            throw new IllegalStateException("empty cache payload");
        }
        String body = stored.substring(1);
        return switch (stored.charAt(0)) {
            case 't' -> body.getBytes(StandardCharsets.UTF_8);
            case 'b' -> Base64.getDecoder().decode(body);
            default -> throw new IllegalStateException("unknown cache payload format '" + stored.charAt(0) + "'");
        };
    }

    // ---------------------------------------------------------------- CacheTier

    @Override
    public void listen(Listener listener) {
        this.listener = listener;
    }

    @Override
    public long generation() {
        return generation.get();
    }

    @Override
    public CompletableFuture<Long> currentGeneration() {
        long g = generation.get();
        if (g >= 0 && (isLive() || ticker.read() - generationReadAt < untrustedNanos)) {
            return CompletableFuture.completedFuture(g);
        }
        return readGeneration();
    }

    private CompletableFuture<Long> readGeneration() {
        long startedAt = ticker.read();
        return guard.<String>call(() -> backend.commands().get(generationKey).toCompletableFuture()).thenApply(s -> {
            long read = s == null ? 0 : Long.parseLong(s);
            generationReadAt = startedAt;
            if (!subscribedOnce && !subscribeConfirmed) {
                // the first attempt failed; Lettuce re-subscribes from now on. Not when it succeeded and only the
                // listener's confirmation is late: a second SUBSCRIBE would be confirmed again, as a re-subscription
                pubSub.async().subscribe(channel);
            }
            return generation.accumulateAndGet(read, Math::max);
        });
    }

    @Override
    public boolean l1Trusted() {
        return isLive();
    }

    @Override
    public long untrustedL1Nanos() {
        return untrustedNanos;
    }

    @Override
    public Duration leaseTime() {
        return leaseTime;
    }

    @Override
    public CompletableFuture<Lookup> lookup(String key, long g) {
        return lookup(key, g, "");
    }

    @Override
    public CompletableFuture<Lookup> lookupForRefresh(String key, long g, long hardRemainingNanos) {
        return lookup(key, g, Long.toString(hardRemainingNanos / 1_000 + REFRESH_TOLERANCE_MICROS));
    }

    private CompletableFuture<Lookup> lookup(String key, long g, String refreshThreshold) {
        String token = UUID.randomUUID().toString();
        String[] keys = keys(key, g);
        return guard.<List<Object>>call(() -> backend.eval(LOOKUP, ScriptOutputType.MULTI, keys, now(), token,
                leaseMillis, refreshThreshold)).thenApply(reply -> {
                    long kind = (Long) reply.get(0);
                    if (kind == 1) {
                        Object payload = reply.get(1);
                        return new Lookup(Kind.HIT, payload == null ? null : decode((String) payload),
                                (Long) reply.get(2) * 1_000, (Long) reply.get(3) * 1_000, (Long) reply.get(4) * 1_000,
                                null);
                    }
                    return kind == 2 ? new Lookup(Kind.LEASED, null, 0, 0, 0, token)
                            : new Lookup(Kind.BUSY, null, 0, 0, 0, null);
                });
    }

    @Override
    public CompletableFuture<Boolean> write(String key, long g, String token, byte @Nullable [] payload,
                                            long softNanos, long hardNanos, long loadNanos) {
        String[] keys = keys(key, g);
        long expireMillis = Math.max(1, (hardNanos + 999_999) / 1_000_000)
                + (clock == null ? 0 : TEST_CLOCK_SLACK_MILLIS);
        String[] args = {now(), token, Long.toString(Math.max(0, softNanos / 1_000)),
            Long.toString(Math.max(1, hardNanos / 1_000)), payload == null ? "" : encode(payload),
            payload == null ? "1" : "0", Long.toString(loadNanos / 1_000), Long.toString(expireMillis)};
        return guard.<Long>call(() -> backend.eval(WRITE, ScriptOutputType.INTEGER, keys, args))
                .thenApply(r -> r == 1L);
    }

    @Override
    public CompletableFuture<Void> release(String key, long g, String token) {
        String[] keys = keys(key, g);
        return guard.<Long>call(() -> backend.eval(RELEASE, ScriptOutputType.INTEGER, keys, "", token))
                .handle((r, e) -> null);
    }

    @Override
    public CompletableFuture<Void> invalidate(Collection<String> keys, long g) {
        List<CompletableFuture<?>> calls = new ArrayList<>(keys.size() * 2);
        for (String key : keys) {
            String[] ks = keys(key, g);
            calls.add(guard.call(() -> backend.commands().del(ks).toCompletableFuture()));
        }
        // published after the deletes on the same connection, so every instance that drops its L1 entry on the
        // message finds the value gone from Redis too
        for (String key : keys) {
            calls.add(guard.call(() -> backend.commands().publish(channel, "k" + key).toCompletableFuture()));
        }
        return CompletableFuture.allOf(calls.toArray(CompletableFuture[]::new));
    }

    @Override
    public CompletableFuture<Long> bumpGeneration() {
        return guard.<Long>call(() -> backend.commands().incr(generationKey).toCompletableFuture())
                .thenCompose(g -> {
                    generation.accumulateAndGet(g, Math::max);
                    return guard.call(() -> backend.commands().publish(channel, "g" + g).toCompletableFuture())
                            .thenApply(receivers -> g);
                });
    }

    BackendGuard guard() {
        return guard;
    }

    String channel() {
        return channel;
    }

    @Override
    public String toString() {
        return "RedisCacheTier[" + name + ", " + backend + (isLive() ? "" : ", invalidation channel down") + "]";
    }
}
