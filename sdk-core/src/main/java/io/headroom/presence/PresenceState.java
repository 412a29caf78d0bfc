package io.headroom.presence;

/** Whether a user is online, as far as a {@link Presence} can tell. */
public enum PresenceState {

    /** At least one of the user's devices sent a heartbeat within the TTL. */
    ONLINE,

    /** No device of the user sent a heartbeat within the TTL (or the last one went {@code offline}). */
    OFFLINE,

    /**
     * The backend cannot answer right now (see {@link PresenceOutagePolicy#UNKNOWN}); never reported by the
     * in-memory implementation. Treat it as "not known to be online".
     */
    UNKNOWN
}
