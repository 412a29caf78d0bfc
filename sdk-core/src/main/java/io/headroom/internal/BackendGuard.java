package io.headroom.internal;

import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.headroom.Ticker;
import io.headroom.spi.BackendCallObserver;
import io.headroom.spi.ObservableBackend;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Wraps every call a backend makes with a timeout and a Resilience4j circuit breaker, so a dead or slow backend
 * costs at most the timeout per call, and nothing at all once the breaker is open, until it half-opens and a
 * probe succeeds (recovery is automatic).
 *
 * <p>The timeout completes the call's own future exceptionally; backends pass the client's future itself (for
 * Lettuce, the command), so a command that timed out while queued is never sent later. Thread-safe.
 */
public final class BackendGuard implements ObservableBackend {

    /**
     * The circuit breaker settings used when a backend's options name none: count-based window of 20 calls,
     * opens at 50% failures once 10 calls were seen, stays open 1 s, then lets 2 probe calls through.
     *
     * @return the default breaker configuration
     */
    public static CircuitBreakerConfig defaultCircuitBreakerConfig() {
        return CircuitBreakerConfig.custom()
                .slidingWindowType(CircuitBreakerConfig.SlidingWindowType.COUNT_BASED)
                .slidingWindowSize(20)
                .minimumNumberOfCalls(10)
                .failureRateThreshold(50)
                .waitDurationInOpenState(Duration.ofSeconds(1))
                .permittedNumberOfCallsInHalfOpenState(2)
                .build();
    }

    private final CircuitBreaker breaker;
    private final long timeoutNanos;
    private final Ticker ticker;
    private volatile BackendCallObserver observer = BackendCallObserver.NONE;

    private BackendGuard(CircuitBreaker breaker, Duration timeout, Ticker ticker) {
        this.breaker = breaker;
        this.timeoutNanos = timeout.toNanos();
        this.ticker = ticker;
    }

    /**
     * Creates a guard with its own circuit breaker.
     *
     * @param name the breaker's name, e.g. {@code "redis-ratelimit-api"}
     * @param timeout the longest a call may take
     * @param config the breaker's settings
     * @return the guard
     * @throws IllegalArgumentException when an argument is {@code null} or the timeout is not positive
     */
    public static BackendGuard create(String name, Duration timeout, CircuitBreakerConfig config) {
        return create(name, timeout, config, Ticker.system());
    }

    /**
     * Creates a guard with its own circuit breaker, timing calls with {@code ticker}.
     *
     * @param name the breaker's name, e.g. {@code "redis-ratelimit-api"}
     * @param timeout the longest a call may take
     * @param config the breaker's settings
     * @param ticker the elapsed-time source for the breaker's slow-call bookkeeping and the call observer
     * @return the guard
     * @throws IllegalArgumentException when an argument is {@code null} or the timeout is not positive
     */
    public static BackendGuard create(String name, Duration timeout, CircuitBreakerConfig config, Ticker ticker) {
        Arguments.notNull(name, "name");
        Arguments.positive(timeout, "timeout");
        Arguments.notNull(config, "circuitBreakerConfig");
        Arguments.notNull(ticker, "ticker");
        return new BackendGuard(CircuitBreaker.of(name, config), timeout, ticker);
    }

    /**
     * Installs the observer told about every call this guard lets through (see {@link ObservableBackend}).
     *
     * @param observer the observer, {@link BackendCallObserver#NONE} for none
     */
    @Override
    public void observeBackendCalls(BackendCallObserver observer) {
        this.observer = Arguments.notNull(observer, "observer");
    }

    /**
     * Runs {@code call} under the breaker and the timeout.
     *
     * @param call starts the backend call and returns its future
     * @param <T> the result type
     * @return a future completing with the result, or exceptionally with the call's failure, a
     *     {@link java.util.concurrent.TimeoutException}, or {@link CallNotPermittedException} while the breaker
     *     is open
     */
    public <T> CompletableFuture<T> call(Supplier<? extends CompletableFuture<T>> call) {
        if (!breaker.tryAcquirePermission()) {
            return CompletableFuture.failedFuture(CallNotPermittedException.createCallNotPermittedException(breaker));
        }
        long start = ticker.read(); // breaker bookkeeping and the call timer only; no algorithm reads this time
        CompletableFuture<T> f;
        try {
            f = call.get();
        } catch (RuntimeException e) {
            long took = ticker.read() - start;
            breaker.onError(took, TimeUnit.NANOSECONDS, e);
            observer.record(took, e);
            return CompletableFuture.failedFuture(e);
        }
        f.orTimeout(timeoutNanos, TimeUnit.NANOSECONDS);
        return f.whenComplete((r, e) -> {
            long took = ticker.read() - start;
            if (e == null) {
                breaker.onResult(took, TimeUnit.NANOSECONDS, r);
            } else {
                breaker.onError(took, TimeUnit.NANOSECONDS, e);
            }
            observer.record(took, e);
        });
    }

    /**
     * The circuit breaker, for metrics and state inspection.
     *
     * @return the breaker
     */
    public CircuitBreaker circuitBreaker() {
        return breaker;
    }

    /**
     * The timeout applied to every call.
     *
     * @return the timeout
     */
    public Duration timeout() {
        return Duration.ofNanos(timeoutNanos);
    }
}
