package io.headroom.ratelimit.internal;

import io.headroom.internal.Arguments;
import io.headroom.ratelimit.Bandwidth;
import io.headroom.ratelimit.KeyListing;
import io.headroom.ratelimit.RateLimitConfig;
import io.headroom.ratelimit.RateLimitDecision;
import java.time.Duration;
import java.util.List;

/**
 * What every backend does the same way for {@link KeyListing}: the argument check and the decisions a listing
 * makes. Stateless and thread-safe.
 */
public final class Listings {

    private Listings() {
    }

    /**
     * Checks the arguments of {@code list}.
     *
     * @param key the key
     * @param listing the list
     * @param ttl how long
     * @return {@code ttl} in whole microseconds, at least 1000
     * @throws IllegalArgumentException when an argument breaks its rule
     */
    public static long checkList(String key, KeyListing listing, Duration ttl) {
        Arguments.key(key, "key");
        if (!listable(key)) {
            throw new IllegalArgumentException("key must not start with '}' to be listed (its Redis hash tag would be "
                    + "empty, so its listing could not share its state's cluster slot), was '" + key + "'");
        }
        Arguments.notNull(listing, "listing");
        if (ttl == null || ttl.compareTo(Bandwidth.MIN_PERIOD) < 0 || ttl.compareTo(Bandwidth.MAX_PERIOD) > 0) {
            throw new IllegalArgumentException("ttl must be between " + Bandwidth.MIN_PERIOD + " and "
                    + Bandwidth.MAX_PERIOD + ", was " + ttl);
        }
        return ttl.toNanos() / 1_000;
    }

    /**
     * Whether a key can be put on a list: every key but those starting with {@code '}'}, whose Redis hash tag
     * (the key up to its first {@code '}'}) would be empty. The same rule on every backend.
     *
     * @param key a valid key
     * @return {@code true} when {@code list} accepts it
     */
    public static boolean listable(String key) {
        return key.charAt(0) != '}';
    }

    /**
     * The decision a listing makes.
     *
     * @param config the limiter's configuration
     * @param listing the list the key is on
     * @param leftMicros microseconds until the listing ends, positive
     * @return the decision {@link KeyListing} documents
     */
    public static RateLimitDecision decision(RateLimitConfig config, KeyListing listing, long leftMicros) {
        List<Bandwidth> bws = config.bandwidths();
        return listing == KeyListing.DENY
                ? RateLimitDecision.of(false, 0, leftMicros, 0, bws.get(0), bws)
                : RateLimitDecision.of(true, config.minCapacity(), 0, 0, bws.get(0), bws);
    }
}
