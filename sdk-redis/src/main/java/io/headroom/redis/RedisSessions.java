package io.headroom.redis;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.headroom.ClosedException;
import io.headroom.internal.Arguments;
import io.headroom.internal.Futures;
import io.headroom.presence.NewSession;
import io.headroom.presence.Session;
import io.headroom.presence.SessionConfig;
import io.headroom.presence.SessionUnavailableException;
import io.headroom.presence.Sessions;
import io.headroom.presence.internal.SessionTokens;
import io.headroom.redis.internal.LuaScript;
import io.headroom.redis.internal.PresenceKeys;
import io.headroom.redis.internal.RedisKeys;
import io.headroom.spi.BackendCallObserver;
import io.headroom.spi.FallbackCounting;
import io.headroom.spi.ObservableBackend;
import io.lettuce.core.ScriptOutputType;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;

/**
 * A {@link Sessions} store shared by every instance through Redis (standalone or cluster).
 *
 * <ul>
 *   <li><b>Records:</b> one hash per session, {@code <prefix>session:<name>:{<SHA-256 of the token>}} (user,
 *       created, last used, absolute expiry, data); the token itself is never sent to Redis. The key's own TTL
 *       follows the sliding expiry; the script also checks both expiries against the Redis server's
 *       {@code TIME} ({@link RedisOptions#clock()} in tests, nanoseconds since the epoch), so validation is one
 *       script in one round trip, and a revocation is seen by every instance at once.</li>
 *   <li><b>Per-user index:</b> a sorted set {@code <prefix>session:<name>:user:{<user>}} of the user's session
 *       hashes (in another slot than the records, so the record and the index are written by two calls: the
 *       index first, so logout-everywhere never misses a session). It expires with the longest lifetime and is
 *       pruned of dead entries when the cap is checked and on {@code list}. The per-user cap is applied on
 *       create; concurrent creates of one user may briefly exceed it by the number racing.</li>
 *   <li><b>Outages</b> ({@link io.headroom.presence.SessionOutagePolicy#FAIL_CLOSED}): every call fails with
 *       {@link SessionUnavailableException}; counted in {@link #fallbackDecisions()}.</li>
 * </ul>
 *
 * <p>Thread-safe; holds no threads. The blocking forms wait for the asynchronous ones.
 */
public final class RedisSessions implements Sessions, FallbackCounting, ObservableBackend {

    private static final LuaScript INDEX = LuaScript.load("clock-head.lua", "session-index.lua");
    private static final LuaScript CREATE = LuaScript.load("clock-head.lua", "session-create.lua");
    private static final LuaScript TOUCH = LuaScript.load("clock-head.lua", "session-head.lua", "session-touch.lua");
    private static final LuaScript READ = LuaScript.load("clock-head.lua", "session-head.lua", "session-read.lua");
    private static final LuaScript REVOKE = LuaScript.load("clock-head.lua", "session-revoke.lua");

    private final SessionConfig config;
    private final GuardedCalls calls;
    private final PresenceKeys keys;
    private final String idleMillis;
    private final String lifeMillis;
    private final String slackMillis;
    private final String indexMillis;
    private volatile boolean closed;

    private RedisSessions(RedisBackend backend, SessionConfig config, RedisOptions options) {
        this.config = config;
        this.calls = new GuardedCalls(backend, options, "sessions", config.name());
        this.keys = new PresenceKeys(options.keyPrefix(), RedisKeys.Type.SESSION, config.name());
        this.idleMillis = Long.toString(config.idleTimeout().toMillis());
        this.lifeMillis = Long.toString(config.maxLifetime().toMillis());
        this.slackMillis = Long.toString(calls.slackMillis());
        this.indexMillis = Long.toString(config.maxLifetime().toMillis() + calls.slackMillis());
    }

    /**
     * Creates a session store on Redis.
     *
     * @param backend the Redis to use
     * @param config the configuration
     * @param options key prefix, timeout, circuit breaker, test clock
     * @return the store
     * @throws IllegalArgumentException when an argument is {@code null}
     */
    public static RedisSessions create(RedisBackend backend, SessionConfig config, RedisOptions options) {
        return new RedisSessions(Arguments.notNull(backend, "backend"), Arguments.notNull(config, "config"),
                Arguments.notNull(options, "options"));
    }

    private void checkOpen() {
        if (closed) {
            throw ClosedException.of("sessions", config.name());
        }
    }

    private String index(String userId) {
        return keys.set("user", userId);
    }

    /** Runs one step; a failure becomes {@link SessionUnavailableException} naming the operation (never a token). */
    private <T> CompletableFuture<T> step(String operation, Supplier<CompletableFuture<T>> call) {
        return call.get().handle((r, e) -> {
            if (e != null) {
                Throwable cause = Futures.unwrap(e);
                if (cause instanceof SessionUnavailableException) {
                    throw new CompletionException(cause);
                }
                calls.fallback(cause);
                throw new CompletionException(new SessionUnavailableException("sessions '" + config.name() + "': "
                        + operation + " failed closed, Redis unavailable (" + cause.getClass().getSimpleName() + ")",
                        cause));
            }
            return r;
        });
    }

    private CompletableFuture<List<Object>> script(LuaScript script, String key, String... args) {
        return calls.eval(script, ScriptOutputType.MULTI, key, args);
    }

    @Override
    public NewSession create(String userId, Map<String, String> data) {
        return Futures.join(createAsync(userId, data));
    }

    @Override
    public CompletionStage<NewSession> createAsync(String userId, Map<String, String> data) {
        Arguments.key(userId, "userId");
        Map<String, String> copy = SessionTokens.data(data, config);
        checkOpen();
        String token = SessionTokens.newToken();
        String id = SessionTokens.hash(token);
        List<String> args = new ArrayList<>(List.of(calls.now(), userId, idleMillis, lifeMillis, slackMillis));
        copy.forEach((k, v) -> {
            args.add(k);
            args.add(v);
        });
        return step("create", () -> script(INDEX, index(userId), calls.now(), id, indexMillis))
                .thenCompose(indexed -> step("create", () -> calls.<Long>eval(CREATE, ScriptOutputType.INTEGER,
                                keys.of(id), args.toArray(String[]::new)))
                        .thenCompose(created -> enforceCap(userId, id, indexed).thenApply(v -> {
                            Instant at = Instant.ofEpochMilli(created);
                            return new NewSession(token, new Session(id, userId, at, at, expiry(at, at), copy));
                        })));
    }

    private Instant expiry(Instant created, Instant used) {
        Instant idle = used.plus(config.idleTimeout());
        Instant hard = created.plus(config.maxLifetime());
        return idle.isBefore(hard) ? idle : hard;
    }

    /** Drops dead index entries and revokes the oldest live sessions beyond the cap. */
    private CompletableFuture<Void> enforceCap(String userId, String newId, List<Object> indexed) {
        if (indexed.size() <= config.maxPerUser()) {
            return CompletableFuture.completedFuture(null);
        }
        List<String> others = new ArrayList<>();
        for (Object o : indexed) {
            if (!newId.equals(o)) {
                others.add((String) o);
            }
        }
        return readAll(others).thenCompose(records -> {
            List<String> live = new ArrayList<>();
            List<String> dead = new ArrayList<>();
            for (int i = 0; i < others.size(); i++) {
                (records.get(i).isEmpty() ? dead : live).add(others.get(i));
            }
            int excess = live.size() + 1 - config.maxPerUser();
            List<CompletableFuture<?>> work = new ArrayList<>();
            for (int i = 0; i < excess; i++) {
                String victim = live.get(i);
                dead.add(victim);
                work.add(step("create", () -> script(REVOKE, keys.of(victim), calls.now(), idleMillis, userId)));
            }
            return CompletableFuture.allOf(work.toArray(CompletableFuture[]::new))
                    .thenCompose(v -> unindex(userId, dead));
        });
    }

    private CompletableFuture<List<List<Object>>> readAll(List<String> ids) {
        List<CompletableFuture<List<Object>>> reads = new ArrayList<>(ids.size());
        for (String id : ids) {
            reads.add(step("read", () -> script(READ, keys.of(id), calls.now(), idleMillis)));
        }
        return CompletableFuture.allOf(reads.toArray(CompletableFuture[]::new))
                .thenApply(v -> reads.stream().map(CompletableFuture::join).toList());
    }

    private CompletableFuture<Void> unindex(String userId, List<String> ids) {
        if (ids.isEmpty()) {
            return CompletableFuture.completedFuture(null);
        }
        return step("unindex", () -> calls.call(() -> calls.backend().commands()
                .zrem(index(userId), ids.toArray(String[]::new)).toCompletableFuture())).thenApply(n -> null);
    }

    private Session parse(String id, List<Object> fields) {
        Map<String, String> m = new HashMap<>();
        Map<String, String> data = new HashMap<>();
        for (int i = 0; i + 1 < fields.size(); i += 2) {
            String f = (String) fields.get(i);
            String v = (String) fields.get(i + 1);
            if (f.startsWith("d:")) {
                data.put(f.substring(2), v);
            } else {
                m.put(f, v);
            }
        }
        Instant created = Instant.ofEpochMilli(Long.parseLong(m.get("c")));
        Instant used = Instant.ofEpochMilli(Long.parseLong(m.get("l")));
        return new Session(id, m.get("u"), created, used, expiry(created, used), data);
    }

    @Override
    public Optional<Session> validate(String token) {
        return Futures.join(validateAsync(token));
    }

    @Override
    public CompletionStage<Optional<Session>> validateAsync(String token) {
        SessionTokens.notNull(token);
        checkOpen();
        if (!SessionTokens.wellFormed(token)) {
            return CompletableFuture.completedFuture(Optional.empty());
        }
        String id = SessionTokens.hash(token);
        return step("validate", () -> script(TOUCH, keys.of(id), calls.now(), idleMillis, slackMillis))
                .thenApply(r -> r.isEmpty() ? Optional.<Session>empty() : Optional.of(parse(id, r)));
    }

    @Override
    public boolean revoke(String token) {
        return Futures.join(revokeAsync(token));
    }

    @Override
    public CompletionStage<Boolean> revokeAsync(String token) {
        SessionTokens.notNull(token);
        checkOpen();
        if (!SessionTokens.wellFormed(token)) {
            return CompletableFuture.completedFuture(false);
        }
        return revokeById(SessionTokens.hash(token), "");
    }

    private CompletableFuture<Boolean> revokeById(String id, String owner) {
        return step("revoke", () -> script(REVOKE, keys.of(id), calls.now(), idleMillis, owner))
                .thenCompose(r -> {
                    if (r.isEmpty()) {
                        return CompletableFuture.completedFuture(false);
                    }
                    boolean live = (Long) r.get(1) == 1L;
                    return unindex((String) r.get(0), List.of(id)).thenApply(v -> live);
                });
    }

    @Override
    public boolean revokeSession(String userId, String sessionId) {
        return Futures.join(revokeSessionAsync(userId, sessionId));
    }

    @Override
    public CompletionStage<Boolean> revokeSessionAsync(String userId, String sessionId) {
        Arguments.key(userId, "userId");
        Arguments.key(sessionId, "sessionId");
        checkOpen();
        return revokeById(sessionId, userId);
    }

    @Override
    public int revokeAll(String userId) {
        return Futures.join(revokeAllAsync(userId));
    }

    @Override
    public CompletionStage<Integer> revokeAllAsync(String userId) {
        Arguments.key(userId, "userId");
        checkOpen();
        return indexed(userId).thenCompose(ids -> {
            List<CompletableFuture<List<Object>>> revokes = new ArrayList<>(ids.size());
            for (String id : ids) {
                revokes.add(step("revokeAll", () -> script(REVOKE, keys.of(id), calls.now(), idleMillis, userId)));
            }
            return CompletableFuture.allOf(revokes.toArray(CompletableFuture[]::new))
                    // only the entries read: a session created meanwhile stays indexed (and revocable)
                    .thenCompose(v -> unindex(userId, ids))
                    .thenApply(v -> (int) revokes.stream().map(CompletableFuture::join)
                            .filter(r -> !r.isEmpty() && (Long) r.get(1) == 1L).count());
        });
    }

    private CompletableFuture<List<String>> indexed(String userId) {
        return step("list", () -> calls.call(() -> calls.backend().commands().zrange(index(userId), 0, -1)
                .toCompletableFuture()));
    }

    @Override
    public List<Session> list(String userId) {
        return Futures.join(listAsync(userId));
    }

    @Override
    public CompletionStage<List<Session>> listAsync(String userId) {
        Arguments.key(userId, "userId");
        checkOpen();
        return indexed(userId).thenCompose(ids -> readAll(ids).thenCompose(records -> {
            List<Session> out = new ArrayList<>();
            List<String> dead = new ArrayList<>();
            for (int i = 0; i < ids.size(); i++) {
                if (records.get(i).isEmpty()) {
                    dead.add(ids.get(i));
                } else {
                    out.add(parse(ids.get(i), records.get(i)));
                }
            }
            out.sort(Comparator.comparing(Session::createdAt));
            return unindex(userId, dead).thenApply(v -> List.copyOf(out));
        }));
    }

    @Override
    public SessionConfig config() {
        return config;
    }

    /**
     * How many calls failed closed because Redis could not answer, since creation.
     *
     * @return the count
     */
    @Override
    public long fallbackDecisions() {
        return calls.fallbacks();
    }

    /**
     * Times every Redis call from now on (used by {@link io.headroom.presence.SessionsMetrics}).
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
        return "RedisSessions[" + config.name() + ", " + calls.backend() + "]";
    }
}
