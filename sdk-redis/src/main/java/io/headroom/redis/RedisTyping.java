package io.headroom.redis;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.headroom.ClosedException;
import io.headroom.internal.Arguments;
import io.headroom.internal.Futures;
import io.headroom.presence.Typing;
import io.headroom.presence.TypingConfig;
import io.headroom.redis.internal.LuaScript;
import io.headroom.redis.internal.PresenceKeys;
import io.headroom.redis.internal.RedisKeys;
import io.headroom.spi.BackendCallObserver;
import io.headroom.spi.FallbackCounting;
import io.headroom.spi.ObservableBackend;
import io.lettuce.core.ScriptOutputType;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * A {@link Typing} shared by every instance through Redis (standalone or cluster): one sorted set per chat,
 * {@code <prefix>typing:<name>:{<chat>}}, user to indicator expiry on the Redis server's {@code TIME}
 * ({@link RedisOptions#clock()} in tests, nanoseconds since the epoch); the key expires with its newest indicator.
 * One script per call. Outages follow {@link io.headroom.presence.TypingOutagePolicy#NOBODY_TYPING}: reads answer
 * empty, writes are dropped and counted, nothing throws because of Redis. Thread-safe; holds no threads.
 */
public final class RedisTyping implements Typing, FallbackCounting, ObservableBackend {

    private static final LuaScript START = LuaScript.load("clock-head.lua", "typing-start.lua");
    private static final LuaScript READ = LuaScript.load("clock-head.lua", "typing-read.lua");

    private final TypingConfig config;
    private final GuardedCalls calls;
    private final PresenceKeys keys;
    private final String ttlMillis;
    private volatile boolean closed;

    private RedisTyping(RedisBackend backend, TypingConfig config, RedisOptions options) {
        this.config = config;
        this.calls = new GuardedCalls(backend, options, "typing", config.name());
        this.keys = new PresenceKeys(options.keyPrefix(), RedisKeys.Type.TYPING, config.name());
        this.ttlMillis = Long.toString(config.ttl().toMillis());
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
        return new RedisTyping(Arguments.notNull(backend, "backend"), Arguments.notNull(config, "config"),
                Arguments.notNull(options, "options"));
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
                ttlMillis, Long.toString(calls.slackMillis())), 0L).thenApply(r -> null);
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
        return orElse(calls.call(() -> calls.backend().commands().zrem(keys.of(chatId), userId)
                .toCompletableFuture()), 0L).thenApply(r -> null);
    }

    @Override
    public List<String> typingIn(String chatId) {
        return Futures.join(typingInAsync(chatId));
    }

    @Override
    public CompletionStage<List<String>> typingInAsync(String chatId) {
        Arguments.key(chatId, "chatId");
        checkOpen();
        return orElse(calls.<List<Object>>eval(READ, ScriptOutputType.MULTI, keys.of(chatId), calls.now(),
                        Integer.toString(config.maxTypers())), List.of())
                .thenApply(r -> r.stream().map(String.class::cast).toList());
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
        closed = true;
    }

    @Override
    public String toString() {
        return "RedisTyping[" + config.name() + ", " + calls.backend() + "]";
    }
}
