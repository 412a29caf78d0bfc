package io.headroom.presence;

import io.headroom.internal.Arguments;
import io.headroom.presence.internal.Checks;
import java.time.Duration;

/**
 * The immutable, validated configuration of a {@link Sessions} store.
 *
 * <p>Defaults ({@link #ofDefaults()}): name {@code "sessions"}, idle timeout 14 days (sliding: every successful
 * validation extends it), maximum lifetime 90 days (absolute, never extended), at most 10 sessions per user (a new
 * one evicts the oldest), at most 16 data entries, outage policy {@link SessionOutagePolicy#FAIL_CLOSED}. Data
 * keys are 1 to 64 characters, values at most 1,024.
 *
 * @param name the store's name, 1 to 64 characters of {@code [A-Za-z0-9_.-]}; part of every Redis key
 * @param idleTimeout how long a session lives without use, in (0, {@code maxLifetime}]
 * @param maxLifetime how long a session lives at most, in (0, 365 days]
 * @param maxPerUser the most live sessions per user, in [1, 1,000]; creating one more revokes the oldest
 * @param maxDataEntries the most entries in a session's data map, in [0, 64]
 * @param outagePolicy what a remote store does when its backend cannot answer
 */
public record SessionConfig(String name, Duration idleTimeout, Duration maxLifetime, int maxPerUser,
                            int maxDataEntries, SessionOutagePolicy outagePolicy) {

    /** The longest data key. */
    public static final int MAX_DATA_KEY_LENGTH = 64;
    /** The longest data value. */
    public static final int MAX_DATA_VALUE_LENGTH = 1_024;

    /**
     * Validates the configuration.
     *
     * @param name the name
     * @param idleTimeout the sliding idle timeout
     * @param maxLifetime the absolute lifetime
     * @param maxPerUser the per-user cap
     * @param maxDataEntries the data size limit
     * @param outagePolicy the outage policy
     * @throws IllegalArgumentException naming the component that breaks its rule
     */
    public SessionConfig {
        Checks.name(name);
        Checks.duration(maxLifetime, Duration.ofDays(365), "maxLifetime");
        Checks.duration(idleTimeout, maxLifetime, "idleTimeout");
        Arguments.inRange(maxPerUser, 1, 1_000, "maxPerUser", "");
        Arguments.inRange(maxDataEntries, 0, 64, "maxDataEntries", "");
        Arguments.notNull(outagePolicy, "outagePolicy");
    }

    /**
     * The default configuration.
     *
     * @return the defaults
     */
    public static SessionConfig ofDefaults() {
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

    /** Builds a {@link SessionConfig}; {@link #build()} validates. Not thread-safe. */
    public static final class Builder {
        private String name = "sessions";
        private Duration idleTimeout = Duration.ofDays(14);
        private Duration maxLifetime = Duration.ofDays(90);
        private int maxPerUser = 10;
        private int maxDataEntries = 16;
        private SessionOutagePolicy outagePolicy = SessionOutagePolicy.FAIL_CLOSED;

        private Builder() {
        }

        /**
         * Sets the name. Default {@code "sessions"}.
         *
         * @param name the name
         * @return this builder
         */
        public Builder name(String name) {
            this.name = name;
            return this;
        }

        /**
         * Sets the sliding idle timeout. Default 14 days.
         *
         * @param idleTimeout the timeout
         * @return this builder
         */
        public Builder idleTimeout(Duration idleTimeout) {
            this.idleTimeout = idleTimeout;
            return this;
        }

        /**
         * Sets the absolute lifetime. Default 90 days.
         *
         * @param maxLifetime the lifetime
         * @return this builder
         */
        public Builder maxLifetime(Duration maxLifetime) {
            this.maxLifetime = maxLifetime;
            return this;
        }

        /**
         * Sets the per-user cap. Default 10.
         *
         * @param maxPerUser the cap
         * @return this builder
         */
        public Builder maxPerUser(int maxPerUser) {
            this.maxPerUser = maxPerUser;
            return this;
        }

        /**
         * Sets the data size limit. Default 16 entries.
         *
         * @param maxDataEntries the limit
         * @return this builder
         */
        public Builder maxDataEntries(int maxDataEntries) {
            this.maxDataEntries = maxDataEntries;
            return this;
        }

        /**
         * Sets the outage policy. Default {@link SessionOutagePolicy#FAIL_CLOSED}.
         *
         * @param outagePolicy the policy
         * @return this builder
         */
        public Builder outagePolicy(SessionOutagePolicy outagePolicy) {
            this.outagePolicy = outagePolicy;
            return this;
        }

        /**
         * Validates and returns the configuration.
         *
         * @return the configuration
         * @throws IllegalArgumentException naming the setting that breaks its rule
         */
        public SessionConfig build() {
            return new SessionConfig(name, idleTimeout, maxLifetime, maxPerUser, maxDataEntries, outagePolicy);
        }
    }
}
