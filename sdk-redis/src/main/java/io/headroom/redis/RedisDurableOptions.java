package io.headroom.redis;

import io.headroom.internal.Arguments;
import java.time.Duration;
import java.util.UUID;

/**
 * The immutable, validated settings of a {@link RedisNotificationDispatcher}'s durable queue on Redis Streams.
 *
 * <p>Defaults (also {@link #defaults()}):
 * <ul>
 *   <li>{@code keyPrefix} {@code "headroom:"};</li>
 *   <li>{@code shards} 1 stream (1 to 1024): a notification goes to the stream of its token's hash, so one
 *       device's notifications stay in order; more shards spread a cluster's load over hash slots;</li>
 *   <li>{@code group} {@code "headroom"}: the consumer group every worker of the service joins;</li>
 *   <li>{@code consumer} {@code "worker-<random UUID>"}: this worker's name in the group, unique per process;</li>
 *   <li>{@code readBatchSize} 500 entries per read (1 to 10 000);</li>
 *   <li>{@code pollInterval} 100 ms between reads when idle (1 ms to 1 minute);</li>
 *   <li>{@code claimIdle} 30 s: a pending entry idle this long belonged to a dead worker and is claimed
 *       ({@code XAUTOCLAIM}); live workers refresh theirs every third of it (10 ms to 1 hour);</li>
 *   <li>{@code maxDeliveries} 5: an entry claimed more often than this (its workers keep dying) goes to the
 *       dead-letter stream (1 to 100);</li>
 *   <li>{@code timeout} 5 s per Redis command (1 ms to 1 minute).</li>
 * </ul>
 * Thread-safe.
 */
public final class RedisDurableOptions {

    private final String keyPrefix;
    private final int shards;
    private final String group;
    private final String consumer;
    private final int readBatchSize;
    private final Duration pollInterval;
    private final Duration claimIdle;
    private final int maxDeliveries;
    private final Duration timeout;

    private RedisDurableOptions(Builder b) {
        keyPrefix = b.keyPrefix;
        shards = b.shards;
        group = b.group;
        consumer = b.consumer;
        readBatchSize = b.readBatchSize;
        pollInterval = b.pollInterval;
        claimIdle = b.claimIdle;
        maxDeliveries = b.maxDeliveries;
        timeout = b.timeout;
    }

    /**
     * Returns the settings with every default.
     *
     * @return the default settings (with a fresh consumer name)
     */
    public static RedisDurableOptions defaults() {
        return builder().build();
    }

    /**
     * Returns a builder at the defaults.
     *
     * @return a builder; not thread-safe
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Returns the prefix of every key.
     *
     * @return the key prefix
     */
    public String keyPrefix() {
        return keyPrefix;
    }

    /**
     * Returns the number of streams.
     *
     * @return the shard count
     */
    public int shards() {
        return shards;
    }

    /**
     * Returns the consumer group.
     *
     * @return the group name
     */
    public String group() {
        return group;
    }

    /**
     * Returns this worker's consumer name.
     *
     * @return the consumer name
     */
    public String consumer() {
        return consumer;
    }

    /**
     * Returns the most entries per read.
     *
     * @return the read batch size
     */
    public int readBatchSize() {
        return readBatchSize;
    }

    /**
     * Returns the wait between reads when idle.
     *
     * @return the poll interval
     */
    public Duration pollInterval() {
        return pollInterval;
    }

    /**
     * Returns how long a pending entry stays idle before another worker claims it.
     *
     * @return the claim idle time
     */
    public Duration claimIdle() {
        return claimIdle;
    }

    /**
     * Returns how many deliveries an entry gets before it is dead-lettered.
     *
     * @return the most deliveries
     */
    public int maxDeliveries() {
        return maxDeliveries;
    }

    /**
     * Returns the timeout of every Redis command.
     *
     * @return the timeout
     */
    public Duration timeout() {
        return timeout;
    }

    @Override
    public String toString() {
        return "RedisDurableOptions[keyPrefix=" + keyPrefix + ", shards=" + shards + ", group=" + group
                + ", consumer=" + consumer + ", readBatchSize=" + readBatchSize + ", pollInterval=" + pollInterval
                + ", claimIdle=" + claimIdle + ", maxDeliveries=" + maxDeliveries + ", timeout=" + timeout + "]";
    }

    /** Builds {@link RedisDurableOptions}; {@link #build()} validates. Not thread-safe. */
    public static final class Builder {
        private String keyPrefix = "headroom:";
        private int shards = 1;
        private String group = "headroom";
        private String consumer = "worker-" + UUID.randomUUID();
        private int readBatchSize = 500;
        private Duration pollInterval = Duration.ofMillis(100);
        private Duration claimIdle = Duration.ofSeconds(30);
        private int maxDeliveries = 5;
        private Duration timeout = Duration.ofSeconds(5);

        private Builder() {
        }

        /**
         * Sets {@code keyPrefix}.
         *
         * @param keyPrefix at most 256 characters, no braces; default {@code "headroom:"}
         * @return this builder
         */
        public Builder keyPrefix(String keyPrefix) {
            this.keyPrefix = keyPrefix;
            return this;
        }

        /**
         * Sets {@code shards}.
         *
         * @param shards 1 to 1024; default 1
         * @return this builder
         */
        public Builder shards(int shards) {
            this.shards = shards;
            return this;
        }

        /**
         * Sets {@code group}.
         *
         * @param group 1 to 128 characters of {@code [A-Za-z0-9_.:-]}; default {@code "headroom"}
         * @return this builder
         */
        public Builder group(String group) {
            this.group = group;
            return this;
        }

        /**
         * Sets {@code consumer}.
         *
         * @param consumer 1 to 128 characters of {@code [A-Za-z0-9_.:-]}, unique per worker; default random
         * @return this builder
         */
        public Builder consumer(String consumer) {
            this.consumer = consumer;
            return this;
        }

        /**
         * Sets {@code readBatchSize}.
         *
         * @param readBatchSize 1 to 10 000; default 500
         * @return this builder
         */
        public Builder readBatchSize(int readBatchSize) {
            this.readBatchSize = readBatchSize;
            return this;
        }

        /**
         * Sets {@code pollInterval}.
         *
         * @param pollInterval 1 ms to 1 minute; default 100 ms
         * @return this builder
         */
        public Builder pollInterval(Duration pollInterval) {
            this.pollInterval = pollInterval;
            return this;
        }

        /**
         * Sets {@code claimIdle}.
         *
         * @param claimIdle 10 ms to 1 hour; default 30 s
         * @return this builder
         */
        public Builder claimIdle(Duration claimIdle) {
            this.claimIdle = claimIdle;
            return this;
        }

        /**
         * Sets {@code maxDeliveries}.
         *
         * @param maxDeliveries 1 to 100; default 5
         * @return this builder
         */
        public Builder maxDeliveries(int maxDeliveries) {
            this.maxDeliveries = maxDeliveries;
            return this;
        }

        /**
         * Sets {@code timeout}.
         *
         * @param timeout 1 ms to 1 minute; default 5 s
         * @return this builder
         */
        public Builder timeout(Duration timeout) {
            this.timeout = timeout;
            return this;
        }

        /**
         * Validates and builds.
         *
         * @return the options
         * @throws IllegalArgumentException naming the setting and its rule
         */
        public RedisDurableOptions build() {
            Arguments.notNull(keyPrefix, "keyPrefix");
            if (keyPrefix.length() > 256 || keyPrefix.indexOf('{') >= 0 || keyPrefix.indexOf('}') >= 0) {
                throw new IllegalArgumentException("keyPrefix must be at most 256 characters without braces, was \""
                        + keyPrefix + "\"");
            }
            Arguments.inRange(shards, 1, 1024, "shards", "");
            name(group, "group");
            name(consumer, "consumer");
            Arguments.inRange(readBatchSize, 1, 10_000, "readBatchSize", "");
            within(pollInterval, Duration.ofMillis(1), Duration.ofMinutes(1), "pollInterval");
            within(claimIdle, Duration.ofMillis(10), Duration.ofHours(1), "claimIdle");
            Arguments.inRange(maxDeliveries, 1, 100, "maxDeliveries", "");
            within(timeout, Duration.ofMillis(1), Duration.ofMinutes(1), "timeout");
            return new RedisDurableOptions(this);
        }

        private static void name(String value, String name) {
            if (value == null || value.isEmpty() || value.length() > 128 || !value.matches("[A-Za-z0-9_.:-]+")) {
                throw new IllegalArgumentException(name + " must be 1 to 128 characters of [A-Za-z0-9_.:-], was "
                        + (value == null ? "null" : '"' + value + '"'));
            }
        }

        private static void within(Duration d, Duration min, Duration max, String name) {
            if (d == null || d.compareTo(min) < 0 || d.compareTo(max) > 0) {
                throw new IllegalArgumentException(name + " must be between " + min + " and " + max + ", was " + d);
            }
        }
    }
}
