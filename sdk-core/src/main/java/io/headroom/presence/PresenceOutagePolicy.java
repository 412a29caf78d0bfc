package io.headroom.presence;

/**
 * What a remote {@link Presence} (the Redis one) answers when its backend cannot: a call fails, times out or is
 * refused by the open circuit breaker. Ignored by the in-memory implementation, which has no backend.
 */
public enum PresenceOutagePolicy {

    /**
     * Reads answer {@link PresenceState#UNKNOWN} (never a stale {@code ONLINE}); heartbeats and {@code offline}
     * calls are dropped, counted and logged at most every 30 s, and never throw (the next heartbeat after
     * recovery restores the state). Watchers receive {@code UNKNOWN} for every watched user when the change
     * subscription is lost, then a fresh snapshot when it is back. The only policy, and the default.
     */
    UNKNOWN
}
