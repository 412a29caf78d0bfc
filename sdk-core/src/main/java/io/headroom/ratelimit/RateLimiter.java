package io.headroom.ratelimit;

import io.headroom.Ticker;
import io.headroom.internal.Arguments;
import io.headroom.internal.Futures;
import io.headroom.ratelimit.internal.PermitWaiter;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;

/**
 * Decides whether a caller identified by a key may go ahead: for example 100 requests per minute per user.
 *
 * <p>Every implementation (in memory, Redis...) takes a {@link RateLimitConfig}, makes the same decisions for the
 * same sequence of requests and times (see {@link RateLimitAlgorithm}), and offers each operation in a blocking
 * and an asynchronous form served by one implementation. A decision is atomic over all bandwidths: either every
 * bandwidth grants the permits, or none is charged.
 *
 * <pre>{@code
 * RateLimiter perUser = RateLimiter.inMemory(RateLimitConfig.builder()
 *         .bandwidth(Bandwidth.of(100, Duration.ofMinutes(1)))
 *         .build());
 * RateLimitDecision d = perUser.tryAcquire("user:" + uid);
 * if (!d.allowed()) return tooManyRequests(d.headers());
 * }</pre>
 *
 * <p>Arguments are checked before any I/O: a {@code null}, empty or over-long key and a permit count outside
 * {@code [1, config().minCapacity()]} throw {@link IllegalArgumentException}, also from the asynchronous forms.
 * Implementations are thread-safe. What a remote implementation decides when its backend is down is set by
 * {@link RateLimitConfig#outagePolicy()}; it never throws because of an outage.
 */
public interface RateLimiter {

    /**
     * Creates the embedded, lock-free in-memory limiter on the system ticker.
     *
     * @param config the configuration
     * @return a new limiter
     * @throws IllegalArgumentException when {@code config} is {@code null}
     */
    static RateLimiter inMemory(RateLimitConfig config) {
        return InMemoryRateLimiter.create(config);
    }

    /**
     * Creates the embedded, lock-free in-memory limiter reading time from {@code ticker}.
     *
     * @param config the configuration
     * @param ticker the time source
     * @return a new limiter
     * @throws IllegalArgumentException when an argument is {@code null}
     */
    static RateLimiter inMemory(RateLimitConfig config, Ticker ticker) {
        return InMemoryRateLimiter.create(config, ticker);
    }

    /**
     * Tries to take one permit for {@code key}.
     *
     * @param key the caller's identity, e.g. {@code "user:42"}
     * @return the decision; never {@code null}
     * @throws IllegalArgumentException when {@code key} is {@code null}, empty or too long
     */
    default RateLimitDecision tryAcquire(String key) {
        return tryAcquire(key, 1);
    }

    /**
     * Tries to take {@code permits} permits for {@code key}, atomically across all bandwidths.
     *
     * @param key the caller's identity
     * @param permits how many permits, in {@code [1, config().minCapacity()]}
     * @return the decision; never {@code null}
     * @throws IllegalArgumentException when an argument breaks its rule
     */
    RateLimitDecision tryAcquire(String key, long permits);

    /**
     * Asynchronous form of {@link #tryAcquire(String)}.
     *
     * @param key the caller's identity
     * @return a stage completing with the decision
     * @throws IllegalArgumentException when {@code key} breaks its rule (thrown, not returned in the stage)
     */
    default CompletionStage<RateLimitDecision> tryAcquireAsync(String key) {
        return tryAcquireAsync(key, 1);
    }

    /**
     * Asynchronous form of {@link #tryAcquire(String, long)}.
     *
     * @param key the caller's identity
     * @param permits how many permits, in {@code [1, config().minCapacity()]}
     * @return a stage completing with the decision; remote implementations complete it on their I/O threads
     * @throws IllegalArgumentException when an argument breaks its rule (thrown, not returned in the stage)
     */
    CompletionStage<RateLimitDecision> tryAcquireAsync(String key, long permits);

    /**
     * Returns the decision {@link #tryAcquire(String, long)} would return now, without charging anything: for a
     * support desk, a dashboard or a test. A fresh key is not created, and a remote limiter writes nothing.
     *
     * @param key the caller's identity
     * @param permits how many permits the hypothetical request asks for, in {@code [1, config().minCapacity()]}
     * @return the decision; {@link RateLimitDecision#remaining()} is what would be left after such a request
     *     when it would be admitted, what is left now when not
     * @throws IllegalArgumentException when an argument breaks its rule
     */
    RateLimitDecision peek(String key, long permits);

    /**
     * Returns the decision {@link #tryAcquire(String)} would return now, without charging anything.
     *
     * @param key the caller's identity
     * @return the decision; when admitted, {@code remaining() + 1} permits are left now
     * @throws IllegalArgumentException when {@code key} breaks its rule
     */
    default RateLimitDecision peek(String key) {
        return peek(key, 1);
    }

    /**
     * Asynchronous form of {@link #peek(String)}.
     *
     * @param key the caller's identity
     * @return a stage completing with the decision
     * @throws IllegalArgumentException when {@code key} breaks its rule (thrown, not returned in the stage)
     */
    default CompletionStage<RateLimitDecision> peekAsync(String key) {
        return peekAsync(key, 1);
    }

    /**
     * Asynchronous form of {@link #peek(String, long)}.
     *
     * @param key the caller's identity
     * @param permits how many permits the hypothetical request asks for
     * @return a stage completing with the decision; it never fails because of an outage (the outage policy
     *     answers, as for {@link #tryAcquireAsync(String, long)})
     * @throws IllegalArgumentException when an argument breaks its rule (thrown, not returned in the stage)
     */
    CompletionStage<RateLimitDecision> peekAsync(String key, long permits);

    /**
     * Forgets everything charged to {@code key}, so it is full again: for a support desk and tests. Other
     * instances of a remote limiter see it at once, except for denials they hold in their
     * {@link BlockedKeyCache}, which end within {@link BlockedKeyCache#maxBlock()}.
     *
     * @param key the caller's identity
     * @throws IllegalArgumentException when {@code key} breaks its rule
     * @throws io.headroom.BackendUnavailableException when a remote backend could not be reached (the key may
     *     or may not have been reset)
     */
    void reset(String key);

    /**
     * Asynchronous form of {@link #reset(String)}.
     *
     * @param key the caller's identity
     * @return a stage completing when the key is reset, or failing with
     *     {@link io.headroom.BackendUnavailableException}
     * @throws IllegalArgumentException when {@code key} breaks its rule (thrown, not returned in the stage)
     */
    CompletionStage<Void> resetAsync(String key);

    /**
     * Puts {@code key} on the deny or allow list for {@code ttl} (replacing an earlier listing of it); the
     * listing is checked before the bandwidths on every decision and peek, in the same round trip. Other
     * instances of a remote limiter see it on their next decision of the key, except that a denial they hold in
     * their {@link BlockedKeyCache} stands for up to {@link BlockedKeyCache#maxBlock()}. Charges are kept: when
     * the listing ends the key's state is what it was.
     *
     * @param key the caller's identity
     * @param listing which list
     * @param ttl how long, in {@code [1 ms, 366 days]}; time is the limiter's own (Redis {@code TIME} for Redis)
     * @throws IllegalArgumentException when an argument breaks its rule, or {@code key} starts with {@code '}'}
     *     (such a key cannot be listed on any backend: its Redis hash tag would be empty)
     * @throws io.headroom.BackendUnavailableException when a remote backend could not be reached (the key may
     *     or may not be listed)
     */
    void list(String key, KeyListing listing, Duration ttl);

    /**
     * Asynchronous form of {@link #list(String, KeyListing, Duration)}.
     *
     * @param key the caller's identity
     * @param listing which list
     * @param ttl how long, in {@code [1 ms, 366 days]}
     * @return a stage completing when listed, or failing with {@link io.headroom.BackendUnavailableException}
     * @throws IllegalArgumentException when an argument breaks its rule (thrown, not returned in the stage)
     */
    CompletionStage<Void> listAsync(String key, KeyListing listing, Duration ttl);

    /**
     * Takes {@code key} off the deny or allow list (nothing happens when it is on neither).
     *
     * @param key the caller's identity
     * @throws IllegalArgumentException when {@code key} breaks its rule
     * @throws io.headroom.BackendUnavailableException when a remote backend could not be reached
     */
    void unlist(String key);

    /**
     * Asynchronous form of {@link #unlist(String)}.
     *
     * @param key the caller's identity
     * @return a stage completing when unlisted, or failing with {@link io.headroom.BackendUnavailableException}
     * @throws IllegalArgumentException when {@code key} breaks its rule (thrown, not returned in the stage)
     */
    CompletionStage<Void> unlistAsync(String key);

    /**
     * Changes this limiter's bandwidths at run time, without a restart (an emergency throttle, a raised quota):
     * same algorithm, same number of bandwidths, every key keeping its state bandwidth by bandwidth. This instance
     * uses them at once and drops the denials its {@link BlockedKeyCache} holds; every other instance of a
     * remote limiter sharing the name picks them up before its first decision once
     * {@link RateLimitConfig#limitsRefresh()} has passed since it last read them (the staleness bound), and
     * drops its cached denials then. {@link #config()} reports the limits in use.
     *
     * @param bandwidths the new bandwidths, in configuration order
     * @throws IllegalArgumentException when the list is {@code null}, changes the number of bandwidths or breaks
     *     a rule of {@link RateLimitConfig.Builder#build()}
     * @throws io.headroom.BackendUnavailableException when a remote backend could not store them (they may or may
     *     not have been stored; this instance keeps the old ones)
     */
    void updateLimits(List<Bandwidth> bandwidths);

    /**
     * Asynchronous form of {@link #updateLimits(List)}.
     *
     * @param bandwidths the new bandwidths
     * @return a stage completing once stored and in use here, or failing with
     *     {@link io.headroom.BackendUnavailableException}
     * @throws IllegalArgumentException when the list breaks its rule (thrown, not returned in the stage)
     */
    CompletionStage<Void> updateLimitsAsync(List<Bandwidth> bandwidths);

    /**
     * Takes {@code permits} for {@code key}, waiting up to {@code maxWait} for them: for background jobs. It asks
     * again when the last denial's {@code retryAfter} has passed, and gives up at once (returning that denial)
     * when the wait it would need ends after {@code maxWait}, so it never waits past {@code maxWait}; the total
     * of its waits is at most {@code maxWait}. Blocks the calling thread; see {@link #acquireAsync} for the form
     * that holds no thread while waiting.
     *
     * @param key the caller's identity
     * @param permits how many permits, in {@code [1, config().minCapacity()]}
     * @param maxWait the longest to wait, in {@code [0, 1 day]}; zero makes it a {@link #tryAcquire(String, long)}
     * @return the admission, or the denial that would have needed a longer wait
     * @throws IllegalArgumentException when an argument breaks its rule
     * @throws io.headroom.HeadroomException when the waiting thread is interrupted (its flag is restored)
     */
    default RateLimitDecision acquire(String key, long permits, Duration maxWait) {
        return Futures.join(acquireAsync(key, permits, maxWait));
    }

    /**
     * Asynchronous form of {@link #acquire(String, long, Duration)}: waits on a timer (the JDK's
     * {@code CompletableFuture.delayedExecutor}), never on a thread of its own, and asks again on the common
     * pool. Cancelling the returned stage stops further attempts.
     *
     * @param key the caller's identity
     * @param permits how many permits, in {@code [1, config().minCapacity()]}
     * @param maxWait the longest to wait, in {@code [0, 1 day]}
     * @return a stage completing with the admission or the denial that would have needed a longer wait
     * @throws IllegalArgumentException when an argument breaks its rule (thrown, not returned in the stage)
     */
    default CompletionStage<RateLimitDecision> acquireAsync(String key, long permits, Duration maxWait) {
        return PermitWaiter.acquire(this, Ticker.system(), key, permits, maxWait);
    }

    /**
     * Tries to take {@code permits} for each of several keys at once (a user, an IP and a route, say): one
     * decision per key, each atomic on its own key, all sent together (one pipeline on a remote backend, no
     * waiting between keys). Keys are decided independently: a key that admits is charged even when another
     * denies, as with separate calls; the request as a whole may go ahead when every decision allows it
     * ({@link RateLimitDecision#allAllowed(List)}).
     *
     * @param keys the keys, 1 to 16, each following the key rule (duplicates are decided one after another)
     * @param permits how many permits per key, in {@code [1, config().minCapacity()]}
     * @return the decisions, in the order of {@code keys}; unmodifiable
     * @throws IllegalArgumentException when an argument breaks its rule (nothing is charged then)
     */
    default List<RateLimitDecision> tryAcquireAll(List<String> keys, long permits) {
        return Futures.join(tryAcquireAllAsync(keys, permits));
    }

    /**
     * Asynchronous form of {@link #tryAcquireAll(List, long)}.
     *
     * @param keys the keys
     * @param permits how many permits per key
     * @return a stage completing with the decisions in the order of {@code keys}
     * @throws IllegalArgumentException when an argument breaks its rule (thrown before any key is tried)
     */
    default CompletionStage<List<RateLimitDecision>> tryAcquireAllAsync(List<String> keys, long permits) {
        return io.headroom.ratelimit.internal.MultiKey.tryAcquireAll(this, keys, permits);
    }

    /**
     * Runs {@code call} if one permit for {@code key} is granted.
     *
     * @param key the caller's identity
     * @param call what to run
     * @param <T> the result type
     * @return the call's result
     * @throws RateLimitExceededException when denied; carries the decision
     * @throws IllegalArgumentException when an argument breaks its rule
     */
    default <T> T execute(String key, Supplier<T> call) {
        Arguments.notNull(call, "call");
        RateLimitDecision d = tryAcquire(key, 1);
        if (!d.allowed()) {
            throw new RateLimitExceededException(config().name(), key, d);
        }
        return call.get();
    }

    /**
     * Asynchronous form of {@link #execute(String, Supplier)}: starts {@code call} if one permit is granted.
     *
     * @param key the caller's identity
     * @param call starts the work
     * @param <T> the result type
     * @return the call's stage, or one failed with {@link RateLimitExceededException} when denied
     * @throws IllegalArgumentException when an argument breaks its rule
     */
    default <T> CompletionStage<T> executeAsync(String key, Supplier<? extends CompletionStage<T>> call) {
        Arguments.notNull(call, "call");
        return tryAcquireAsync(key, 1).thenCompose(d -> {
            if (!d.allowed()) {
                throw new CompletionException(new RateLimitExceededException(config().name(), key, d));
            }
            return call.get();
        });
    }

    /**
     * Returns a supplier that takes one permit for {@code key} before each call of {@code call}.
     *
     * @param key the caller's identity
     * @param call what to guard
     * @param <T> the result type
     * @return the guarded supplier; it throws {@link RateLimitExceededException} when denied
     * @throws IllegalArgumentException when an argument breaks its rule
     */
    default <T> Supplier<T> decorate(String key, Supplier<T> call) {
        Arguments.key(key, "key");
        Arguments.notNull(call, "call");
        return () -> execute(key, call);
    }

    /**
     * The configuration this limiter enforces now (its bandwidths change with {@link #updateLimits(List)}).
     *
     * @return the configuration
     */
    RateLimitConfig config();
}
