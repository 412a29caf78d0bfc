package io.headroom.redis;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.headroom.ClosedException;
import io.headroom.internal.Arguments;
import io.headroom.internal.Futures;
import io.headroom.presence.Typing;
import io.headroom.presence.TypingConfig;
import io.headroom.presence.TypingListener;
import io.headroom.presence.TypingWatch;
import io.headroom.presence.internal.Checks;
import io.headroom.presence.internal.Daemon;
import io.headroom.presence.internal.TypingHub;
import io.headroom.redis.internal.LuaScript;
import io.headroom.redis.internal.PresenceKeys;
import io.headroom.redis.internal.RedisKeys;
import io.headroom.spi.BackendCallObserver;
import io.headroom.spi.FallbackCounting;
import io.headroom.spi.ObservableBackend;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.jspecify.annotations.Nullable;

/**
 * A {@link Typing} shared by every instance through Redis (standalone or cluster): one sorted set per chat,
 * {@code <prefix>typing:<name>:{<chat>}}, user to indicator expiry on the Redis server's {@code TIME}
 * ({@link RedisOptions#clock()} in tests, nanoseconds since the epoch); the key expires with its newest indicator.
 * One script per call. Outages follow {@link io.headroom.presence.TypingOutagePolicy#NOBODY_TYPING}: reads answer
 * empty, writes are dropped and counted, nothing throws because of Redis.
 *
 * <p><b>Watching</b> (only when created with a pub/sub connection): a {@code typing} call that starts an indicator
 * and a {@code stopped} call that ends a live one publish the chat id once, in the same script, on
 * {@code <prefix>typing:<name>:changes}; a refresh of a live indicator publishes nothing. Each instance holds one
 * subscription, re-reads a changed chat once for all its local watchers, and every
 * {@link TypingConfig#watchInterval()} re-reads the watched chats that had typers, so an expiry (which sends no
 * message) is noticed within {@code ttl + watchInterval}. After a lost subscription Lettuce re-subscribes and
 * every watcher gets a fresh snapshot.
 *
 * <p>Thread-safe. Created with a pub/sub connection it owns one daemon thread (watch delivery and re-reads)
 * until {@link #close()}; without one it holds no threads. The connections stay the caller's.
 */
public final class RedisTyping implements Typing, FallbackCounting, ObservableBackend {

    private static final LuaScript START = LuaScript.load("clock-head.lua", "typing-start.lua");
    private static final LuaScript READ = LuaScript.load("clock-head.lua", "typing-read.lua");
    private static final LuaScript STOP = LuaScript.load("clock-head.lua", "typing-stop.lua");

    private final TypingConfig config;
    private final GuardedCalls calls;
    private final PresenceKeys keys;
    private final String ttlMillis;
    private final String channel;
    private final @Nullable Daemon daemon;
    private final @Nullable TypingHub hub;
    private final @Nullable ChangeSubscription subscription;
    private volatile boolean closed;

    private RedisTyping(RedisBackend backend, @Nullable StatefulRedisPubSubConnection<String, String> pubSub,
                        TypingConfig config, RedisOptions options) {
        this.config = config;
        this.calls = new GuardedCalls(backend, options, "typing", config.name());
        this.keys = new PresenceKeys(options.keyPrefix(), RedisKeys.Type.TYPING, config.name());
        this.ttlMillis = Long.toString(config.ttl().toMillis());
        if (pubSub == null) {
            this.channel = "";
            this.daemon = null;
            this.hub = null;
            this.subscription = null;
        } else {
            this.channel = keys.channel();
            this.daemon = new Daemon("typing", config.name());
            TypingHub h = new TypingHub(this::read, daemon.executor());
            this.hub = h;
            this.subscription = new ChangeSubscription(pubSub, channel, options.timeout(), h::onChange,
                    h::resync, () -> { }, calls::fallback);
        }
    }

    /**
     * Creates typing indicators on Redis.
     *
     * @param backend the Redis to use
     * @param config the configuration
     * @param options key prefix, timeout, circuit breaker, test clock
     * @return the instance
     * @throws IllegalArgumentException when an argument is {@code null}
     */
    public static RedisTyping create(RedisBackend backend, TypingConfig config, RedisOptions options) {
        return new RedisTyping(Arguments.notNull(backend, "backend"), null, Arguments.notNull(config, "config"),
                Arguments.notNull(options, "options"));
    }

    /**
     * Creates watchable typing indicators on Redis and subscribes to their change channel (waiting at most the
     * call timeout; a failed first subscription is retried every watch interval).
     *
     * @param backend the Redis for state
     * @param pubSub a connection to the same Redis (or cluster) for the change subscription; may be shared with
     *     other primitives' subscriptions, but not with another typing of the same name
     * @param config the configuration
     * @param options key prefix, timeout, circuit breaker, test clock
     * @return the instance
     * @throws IllegalArgumentException when an argument is {@code null}
     */
    public static RedisTyping create(RedisBackend backend, StatefulRedisPubSubConnection<String, String> pubSub,
                                     TypingConfig config, RedisOptions options) {
        RedisTyping t = new RedisTyping(Arguments.notNull(backend, "backend"), Arguments.notNull(pubSub, "pubSub"),
                Arguments.notNull(config, "config"), Arguments.notNull(options, "options"));
        t.start();
        return t;
    }

    private void start() {
        ChangeSubscription s = subscription;
        Daemon d = daemon;
        TypingHub h = hub;
        if (s != null && d != null && h != null) {
            s.start();
            d.every(config.watchInterval(), () -> {
                s.ensure();
                h.refresh();
            });
        }
    }

    private void checkOpen() {
        if (closed) {
            throw ClosedException.of("typing", config.name());
        }
    }

    private <T> CompletableFuture<T> orElse(CompletableFuture<T> call, T fallback) {
        return call.handle((r, e) -> {
            if (e != null) {
                calls.fallback(e);
                return fallback;
            }
            return r;
        });
    }

    @Override
    public void typing(String chatId, String userId) {
        Futures.join(typingAsync(chatId, userId));
    }

    @Override
    public CompletionStage<Void> typingAsync(String chatId, String userId) {
        Arguments.key(chatId, "chatId");
        Arguments.key(userId, "userId");
        checkOpen();
        return orElse(calls.<Long>eval(START, ScriptOutputType.INTEGER, keys.of(chatId), calls.now(), userId,
                ttlMillis, Long.toString(calls.slackMillis()), channel, chatId), 0L).thenApply(r -> null);
    }

    @Override
    public void stopped(String chatId, String userId) {
        Futures.join(stoppedAsync(chatId, userId));
    }

    @Override
    public CompletionStage<Void> stoppedAsync(String chatId, String userId) {
        Arguments.key(chatId, "chatId");
        Arguments.key(userId, "userId");
        checkOpen();
        return orElse(calls.<Long>eval(STOP, ScriptOutputType.INTEGER, keys.of(chatId), calls.now(), userId,
                channel, chatId), 0L).thenApply(r -> null);
    }

    @Override
    public List<String> typingIn(String chatId) {
        return Futures.join(typingInAsync(chatId));
    }

    @Override
    public CompletionStage<List<String>> typingInAsync(String chatId) {
        Arguments.key(chatId, "chatId");
        checkOpen();
        return read(chatId);
    }

    private CompletableFuture<List<String>> read(String chatId) {
        return orElse(calls.<List<Object>>eval(READ, ScriptOutputType.MULTI, keys.of(chatId), calls.now(),
                        Integer.toString(config.maxTypers())), List.of())
                .thenApply(r -> r.stream().map(String.class::cast).toList());
    }

    @Override
    public TypingWatch watch(Collection<String> chatIds, TypingListener listener) {
        Set<String> ids = Checks.ids(chatIds, config.maxWatch(), "chatIds");
        Arguments.notNull(listener, "listener");
        checkOpen();
        TypingHub h = hub;
        if (h == null) {
            throw new IllegalStateException("typing '" + config.name()
                    + "' was created without a pub/sub connection and cannot watch; use create(backend, pubSub, ...)");
        }
        return h.watch(ids, listener);
    }

    /**
     * How many watches are open on this instance.
     *
     * @return the count
     */
    public long watches() {
        TypingHub h = hub;
        return h == null ? 0 : h.watches();
    }

    @Override
    public TypingConfig config() {
        return config;
    }

    /**
     * How many answers the outage policy made instead of Redis since creation.
     *
     * @return the count
     */
    @Override
    public long fallbackDecisions() {
        return calls.fallbacks();
    }

    /**
     * Times every Redis call from now on (used by {@link io.headroom.presence.TypingMetrics}).
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

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (daemon != null) {
            daemon.close();
        }
        if (subscription != null) {
            subscription.stop();
        }
    }

    @Override
    public String toString() {
        return "RedisTyping[" + config.name() + ", " + calls.backend() + "]";
    }
}
