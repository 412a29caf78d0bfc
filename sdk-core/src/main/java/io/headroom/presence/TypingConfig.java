package io.headroom.presence;

import io.headroom.internal.Arguments;
import io.headroom.presence.internal.Checks;
import java.time.Duration;

/**
 * The immutable, validated configuration of a {@link Typing}.
 *
 * <p>Defaults ({@link #ofDefaults()}): name {@code "typing"}, ttl 5 s, at most 100 typers reported per chat,
 * watch interval 1 s, at most 1,000 chats per watch, outage policy {@link TypingOutagePolicy#NOBODY_TYPING}.
 *
 * @param name the instance's name, 1 to 64 characters of {@code [A-Za-z0-9_.-]}; part of every Redis key
 * @param ttl how long one {@code typing} call shows the indicator, in (0, 1 min]
 * @param maxTypers the most users {@code typingIn} reports (the most recent), in [1, 10,000]
 * @param watchInterval how often an instance with watchers re-reads the watched chats someone is typing in, so
 *     an expired indicator reaches watchers within {@code ttl + watchInterval}; in (0, 1 min]
 * @param maxWatch the most chat ids one {@code watch} call accepts, in [1, 100,000]
 * @param outagePolicy what a remote implementation answers when its backend cannot
 */
public record TypingConfig(String name, Duration ttl, int maxTypers, Duration watchInterval, int maxWatch,
                           TypingOutagePolicy outagePolicy) {

    /**
     * Validates the configuration.
     *
     * @param name the name
     * @param ttl the indicator TTL
     * @param maxTypers the report limit
     * @param watchInterval the expiry re-read interval of watched chats
     * @param maxWatch the watch bulk limit
     * @param outagePolicy the outage policy
     * @throws IllegalArgumentException naming the component that breaks its rule
     */
    public TypingConfig {
        Checks.name(name);
        Checks.duration(ttl, Duration.ofMinutes(1), "ttl");
        Arguments.inRange(maxTypers, 1, 10_000, "maxTypers", "");
        Checks.duration(watchInterval, Duration.ofMinutes(1), "watchInterval");
        Arguments.inRange(maxWatch, 1, 100_000, "maxWatch", "");
        Arguments.notNull(outagePolicy, "outagePolicy");
    }

    /**
     * The default configuration.
     *
     * @return the defaults
     */
    public static TypingConfig ofDefaults() {
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

    /** Builds a {@link TypingConfig}; {@link #build()} validates. Not thread-safe. */
    public static final class Builder {
        private String name = "typing";
        private Duration ttl = Duration.ofSeconds(5);
        private int maxTypers = 100;
        private Duration watchInterval = Duration.ofSeconds(1);
        private int maxWatch = 1_000;
        private TypingOutagePolicy outagePolicy = TypingOutagePolicy.NOBODY_TYPING;

        private Builder() {
        }

        /**
         * Sets the name. Default {@code "typing"}.
         *
         * @param name the name
         * @return this builder
         */
        public Builder name(String name) {
            this.name = name;
            return this;
        }

        /**
         * Sets the indicator TTL. Default 5 s.
         *
         * @param ttl the TTL
         * @return this builder
         */
        public Builder ttl(Duration ttl) {
            this.ttl = ttl;
            return this;
        }

        /**
         * Sets the report limit. Default 100.
         *
         * @param maxTypers the limit
         * @return this builder
         */
        public Builder maxTypers(int maxTypers) {
            this.maxTypers = maxTypers;
            return this;
        }

        /**
         * Sets how often watched chats with typers are re-read to notice expired indicators. Default 1 s.
         *
         * @param watchInterval the interval
         * @return this builder
         */
        public Builder watchInterval(Duration watchInterval) {
            this.watchInterval = watchInterval;
            return this;
        }

        /**
         * Sets the most chat ids one {@code watch} call accepts. Default 1,000.
         *
         * @param maxWatch the limit
         * @return this builder
         */
        public Builder maxWatch(int maxWatch) {
            this.maxWatch = maxWatch;
            return this;
        }

        /**
         * Sets the outage policy. Default {@link TypingOutagePolicy#NOBODY_TYPING}.
         *
         * @param outagePolicy the policy
         * @return this builder
         */
        public Builder outagePolicy(TypingOutagePolicy outagePolicy) {
            this.outagePolicy = outagePolicy;
            return this;
        }

        /**
         * Validates and returns the configuration.
         *
         * @return the configuration
         * @throws IllegalArgumentException naming the setting that breaks its rule
         */
        public TypingConfig build() {
            return new TypingConfig(name, ttl, maxTypers, watchInterval, maxWatch, outagePolicy);
        }
    }
}
