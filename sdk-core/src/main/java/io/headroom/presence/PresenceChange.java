package io.headroom.presence;

import io.headroom.internal.Arguments;
import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * One event delivered to a {@link PresenceListener}: a watched user's state, either because it changed or as
 * part of a snapshot (the first events of every watch, and again after the change stream was lost). Immutable.
 *
 * @param userId the user
 * @param state the user's state from now on
 * @param at when the change happened (backend time), or for a snapshot the user's last-seen time; {@code null}
 *     when not known
 * @param snapshot {@code true} when this event is part of a snapshot rather than a change
 */
public record PresenceChange(String userId, PresenceState state, @Nullable Instant at, boolean snapshot) {

    /**
     * Validates the change.
     *
     * @param userId the user
     * @param state the state
     * @param at when, or {@code null}
     * @param snapshot whether part of a snapshot
     * @throws IllegalArgumentException when {@code userId} or {@code state} is {@code null}
     */
    public PresenceChange {
        Arguments.notNull(userId, "userId");
        Arguments.notNull(state, "state");
    }
}
