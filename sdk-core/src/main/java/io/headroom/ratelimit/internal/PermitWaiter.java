package io.headroom.ratelimit.internal;

import io.headroom.Ticker;
import io.headroom.internal.Arguments;
import io.headroom.ratelimit.RateLimitDecision;
import io.headroom.ratelimit.RateLimiter;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;

/**
 * {@link RateLimiter#acquireAsync(String, long, java.time.Duration)} for every limiter: try, and while denied
 * wait the denial's {@code retryAfter} on the JDK's delayed executor (a timer, no thread held) and try again,
 * giving up with the denial as soon as the next wait would end after {@code maxWait}.
 *
 * <p>The budget is spent two ways at once and the smaller rest counts: elapsed time on the given ticker, and the
 * sum of the waits scheduled. The second keeps the loop finite even when the limiter's clock does not move (a
 * manual clock in tests). Stateless and thread-safe.
 */
public final class PermitWaiter {

    /** The longest {@code maxWait} accepted. */
    public static final Duration MAX_WAIT = Duration.ofDays(1);

    private PermitWaiter() {
    }

    /**
     * Takes {@code permits}, waiting up to {@code maxWait}.
     *
     * @param limiter the limiter to ask
     * @param ticker measures the time spent waiting
     * @param key the key
     * @param permits the permits
     * @param maxWait the longest to wait, in {@code [0, 1 day]}
     * @return a stage with the admission or the last denial
     * @throws IllegalArgumentException when an argument breaks its rule (before any call of the limiter)
     */
    public static CompletionStage<RateLimitDecision> acquire(RateLimiter limiter, Ticker ticker, String key,
                                                             long permits, Duration maxWait) {
        Arguments.key(key, "key");
        RateLimitConfigs.checkPermits(limiter.config(), permits);
        if (maxWait == null || maxWait.isNegative() || maxWait.compareTo(MAX_WAIT) > 0) {
            throw new IllegalArgumentException("maxWait must be between 0 and " + MAX_WAIT + ", was " + maxWait);
        }
        Attempts attempts = new Attempts(limiter, ticker, key, permits, maxWait.toNanos());
        attempts.next();
        return attempts.result;
    }

    /** One acquisition in progress. */
    private static final class Attempts {
        private final RateLimiter limiter;
        private final Ticker ticker;
        private final String key;
        private final long permits;
        private final long start;
        private final long budget;
        private final CompletableFuture<RateLimitDecision> result = new CompletableFuture<>();
        private long waited;

        Attempts(RateLimiter limiter, Ticker ticker, String key, long permits, long budgetNanos) {
            this.limiter = limiter;
            this.ticker = ticker;
            this.key = key;
            this.permits = permits;
            this.budget = budgetNanos;
            this.start = ticker.read();
        }

        void next() {
            if (result.isDone()) {
                return; // cancelled by the caller
            }
            CompletionStage<RateLimitDecision> attempt;
            try {
                attempt = limiter.tryAcquireAsync(key, permits);
            } catch (RuntimeException e) {
                result.completeExceptionally(e);
                return;
            }
            attempt.whenComplete((d, error) -> {
                if (error != null) {
                    result.completeExceptionally(error);
                } else {
                    decided(d);
                }
            });
        }

        private void decided(RateLimitDecision d) {
            if (d.allowed()) {
                result.complete(d);
                return;
            }
            long wait = d.retryAfterMicros() * 1_000;
            long left = Math.min(budget - (ticker.read() - start), budget - waited);
            if (wait > left || wait <= 0) {
                result.complete(d); // the wait it needs ends after maxWait: give up now rather than wait in vain
                return;
            }
            waited += wait;
            Executor later = CompletableFuture.delayedExecutor(wait, TimeUnit.NANOSECONDS);
            later.execute(this::next);
        }
    }
}
