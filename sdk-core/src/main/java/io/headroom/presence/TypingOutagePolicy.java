package io.headroom.presence;

/**
 * What a remote {@link Typing} (the Redis one) answers when its backend cannot. Ignored in memory.
 */
public enum TypingOutagePolicy {

    /**
     * {@code typingIn} answers "nobody is typing" (an indicator that does not show is harmless; one stuck on is
     * not); {@code typing} and {@code stopped} are dropped, counted and logged at most every 30 s, and never
     * throw. The only policy, and the default.
     */
    NOBODY_TYPING
}
