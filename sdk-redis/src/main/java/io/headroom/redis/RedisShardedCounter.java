package io.headroom.redis;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.core.IntervalFunction;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;
import io.headroom.BackendUnavailableException;
import io.headroom.counter.CounterConfig;
import io.headroom.counter.CounterOverflowException;
import io.headroom.counter.CounterStats;
import io.headroom.counter.ShardedCounter;
import io.headroom.redis.internal.LuaScript;
import io.headroom.redis.internal.OutageLog;
import io.headroom.internal.Arguments;
import io.headroom.internal.BackendGuard;
import io.headroom.internal.CounterChecks;
import io.headroom.internal.BufferedShardedCounter;
import io.headroom.internal.IncrementBuffer;
import io.lettuce.core.ScriptOutputType;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import io.headroom.internal.Futures;

/**
 * A {@link ShardedCounter} shared by every application instance through Redis (standalone or cluster).
 *
 * <ul>
 *   <li><b>One round trip per increment:</b> one small Lua script ({@code EVALSHA}, re-sent with {@code EVAL}
 *       only after {@code NOSCRIPT}) applies the increment with {@code HINCRBY} (exact 64-bit arithmetic that refuses
 *       to overflow) and records its idempotency token in the same atomic step. While a write to a counter is in
 *       flight, further increments of this instance to the same shard are summed and sent as one write when it
 *       returns (group commit), so a hot counter costs at most one write in flight per shard and instance.</li>
 *   <li><b>Exactly once:</b> every write carries this instance's writer id and a growing sequence number; the script
 *       skips a write whose number it has already recorded for that writer, so a write retried after a timeout (that
 *       was in fact applied) is never counted twice. See {@link IncrementBuffer} for why none is skipped either.</li>
 *   <li><b>Keys:</b> one hash per counter and shard: {@code <prefix>counter:<name>:{<id>}} for shard 0 and
 *       {@code <prefix>counter:<name>:<i>:{<i>:<id>}} for shard {@code i > 0}, so with
 *       {@link CounterConfig#shards()} above 1 one hot counter spreads over several cluster slots (each increment
 *       picks a shard at random; reads sum them). Fields: {@code v}, the value, plus one small field per writer
 *       instance that wrote to or reset the shard (its last sequence number). Ids are passed as keys, never placed in
 *       script text.</li>
 *   <li><b>TTL:</b> with {@link CounterConfig#ttl()}, every increment and reset sets the shard's expiry.</li>
 *   <li><b>Outages</b> (buffer-and-retry): every call has {@link RedisOptions#timeout()} and runs behind a
 *       Resilience4j circuit breaker. A failed write is retried with backoff (same token) until it succeeds, while
 *       increments keep being accepted up to {@link CounterConfig#maxPendingIncrements()}, then refused with
 *       {@link io.headroom.counter.CounterBufferFullException}. Reads fail with {@link BackendUnavailableException};
 *       a reset is retried with its token until {@link CounterConfig#flushTimeout()}.</li>
 * </ul>
 *
 * <p>The coalescing window defaults to none: a write goes out as soon as its lane is free. Thread-safe; the
 * asynchronous forms complete on Lettuce's I/O threads. {@link #close()} flushes but never closes the connection.
 */
public final class RedisShardedCounter extends BufferedShardedCounter {

    static final LuaScript INCREMENT = LuaScript.load("counter-increment.lua");
    static final LuaScript RESET = LuaScript.load("counter-reset.lua");

    private final RedisBackend backend;
    private final String keyPrefix;
    private final int shards;
    private final String ttlMillis;
    private final BackendGuard guard;
    private final String writeField;
    private final String resetField;
    private final AtomicLong resetTokens = new AtomicLong();
    private final ConcurrentHashMap<String, CompletableFuture<Long>> resetChains = new ConcurrentHashMap<>();
    private final OutageLog outageLog;

    private RedisShardedCounter(RedisBackend backend, CounterConfig config, RedisOptions options) {
        super(config, config.coalescingWindow() == null ? Duration.ZERO : config.coalescingWindow(),
                "headroom-counter-reset-" + config.name());
        this.backend = backend;
        this.keyPrefix = options.keyPrefix() + "counter:" + config.name() + ":";
        this.shards = config.shards();
        this.ttlMillis = config.ttl() == null ? "0" : Long.toString(config.ttl().toMillis());
        this.guard = BackendGuard.create("headroom-counter-" + config.name(), options.timeout(),
                options.circuitBreakerConfig());
        this.writeField = "w:" + buffer.writerId();
        this.resetField = "r:" + buffer.writerId();
        this.outageLog = new OutageLog("sharded counter '" + config.name() + "' (buffer-and-retry)");
    }

    /**
     * Creates a counter with {@link RedisOptions#defaults()}.
     *
     * @param backend the Redis to use
     * @param config the configuration
     * @return the counter; close it to flush its buffer
     * @throws IllegalArgumentException when an argument is {@code null}
     */
    public static RedisShardedCounter create(RedisBackend backend, CounterConfig config) {
        return create(backend, config, RedisOptions.defaults());
    }

    /**
     * Creates a counter.
     *
     * @param backend the Redis to use
     * @param config the configuration
     * @param options key prefix, timeout, circuit breaker
     * @return the counter; close it to flush its buffer
     * @throws IllegalArgumentException when an argument is {@code null}
     */
    public static RedisShardedCounter create(RedisBackend backend, CounterConfig config, RedisOptions options) {
        return new RedisShardedCounter(Arguments.notNull(backend, "backend"), Arguments.notNull(config, "config"),
                Arguments.notNull(options, "options"));
    }

    /** The Redis key of one shard of one counter (see the class documentation). */
    String key(String counterId, int shard) {
        return shard == 0 ? keyPrefix + "{" + counterId + "}" : keyPrefix + shard + ":{" + shard + ":" + counterId + "}";
    }

    @Override
    protected CompletableFuture<Void> write(String counterId, int shard, long seq, long delta) {
        String[] keys = {key(counterId, shard)};
        return guard.<Long>call(() -> backend.eval(INCREMENT, ScriptOutputType.INTEGER, keys, writeField,
                        Long.toString(seq), Long.toString(delta), ttlMillis))
                .handle((r, e) -> {
                    if (e != null) {
                        outageLog.failed(e);
                        throw e instanceof CompletionException ce ? ce : new CompletionException(e);
                    }
                    outageLog.recovered();
                    if (r == -1L) {
                        throw new CompletionException(new CounterOverflowException(config.name(), counterId,
                                "shard " + shard + " + " + delta));
                    }
                    return null;
                });
    }

    @Override
    public CompletionStage<Void> incrementAsync(String counterId, long delta) {
        CounterChecks.id(counterId);
        CounterChecks.delta(delta);
        int shard = shards == 1 ? 0 : ThreadLocalRandom.current().nextInt(shards);
        return buffer.submit(counterId, shard, delta);
    }

    @Override
    public CompletionStage<Long> getAsync(String counterId) {
        CounterChecks.id(counterId);
        return read(List.of(counterId)).thenApply(values -> values.get(counterId));
    }

    @Override
    public CompletionStage<Map<String, Long>> getAllAsync(Collection<String> counterIds) {
        CounterChecks.ids(counterIds);
        return read(new ArrayList<>(new LinkedHashSet<>(counterIds)));
    }

    /** Reads every shard of every id with pipelined HGETs (one round trip on a standalone server) and sums them. */
    private CompletableFuture<Map<String, Long>> read(List<String> ids) {
        if (ids.isEmpty()) {
            return CompletableFuture.completedFuture(Map.of());
        }
        return guard.<Map<String, Long>>call(() -> {
            List<CompletableFuture<String>> replies = new ArrayList<>(ids.size() * shards);
            for (String id : ids) {
                for (int s = 0; s < shards; s++) {
                    replies.add(backend.commands().hget(key(id, s), "v").toCompletableFuture());
                }
            }
            return CompletableFuture.allOf(replies.toArray(CompletableFuture[]::new)).thenApply(done -> {
                Map<String, Long> values = new LinkedHashMap<>();
                int i = 0;
                for (String id : ids) {
                    long sum = 0;
                    for (int s = 0; s < shards; s++) {
                        String v = replies.get(i++).join();
                        try {
                            sum = Math.addExact(sum, v == null ? 0 : Long.parseLong(v));
                        } catch (ArithmeticException overflow) {
                            throw new CounterOverflowException(config.name(), id, "sum of " + shards + " shards");
                        }
                    }
                    values.put(id, sum);
                }
                return Collections.unmodifiableMap(values);
            });
        }).handle((values, e) -> {
            if (e == null) {
                outageLog.recovered();
                return values;
            }
            Throwable cause = Futures.unwrap(e);
            if (cause instanceof CounterOverflowException overflow) {
                throw overflow;
            }
            outageLog.failed(cause);
            throw new BackendUnavailableException("counter '" + config.name() + "': cannot read " + ids.size()
                    + " counter(s) (first: \"" + ids.get(0) + "\") from Redis: " + cause, cause);
        });
    }

    @Override
    public CompletionStage<Long> resetAsync(String counterId) {
        CounterChecks.id(counterId);
        checkOpen();
        // resets of one counter by this instance run one after another: the reset token kept per writer then
        // always belongs to the reset that may be retried
        CompletableFuture<Long> result = new CompletableFuture<>();
        CompletableFuture<?>[] previous = new CompletableFuture<?>[1];
        resetChains.compute(counterId, (id, p) -> {
            previous[0] = p;
            return result;
        });
        CompletableFuture<?> before = previous[0] == null ? CompletableFuture.completedFuture(null)
                : previous[0].handle((r, e) -> null);
        before.thenCompose(x -> doReset(counterId)).whenComplete((r, e) -> {
            resetChains.remove(counterId, result);
            if (e == null) {
                result.complete(r);
            } else {
                result.completeExceptionally(Futures.unwrap(e));
            }
        });
        return result.copy();
    }

    private CompletableFuture<Long> doReset(String counterId) {
        long deadline = System.nanoTime() + config.flushTimeout().toNanos();
        // increments this instance accepted before the reset are cleared by it: make them durable first
        return buffer.flush(counterId).orTimeout(config.flushTimeout().toNanos(), TimeUnit.NANOSECONDS)
                .exceptionally(e -> {
                    throw new CompletionException(new BackendUnavailableException("counter '" + config.name()
                            + "': increments of \"" + counterId + "\" accepted before the reset are not durable; "
                            + "reset not done", Futures.unwrap(e)));
                })
                .thenCompose(flushed -> {
                    List<CompletableFuture<Long>> parts = new ArrayList<>(shards);
                    for (int s = 0; s < shards; s++) {
                        parts.add(resetShard(counterId, s, deadline));
                    }
                    return CompletableFuture.allOf(parts.toArray(CompletableFuture[]::new)).thenApply(done -> {
                        long sum = 0;
                        for (CompletableFuture<Long> p : parts) {
                            try {
                                sum = Math.addExact(sum, p.join());
                            } catch (ArithmeticException overflow) {
                                throw new CounterOverflowException(config.name(), counterId, "sum of shards reset");
                            }
                        }
                        return sum;
                    });
                });
    }

    private CompletableFuture<Long> resetShard(String counterId, int shard, long deadline) {
        String[] keys = {key(counterId, shard)};
        String token = Long.toString(resetTokens.incrementAndGet());
        Retry retry = Retry.of("headroom-counter-reset", RetryConfig.custom()
                .maxAttempts(Integer.MAX_VALUE)
                .intervalFunction(IntervalFunction.ofExponentialRandomBackoff(config.retryInitialBackoff(), 2.0, 0.5,
                        config.retryMaxBackoff()))
                .retryOnException(e -> System.nanoTime() - deadline < 0)
                .failAfterMaxAttempts(false)
                .build());
        return retry.executeCompletionStage(retryScheduler,
                        () -> guard.<String>call(() -> backend.eval(RESET, ScriptOutputType.VALUE, keys, resetField,
                                token, ttlMillis)))
                .toCompletableFuture()
                .handle((v, e) -> {
                    if (e != null) {
                        Throwable cause = Futures.unwrap(e);
                        outageLog.failed(cause);
                        throw new CompletionException(new BackendUnavailableException("counter '" + config.name()
                                + "': reset of \"" + counterId + "\" not confirmed within " + config.flushTimeout()
                                + "; it may or may not have happened", cause));
                    }
                    outageLog.recovered();
                    return Long.parseLong(v);
                });
    }


    @Override
    public CounterStats stats() {
        return new CounterStats(buffer.pending(), buffer.writes(), buffer.retries(), buffer.rejected(), 0, shards);
    }

    /**
     * The circuit breaker around Redis calls, for metrics and state.
     *
     * @return the breaker
     */
    public CircuitBreaker circuitBreaker() {
        return guard.circuitBreaker();
    }

    @Override
    public String toString() {
        return "RedisShardedCounter[" + config.name() + ", " + shards + " shard(s), " + backend + "]";
    }
}
