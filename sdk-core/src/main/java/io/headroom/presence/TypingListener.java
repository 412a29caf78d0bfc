package io.headroom.presence;

/**
 * Receives the events of one {@link Typing#watch watch}. Called on the typing instance's single dispatch thread,
 * one event at a time: keep it quick. Changes of one chat that happen while its read is in flight collapse into
 * the newest, so a listener always sees every chat's final state, in order, but not necessarily every
 * intermediate one. An exception thrown by the listener is logged and does not stop later events.
 */
@FunctionalInterface
public interface TypingListener {

    /**
     * Called for every event of the watch.
     *
     * @param change the event
     */
    void onChange(TypingChange change);
}
