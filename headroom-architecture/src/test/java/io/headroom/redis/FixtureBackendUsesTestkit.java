package io.headroom.redis;

/** Deliberate violation (SDK main code uses the test kit), for RulesCatchViolationsTest only. */
public final class FixtureBackendUsesTestkit {
    /**
     * Depends on what it must not know.
     *
     * @param target the forbidden type
     * @return its name
     */
    public static String use(io.headroom.testkit.ManualTicker target) {
        return target.toString();
    }

    private FixtureBackendUsesTestkit() {
    }
}
