package io.headroom.redis;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.headroom.Ticker;
import io.headroom.internal.BackendGuard;
import io.headroom.redis.internal.LuaScript;
import io.headroom.redis.internal.OutageLog;
import io.headroom.spi.BackendCallObserver;
import io.lettuce.core.ScriptOutputType;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * The backend plumbing the presence, typing and session primitives share: the guard (timeout and breaker), the
 * clock argument of their scripts, the outage log and the count of answers made by the outage policy.
 * Thread-safe.
 */
final class GuardedCalls {

    /** How much longer keys live under a test clock, which the server's own expiry does not follow. */
    private static final long TEST_CLOCK_SLACK_MILLIS = 60_000;

    private final RedisBackend backend;
    private final BackendGuard guard;
    private final @Nullable Ticker clock;
    private final OutageLog outageLog;
    private final LongAdder fallbacks = new LongAdder();

    GuardedCalls(RedisBackend backend, RedisOptions options, String kind, String name) {
        this.backend = backend;
        this.clock = options.clock();
        Ticker ticker = clock != null ? clock : Ticker.system();
        this.guard = options.callSettings().newGuard("headroom-" + kind + "-" + name, ticker);
        this.outageLog = new OutageLog(kind + " '" + name + "'", ticker);
    }

    RedisBackend backend() {
        return backend;
    }

    /** ARGV[1] of every script: the test clock's epoch milliseconds, or "" for the server's TIME. */
    String now() {
        return clock == null ? "" : Long.toString(Math.floorDiv(clock.read(), 1_000_000L));
    }

    /** Extra key lifetime under a test clock, in ms. */
    long slackMillis() {
        return clock == null ? 0 : TEST_CLOCK_SLACK_MILLIS;
    }

    <T> CompletableFuture<T> call(Supplier<? extends CompletableFuture<T>> call) {
        return guard.<T>call(call).whenComplete((r, e) -> {
            if (e == null) {
                outageLog.recovered();
            }
        });
    }

    <T> CompletableFuture<T> eval(LuaScript script, ScriptOutputType type, String key, String... args) {
        return call(() -> backend.<T>eval(script, type, new String[] {key}, args));
    }

    /** Records one answer made by the outage policy. */
    void fallback(Throwable error) {
        fallbacks.increment();
        outageLog.failed(error);
    }

    long fallbacks() {
        return fallbacks.sum();
    }

    void observe(BackendCallObserver observer) {
        guard.observeBackendCalls(observer);
    }

    CircuitBreaker circuitBreaker() {
        return guard.circuitBreaker();
    }
}
