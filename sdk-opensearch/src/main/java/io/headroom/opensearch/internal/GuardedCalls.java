package io.headroom.opensearch.internal;

import io.github.resilience4j.core.IntervalFunction;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;
import io.headroom.Ticker;
import io.headroom.internal.Arguments;
import io.headroom.internal.BackendGuard;
import io.headroom.internal.CallSettings;
import io.headroom.spi.BackendCallObserver;
import io.headroom.spi.ObservableBackend;
import java.time.Duration;
import io.headroom.internal.Futures;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * Every call an OpenSearch index makes: each attempt under the house's {@link BackendGuard} (the call timeout and
 * a Resilience4j circuit breaker, one per index), retried by a Resilience4j {@link Retry} with exponential backoff
 * when {@link Failures#retriable} says so. A request the engine answered with a refusal (a 4xx other than 429: a
 * missing index, a mapping conflict) fails the call but counts as a success for the breaker and is not retried: the
 * engine is up. Thread-safe.
 */
public final class GuardedCalls implements ObservableBackend {

    private final BackendGuard guard;
    private final Retry retry;
    private final ScheduledExecutorService scheduler;

    private GuardedCalls(BackendGuard guard, Retry retry, ScheduledExecutorService scheduler) {
        this.guard = guard;
        this.retry = retry;
        this.scheduler = scheduler;
    }

    /**
     * Creates the calls of one index.
     *
     * @param name the breaker's and the retry's name
     * @param calls the call timeout and breaker settings
     * @param maxAttempts attempts per call, the first included
     * @param backoff the wait before the first retry, doubling after
     * @param scheduler where retries wait (the backend's)
     * @param ticker the guard's elapsed-time source
     * @return the calls
     */
    public static GuardedCalls create(String name, CallSettings calls, int maxAttempts, Duration backoff,
                                      ScheduledExecutorService scheduler, Ticker ticker) {
        Arguments.notNull(scheduler, "scheduler");
        RetryConfig config = RetryConfig.custom()
                .maxAttempts(maxAttempts)
                .intervalFunction(IntervalFunction.ofExponentialBackoff(backoff, 2.0))
                .retryOnException(Failures::retriable)
                .failAfterMaxAttempts(false)
                .build();
        return new GuardedCalls(calls.newGuard(name, ticker), Retry.of(name, config), scheduler);
    }

    /**
     * Runs a call: each attempt guarded, retriable failures retried.
     *
     * @param attempt starts one attempt and returns its future
     * @param <T> the result type
     * @return the result of the first successful attempt, or the last failure
     */
    public <T> CompletableFuture<T> call(Supplier<CompletableFuture<T>> attempt) {
        CompletableFuture<Result<T>> result = retry.executeCompletionStage(scheduler, () -> guard.call(() -> {
            CompletableFuture<T> f;
            try {
                f = attempt.get();
            } catch (RuntimeException e) {
                f = CompletableFuture.failedFuture(e);
            }
            // an engine that answered "no" (a 4xx: missing index, bad mapping) is up: a result for the breaker and
            // the retry, turned back into the failure below
            return f.handle((v, t) -> {
                if (t == null) {
                    return new Result<T>(v, null);
                }
                if (Failures.refused(t)) {
                    return new Result<T>(null, Futures.unwrap(t));
                }
                throw t instanceof CompletionException c ? c : new CompletionException(t);
            });
        })).toCompletableFuture();
        return result.thenApply(r -> {
            Throwable refusal = r.refusal();
            if (refusal != null) {
                throw refusal instanceof RuntimeException e ? e : new CompletionException(refusal);
            }
            return r.value();
        });
    }

    /** What one attempt came to: a value, or the engine's refusal. */
    private record Result<T>(@Nullable T value, @Nullable Throwable refusal) {
    }

    /**
     * The guard, for its breaker.
     *
     * @return the guard
     */
    public BackendGuard guard() {
        return guard;
    }

    @Override
    public void observeBackendCalls(BackendCallObserver observer) {
        guard.observeBackendCalls(observer);
    }
}
