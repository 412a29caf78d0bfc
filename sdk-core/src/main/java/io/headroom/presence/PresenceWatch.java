package io.headroom.presence;

import java.util.Set;

/**
 * A running {@link Presence#watch watch}: its listener receives events until {@link #close()}. Thread-safe.
 */
public interface PresenceWatch extends AutoCloseable {

    /**
     * The users this watch covers.
     *
     * @return an unmodifiable set
     */
    Set<String> userIds();

    /** Stops the watch: no event is delivered after this returns (except one already being delivered). Idempotent. */
    @Override
    void close();
}
