package io.headroom.presence;

import io.headroom.internal.Arguments;
import io.headroom.presence.internal.Checks;
import java.time.Duration;

/**
 * The immutable, validated configuration of a {@link Presence}.
 *
 * <p>A user is online while at least one device's last heartbeat is younger than {@code ttl}. A device that stops
 * heartbeating (a crash, a lost network) reads offline exactly {@code ttl} after its last heartbeat; watchers are
 * told within {@code ttl + sweepInterval} (plus one call timeout when the instance that took the check dies, see
 * the Redis implementation). Clients should heartbeat every {@code ttl / 3} or so.
 *
 * <p>Defaults ({@link #ofDefaults()}): name {@code "presence"}, ttl 30 s, sweep interval 1 s, last-seen retention
 * 30 days, at most 1,000 ids per bulk call or watch, no per-user watch rate limit, outage policy
 * {@link PresenceOutagePolicy#UNKNOWN}.
 *
 * @param name the instance's name, 1 to 64 characters of {@code [A-Za-z0-9_.-]}; part of every Redis key
 * @param ttl how long one heartbeat keeps a device online, in (0, 1 h]
 * @param sweepInterval how often an instance looks for devices whose TTL ran out (to tell watchers), in
 *     (0, {@code ttl}]
 * @param lastSeenRetention how long {@code lastSeen} is kept after a user's last heartbeat (every stored key
 *     expires after it), in [{@code ttl}, 365 days]
 * @param maxBulk the most user ids one {@code statusOf} or {@code watch} call accepts, in [1, 100,000]
 * @param watchRateLimit the least time between two changes of one user delivered to this instance's watchers, in
 *     [0, 1 min]; a sooner change is held (coalesced with later ones) and the newest is delivered once the
 *     interval has passed (within one more {@code sweepInterval}), so the final state is never hidden. Zero
 *     delivers every change as soon as it is known (still coalesced while the dispatcher is busy)
 * @param outagePolicy what a remote implementation answers when its backend cannot
 */
public record PresenceConfig(String name, Duration ttl, Duration sweepInterval, Duration lastSeenRetention,
                             int maxBulk, Duration watchRateLimit, PresenceOutagePolicy outagePolicy) {

    /**
     * Validates the configuration.
     *
     * @param name the name
     * @param ttl the heartbeat TTL
     * @param sweepInterval the sweep interval
     * @param lastSeenRetention the last-seen retention
     * @param maxBulk the bulk limit
     * @param watchRateLimit the per-user watch rate limit
     * @param outagePolicy the outage policy
     * @throws IllegalArgumentException naming the component that breaks its rule
     */
    public PresenceConfig {
        Checks.name(name);
        Checks.duration(ttl, Duration.ofHours(1), "ttl");
        Checks.duration(sweepInterval, ttl, "sweepInterval");
        Checks.duration(lastSeenRetention, Duration.ofDays(365), "lastSeenRetention");
        Arguments.notNull(watchRateLimit, "watchRateLimit");
        if (watchRateLimit.isNegative() || watchRateLimit.compareTo(Duration.ofMinutes(1)) > 0) {
            throw new IllegalArgumentException("watchRateLimit must be in [0, 1 min], was " + watchRateLimit);
        }
        if (lastSeenRetention.compareTo(ttl) < 0) {
            throw new IllegalArgumentException("lastSeenRetention must be at least ttl (" + ttl + "), was "
                    + lastSeenRetention);
        }
        Arguments.inRange(maxBulk, 1, 100_000, "maxBulk", "");
        Arguments.notNull(outagePolicy, "outagePolicy");
    }

    /**
     * The default configuration.
     *
     * @return the defaults
     */
    public static PresenceConfig ofDefaults() {
        return builder().build();
    }

    /**
     * A builder with every setting at its default.
     *
     * @return a builder; not thread-safe
     */
    public static Builder builder() {
        return new Builder();
    }

    /** Builds a {@link PresenceConfig}; {@link #build()} validates. Not thread-safe. */
    public static final class Builder {
        private String name = "presence";
        private Duration ttl = Duration.ofSeconds(30);
        private Duration sweepInterval = Duration.ofSeconds(1);
        private Duration lastSeenRetention = Duration.ofDays(30);
        private int maxBulk = 1_000;
        private Duration watchRateLimit = Duration.ZERO;
        private PresenceOutagePolicy outagePolicy = PresenceOutagePolicy.UNKNOWN;

        private Builder() {
        }

        /**
         * Sets the name. Default {@code "presence"}.
         *
         * @param name the name
         * @return this builder
         */
        public Builder name(String name) {
            this.name = name;
            return this;
        }

        /**
         * Sets the heartbeat TTL. Default 30 s.
         *
         * @param ttl the TTL
         * @return this builder
         */
        public Builder ttl(Duration ttl) {
            this.ttl = ttl;
            return this;
        }

        /**
         * Sets the sweep interval. Default 1 s.
         *
         * @param sweepInterval the interval
         * @return this builder
         */
        public Builder sweepInterval(Duration sweepInterval) {
            this.sweepInterval = sweepInterval;
            return this;
        }

        /**
         * Sets the last-seen retention. Default 30 days.
         *
         * @param lastSeenRetention the retention
         * @return this builder
         */
        public Builder lastSeenRetention(Duration lastSeenRetention) {
            this.lastSeenRetention = lastSeenRetention;
            return this;
        }

        /**
         * Sets the per-user watch rate limit: at most one change of a user per interval reaches this instance's
         * watchers, the newest one after the interval. Default zero (no limit).
         *
         * @param watchRateLimit the interval, in [0, 1 min]
         * @return this builder
         */
        public Builder watchRateLimit(Duration watchRateLimit) {
            this.watchRateLimit = watchRateLimit;
            return this;
        }

        /**
         * Sets the bulk limit. Default 1,000.
         *
         * @param maxBulk the limit
         * @return this builder
         */
        public Builder maxBulk(int maxBulk) {
            this.maxBulk = maxBulk;
            return this;
        }

        /**
         * Sets the outage policy. Default {@link PresenceOutagePolicy#UNKNOWN}.
         *
         * @param outagePolicy the policy
         * @return this builder
         */
        public Builder outagePolicy(PresenceOutagePolicy outagePolicy) {
            this.outagePolicy = outagePolicy;
            return this;
        }

        /**
         * Validates and returns the configuration.
         *
         * @return the configuration
         * @throws IllegalArgumentException naming the setting that breaks its rule
         */
        public PresenceConfig build() {
            return new PresenceConfig(name, ttl, sweepInterval, lastSeenRetention, maxBulk, watchRateLimit, outagePolicy);
        }
    }
}
