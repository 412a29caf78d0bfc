package io.headroom.redis;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.headroom.BackendUnavailableException;
import io.headroom.Ticker;
import io.headroom.internal.Arguments;
import io.headroom.spi.BackendCallObserver;
import io.headroom.internal.BackendGuard;
import io.headroom.spi.FallbackCounting;
import io.headroom.internal.Futures;
import io.headroom.spi.ObservableBackend;
import io.headroom.ratelimit.Bandwidth;
import io.headroom.ratelimit.KeyListing;
import io.headroom.ratelimit.RateLimitAlgorithm;
import io.headroom.ratelimit.RateLimitConfig;
import io.headroom.ratelimit.RateLimitDecision;
import io.headroom.ratelimit.RateLimiter;
import io.headroom.ratelimit.internal.BlockedKeys;
import io.headroom.ratelimit.internal.Listings;
import io.headroom.ratelimit.internal.RateLimitConfigs;
import io.headroom.redis.internal.LuaScript;
import io.headroom.redis.internal.OutageLog;
import io.headroom.redis.internal.RedisKeys;
import io.lettuce.core.ScriptOutputType;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;
import org.jspecify.annotations.Nullable;

/**
 * A {@link RateLimiter} shared by every application instance through Redis (standalone or cluster), making the
 * same decisions as the in-memory limiter (see {@link RateLimitAlgorithm}).
 *
 * <ul>
 *   <li><b>One round trip per decision:</b> one Lua script via {@code EVALSHA} (re-sent with {@code EVAL} only
 *       after {@code NOSCRIPT}) reads, decides and writes all bandwidths of a key atomically.</li>
 *   <li><b>One time authority:</b> the script reads the Redis server's {@code TIME}, so client clocks do not
 *       matter ({@link RedisOptions#clock()} can replace it in tests).</li>
 *   <li><b>State:</b> one hash per key, {@code <prefix><limiter name>:{<key>}}, hash-tagged so it stays in one
 *       slot; it always carries a TTL equal to the time until it is full again, so no key lives forever. The
 *       user key is passed as a Redis key, never placed in script text.</li>
 *   <li><b>Blocked-key cache</b> (on by default, {@link RateLimitConfig#blockedKeyCache()}): once Redis denies a
 *       key, this instance answers further requests of that key for as many permits or more locally until the
 *       denial's {@code retryAfter} (at most {@code maxBlock}) has passed; such a decision is
 *       {@link RateLimitDecision#cached()}. It never admits anything, and denies only what Redis would deny
 *       too; a reset through another instance is seen within {@code maxBlock}. Under a flood from one key this
 *       turns one round trip per request into about one per {@code retryAfter}.</li>
 *   <li><b>Peek and reset:</b> {@link #peek} runs the same script in a mode that writes nothing;
 *       {@link #reset} deletes the key's hash (one {@code DEL}) and this instance's cached denial of it.</li>
 *   <li><b>Deny and allow lists:</b> {@link #list} stores the listing under the key's own hash tag; the decision
 *       script reads it first, in the same round trip, in the script's time (Redis {@code TIME}).</li>
 *   <li><b>Runtime limits:</b> {@link #updateLimits} stores the bandwidths under {@code <prefix><name>!limits};
 *       every instance re-reads that key (one {@code GET}, behind a circuit breaker of its own) before its first
 *       decision once {@link RateLimitConfig#limitsRefresh()} has passed, so a change is in use everywhere
 *       within that bound; while Redis is down an instance keeps the limits it last read.</li>
 *   <li><b>Outages:</b> every call has {@link RedisOptions#timeout()} and runs behind a Resilience4j circuit
 *       breaker; on timeout, error or open breaker the decision follows {@link RateLimitConfig#outagePolicy()}.
 *       Fallback decisions are counted ({@link #fallbackDecisions()}) and logged at most every 30 s. Recovery is
 *       automatic when the breaker's probe calls succeed.</li>
 * </ul>
 *
 * <p>Thread-safe. The blocking forms wait for the asynchronous ones, which complete on Lettuce's I/O threads;
 * they never fail because of an outage.
 */
public final class RedisRateLimiter implements RateLimiter, FallbackCounting, ObservableBackend {

    private static final LuaScript GCRA_SINGLE = LuaScript.load("ratelimit-clock.lua", "ratelimit-common.lua",
            "ratelimit-gcra-single.lua");
    private static final LuaScript GCRA = LuaScript.load("ratelimit-clock.lua", "ratelimit-common.lua",
            "ratelimit-finish.lua", "ratelimit-gcra.lua");
    private static final LuaScript SLIDING_WINDOW = LuaScript.load("ratelimit-clock.lua", "ratelimit-common.lua",
            "ratelimit-finish.lua", "ratelimit-sliding-window.lua");
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(RedisRateLimiter.class);
    private static final LuaScript LIST = LuaScript.load("ratelimit-clock.lua", "ratelimit-list.lua");

    private final RedisBackend backend;
    /** The creation-time configuration: name, algorithm, outage policy (a runtime change keeps them). */
    private final RateLimitConfig config;
    /** The limits in use, replaced as a whole by {@link #updateLimits} and by a refresh. */
    private volatile Limits limits;
    private final String limitsKey;
    private final BackendGuard limitsGuard;
    private final long limitsRefreshNanos;
    private volatile long limitsReadAt;
    private final AtomicReference<CompletableFuture<Void>> refreshing = new AtomicReference<>();
    private final RedisOptions options;
    private final LuaScript script;
    private final String keyPrefix;
    private final BackendGuard guard;
    private final @Nullable RateLimiter localFallback;
    private final LongAdder fallbacks = new LongAdder();
    private final OutageLog outageLog;
    private final Ticker ticker;
    private final @Nullable BlockedKeys blocked;

    private RedisRateLimiter(RedisBackend backend, RateLimitConfig config, RedisOptions options) {
        this.backend = backend;
        this.config = config;
        this.options = options;
        // one bandwidth (the common case) has a leaner script: about a fifth less Redis CPU per decision
        this.script = config.algorithm() == RateLimitAlgorithm.SLIDING_WINDOW ? SLIDING_WINDOW
                : config.bandwidths().size() == 1 ? GCRA_SINGLE : GCRA;
        this.keyPrefix = options.keyPrefix();
        this.limits = Limits.of(config);
        this.limitsKey = RedisKeys.global(keyPrefix, RedisKeys.Type.RATE_LIMIT, config.name(), "limits");
        // one ticker for everything this limiter times: the local fallback's decisions and the guard's call
        // timings (RedisOptions#clock() when a test sets one; the decisions themselves use Redis TIME)
        Ticker ticker = options.clock() != null ? options.clock() : Ticker.system();
        this.ticker = ticker;
        this.blocked = BlockedKeys.create(config, ticker);
        this.guard = BackendGuard.create("headroom-ratelimit-" + config.name(), options.timeout(),
                options.circuitBreakerConfig(), ticker);
        // the limits refresh has a breaker of its own: its calls must not change how decisions see Redis
        this.limitsGuard = BackendGuard.create("headroom-ratelimit-" + config.name() + "-limits", options.timeout(),
                options.circuitBreakerConfig(), ticker);
        this.limitsRefreshNanos = config.limitsRefresh().toNanos();
        this.limitsReadAt = ticker.read() - limitsRefreshNanos; // read them before the first decision
        this.localFallback = switch (config.outagePolicy()) {
            case LOCAL_FALLBACK -> RateLimiter.inMemory(RateLimitConfigs.localShare(config), ticker);
            case FAIL_OPEN, FAIL_CLOSED -> null;
        };
        this.outageLog = new OutageLog("rate limiter '" + config.name() + "' (" + config.outagePolicy() + ")");
    }

    /** A configuration and the script arguments derived from its bandwidths. */
    private record Limits(RateLimitConfig config, String[] bandwidthArgs, String[] onePermitArgs) {
        static Limits of(RateLimitConfig config) {
            List<Bandwidth> bws = config.bandwidths();
            String[] args = new String[2 + 2 * bws.size()];
            for (int i = 0; i < bws.size(); i++) {
                Bandwidth bw = bws.get(i);
                args[2 + 2 * i] = Long.toString(bw.capacity());
                args[3 + 2 * i] = Long.toString(config.algorithm() == RateLimitAlgorithm.GCRA
                        ? bw.periodMicros() : bw.period().toMillis());
            }
            String[] one = args.clone();
            one[0] = ""; // the server's TIME
            one[1] = "1";
            return new Limits(config, args, one);
        }
    }

    /**
     * Creates a limiter with {@link RedisOptions#defaults()}.
     *
     * @param backend the Redis to use
     * @param config the configuration
     * @return the limiter
     * @throws IllegalArgumentException when an argument is {@code null}
     */
    public static RedisRateLimiter create(RedisBackend backend, RateLimitConfig config) {
        return create(backend, config, RedisOptions.defaults());
    }

    /**
     * Creates a limiter.
     *
     * @param backend the Redis to use
     * @param config the configuration
     * @param options key prefix, timeout, circuit breaker, clock
     * @return the limiter
     * @throws IllegalArgumentException when an argument is {@code null}
     */
    public static RedisRateLimiter create(RedisBackend backend, RateLimitConfig config, RedisOptions options) {
        return new RedisRateLimiter(Arguments.notNull(backend, "backend"), Arguments.notNull(config, "config"),
                Arguments.notNull(options, "options"));
    }

    @Override
    public RateLimitDecision tryAcquire(String key, long permits) {
        Arguments.key(key, "key");
        long sentAt = ticker.read();
        checkPermits(permits, sentAt);
        RateLimitDecision cached = blocked == null ? null : blocked.lookup(key, permits, sentAt);
        // a cached denial is answered without allocating a future: the flood path
        return cached != null ? cached : Futures.join(decide(key, permits, sentAt));
    }

    @Override
    public CompletionStage<RateLimitDecision> tryAcquireAsync(String key, long permits) {
        Arguments.key(key, "key");
        long sentAt = ticker.read();
        checkPermits(permits, sentAt);
        RateLimitDecision cached = blocked == null ? null : blocked.lookup(key, permits, sentAt);
        return cached != null ? CompletableFuture.completedFuture(cached) : decide(key, permits, sentAt);
    }

    /**
     * Checks a permit count against the limits in use; when they are due for a refresh and the count is above
     * them, re-reads them first (waiting for it: a raised limit must not reject what it allows).
     */
    private void checkPermits(long permits, long now) {
        if (permits > limits.config().minCapacity() && permits >= 1) {
            CompletableFuture<Void> fresh = freshLimits(now);
            if (fresh != null) {
                Futures.join(fresh);
            }
        }
        RateLimitConfigs.checkPermits(limits.config(), permits);
    }

    /** Asks Redis (arguments already checked, no cached denial) and teaches the blocked-key cache. */
    private CompletableFuture<RateLimitDecision> decide(String key, long permits, long sentAt) {
        return runFresh(key, permits, sentAt).handle((answer, error) -> {
            if (error != null) {
                return onOutage(key, permits, error, false);
            }
            RateLimitDecision d = decode(answer);
            if (blocked != null) {
                blocked.record(key, permits, sentAt, d);
            }
            return d;
        });
    }

    @Override
    public RateLimitDecision peek(String key, long permits) {
        return Futures.join(peekAsync(key, permits));
    }

    @Override
    public CompletionStage<RateLimitDecision> peekAsync(String key, long permits) {
        Arguments.key(key, "key");
        long now = ticker.read();
        checkPermits(permits, now);
        // a peek asks Redis even for a blocked key: it is for looking at the shared state
        return runFresh(key, -permits, now)
                .handle((reply, error) -> error == null ? decode(reply) : onOutage(key, permits, error, true));
    }

    @Override
    public void reset(String key) {
        Futures.join(resetAsync(key));
    }

    @Override
    public CompletionStage<Void> resetAsync(String key) {
        Arguments.key(key, "key");
        // local state is forgotten whatever Redis answers: it must not outlive a reset that may have happened
        if (localFallback != null) {
            localFallback.reset(key);
        }
        return delete(key, stateKey(key), "reset");
    }

    /** Deletes one of {@code key}'s Redis keys (an admin change), then {@link #afterAdmin}. */
    private CompletionStage<Void> delete(String key, String redisKey, String what) {
        String[] keys = {redisKey};
        return guard.<Long>call(() -> backend.commands().del(keys).toCompletableFuture())
                .handle((deleted, error) -> afterAdmin(key, what, error));
    }

    /**
     * Re-reads the runtime limits when {@code limitsRefresh} has passed since the last read (one GET, shared by
     * every decision waiting for it); on failure keeps the limits it has until the next refresh.
     *
     * @return {@code null} when the limits are fresh, else a stage completing once re-read (never failing)
     */
    private @Nullable CompletableFuture<Void> freshLimits(long now) {
        if (now - limitsReadAt < limitsRefreshNanos) {
            return null;
        }
        CompletableFuture<Void> running = refreshing.get();
        if (running != null) {
            return running;
        }
        CompletableFuture<Void> mine = new CompletableFuture<>();
        if (!refreshing.compareAndSet(null, mine)) {
            running = refreshing.get();
            return running == null ? null : running;
        }
        limitsGuard.<String>call(() -> backend.commands().get(limitsKey).toCompletableFuture())
                .whenComplete((stored, error) -> {
                    if (error == null && stored != null) {
                        try {
                            apply(RateLimitConfigs.withBandwidths(config, RateLimitConfigs.decode(stored)));
                        } catch (IllegalArgumentException e) {
                            // unusable limits stored by someone else (another number of bandwidths): keep ours
                            LOG.warn("rate limiter '{}': ignoring the stored limits '{}': {}", config.name(), stored,
                                    e.getMessage());
                        }
                    }
                    limitsReadAt = now;
                    refreshing.set(null);
                    mine.complete(null);
                });
        return mine;
    }

    /** Puts limits in use here; a change drops the cached denials, which the old limits made. */
    private void apply(RateLimitConfig next) {
        if (next.equals(limits.config())) {
            return;
        }
        limits = Limits.of(next);
        if (blocked != null) {
            blocked.forgetAll();
        }
        if (localFallback != null) {
            localFallback.updateLimits(RateLimitConfigs.localShare(next).bandwidths());
        }
    }

    @Override
    public void updateLimits(List<Bandwidth> bandwidths) {
        Futures.join(updateLimitsAsync(bandwidths));
    }

    @Override
    public CompletionStage<Void> updateLimitsAsync(List<Bandwidth> bandwidths) {
        RateLimitConfig next = RateLimitConfigs.withBandwidths(config, bandwidths);
        String encoded = RateLimitConfigs.encode(next.bandwidths());
        return limitsGuard.<String>call(() -> backend.commands().set(limitsKey, encoded).toCompletableFuture())
                .handle((ok, error) -> {
                    if (error != null) {
                        throw new BackendUnavailableException("rate limiter '" + config.name()
                                + "': the limit change may not have been stored", Futures.unwrap(error));
                    }
                    apply(next);
                    return null;
                });
    }

    /** Runs the decision script with limits no staler than {@code limitsRefresh}. */
    private CompletableFuture<List<Object>> runFresh(String key, long permits, long now) {
        CompletableFuture<Void> fresh = freshLimits(now);
        return fresh == null ? run(key, permits, now) : fresh.thenCompose(ignored -> run(key, permits, now));
    }

    /** Runs the decision script; negative {@code permits} peek. */
    private CompletableFuture<List<Object>> run(String key, long permits, long now) {
        String[] args;
        Limits current = limits;
        if (permits == 1 && options.clock() == null) {
            args = current.onePermitArgs(); // the common case: nothing to format (Lettuce only reads the array)
        } else {
            args = current.bandwidthArgs().clone();
            args[0] = options.clock() == null ? "" : Long.toString(Math.floorDiv(now, 1_000));
            args[1] = Long.toString(permits);
        }
        String state = stateKey(key);
        String[] keys = {state, Listings.listable(key) ? listingKey(state) : state};
        return guard.call(() -> backend.eval(script, ScriptOutputType.MULTI, keys, args));
    }

    @Override
    public void list(String key, KeyListing listing, Duration ttl) {
        Futures.join(listAsync(key, listing, ttl));
    }

    @Override
    public CompletionStage<Void> listAsync(String key, KeyListing listing, Duration ttl) {
        long ttlMicros = Listings.checkList(key, listing, ttl);
        String[] keys = {listingKey(stateKey(key))};
        String now = options.clock() == null ? "" : Long.toString(Math.floorDiv(ticker.read(), 1_000));
        return guard.<Long>call(() -> backend.eval(LIST, ScriptOutputType.INTEGER, keys, now,
                        listing == KeyListing.DENY ? "d" : "a", Long.toString(ttlMicros)))
                .handle((ok, error) -> afterAdmin(key, "listing", error));
    }

    @Override
    public void unlist(String key) {
        Futures.join(unlistAsync(key));
    }

    @Override
    public CompletionStage<Void> unlistAsync(String key) {
        Arguments.key(key, "key");
        return delete(key, listingKey(stateKey(key)), "unlisting");
    }

    /** After an admin change of a key: forget this instance's cached denial of it, then report the outcome. */
    private @Nullable Void afterAdmin(String key, String what, @Nullable Throwable error) {
        if (blocked != null) {
            blocked.forget(key);
        }
        if (error != null) {
            throw new BackendUnavailableException("rate limiter '" + config.name() + "': " + what + " of key '"
                    + key + "' may not have happened", Futures.unwrap(error));
        }
        return null;
    }

    // The one place this limiter names its Redis keys, on the shared injective layout (RedisKeys): state and
    // listing carry the escaped user key as the hash tag, so every script touches one slot; the runtime limits
    // are one global key per limiter name.

    /** The hash holding {@code key}'s state: {@code <prefix>ratelimit:<name>:{<key>}}. */
    private String stateKey(String key) {
        return RedisKeys.slotted(keyPrefix, RedisKeys.Type.RATE_LIMIT, config.name(), key);
    }

    /** The string holding a key's deny/allow listing, in its state key's slot: {@code <state key>:list}. */
    private static String listingKey(String stateKey) {
        return RedisKeys.sibling(stateKey, "list");
    }

    private RateLimitDecision decode(List<Object> reply) {
        outageLog.recovered();
        if (reply.size() == 6) {
            return Listings.decision(limits.config(), ((Long) reply.get(5)) == 1L ? KeyListing.DENY : KeyListing.ALLOW,
                    (Long) reply.get(2));
        }
        List<Bandwidth> bws = limits.config().bandwidths();
        return RateLimitDecision.of(((Long) reply.get(0)) == 1L, (Long) reply.get(1), (Long) reply.get(2),
                (Long) reply.get(3), bws.get(((Long) reply.get(4)).intValue()), bws);
    }

    private RateLimitDecision onOutage(String key, long permits, Throwable error, boolean peek) {
        fallbacks.increment();
        outageLog.failed(error);
        List<Bandwidth> bws = limits.config().bandwidths();
        switch (config.outagePolicy()) {
            case FAIL_OPEN:
                return RateLimitDecision.of(true, Math.max(0, limits.config().minCapacity() - permits), 0, 0,
                        bws.get(0), bws);
            case FAIL_CLOSED:
                return outageDenial();
            case LOCAL_FALLBACK:
            default:
                // more permits than this instance's share can ever grant: deny rather than reject valid input
                return permits > localFallback.config().minCapacity() ? outageDenial()
                        : peek ? localFallback.peek(key, permits) : localFallback.tryAcquire(key, permits);
        }
    }

    /** A denial asking callers to come back once the breaker may have closed again (at least 1 s). */
    private RateLimitDecision outageDenial() {
        List<Bandwidth> bws = limits.config().bandwidths();
        long waitMicros = Math.max(1_000_000L,
                options.circuitBreakerConfig().getWaitIntervalFunctionInOpenState().apply(1) * 1_000);
        return RateLimitDecision.of(false, 0, waitMicros, 0, bws.get(0), bws);
    }

    @Override
    public RateLimitConfig config() {
        return limits.config();
    }

    /**
     * How many decisions were made by the outage policy instead of Redis since creation.
     *
     * @return the count
     */
    @Override
    public long fallbackDecisions() {
        return fallbacks.sum();
    }

    /**
     * Times every Redis call from now on (used by {@link io.headroom.ratelimit.RateLimiterMetrics}).
     *
     * @param observer told about each completed call
     */
    @Override
    public void observeBackendCalls(BackendCallObserver observer) {
        guard.observeBackendCalls(observer);
    }

    /**
     * The circuit breaker around Redis calls, for metrics and state.
     *
     * @return the breaker
     */
    public CircuitBreaker circuitBreaker() {
        return guard.circuitBreaker();
    }

    /**
     * The approximate number of keys whose denial this instance currently answers locally.
     *
     * @return the estimate; 0 when the blocked-key cache is disabled
     */
    public long blockedKeyCount() {
        return blocked == null ? 0 : blocked.estimatedSize();
    }

    @Override
    public String toString() {
        return "RedisRateLimiter[" + config.name() + ", " + backend + "]";
    }
}
