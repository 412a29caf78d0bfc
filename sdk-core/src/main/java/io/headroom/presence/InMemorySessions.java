package io.headroom.presence;

import io.headroom.ClosedException;
import io.headroom.internal.Arguments;
import io.headroom.presence.internal.SessionTokens;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The embedded {@link Sessions}: per user, a map from token hash to session, all in this JVM, time from the
 * injected {@link Clock}. Expired sessions are dropped when their user's sessions are next touched, and a user's
 * entry goes when their last session does. Thread-safe (one lock per user); the async forms complete before they
 * return. A token is never kept, only its hash.
 */
public final class InMemorySessions implements Sessions {

    private final SessionConfig config;
    private final Clock clock;
    /** user id to (token hash to session); guarded by the inner map itself. */
    private final Map<String, Map<String, Session>> byUser = new ConcurrentHashMap<>();
    /** token hash to user id. */
    private final Map<String, String> owners = new ConcurrentHashMap<>();
    private volatile boolean closed;

    private InMemorySessions(SessionConfig config, Clock clock) {
        this.config = config;
        this.clock = clock;
    }

    /**
     * Creates the embedded store.
     *
     * @param config the configuration
     * @param clock the time source
     * @return the store
     * @throws IllegalArgumentException when an argument is {@code null}
     */
    public static InMemorySessions create(SessionConfig config, Clock clock) {
        return new InMemorySessions(Arguments.notNull(config, "config"), Arguments.notNull(clock, "clock"));
    }

    private void checkOpen() {
        if (closed) {
            throw ClosedException.of("sessions", config.name());
        }
    }

    private Instant expiry(Instant created, Instant used) {
        Instant idle = used.plus(config.idleTimeout());
        Instant hard = created.plus(config.maxLifetime());
        return idle.isBefore(hard) ? idle : hard;
    }

    /** Drops the expired sessions of one user; the caller holds the user's lock. */
    private void prune(Map<String, Session> sessions, Instant now) {
        sessions.values().removeIf(s -> {
            boolean dead = !s.expiresAt().isAfter(now);
            if (dead) {
                owners.remove(s.id());
            }
            return dead;
        });
    }

    @Override
    public NewSession create(String userId, Map<String, String> data) {
        Arguments.key(userId, "userId");
        Map<String, String> copy = SessionTokens.data(data, config);
        checkOpen();
        String token = SessionTokens.newToken();
        String id = SessionTokens.hash(token);
        Instant now = clock.instant();
        Session session = new Session(id, userId, now, now, expiry(now, now), copy);
        byUser.compute(userId, (k, sessions) -> {
            Map<String, Session> m = sessions == null ? new LinkedHashMap<>() : sessions;
            prune(m, now);
            while (m.size() >= config.maxPerUser()) { // oldest first: insertion order
                String oldest = m.keySet().iterator().next();
                m.remove(oldest);
                owners.remove(oldest);
            }
            m.put(id, session);
            owners.put(id, userId);
            return m;
        });
        return new NewSession(token, session);
    }

    @Override
    public CompletionStage<NewSession> createAsync(String userId, Map<String, String> data) {
        return CompletableFuture.completedFuture(create(userId, data));
    }

    @Override
    public Optional<Session> validate(String token) {
        SessionTokens.notNull(token);
        checkOpen();
        if (!SessionTokens.wellFormed(token)) {
            return Optional.empty();
        }
        String id = SessionTokens.hash(token);
        String userId = owners.get(id);
        if (userId == null) {
            return Optional.empty();
        }
        Instant now = clock.instant();
        Session[] out = new Session[1];
        byUser.computeIfPresent(userId, (k, m) -> {
            prune(m, now);
            Session s = m.get(id);
            if (s != null) {
                Session used = new Session(id, userId, s.createdAt(), now, expiry(s.createdAt(), now), s.data());
                m.put(id, used);
                out[0] = used;
            }
            return m.isEmpty() ? null : m;
        });
        return Optional.ofNullable(out[0]);
    }

    @Override
    public CompletionStage<Optional<Session>> validateAsync(String token) {
        return CompletableFuture.completedFuture(validate(token));
    }

    @Override
    public boolean revoke(String token) {
        SessionTokens.notNull(token);
        checkOpen();
        if (!SessionTokens.wellFormed(token)) {
            return false;
        }
        String id = SessionTokens.hash(token);
        String userId = owners.get(id);
        return userId != null && remove(userId, id);
    }

    @Override
    public CompletionStage<Boolean> revokeAsync(String token) {
        return CompletableFuture.completedFuture(revoke(token));
    }

    @Override
    public boolean revokeSession(String userId, String sessionId) {
        Arguments.key(userId, "userId");
        Arguments.key(sessionId, "sessionId");
        checkOpen();
        return remove(userId, sessionId);
    }

    private boolean remove(String userId, String id) {
        Instant now = clock.instant();
        boolean[] removed = new boolean[1];
        byUser.computeIfPresent(userId, (k, m) -> {
            prune(m, now);
            removed[0] = m.remove(id) != null;
            if (removed[0]) {
                owners.remove(id);
            }
            return m.isEmpty() ? null : m;
        });
        return removed[0];
    }

    @Override
    public CompletionStage<Boolean> revokeSessionAsync(String userId, String sessionId) {
        return CompletableFuture.completedFuture(revokeSession(userId, sessionId));
    }

    @Override
    public int revokeAll(String userId) {
        Arguments.key(userId, "userId");
        checkOpen();
        Instant now = clock.instant();
        int[] count = new int[1];
        byUser.computeIfPresent(userId, (k, m) -> {
            prune(m, now);
            count[0] = m.size();
            m.keySet().forEach(owners::remove);
            return null;
        });
        return count[0];
    }

    @Override
    public CompletionStage<Integer> revokeAllAsync(String userId) {
        return CompletableFuture.completedFuture(revokeAll(userId));
    }

    @Override
    public List<Session> list(String userId) {
        Arguments.key(userId, "userId");
        checkOpen();
        Instant now = clock.instant();
        List<Session> out = new ArrayList<>();
        byUser.computeIfPresent(userId, (k, m) -> {
            prune(m, now);
            out.addAll(m.values());
            return m.isEmpty() ? null : m;
        });
        out.sort(Comparator.comparing(Session::createdAt));
        return List.copyOf(out);
    }

    @Override
    public CompletionStage<List<Session>> listAsync(String userId) {
        return CompletableFuture.completedFuture(list(userId));
    }

    @Override
    public SessionConfig config() {
        return config;
    }

    @Override
    public void close() {
        closed = true;
    }

    @Override
    public String toString() {
        return "InMemorySessions[" + config.name() + "]";
    }
}
