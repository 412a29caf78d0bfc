package io.headroom.cache;

import io.headroom.internal.Futures;

/** Deliberate violation (an internal type in a public signature), for RulesCatchViolationsTest only. */
public class FixtureLeaksInternal {
    /**
     * Leaks an internal type through its return type.
     *
     * @return nothing
     */
    public Futures leak() {
        return null;
    }

    /**
     * Leaks an internal type through a protected parameter of a non-final class.
     *
     * @param hidden an internal type
     */
    protected void take(java.util.List<io.headroom.internal.Arguments> hidden) {
    }

    // package-private: not part of the signature users see, so no violation
    Futures fine() {
        return null;
    }
}
