package io.headroom.redis;

/** Deliberate violation (SDK code uses the examples), for RulesCatchViolationsTest only. */
public final class FixtureBackendUsesExamples {
    /**
     * Depends on what it must not know.
     *
     * @param target the forbidden type
     * @return its name
     */
    public static String use(io.headroom.examples.SocialConnectDemo target) {
        return target.toString();
    }

    private FixtureBackendUsesExamples() {
    }
}
