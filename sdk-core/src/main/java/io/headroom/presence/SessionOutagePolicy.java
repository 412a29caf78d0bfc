package io.headroom.presence;

/**
 * What a remote {@link Sessions} (the Redis one) does when its backend cannot answer. Ignored in memory.
 */
public enum SessionOutagePolicy {

    /**
     * Fail closed: every call throws {@link SessionUnavailableException} (a {@link io.headroom.BackendUnavailableException});
     * a token is never accepted without the store confirming it, and a revocation is never reported done unless
     * it was. The only policy, and the default.
     */
    FAIL_CLOSED
}
