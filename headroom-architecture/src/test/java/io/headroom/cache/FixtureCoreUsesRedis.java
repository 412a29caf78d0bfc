package io.headroom.cache;

/** Deliberate violation (sdk-core knows a backend), for RulesCatchViolationsTest only. */
public final class FixtureCoreUsesRedis {
    /**
     * Depends on what it must not know.
     *
     * @param target the forbidden type
     * @return its name
     */
    public static String use(io.headroom.redis.RedisOptions target) {
        return target.toString();
    }

    private FixtureCoreUsesRedis() {
    }
}
