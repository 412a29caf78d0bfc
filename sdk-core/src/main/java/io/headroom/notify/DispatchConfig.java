package io.headroom.notify;

import io.headroom.internal.Arguments;
import io.headroom.ratelimit.Bandwidth;
import io.headroom.spi.PushProvider;
import java.time.Duration;

/**
 * The immutable, validated configuration of a {@link NotificationDispatcher}: collapsing, batching, the
 * per-recipient rate, retries, the bounded buffer and its outage policy.
 *
 * <p>Defaults (also {@link #ofDefaults()}):
 * <ul>
 *   <li>{@code name} {@code "default"} (1 to 64 characters of {@code [A-Za-z0-9_.:-]});</li>
 *   <li>{@code collapseWindow} 500 ms: a notification with a collapse key waits this long after the first of its
 *       (token, collapse key) arrived, so later ones replace it (latest wins, counted in
 *       {@link Notification#collapsedCount()}); 0 to 1 hour;</li>
 *   <li>{@code maxBatchSize} 500 notifications per {@link PushProvider#sendBatch} call, 1 to 10 000;</li>
 *   <li>{@code maxBatchDelay} 50 ms: a ready notification waits at most this long for its batch to fill, 0 to 1
 *       minute;</li>
 *   <li>{@code perRecipientRate} 10 per minute per device token: excess is deferred (and meanwhile collapsed),
 *       never dropped;</li>
 *   <li>{@code providerRate} 600 000 per minute for the whole provider (FCM's default project quota), enforced
 *       by an in-memory {@link io.headroom.ratelimit.RateLimiter} before each batch: excess waits, never
 *       dropped;</li>
 *   <li>{@code dedupWindow} 1 hour: a notification whose {@link Notification#dedupId()} and token were accepted
 *       within this window is dropped at {@code submit} ({@link DispatchReceipt#duplicate()}); 1 ms to 7 days
 *       (in-memory: at most 1 000 000 ids remembered; durable backends share the window through the backend);</li>
 *   <li>{@code credentialsPause} 30 s: how long the whole provider pauses after a
 *       {@link FailureReason#CREDENTIALS} answer, 1 ms to 1 hour;</li>
 *   <li>{@code maxAttempts} 5 sends per notification (1 to 100), with exponential backoff: {@code initialBackoff}
 *       500 ms, {@code backoffMultiplier} 2.0 (1 to 10), {@code maxBackoff} 1 minute, {@code jitter} 0.5 (at least 0, below 1,
 *       the randomization factor); the wait is never shorter than the provider's {@code Retry-After};</li>
 *   <li>{@code bufferCapacity} 10 000 notifications held (buffered plus in flight), 1 to 10 000 000;</li>
 *   <li>{@code maxConcurrentBatches} 4 provider calls in flight, 1 to 1024;</li>
 *   <li>{@code providerTimeout} 30 s per provider call, after which its batch counts as retryable;</li>
 *   <li>a Resilience4j circuit breaker around the provider (count window 20 calls, opens at 50 % failed calls
 *       once 10 were seen, open 1 s, 2 probes; time from the dispatcher's ticker): a call fails when it throws,
 *       times out, answers with the wrong size or answers {@link FailureReason#UNAVAILABLE} for every
 *       notification; while open nothing is sent;</li>
 *   <li>{@code outagePolicy} {@link DispatchOutagePolicy#BUFFER_AND_RETRY};</li>
 *   <li>{@code closeTimeout} 30 s: how long {@link NotificationDispatcher#close()} waits to drain;</li>
 *   <li>{@code listener}: none.</li>
 * </ul>
 * Instances are immutable and thread-safe; build them with {@link #builder()}.
 */
public final class DispatchConfig {

    private static final DispatchListener NO_LISTENER = new DispatchListener() { };

    private final String name;
    private final Duration collapseWindow;
    private final int maxBatchSize;
    private final Duration maxBatchDelay;
    private final Bandwidth perRecipientRate;
    private final Bandwidth providerRate;
    private final Duration credentialsPause;
    private final Duration dedupWindow;
    private final int maxAttempts;
    private final Duration initialBackoff;
    private final double backoffMultiplier;
    private final Duration maxBackoff;
    private final double jitter;
    private final int bufferCapacity;
    private final int maxConcurrentBatches;
    private final Duration providerTimeout;
    private final DispatchOutagePolicy outagePolicy;
    private final Duration closeTimeout;
    private final DispatchListener listener;

    private DispatchConfig(Builder b) {
        name = b.name;
        collapseWindow = b.collapseWindow;
        maxBatchSize = b.maxBatchSize;
        maxBatchDelay = b.maxBatchDelay;
        perRecipientRate = b.perRecipientRate;
        providerRate = b.providerRate;
        credentialsPause = b.credentialsPause;
        dedupWindow = b.dedupWindow;
        maxAttempts = b.maxAttempts;
        initialBackoff = b.initialBackoff;
        backoffMultiplier = b.backoffMultiplier;
        maxBackoff = b.maxBackoff;
        jitter = b.jitter;
        bufferCapacity = b.bufferCapacity;
        maxConcurrentBatches = b.maxConcurrentBatches;
        providerTimeout = b.providerTimeout;
        outagePolicy = b.outagePolicy;
        closeTimeout = b.closeTimeout;
        listener = b.listener;
    }

    /**
     * Returns the configuration with every setting at its default.
     *
     * @return the default configuration
     */
    public static DispatchConfig ofDefaults() {
        return builder().build();
    }

    /**
     * Returns a builder with every setting at its default.
     *
     * @return a builder; not thread-safe
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Returns a builder holding this configuration's settings, to derive a variant.
     *
     * @return a builder
     */
    public Builder toBuilder() {
        return new Builder().name(name).collapseWindow(collapseWindow).maxBatchSize(maxBatchSize)
                .maxBatchDelay(maxBatchDelay).perRecipientRate(perRecipientRate).providerRate(providerRate)
                .credentialsPause(credentialsPause).dedupWindow(dedupWindow).maxAttempts(maxAttempts)
                .initialBackoff(initialBackoff).backoffMultiplier(backoffMultiplier).maxBackoff(maxBackoff)
                .jitter(jitter).bufferCapacity(bufferCapacity).maxConcurrentBatches(maxConcurrentBatches)
                .providerTimeout(providerTimeout).outagePolicy(outagePolicy).closeTimeout(closeTimeout)
                .listener(listener);
    }

    /**
     * Returns the dispatcher's name, used in metrics, log lines and exception messages.
     *
     * @return the dispatcher's name, used in metrics, log lines and exception messages
     */
    public String name() {
        return name;
    }

    /**
     * Returns how long a collapse-keyed notification waits for later ones to replace it.
     *
     * @return how long a collapse-keyed notification waits for later ones to replace it
     */
    public Duration collapseWindow() {
        return collapseWindow;
    }

    /**
     * Returns the most notifications per provider call.
     *
     * @return the most notifications per provider call
     */
    public int maxBatchSize() {
        return maxBatchSize;
    }

    /**
     * Returns the longest a ready notification waits for its batch to fill.
     *
     * @return the longest a ready notification waits for its batch to fill
     */
    public Duration maxBatchDelay() {
        return maxBatchDelay;
    }

    /**
     * Returns the most sends per device token, enforced by an in-memory {@link io.headroom.ratelimit.RateLimiter}.
     *
     * @return the most sends per device token, enforced by an in-memory {@link io.headroom.ratelimit.RateLimiter}
     */
    public Bandwidth perRecipientRate() {
        return perRecipientRate;
    }

    /**
     * Returns the most sends through the provider as a whole (the project quota).
     *
     * @return the provider-wide rate
     */
    public Bandwidth providerRate() {
        return providerRate;
    }

    /**
     * Returns how long the provider pauses after a {@link FailureReason#CREDENTIALS} answer.
     *
     * @return the pause
     */
    public Duration credentialsPause() {
        return credentialsPause;
    }

    /**
     * Returns how long a dedup id is remembered.
     *
     * @return the dedup window
     */
    public Duration dedupWindow() {
        return dedupWindow;
    }

    /**
     * Returns the most sends of one notification, the first included.
     *
     * @return the most sends of one notification, the first included
     */
    public int maxAttempts() {
        return maxAttempts;
    }

    /**
     * Returns the backoff before the first retry, before jitter.
     *
     * @return the backoff before the first retry, before jitter
     */
    public Duration initialBackoff() {
        return initialBackoff;
    }

    /**
     * Returns the factor the backoff grows by per attempt.
     *
     * @return the factor the backoff grows by per attempt
     */
    public double backoffMultiplier() {
        return backoffMultiplier;
    }

    /**
     * Returns the longest backoff, before jitter.
     *
     * @return the longest backoff, before jitter
     */
    public Duration maxBackoff() {
        return maxBackoff;
    }

    /**
     * Returns the randomization factor of the backoff: each wait is drawn from {@code b * (1 ± jitter)}.
     *
     * @return the randomization factor of the backoff: each wait is drawn from {@code b * (1 ± jitter)}
     */
    public double jitter() {
        return jitter;
    }

    /**
     * Returns the most notifications held at once, buffered plus in flight.
     *
     * @return the most notifications held at once, buffered plus in flight
     */
    public int bufferCapacity() {
        return bufferCapacity;
    }

    /**
     * Returns the most provider calls in flight at once.
     *
     * @return the most provider calls in flight at once
     */
    public int maxConcurrentBatches() {
        return maxConcurrentBatches;
    }

    /**
     * Returns how long a provider call may take before its batch counts as retryable.
     *
     * @return how long a provider call may take before its batch counts as retryable
     */
    public Duration providerTimeout() {
        return providerTimeout;
    }

    /**
     * Returns what {@code submit} does while the provider fails.
     *
     * @return what {@code submit} does while the provider fails
     */
    public DispatchOutagePolicy outagePolicy() {
        return outagePolicy;
    }

    /**
     * Returns how long {@code close()} waits to drain before reporting the rest as undeliverable.
     *
     * @return how long {@code close()} waits to drain before reporting the rest as undeliverable
     */
    public Duration closeTimeout() {
        return closeTimeout;
    }

    /**
     * Returns who hears about deliveries and failures.
     *
     * @return who hears about deliveries and failures
     */
    public DispatchListener listener() {
        return listener;
    }

    @Override
    public String toString() {
        return "DispatchConfig[name=" + name + ", collapseWindow=" + collapseWindow + ", maxBatchSize=" + maxBatchSize
                + ", maxBatchDelay=" + maxBatchDelay + ", perRecipientRate=" + perRecipientRate + ", providerRate=" + providerRate
                + ", credentialsPause=" + credentialsPause + ", maxAttempts="
                + maxAttempts + ", initialBackoff=" + initialBackoff + ", backoffMultiplier=" + backoffMultiplier
                + ", maxBackoff=" + maxBackoff + ", jitter=" + jitter + ", bufferCapacity=" + bufferCapacity
                + ", maxConcurrentBatches=" + maxConcurrentBatches + ", providerTimeout=" + providerTimeout
                + ", outagePolicy=" + outagePolicy + ", closeTimeout=" + closeTimeout + "]";
    }

    /** Builds a {@link DispatchConfig}; {@link #build()} validates. Not thread-safe. */
    public static final class Builder {
        private String name = "default";
        private Duration collapseWindow = Duration.ofMillis(500);
        private int maxBatchSize = 500;
        private Duration maxBatchDelay = Duration.ofMillis(50);
        private Bandwidth perRecipientRate = Bandwidth.of(10, Duration.ofMinutes(1));
        private Bandwidth providerRate = Bandwidth.of(600_000, Duration.ofMinutes(1));
        private Duration credentialsPause = Duration.ofSeconds(30);
        private Duration dedupWindow = Duration.ofHours(1);
        private int maxAttempts = 5;
        private Duration initialBackoff = Duration.ofMillis(500);
        private double backoffMultiplier = 2.0;
        private Duration maxBackoff = Duration.ofMinutes(1);
        private double jitter = 0.5;
        private int bufferCapacity = 10_000;
        private int maxConcurrentBatches = 4;
        private Duration providerTimeout = Duration.ofSeconds(30);
        private DispatchOutagePolicy outagePolicy = DispatchOutagePolicy.BUFFER_AND_RETRY;
        private Duration closeTimeout = Duration.ofSeconds(30);
        private DispatchListener listener = NO_LISTENER;

        private Builder() {
        }

        /**
         * Sets {@code name}.
         *
         * @param name 1 to 64 characters of {@code [A-Za-z0-9_.:-]}; default {@code "default"}
         * @return this builder
         */
        public Builder name(String name) {
            this.name = name;
            return this;
        }

        /**
         * Sets {@code collapseWindow}.
         *
         * @param collapseWindow 0 to 1 hour; default 500 ms
         * @return this builder
         */
        public Builder collapseWindow(Duration collapseWindow) {
            this.collapseWindow = collapseWindow;
            return this;
        }

        /**
         * Sets {@code maxBatchSize}.
         *
         * @param maxBatchSize 1 to 10 000; default 500
         * @return this builder
         */
        public Builder maxBatchSize(int maxBatchSize) {
            this.maxBatchSize = maxBatchSize;
            return this;
        }

        /**
         * Sets {@code maxBatchDelay}.
         *
         * @param maxBatchDelay 0 to 1 minute; default 50 ms
         * @return this builder
         */
        public Builder maxBatchDelay(Duration maxBatchDelay) {
            this.maxBatchDelay = maxBatchDelay;
            return this;
        }

        /**
         * Sets {@code perRecipientRate}.
         *
         * @param perRecipientRate sends allowed per device token; default 10 per minute
         * @return this builder
         */
        public Builder perRecipientRate(Bandwidth perRecipientRate) {
            this.perRecipientRate = perRecipientRate;
            return this;
        }

        /**
         * Sets {@code providerRate}.
         *
         * @param providerRate sends allowed through the whole provider; default 600 000 per minute
         * @return this builder
         */
        public Builder providerRate(Bandwidth providerRate) {
            this.providerRate = providerRate;
            return this;
        }

        /**
         * Sets {@code credentialsPause}.
         *
         * @param credentialsPause 1 ms to 1 hour; default 30 s
         * @return this builder
         */
        public Builder credentialsPause(Duration credentialsPause) {
            this.credentialsPause = credentialsPause;
            return this;
        }

        /**
         * Sets {@code dedupWindow}.
         *
         * @param dedupWindow 1 ms to 7 days; default 1 hour
         * @return this builder
         */
        public Builder dedupWindow(Duration dedupWindow) {
            this.dedupWindow = dedupWindow;
            return this;
        }

        /**
         * Sets {@code maxAttempts}.
         *
         * @param maxAttempts 1 to 100 sends per notification; default 5
         * @return this builder
         */
        public Builder maxAttempts(int maxAttempts) {
            this.maxAttempts = maxAttempts;
            return this;
        }

        /**
         * Sets {@code initialBackoff}.
         *
         * @param initialBackoff positive, at most {@code maxBackoff}; default 500 ms
         * @return this builder
         */
        public Builder initialBackoff(Duration initialBackoff) {
            this.initialBackoff = initialBackoff;
            return this;
        }

        /**
         * Sets {@code backoffMultiplier}.
         *
         * @param backoffMultiplier 1 to 10; default 2.0
         * @return this builder
         */
        public Builder backoffMultiplier(double backoffMultiplier) {
            this.backoffMultiplier = backoffMultiplier;
            return this;
        }

        /**
         * Sets {@code maxBackoff}.
         *
         * @param maxBackoff positive, at most 1 day; default 1 minute
         * @return this builder
         */
        public Builder maxBackoff(Duration maxBackoff) {
            this.maxBackoff = maxBackoff;
            return this;
        }

        /**
         * Sets {@code jitter}.
         *
         * @param jitter randomization factor, from 0 (inclusive) to 1 (exclusive); default 0.5
         * @return this builder
         */
        public Builder jitter(double jitter) {
            this.jitter = jitter;
            return this;
        }

        /**
         * Sets {@code bufferCapacity}.
         *
         * @param bufferCapacity 1 to 10 000 000; default 10 000
         * @return this builder
         */
        public Builder bufferCapacity(int bufferCapacity) {
            this.bufferCapacity = bufferCapacity;
            return this;
        }

        /**
         * Sets {@code maxConcurrentBatches}.
         *
         * @param maxConcurrentBatches 1 to 1024; default 4
         * @return this builder
         */
        public Builder maxConcurrentBatches(int maxConcurrentBatches) {
            this.maxConcurrentBatches = maxConcurrentBatches;
            return this;
        }

        /**
         * Sets {@code providerTimeout}.
         *
         * @param providerTimeout positive; default 30 s
         * @return this builder
         */
        public Builder providerTimeout(Duration providerTimeout) {
            this.providerTimeout = providerTimeout;
            return this;
        }

        /**
         * Sets {@code outagePolicy}.
         *
         * @param outagePolicy default {@link DispatchOutagePolicy#BUFFER_AND_RETRY}
         * @return this builder
         */
        public Builder outagePolicy(DispatchOutagePolicy outagePolicy) {
            this.outagePolicy = outagePolicy;
            return this;
        }

        /**
         * Sets {@code closeTimeout}.
         *
         * @param closeTimeout positive; default 30 s
         * @return this builder
         */
        public Builder closeTimeout(Duration closeTimeout) {
            this.closeTimeout = closeTimeout;
            return this;
        }

        /**
         * Sets {@code listener}.
         *
         * @param listener who hears about deliveries and failures; default none
         * @return this builder
         */
        public Builder listener(DispatchListener listener) {
            this.listener = listener;
            return this;
        }

        /**
         * Validates and builds.
         *
         * @return the configuration
         * @throws IllegalArgumentException naming the setting and its rule when one is out of range or {@code null}
         */
        public DispatchConfig build() {
            if (name == null || name.isEmpty() || name.length() > 64 || !name.matches("[A-Za-z0-9_.:-]+")) {
                throw new IllegalArgumentException("name must be 1 to 64 characters of [A-Za-z0-9_.:-], was "
                        + (name == null ? "null" : '"' + name + '"'));
            }
            within(collapseWindow, Duration.ZERO, Duration.ofHours(1), "collapseWindow");
            Arguments.inRange(maxBatchSize, 1, 10_000, "maxBatchSize", "");
            within(maxBatchDelay, Duration.ZERO, Duration.ofMinutes(1), "maxBatchDelay");
            Arguments.notNull(perRecipientRate, "perRecipientRate");
            Arguments.notNull(providerRate, "providerRate");
            within(credentialsPause, Duration.ofMillis(1), Duration.ofHours(1), "credentialsPause");
            within(dedupWindow, Duration.ofMillis(1), Duration.ofDays(7), "dedupWindow");
            Arguments.inRange(maxAttempts, 1, 100, "maxAttempts", "");
            Arguments.positive(initialBackoff, "initialBackoff");
            within(maxBackoff, Duration.ofNanos(1), Duration.ofDays(1), "maxBackoff");
            if (initialBackoff.compareTo(maxBackoff) > 0) {
                throw new IllegalArgumentException("initialBackoff must be at most maxBackoff (" + maxBackoff
                        + "), was " + initialBackoff);
            }
            if (!(backoffMultiplier >= 1.0 && backoffMultiplier <= 10.0)) {
                throw new IllegalArgumentException("backoffMultiplier must be between 1 and 10, was " + backoffMultiplier);
            }
            if (!(jitter >= 0.0 && jitter < 1.0)) {
                throw new IllegalArgumentException("jitter must be at least 0 and below 1, was " + jitter);
            }
            Arguments.inRange(bufferCapacity, 1, 10_000_000, "bufferCapacity", "");
            Arguments.inRange(maxConcurrentBatches, 1, 1024, "maxConcurrentBatches", "");
            Arguments.positive(providerTimeout, "providerTimeout");
            Arguments.notNull(outagePolicy, "outagePolicy");
            Arguments.positive(closeTimeout, "closeTimeout");
            Arguments.notNull(listener, "listener");
            return new DispatchConfig(this);
        }

        private static void within(Duration d, Duration min, Duration max, String name) {
            if (d == null || d.compareTo(min) < 0 || d.compareTo(max) > 0) {
                throw new IllegalArgumentException(name + " must be between " + min + " and " + max + ", was " + d);
            }
        }
    }
}
