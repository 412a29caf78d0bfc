package io.headroom.presence;

import io.headroom.internal.Arguments;
import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * A user's presence at the time of a read. Immutable.
 *
 * @param userId the user
 * @param state online, offline, or unknown during a backend outage
 * @param lastSeen the time of the user's last heartbeat or {@code offline} call, {@code null} when never seen
 *     (within the configured last-seen retention) or when the state is {@code UNKNOWN}
 */
public record PresenceStatus(String userId, PresenceState state, @Nullable Instant lastSeen) {

    /**
     * Validates the status.
     *
     * @param userId the user
     * @param state the state
     * @param lastSeen the last time seen, or {@code null}
     * @throws IllegalArgumentException when {@code userId} or {@code state} is {@code null}
     */
    public PresenceStatus {
        Arguments.notNull(userId, "userId");
        Arguments.notNull(state, "state");
    }

    /**
     * Whether the user is known to be online.
     *
     * @return {@code true} only for {@link PresenceState#ONLINE}
     */
    public boolean online() {
        return state == PresenceState.ONLINE;
    }

    /**
     * The status of a user the backend could not answer for.
     *
     * @param userId the user
     * @return an {@code UNKNOWN} status without a last-seen time
     */
    public static PresenceStatus unknown(String userId) {
        return new PresenceStatus(userId, PresenceState.UNKNOWN, null);
    }
}
