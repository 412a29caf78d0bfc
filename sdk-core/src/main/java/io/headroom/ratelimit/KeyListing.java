package io.headroom.ratelimit;

/**
 * Which list a key is put on with {@link RateLimiter#list}: a deny list or an allow list, checked in the same
 * round trip as the decision (on Redis, inside the decision's script).
 */
public enum KeyListing {

    /**
     * Every request of the key is denied, nothing charged, until the listing ends: the decision reports
     * {@code remaining = 0}, {@code retryAfter} = the time until the listing ends, {@code timeUntilFull = 0}, and
     * the first bandwidth as its limit. Remote limiters cache such a denial like any other
     * ({@link BlockedKeyCache}).
     */
    DENY,

    /**
     * Every request of the key is admitted, nothing charged, until the listing ends: the decision reports
     * {@code remaining = config().minCapacity()}, no wait, and the first bandwidth as its limit.
     */
    ALLOW
}
