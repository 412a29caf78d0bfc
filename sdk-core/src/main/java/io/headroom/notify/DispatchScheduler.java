package io.headroom.notify;

import io.headroom.internal.Arguments;
import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Runs a dispatcher's timed work (flushing a batch after its delay, sending a notification once its rate limit or
 * retry backoff allows). Injected together with a {@link io.headroom.Ticker} so tests drive time by hand
 * (see {@code io.headroom.testkit.ManualScheduler}). Implementations must be thread-safe.
 */
@FunctionalInterface
public interface DispatchScheduler {

    /**
     * Runs {@code task} once, after {@code delay} has passed on the dispatcher's ticker.
     *
     * @param task what to run; it must not be run before the delay
     * @param delay zero or positive
     */
    void schedule(Runnable task, Duration delay);

    /**
     * Adapts a {@link ScheduledExecutorService} (which reads the system clock).
     *
     * @param executor the executor; the caller owns and shuts it down
     * @return the scheduler
     * @throws IllegalArgumentException when {@code executor} is {@code null}
     */
    static DispatchScheduler of(ScheduledExecutorService executor) {
        Arguments.notNull(executor, "executor");
        return (task, delay) -> executor.schedule(task, Math.max(0, delay.toNanos()), TimeUnit.NANOSECONDS);
    }
}
