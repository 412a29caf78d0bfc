package io.headroom.redis;

/** Deliberate violation (a backend knows another backend), for RulesCatchViolationsTest only. */
public final class FixtureBackendUsesFirestore {
    /**
     * Depends on what it must not know.
     *
     * @param target the forbidden type
     * @return its name
     */
    public static String use(io.headroom.firestore.FirestoreIndex target) {
        return target.toString();
    }

    private FixtureBackendUsesFirestore() {
    }
}
