package io.headroom.presence;

import java.util.Set;

/**
 * A running {@link Typing#watch watch}: its listener receives events until {@link #close()}. Thread-safe.
 */
public interface TypingWatch extends AutoCloseable {

    /**
     * The chats this watch covers.
     *
     * @return an unmodifiable set
     */
    Set<String> chatIds();

    /** Stops the watch: no event is delivered after this returns (except one already being delivered). Idempotent. */
    @Override
    void close();
}
