package io.headroom.redis;

import io.headroom.BackendUnavailableException;
import io.headroom.Ticker;
import io.headroom.counter.CounterConfig;
import io.headroom.counter.CounterOverflowException;
import io.headroom.counter.ShardedCounter;
import io.headroom.internal.Arguments;
import io.headroom.internal.BackendGuard;
import io.headroom.spi.BufferedShardedCounter;
import io.headroom.internal.Futures;
import io.headroom.redis.internal.LuaScript;
import io.headroom.redis.internal.OutageLog;
import io.headroom.redis.internal.RedisKeys;
import io.lettuce.core.ScriptOutputType;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.LongAdder;
import org.jspecify.annotations.Nullable;

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
 *       was in fact applied) is never counted twice. See {@link io.headroom.spi.ShardWriter} for why none is skipped either.</li>
 *   <li><b>Keys:</b> one hash per counter and shard: {@code <prefix>counter:<name>:{<id>}} for shard 0 and
 *       {@code <prefix>counter:<name>:{<i>:<id>}} for shard {@code i > 0} (delimiters in name and id escaped,
 *       see {@code docs/redis-keys.md}), so with
 *       {@link CounterConfig#shards()} above 1 one hot counter spreads over several cluster slots (each increment
 *       picks a shard at random; reads sum them). Fields: {@code v}, the value, plus one small field per writer
 *       instance that wrote to or reset the shard (its last sequence number). Ids are passed as keys, never placed in
 *       script text.</li>
 *   <li><b>TTL:</b> with {@link CounterConfig#ttl()}, every increment and reset sets the shard's expiry.</li>
 *   <li><b>Durability across failover:</b> Redis replicates asynchronously, so by default a write the master
 *       acknowledged can vanish when it dies before sending it to a replica (the loss window is the replication
 *       lag). With {@link RedisOptions#replicaAcks()} every write (increment or reset) is acknowledged only after
 *       {@code WAIT} confirmed it on that many replicas; on a shortfall {@link ReplicaShortfallPolicy} retries it
 *       (exactly once, by its token) or accepts it ({@link #replicaShortfalls()} counts both).</li>
 *   <li><b>Outages</b> (buffer-and-retry): every call has {@link RedisOptions#timeout()} and runs behind a
 *       Resilience4j circuit breaker. A failed write is retried with backoff (same token) until it succeeds, while
 *       increments keep being accepted up to {@link CounterConfig#maxPendingIncrements()}, then refused with
 *       {@link io.headroom.counter.CounterBufferFullException}. Reads fail with {@link BackendUnavailableException};
 *       a reset is retried with its token until {@link CounterConfig#flushTimeout()} (the policy is
 *       {@link io.headroom.counter.CounterOutagePolicy#BUFFER_AND_RETRY}, chosen in {@link CounterConfig}).</li>
 *   <li><b>Time:</b> the coalescing window, the reset deadline and the breaker's bookkeeping read the
 *       {@link Ticker} given to {@link #create(RedisBackend, CounterConfig, RedisOptions, Ticker)} (default
 *       {@link Ticker#system()}).</li>
 * </ul>
 *
 * <p>The coalescing window defaults to none: a write goes out as soon as its lane is free. After {@link #close()}
 * every call but {@code config()}, {@code stats()} and {@code close()} throws {@link io.headroom.ClosedException}.
 * Thread-safe; the asynchronous forms complete on Lettuce's I/O threads. {@link #close()} flushes but never closes
 * the connection.
 */
public final class RedisShardedCounter extends BufferedShardedCounter {

    static final LuaScript INCREMENT = LuaScript.load("counter-increment.lua");
    static final LuaScript RESET = LuaScript.load("counter-reset.lua");

    private final RedisBackend backend;
    private final String keyPrefix;
    private final String name;
    private final int shards;
    private final String ttlMillis;
    private final BackendGuard guard;
    private final String writeField;
    private final String resetField;
    private final OutageLog outageLog;
    private final @Nullable ReplicaAcks replicaAcks;
    private final LongAdder replicaShortfalls = new LongAdder();

    private RedisShardedCounter(RedisBackend backend, CounterConfig config, RedisOptions options, Ticker ticker,
                                BackendGuard guard) {
        super(config, config.coalescingWindow() == null ? Duration.ZERO : config.coalescingWindow(), "Redis", guard.circuitBreaker(), guard,
                ticker);
        this.backend = backend;
        this.guard = guard;
        this.keyPrefix = options.keyPrefix();
        this.name = config.name();
        this.shards = config.shards();
        this.ttlMillis = config.ttl() == null ? "0" : Long.toString(config.ttl().toMillis());
        this.writeField = "w:" + writerId();
        this.resetField = "r:" + writerId();
        this.outageLog = new OutageLog("sharded counter '" + config.name() + "' (buffer-and-retry)", ticker);
        this.replicaAcks = options.replicaAcks();
    }

    /**
     * Creates a counter with {@link RedisOptions#defaults()} on the system ticker.
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
     * Creates a counter on the system ticker.
     *
     * @param backend the Redis to use
     * @param config the configuration
     * @param options key prefix, timeout, circuit breaker
     * @return the counter; close it to flush its buffer
     * @throws IllegalArgumentException when an argument is {@code null}
     */
    public static RedisShardedCounter create(RedisBackend backend, CounterConfig config, RedisOptions options) {
        return create(backend, config, options, Ticker.system());
    }

    /**
     * Creates a counter reading elapsed time (coalescing window, reset deadline, breaker) from {@code ticker}.
     *
     * @param backend the Redis to use
     * @param config the configuration
     * @param options key prefix, timeout, circuit breaker
     * @param ticker the elapsed-time source
     * @return the counter; close it to flush its buffer
     * @throws IllegalArgumentException when an argument is {@code null}
     */
    public static RedisShardedCounter create(RedisBackend backend, CounterConfig config, RedisOptions options,
                                             Ticker ticker) {
        Arguments.notNull(backend, "backend");
        Arguments.notNull(config, "config");
        Arguments.notNull(options, "options");
        Arguments.notNull(ticker, "ticker");
        return new RedisShardedCounter(backend, config, options, ticker,
                options.callSettings().newGuard("headroom-counter-" + config.name(), ticker));
    }

    /** The Redis key of one shard of one counter (see the class documentation). */
    String key(String counterId, int shard) {
        return shard == 0 ? RedisKeys.slotted(keyPrefix, RedisKeys.Type.COUNTER, name, counterId)
                : RedisKeys.slotted(keyPrefix, RedisKeys.Type.COUNTER, name, Integer.toString(shard), counterId);
    }

    @Override
    protected int shardFor(String counterId) {
        return shards == 1 ? 0 : ThreadLocalRandom.current().nextInt(shards);
    }

    @Override
    protected CompletableFuture<Void> write(String counterId, int shard, long seq, long delta) {
        String[] keys = {key(counterId, shard)};
        return logged(guard.<Long>call(() -> replicated(keys[0], backend.<Long>eval(INCREMENT,
                        ScriptOutputType.INTEGER, keys, writeField, Long.toString(seq), Long.toString(delta), ttlMillis))))
                .thenApply(r -> {
                    if (r == -1L) {
                        throw new CounterOverflowException(config.name(), counterId, "shard " + shard + " + " + delta);
                    }
                    return null;
                });
    }

    /** Reads every shard of every id with pipelined HGETs (one round trip on a standalone server) and sums them. */
    @Override
    protected CompletableFuture<Map<String, Long>> read(List<String> ids) {
        return logged(guard.<Map<String, Long>>call(() -> {
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
        }));
    }

    /** Every configured shard's key. */
    @Override
    protected CompletableFuture<List<String>> resetShards(String counterId) {
        List<String> keys = new ArrayList<>(shards);
        for (int s = 0; s < shards; s++) {
            keys.add(key(counterId, s));
        }
        return CompletableFuture.completedFuture(keys);
    }

    /** One run of the reset script: the field {@code r:<writer>} keeps the token and what it took. */
    @Override
    protected CompletableFuture<Long> resetShard(String counterId, String shardKey, long token) {
        String[] keys = {shardKey};
        return logged(guard.<String>call(() -> replicated(shardKey, backend.<String>eval(RESET, ScriptOutputType.VALUE,
                keys, resetField, Long.toString(token), ttlMillis)))).thenApply(Long::parseLong);
    }

    /**
     * With {@link RedisOptions#replicaAcks()}: completes a write only after {@code WAIT} confirmed it on enough
     * replicas; a shortfall fails it (retried with the same token, so applied once) or is counted, by policy.
     */
    private <T> CompletableFuture<T> replicated(String key, CompletableFuture<T> write) {
        ReplicaAcks acks = replicaAcks;
        if (acks == null) {
            return write;
        }
        return write.thenCompose(reply -> backend.awaitReplicas(key, acks.replicas(), acks.timeout()).thenApply(n -> {
            if (n < acks.replicas()) {
                replicaShortfalls.increment();
                if (acks.onShortfall() == ReplicaShortfallPolicy.RETRY) {
                    throw new BackendUnavailableException("sharded counter '" + config.name() + "': only " + n
                            + " of " + acks.replicas() + " replicas acknowledged a write within " + acks.timeout()
                            + "; it is retried", null);
                }
            }
            return reply;
        }));
    }

    /**
     * How many writes {@code WAIT} confirmed on fewer replicas than {@link RedisOptions#replicaAcks()} asks for
     * (retried or accepted by its policy) since creation; always 0 without it.
     *
     * @return the count
     */
    public long replicaShortfalls() {
        return replicaShortfalls.sum();
    }

    @Override
    protected int shardCount() {
        return shards;
    }

    /** Tells the outage log how a call ended (an overflow is an answer, not an outage). */
    private <T> CompletableFuture<T> logged(CompletableFuture<T> call) {
        return call.whenComplete((r, e) -> {
            if (e == null || Futures.unwrap(e) instanceof CounterOverflowException) {
                outageLog.recovered();
            } else {
                outageLog.failed(Futures.unwrap(e));
            }
        });
    }

    @Override
    public String toString() {
        return "RedisShardedCounter[" + config.name() + ", " + shards + " shard(s), " + backend + "]";
    }
}
