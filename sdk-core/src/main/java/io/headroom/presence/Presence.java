package io.headroom.presence;

import java.time.Clock;
import java.util.Collection;
import java.util.Map;
import java.util.concurrent.CompletionStage;

/**
 * Who is online: devices send heartbeats, a user is online while any of their devices heartbeated within
 * {@link PresenceConfig#ttl()}, and other users read or watch that state.
 *
 * <pre>{@code
 * Presence presence = Presence.inMemory(PresenceConfig.ofDefaults());   // or RedisPresence.create(...)
 * presence.heartbeat(userId, deviceId);                                  // every ~10 s per connected device
 * Map<String, PresenceStatus> dots = presence.statusOf(memberIds);       // one round trip for 500 members
 * PresenceWatch w = presence.watch(friendIds, change -> push(change));   // snapshot first, then changes
 * }</pre>
 *
 * <h2>Guarantees</h2>
 * <ul>
 *   <li>Online iff a heartbeat within the TTL: a user whose devices all stop heartbeating (crash or not) reads
 *       {@code OFFLINE} exactly {@code ttl} after the last heartbeat, measured on one clock (the injected
 *       {@link Clock} in memory, the Redis server's {@code TIME} in Redis); {@link #offline} ends a device at
 *       once.</li>
 *   <li>Watchers receive a snapshot of every watched user first, then each change, per user in order;
 *       heartbeats that change nothing produce no event and no message. A device that stops heartbeating is
 *       reported offline within {@code ttl + sweepInterval}. Changes are fanned out per instance: one backend
 *       message per change reaches each instance once, and the instance serves all its local watchers.</li>
 *   <li>Outages ({@link PresenceOutagePolicy}): reads answer {@code UNKNOWN}, never a stale {@code ONLINE};
 *       writes never throw because of an outage.</li>
 * </ul>
 *
 * <p>Arguments are checked before any I/O: a {@code null}, empty or over-long id throws
 * {@link IllegalArgumentException}, also from the async forms (thrown, not returned in the stage); so does a
 * bulk call with more than {@link PresenceConfig#maxBulk()} ids. After {@link #close()} every call throws
 * {@link io.headroom.ClosedException}. Implementations are thread-safe.
 */
public interface Presence extends AutoCloseable {

    /**
     * Creates the embedded, in-memory presence on the system UTC clock. It owns one daemon thread (the sweeper
     * and watch dispatcher) until {@link #close()}.
     *
     * @param config the configuration
     * @return a new presence
     * @throws IllegalArgumentException when {@code config} is {@code null}
     */
    static Presence inMemory(PresenceConfig config) {
        return InMemoryPresence.create(config, Clock.systemUTC());
    }

    /**
     * Creates the embedded, in-memory presence reading time from {@code clock}.
     *
     * @param config the configuration
     * @param clock the time source
     * @return a new presence
     * @throws IllegalArgumentException when an argument is {@code null}
     */
    static Presence inMemory(PresenceConfig config, Clock clock) {
        return InMemoryPresence.create(config, clock);
    }

    /**
     * Records a heartbeat: {@code deviceId} of {@code userId} is online for the next TTL.
     *
     * @param userId the user
     * @param deviceId the device (a connection, a tab, a phone)
     * @throws IllegalArgumentException when an id breaks its rule
     */
    void heartbeat(String userId, String deviceId);

    /**
     * Asynchronous form of {@link #heartbeat}.
     *
     * @param userId the user
     * @param deviceId the device
     * @return a stage completing when recorded (or dropped by the outage policy); never failed by an outage
     * @throws IllegalArgumentException when an id breaks its rule
     */
    CompletionStage<Void> heartbeatAsync(String userId, String deviceId);

    /**
     * Ends one device at once (a clean disconnect); the user goes offline when it was their last live device.
     *
     * @param userId the user
     * @param deviceId the device
     * @throws IllegalArgumentException when an id breaks its rule
     */
    void offline(String userId, String deviceId);

    /**
     * Asynchronous form of {@link #offline}.
     *
     * @param userId the user
     * @param deviceId the device
     * @return a stage completing when recorded (or dropped by the outage policy)
     * @throws IllegalArgumentException when an id breaks its rule
     */
    CompletionStage<Void> offlineAsync(String userId, String deviceId);

    /**
     * Reads one user's status.
     *
     * @param userId the user
     * @return the status; {@code UNKNOWN} during an outage
     * @throws IllegalArgumentException when the id breaks its rule
     */
    PresenceStatus status(String userId);

    /**
     * Asynchronous form of {@link #status}.
     *
     * @param userId the user
     * @return a stage completing with the status
     * @throws IllegalArgumentException when the id breaks its rule
     */
    CompletionStage<PresenceStatus> statusAsync(String userId);

    /**
     * Reads many users' statuses in one round trip.
     *
     * @param userIds the users, at most {@link PresenceConfig#maxBulk()}; duplicates are read once
     * @return an unmodifiable map from each distinct user id to its status, in the order given
     * @throws IllegalArgumentException when the collection or an id breaks its rule
     */
    Map<String, PresenceStatus> statusOf(Collection<String> userIds);

    /**
     * Asynchronous form of {@link #statusOf}.
     *
     * @param userIds the users
     * @return a stage completing with the statuses
     * @throws IllegalArgumentException when the collection or an id breaks its rule
     */
    CompletionStage<Map<String, PresenceStatus>> statusOfAsync(Collection<String> userIds);

    /**
     * Watches users: {@code listener} first receives a snapshot event for every user (asynchronously, after one
     * bulk read), then every change (see {@link PresenceListener} for ordering and coalescing). Registering is
     * local; the instance's one change subscription serves every watch.
     *
     * @param userIds the users, at most {@link PresenceConfig#maxBulk()}
     * @param listener receives the events
     * @return the running watch; close it to stop
     * @throws IllegalArgumentException when an argument breaks its rule
     */
    PresenceWatch watch(Collection<String> userIds, PresenceListener listener);

    /**
     * The configuration.
     *
     * @return the configuration
     */
    PresenceConfig config();

    /**
     * Stops the sweeper, the change subscription and every watch; later calls throw
     * {@link io.headroom.ClosedException}. Stored presence is left to expire. Idempotent.
     */
    @Override
    void close();
}
