package io.headroom.presence;

import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletionStage;

/**
 * Login sessions: {@link #create} hands out a 256-bit token from {@link java.security.SecureRandom} and stores
 * only its SHA-256; {@link #validate} accepts a live token and slides its idle expiry; sessions can be revoked one
 * by one, by id, or all of a user's at once (logout everywhere), listed, and are capped per user.
 *
 * <pre>{@code
 * Sessions sessions = Sessions.inMemory(SessionConfig.ofDefaults());  // or RedisSessions.create(...)
 * NewSession s = sessions.create(userId, Map.of("device", "ios"));
 * setCookie("sid", s.token());
 * Optional<Session> who = sessions.validate(cookie("sid"));           // every request
 * sessions.revokeAll(userId);                                          // logout everywhere
 * }</pre>
 *
 * <h2>Guarantees</h2>
 * <ul>
 *   <li>A session is valid until the sooner of {@code lastUse + idleTimeout} and {@code created + maxLifetime},
 *       measured on one clock (the injected {@link Clock} in memory, the Redis server's {@code TIME} in Redis).</li>
 *   <li>A revoked or expired token is rejected on every instance at once (every validation asks the store).</li>
 *   <li>A forged, truncated or malformed token is rejected ({@code validate} returns empty; a malformed one
 *       without any I/O).</li>
 *   <li>Tokens never appear in logs, exceptions or {@code toString()}; the store holds only their hash.</li>
 *   <li>Outages fail closed ({@link SessionOutagePolicy}): {@link SessionUnavailableException}, never a guess.</li>
 * </ul>
 *
 * <p>Arguments are checked before any I/O ({@link IllegalArgumentException} naming the argument, also from the
 * async forms). After {@link #close()} every call throws {@link io.headroom.ClosedException}. Thread-safe.
 */
public interface Sessions extends AutoCloseable {

    /**
     * Creates the embedded, in-memory store on the system UTC clock.
     *
     * @param config the configuration
     * @return a new store
     * @throws IllegalArgumentException when {@code config} is {@code null}
     */
    static Sessions inMemory(SessionConfig config) {
        return InMemorySessions.create(config, Clock.systemUTC());
    }

    /**
     * Creates the embedded, in-memory store reading time from {@code clock}.
     *
     * @param config the configuration
     * @param clock the time source
     * @return a new store
     * @throws IllegalArgumentException when an argument is {@code null}
     */
    static Sessions inMemory(SessionConfig config, Clock clock) {
        return InMemorySessions.create(config, clock);
    }

    /**
     * Creates a session for {@code userId}; when the user already has {@link SessionConfig#maxPerUser()} live
     * sessions, the oldest are revoked.
     *
     * @param userId the user
     * @param data a small map stored with the session (see {@link SessionConfig} for the limits); may be empty
     * @return the token and the stored session
     * @throws IllegalArgumentException when an argument breaks its rule
     * @throws SessionUnavailableException when the store cannot answer
     */
    NewSession create(String userId, Map<String, String> data);

    /**
     * Asynchronous form of {@link #create}.
     *
     * @param userId the user
     * @param data the data
     * @return a stage completing with the new session, or failed with {@link SessionUnavailableException}
     * @throws IllegalArgumentException when an argument breaks its rule
     */
    CompletionStage<NewSession> createAsync(String userId, Map<String, String> data);

    /**
     * Checks a token; when it is live, extends its idle expiry and returns the session.
     *
     * @param token the token the client sent
     * @return the session, or empty when the token is unknown, revoked, expired, forged or malformed
     * @throws IllegalArgumentException when {@code token} is {@code null}
     * @throws SessionUnavailableException when the store cannot answer
     */
    Optional<Session> validate(String token);

    /**
     * Asynchronous form of {@link #validate}.
     *
     * @param token the token
     * @return a stage completing with the session or empty, or failed with {@link SessionUnavailableException}
     * @throws IllegalArgumentException when {@code token} is {@code null}
     */
    CompletionStage<Optional<Session>> validateAsync(String token);

    /**
     * Revokes the session of {@code token} (logout).
     *
     * @param token the token
     * @return {@code true} when a live session was revoked
     * @throws IllegalArgumentException when {@code token} is {@code null}
     * @throws SessionUnavailableException when the store cannot answer
     */
    boolean revoke(String token);

    /**
     * Asynchronous form of {@link #revoke}.
     *
     * @param token the token
     * @return a stage completing with whether a session was revoked
     * @throws IllegalArgumentException when {@code token} is {@code null}
     */
    CompletionStage<Boolean> revokeAsync(String token);

    /**
     * Revokes one of {@code userId}'s sessions by its {@link Session#id()} (from {@link #list}).
     *
     * @param userId the user
     * @param sessionId the session's id
     * @return {@code true} when a live session of that user was revoked
     * @throws IllegalArgumentException when an argument breaks its rule
     * @throws SessionUnavailableException when the store cannot answer
     */
    boolean revokeSession(String userId, String sessionId);

    /**
     * Asynchronous form of {@link #revokeSession}.
     *
     * @param userId the user
     * @param sessionId the session's id
     * @return a stage completing with whether a session was revoked
     * @throws IllegalArgumentException when an argument breaks its rule
     */
    CompletionStage<Boolean> revokeSessionAsync(String userId, String sessionId);

    /**
     * Revokes every session of {@code userId} (logout everywhere).
     *
     * @param userId the user
     * @return how many live sessions were revoked
     * @throws IllegalArgumentException when the id breaks its rule
     * @throws SessionUnavailableException when the store cannot answer
     */
    int revokeAll(String userId);

    /**
     * Asynchronous form of {@link #revokeAll}.
     *
     * @param userId the user
     * @return a stage completing with the count
     * @throws IllegalArgumentException when the id breaks its rule
     */
    CompletionStage<Integer> revokeAllAsync(String userId);

    /**
     * Lists {@code userId}'s live sessions, oldest first (without extending them).
     *
     * @param userId the user
     * @return an unmodifiable list
     * @throws IllegalArgumentException when the id breaks its rule
     * @throws SessionUnavailableException when the store cannot answer
     */
    List<Session> list(String userId);

    /**
     * Asynchronous form of {@link #list}.
     *
     * @param userId the user
     * @return a stage completing with the sessions
     * @throws IllegalArgumentException when the id breaks its rule
     */
    CompletionStage<List<Session>> listAsync(String userId);

    /**
     * The configuration.
     *
     * @return the configuration
     */
    SessionConfig config();

    /** Marks this store closed; later calls throw {@link io.headroom.ClosedException}. Idempotent. */
    @Override
    void close();
}
