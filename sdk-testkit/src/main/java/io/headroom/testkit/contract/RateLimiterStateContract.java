package io.headroom.testkit.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.headroom.Ticker;
import io.headroom.ratelimit.Bandwidth;
import io.headroom.ratelimit.BlockedKeyCache;
import io.headroom.ratelimit.KeyListing;
import io.headroom.ratelimit.RateLimitConfig;
import io.headroom.ratelimit.RateLimitDecision;
import io.headroom.ratelimit.RateLimiter;
import io.headroom.testkit.ManualTicker;
import io.headroom.testkit.contract.RateLimitArbitraries.Request;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.LongRange;

/**
 * The part of the rate-limiter contract about a key's state beyond one decision, inherited by
 * {@link RateLimiterContract} and run unchanged on every backend: peek changes nothing and tells what
 * {@code tryAcquire} would; reset makes a key full again; deny and allow listings decide as documented, charge
 * nothing and are seen by every instance; {@code acquire} with a wait never waits past
 * {@code maxWait}; and a fleet of instances sharing one state (each with its own blocked-key cache) makes exactly
 * the decisions of one shared limiter, cached denials being denials the shared limiter makes too, ending no
 * later; a reset through one instance is honoured by another within {@link BlockedKeyCache#maxBlock()}; a
 * multi-key request decides each key as separate requests in key order would; a runtime limit change is in use
 * on every instance within {@link RateLimitConfig#limitsRefresh()}.
 */
public abstract class RateLimiterStateContract {

    /**
     * Creates the limiter under test on fresh state (no key shared with earlier calls) that reads time from
     * {@code ticker}, to microsecond precision.
     *
     * @param config the configuration
     * @param ticker the time source; starts at an arbitrary multiple of 1000 ns and only moves forward
     * @return the limiter
     */
    protected abstract RateLimiter create(RateLimitConfig config, Ticker ticker);

    /**
     * Creates {@code instances} limiters sharing one fresh state, as separate application instances would (each
     * with its own local caches), all reading time from {@code ticker}. The default returns one limiter
     * {@code instances} times, right for an in-memory limiter; a remote backend overrides it.
     *
     * @param config the configuration
     * @param ticker the time source
     * @param instances how many, at least 1
     * @return the limiters
     */
    protected List<RateLimiter> createFleet(RateLimitConfig config, Ticker ticker, int instances) {
        return Collections.nCopies(instances, create(config, ticker));
    }

    /** A manual ticker at a whole microsecond. */
    static ManualTicker ticker(long startMicros) {
        return new ManualTicker(startMicros * 1_000);
    }

    static RateLimitDecision acquire(RateLimiter limiter, String key, long permits, boolean async) {
        return async ? limiter.tryAcquireAsync(key, permits).toCompletableFuture().join()
                : limiter.tryAcquire(key, permits);
    }

    /**
     * A decision equals the model's, or is a cached denial the model makes too: ending no later, full no later,
     * deciding bandwidth one of the policy.
     */
    static void assertConforms(RateLimitDecision actual, RateLimitDecision expected, String what) {
        if (!actual.cached()) {
            assertThat(actual).as(what).isEqualTo(expected);
            return;
        }
        assertThat(expected.allowed()).as("%s: cached %s where the shared limiter admits: %s", what, actual, expected)
                .isFalse();
        assertThat(actual.retryAfterMicros()).as("%s: cached %s ends after %s", what, actual, expected)
                .isPositive().isLessThanOrEqualTo(expected.retryAfterMicros());
        assertThat(actual.timeUntilFullMicros()).as("%s: cached %s vs %s", what, actual, expected)
                .isLessThanOrEqualTo(expected.timeUntilFullMicros());
        assertThat(expected.policy()).contains(actual.limit());
    }

    /** Runs the blocking or the asynchronous form of an operation, waiting for the latter. */
    private static void either(boolean async, Runnable blocking, Supplier<CompletionStage<Void>> asynchronous) {
        if (async) {
            asynchronous.get().toCompletableFuture().join();
        } else {
            blocking.run();
        }
    }

    @Provide
    Arbitrary<RateLimitConfig> stateConfigs() {
        return RateLimitArbitraries.configs();
    }

    @Provide
    Arbitrary<List<Request>> stateRequests() {
        return RateLimitArbitraries.requests(40);
    }

    @Provide
    Arbitrary<List<Integer>> choices() {
        return Arbitraries.integers().between(0, 9).list().ofSize(40);
    }

    @Property(tries = 60)
    void peeksResetsAndListingsMatchTheModel(@ForAll("stateConfigs") RateLimitConfig config,
                                     @ForAll("stateRequests") List<Request> requests,
                                     @ForAll("choices") List<Integer> ops,
                                     @ForAll @LongRange(min = 0, max = 1_000_000_000_000L) long startMicros) {
        ManualTicker ticker = ticker(startMicros);
        RateLimiter limiter = create(config, ticker);
        RateLimitModel model = new RateLimitModel(config);
        long now = startMicros;
        for (int i = 0; i < requests.size(); i++) {
            Request r = requests.get(i);
            now += r.advanceMicros();
            ticker.advance(r.advanceMicros() * 1_000);
            long permits = r.permits(config);
            String key = "k" + r.key();
            int op = ops.get(i);
            String what = "op " + op + " of request " + r + " of " + config + " at " + now + " us";
            if (op < 3) {
                RateLimitDecision peeked = r.async() ? limiter.peekAsync(key, permits).toCompletableFuture().join()
                        : limiter.peek(key, permits);
                assertThat(peeked).as("peek, " + what).isEqualTo(model.peek(key, now, permits));
            } else if (op == 3) {
                either(r.async(), () -> limiter.reset(key), () -> limiter.resetAsync(key));
                model.reset(key);
            } else if (op == 4 || op == 5) {
                KeyListing listing = op == 4 ? KeyListing.DENY : KeyListing.ALLOW;
                long ttlMicros = 1_000 + r.advanceMicros() % 3_000_000;
                Duration ttl = Duration.ofNanos(ttlMicros * 1_000);
                either(r.async(), () -> limiter.list(key, listing, ttl), () -> limiter.listAsync(key, listing, ttl));
                model.list(key, listing, now, ttlMicros);
            } else if (op == 6) {
                either(r.async(), () -> limiter.unlist(key), () -> limiter.unlistAsync(key));
                model.unlist(key);
            } else {
                assertConforms(acquire(limiter, key, permits, r.async()), model.acquire(key, now, permits), what);
            }
        }
    }

    @Property(tries = 60)
    void aFleetDecidesLikeOneSharedLimiter(@ForAll("stateConfigs") RateLimitConfig config,
                                           @ForAll("stateRequests") List<Request> requests,
                                           @ForAll("choices") List<Integer> instances) {
        ManualTicker ticker = ticker(3_000_000);
        List<RateLimiter> fleet = createFleet(config, ticker, 3);
        RateLimitModel model = new RateLimitModel(config);
        long now = 3_000_000;
        for (int i = 0; i < requests.size(); i++) {
            Request r = requests.get(i);
            now += r.advanceMicros();
            ticker.advance(r.advanceMicros() * 1_000);
            long permits = r.permits(config);
            // mostly one key, so the instances' cached denials of it overlap
            String key = r.key() == 2 ? "other" : "hot";
            RateLimiter instance = fleet.get(instances.get(i) % fleet.size());
            assertConforms(acquire(instance, key, permits, r.async()), model.acquire(key, now, permits),
                    "instance " + instances.get(i) % fleet.size() + ", request " + r + " of " + config + " at " + now);
        }
    }

    @Property(tries = 40)
    void manyKeysAtOnceDecideLikeOneAtATime(@ForAll("stateConfigs") RateLimitConfig config,
                                            @ForAll("stateRequests") List<Request> requests,
                                            @ForAll("choices") List<Integer> choices) {
        ManualTicker ticker = ticker(11_000_000);
        RateLimiter limiter = create(config, ticker);
        RateLimitModel model = new RateLimitModel(config);
        long now = 11_000_000;
        for (int i = 0; i < requests.size(); i++) {
            Request r = requests.get(i);
            now += r.advanceMicros();
            ticker.advance(r.advanceMicros() * 1_000);
            long permits = r.permits(config);
            int c = choices.get(i);
            List<String> keys = new ArrayList<>();
            for (int j = 0; j <= c % 3; j++) {
                keys.add("m" + (c + j) % 4);
            }
            List<RateLimitDecision> decisions = r.async()
                    ? limiter.tryAcquireAllAsync(keys, permits).toCompletableFuture().join()
                    : limiter.tryAcquireAll(keys, permits);
            assertThat(decisions).hasSameSizeAs(keys);
            boolean all = true;
            for (int j = 0; j < keys.size(); j++) {
                RateLimitDecision expected = model.acquire(keys.get(j), now, permits);
                all &= expected.allowed();
                assertConforms(decisions.get(j), expected, "key " + keys.get(j) + " of " + keys + ", " + r);
            }
            assertThat(RateLimitDecision.allAllowed(decisions)).isEqualTo(all);
        }
        assertThatThrownBy(() -> limiter.tryAcquireAll(List.of(), 1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("keys");
        assertThatThrownBy(() -> limiter.tryAcquireAllAsync(List.of("m0", ""), 1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("keys[1]");
        assertThatThrownBy(() -> limiter.tryAcquireAll(Collections.nCopies(17, "m0"), 1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("1 to 16");
        assertThatThrownBy(() -> limiter.tryAcquireAll(null, 1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("keys");
    }

    /** Two instances of a {@code capacity} per hour limiter whose cached denials last at most {@code maxBlock}. */
    private List<RateLimiter> pair(String name, long capacity, Duration maxBlock, Ticker ticker) {
        return createFleet(RateLimitConfig.builder().name(name).bandwidth(Bandwidth.of(capacity, Duration.ofHours(1)))
                .blockedKeyCache(new BlockedKeyCache(true, 100, maxBlock)).build(), ticker, 2);
    }

    @Property(tries = 40)
    void runtimeLimitChangesTakeEffectWithinTheBound(@ForAll("stateConfigs") RateLimitConfig config,
                                                     @ForAll("stateRequests") List<Request> requests,
                                                     @ForAll("choices") List<Integer> choices) {
        ManualTicker ticker = ticker(13_000_000);
        List<RateLimiter> fleet = createFleet(config, ticker, 2);
        RateLimitModel model = new RateLimitModel(config);
        long bound = config.limitsRefresh().toNanos() / 1_000;
        long now = 13_000_000;
        for (int i = 0; i < requests.size(); i++) {
            Request r = requests.get(i);
            now += r.advanceMicros();
            ticker.advance(r.advanceMicros() * 1_000);
            int c = choices.get(i);
            RateLimiter instance = fleet.get(c % 2);
            if (c == 0 || c == 9) {
                List<Bandwidth> next = new ArrayList<>();
                for (Bandwidth bw : model.config().bandwidths()) {
                    next.add(new Bandwidth(bw.name(), 1 + (bw.capacity() * 3 + i) % 20, bw.period()));
                }
                either(r.async(), () -> instance.updateLimits(next), () -> instance.updateLimitsAsync(next));
                model.updateLimits(next);
                assertThat(instance.config().bandwidths()).as("in use at once where changed").isEqualTo(next);
                // every other instance follows within the bound
                now += bound;
                ticker.advance(bound * 1_000);
                continue;
            }
            long permits = r.permits(model.config());
            assertConforms(acquire(instance, "k" + r.key(), permits, r.async()),
                    model.acquire("k" + r.key(), now, permits), "request " + r + " under " + model.config());
        }
        assertThatThrownBy(() -> fleet.get(0).updateLimits(List.of())).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("number of bandwidths");
        assertThatThrownBy(() -> fleet.get(0).updateLimitsAsync(null)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("bandwidths");
    }

    @Example
    void aResetElsewhereIsHonouredWithinMaxBlock() {
        Duration maxBlock = Duration.ofMillis(250);
        ManualTicker ticker = ticker(0);
        List<RateLimiter> fleet = pair("reset", 1, maxBlock, ticker);
        RateLimiter a = fleet.get(0);
        RateLimiter b = fleet.get(1);
        assertThat(a.tryAcquire("user:1").allowed()).isTrue();
        assertThat(b.tryAcquire("user:1").allowed()).isFalse();
        RateLimitDecision again = b.tryAcquire("user:1");
        assertThat(again.allowed()).isFalse();
        assertThat(again.retryAfter()).isLessThanOrEqualTo(Duration.ofHours(1));
        a.reset("user:1");
        RateLimitDecision soon = b.tryAcquire("user:1");
        assertThat(soon.allowed() || soon.cached()).as("right after the reset: %s", soon).isTrue();
        if (!soon.allowed()) {
            assertThat(soon.retryAfter()).isLessThanOrEqualTo(maxBlock);
            ticker.advance(maxBlock.toNanos());
            assertThat(b.tryAcquire("user:1").allowed()).as("maxBlock after the reset").isTrue();
        }
        // a reset through the instance itself is honoured at once
        assertThat(b.tryAcquire("user:1").allowed()).isFalse();
        b.reset("user:1");
        assertThat(b.tryAcquire("user:1").allowed()).isTrue();
    }

    @Example
    void aListingIsSeenByEveryInstanceAndKeepsTheCharges() {
        Duration maxBlock = Duration.ofMillis(250);
        ManualTicker ticker = ticker(0);
        List<RateLimiter> fleet = pair("lists", 2, maxBlock, ticker);
        RateLimiter a = fleet.get(0);
        RateLimiter b = fleet.get(1);
        assertThat(b.tryAcquire("abuser").allowed()).isTrue();
        a.list("abuser", KeyListing.DENY, Duration.ofMinutes(5));
        RateLimitDecision denied = b.tryAcquire("abuser");
        assertThat(denied.allowed()).as("deny-listed through another instance").isFalse();
        assertThat(denied.cached()).isFalse();
        assertThat(denied.retryAfter()).isEqualTo(Duration.ofMinutes(5));
        assertThat(b.peek("abuser").allowed()).isFalse();
        a.list("abuser", KeyListing.ALLOW, Duration.ofMinutes(1));
        RateLimitDecision soon = b.tryAcquire("abuser");
        if (!soon.allowed()) {
            assertThat(soon.cached()).as("only a cached denial may lag the allow listing: %s", soon).isTrue();
            ticker.advance(maxBlock.toNanos());
        }
        for (int i = 0; i < 5; i++) {
            RateLimitDecision allowed = b.tryAcquire("abuser", 2);
            assertThat(allowed.allowed()).as("allow-listed: admitted, nothing charged").isTrue();
            assertThat(allowed.remaining()).isEqualTo(2);
        }
        a.unlist("abuser");
        assertThat(a.tryAcquire("abuser").allowed()).as("1 of 2 left: the listings charged nothing").isTrue();
        assertThat(a.tryAcquire("abuser").allowed()).isFalse();
        a.list("ghost", KeyListing.DENY, Duration.ofSeconds(1));
        ticker.advance(Duration.ofSeconds(1).toNanos());
        assertThat(b.tryAcquire("ghost").allowed()).as("the listing ended").isTrue();
        assertThatThrownBy(() -> a.list("k", KeyListing.DENY, Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("ttl");
        assertThatThrownBy(() -> a.listAsync("k", null, Duration.ofSeconds(1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("listing");
        assertThatThrownBy(() -> a.list("", KeyListing.ALLOW, Duration.ofSeconds(1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("key");
        assertThatThrownBy(() -> a.unlistAsync(null)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("key");
        assertThatThrownBy(() -> a.list("}{", KeyListing.DENY, Duration.ofSeconds(1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("must not start with '}'");
        // such a key is still limited as usual
        assertThat(b.tryAcquire("}{", 2).allowed()).isTrue();
        assertThat(b.tryAcquire("}{").allowed()).isFalse();
    }

    @Example
    void peekOfAFreshKeyCreatesNothing() {
        ManualTicker ticker = ticker(0);
        RateLimiter limiter = create(RateLimitConfig.builder()
                .bandwidth(Bandwidth.of(3, Duration.ofMinutes(1))).build(), ticker);
        for (int i = 0; i < 5; i++) {
            RateLimitDecision d = limiter.peek("fresh", 3);
            assertThat(d.allowed()).isTrue();
            assertThat(d.remaining()).isZero();
            assertThat(limiter.peek("fresh").remaining()).isEqualTo(2);
        }
        assertThat(limiter.tryAcquire("fresh", 3).allowed()).as("peeks took nothing").isTrue();
        assertThat(limiter.peek("fresh").allowed()).isFalse();
    }

    @Property(tries = 10)
    void acquireNeverWaitsPastMaxWait(@ForAll("stateConfigs") RateLimitConfig config,
                                      @ForAll("stateRequests") List<Request> requests,
                                      @ForAll @LongRange(min = 0, max = 3_000) long maxWaitMicros) {
        // the manual clock never moves while acquire waits: every retry sees the same denial, so acquire must
        // give up once its waits add up to maxWait
        ManualTicker ticker = ticker(9_000_000);
        RateLimiter limiter = create(config, ticker);
        RateLimitModel model = new RateLimitModel(config);
        long now = 9_000_000;
        for (Request r : requests) {
            now += r.advanceMicros();
            ticker.advance(r.advanceMicros() * 1_000);
            long permits = r.permits(config);
            Duration maxWait = Duration.ofNanos(maxWaitMicros * 1_000);
            RateLimitDecision d = r.async()
                    ? limiter.acquireAsync("k", permits, maxWait).toCompletableFuture().join()
                    : limiter.acquire("k", permits, maxWait);
            assertConforms(d, model.acquire("k", now, permits), "acquire of " + r + " within " + maxWait);
        }
    }

    @Example
    void acquireWaitsForAPermitOrGivesUpAtOnce() throws Exception {
        RateLimiter limiter = create(RateLimitConfig.builder()
                .bandwidth(Bandwidth.of(2, Duration.ofMillis(200))).build(), Ticker.system());
        assertThat(limiter.tryAcquire("job", 2).allowed()).isTrue();
        assertThat(limiter.acquire("job", 1, Duration.ZERO).allowed()).as("no wait allowed").isFalse();
        assertThat(limiter.acquire("job", 1, Duration.ofSeconds(20)).allowed()).isTrue();
        assertThat(limiter.acquireAsync("job", 1, Duration.ofSeconds(20)).toCompletableFuture()
                .get(30, TimeUnit.SECONDS).allowed()).isTrue();
        // many waiting at once: the async form holds no thread while it waits
        List<CompletableFuture<RateLimitDecision>> waiting = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            assertThat(limiter.tryAcquire("many:" + i, 2).allowed()).isTrue();
            waiting.add(limiter.acquireAsync("many:" + i, 2, Duration.ofSeconds(20)).toCompletableFuture());
        }
        for (CompletableFuture<RateLimitDecision> f : waiting) {
            assertThat(f.get(30, TimeUnit.SECONDS).allowed()).isTrue();
        }

        RateLimiter hourly = create(RateLimitConfig.builder()
                .bandwidth(Bandwidth.of(1, Duration.ofHours(1))).build(), Ticker.system());
        assertThat(hourly.tryAcquire("job").allowed()).isTrue();
        Duration maxWait = Duration.ofMillis(300);
        RateLimitDecision gaveUp = hourly.acquire("job", 1, maxWait);
        assertThat(gaveUp.allowed()).isFalse();
        assertThat(gaveUp.retryAfter()).as("gave up only because the wait ends after maxWait").isGreaterThan(maxWait);
        assertThat(hourly.acquireAsync("job", 1, maxWait).toCompletableFuture().get(30, TimeUnit.SECONDS).allowed())
                .isFalse();

        assertThatThrownBy(() -> hourly.acquire("job", 1, null)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("maxWait");
        assertThatThrownBy(() -> hourly.acquireAsync("job", 1, Duration.ofMillis(-1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("maxWait");
        assertThatThrownBy(() -> hourly.acquire("job", 1, Duration.ofDays(2)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("maxWait");
        assertThatThrownBy(() -> hourly.acquire("", 1, maxWait)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("key");
        assertThatThrownBy(() -> hourly.acquireAsync("job", 2, maxWait)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("permits");
        assertThatThrownBy(() -> hourly.peek("job", 0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("permits");
        assertThatThrownBy(() -> hourly.peekAsync(null, 1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("key");
        assertThatThrownBy(() -> hourly.reset("")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("key");
        assertThatThrownBy(() -> hourly.resetAsync(null)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("key");
    }
}
