package io.headroom.presence;

/**
 * Receives the presence events of one {@link Presence#watch watch}. Called on the presence instance's single
 * dispatch thread, one event at a time: keep it quick (hand off slow work). While a listener is slow, later
 * changes of one user are coalesced into the newest, so a listener sees every user's final state and, per user,
 * states in the order they happened, but not necessarily every intermediate flip. An exception thrown by the
 * listener is logged and does not stop later events.
 */
@FunctionalInterface
public interface PresenceListener {

    /**
     * Called for every event of the watch.
     *
     * @param change the event
     */
    void onChange(PresenceChange change);
}
