package io.headroom.testkit.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.headroom.Ticker;
import io.headroom.ratelimit.Bandwidth;
import io.headroom.ratelimit.RateLimitAlgorithm;
import io.headroom.ratelimit.RateLimitConfig;
import io.headroom.ratelimit.RateLimitDecision;
import io.headroom.ratelimit.RateLimitExceededException;
import io.headroom.ratelimit.RateLimiter;
import io.headroom.testkit.ManualTicker;
import io.headroom.testkit.contract.RateLimitArbitraries.Request;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.LongRange;

/**
 * The contract every {@link RateLimiter} backend must pass, unchanged: extend it, implement
 * {@link #create(RateLimitConfig, Ticker)}, and run it with the jqwik engine (it uses only jqwik annotations).
 *
 * <p>It checks decisions against {@link RateLimitModel} under random configurations, clocks and request
 * sequences; that admitted permits never exceed what the bandwidths allow in any window; that a denied request
 * changes nothing; that {@code retryAfter} is exact; recovery after idling; key independence; exactly-capacity
 * admission under concurrency with a frozen clock; and clear exceptions for bad input. A decision answered by a
 * blocked-key cache ({@link RateLimitDecision#cached()}) must be a denial the model makes too, ending no later;
 * {@link RateLimiterStateContract} (inherited) adds peek, reset, acquire and the blocked-key cache across a fleet.
 */
public abstract class RateLimiterContract extends RateLimiterStateContract {

    @Provide
    Arbitrary<RateLimitConfig> configs() {
        return RateLimitArbitraries.configs();
    }

    @Provide
    Arbitrary<List<Request>> requests() {
        return RateLimitArbitraries.requests(40);
    }

    @Property(tries = 100)
    void decisionsMatchTheModel(@ForAll("configs") RateLimitConfig config, @ForAll("requests") List<Request> requests,
                                @ForAll @LongRange(min = 0, max = 1_000_000_000_000L) long startMicros) {
        ManualTicker ticker = ticker(startMicros);
        RateLimiter limiter = create(config, ticker);
        RateLimitModel model = new RateLimitModel(config);
        long now = startMicros;
        for (Request r : requests) {
            now += r.advanceMicros();
            ticker.advance(r.advanceMicros() * 1_000);
            long permits = r.permits(config);
            RateLimitDecision expected = model.acquire("k" + r.key(), now, permits);
            assertConforms(acquire(limiter, "k" + r.key(), permits, r.async()), expected,
                    "request " + r + " of " + config + " at " + now + " us");
        }
    }

    @Property(tries = 100)
    void admittedPermitsNeverExceedTheBandwidths(@ForAll("configs") RateLimitConfig config,
                                                 @ForAll("requests") List<Request> requests,
                                                 @ForAll @LongRange(min = 0, max = 1_000_000_000_000L) long startMicros) {
        ManualTicker ticker = ticker(startMicros);
        RateLimiter limiter = create(config, ticker);
        long now = startMicros;
        List<long[]> admitted = new ArrayList<>(); // {time in us, permits}, one key
        for (Request r : requests) {
            now += r.advanceMicros();
            ticker.advance(r.advanceMicros() * 1_000);
            long permits = r.permits(config);
            if (acquire(limiter, "only", permits, r.async()).allowed()) {
                admitted.add(new long[] {now, permits});
            }
        }
        for (Bandwidth bw : config.bandwidths()) {
            if (config.algorithm() == RateLimitAlgorithm.GCRA) {
                long t = -Math.floorDiv(-bw.periodMicros(), bw.capacity());
                for (int i = 0; i < admitted.size(); i++) {
                    long sum = 0;
                    for (int j = i; j < admitted.size(); j++) {
                        sum += admitted.get(j)[1];
                        long span = admitted.get(j)[0] - admitted.get(i)[0];
                        assertThat(sum).as("permits admitted within %d us by %s", span, bw)
                                .isLessThanOrEqualTo(bw.capacity() + span / t);
                    }
                }
            } else {
                long periodMs = bw.period().toMillis();
                for (int i = 0; i < admitted.size(); i++) {
                    long window = Math.floorDiv(admitted.get(i)[0] / 1_000, periodMs);
                    long inFixedWindow = 0;
                    long inSlidingPeriod = 0;
                    for (int j = i; j < admitted.size(); j++) {
                        if (Math.floorDiv(admitted.get(j)[0] / 1_000, periodMs) == window) {
                            inFixedWindow += admitted.get(j)[1];
                        }
                        if (admitted.get(j)[0] - admitted.get(i)[0] < bw.periodMicros()) {
                            inSlidingPeriod += admitted.get(j)[1];
                        }
                    }
                    assertThat(inFixedWindow).as("permits in one fixed window of %s", bw).isLessThanOrEqualTo(bw.capacity());
                    assertThat(inSlidingPeriod).as("permits in one period of %s", bw).isLessThanOrEqualTo(2 * bw.capacity());
                }
            }
        }
    }

    @Property(tries = 60)
    void aDeniedRequestChangesNothing(@ForAll("configs") RateLimitConfig config,
                                      @ForAll("requests") List<Request> before,
                                      @ForAll("requests") List<Request> after) {
        ManualTicker ticker = ticker(1_000_000);
        RateLimiter limiter = create(config, ticker);
        // two keys with one history; then only "a" is denied a few more times; then both must still agree
        for (Request r : before) {
            ticker.advance(r.advanceMicros() * 1_000);
            assertThat(limiter.tryAcquire("a", r.permits(config))).isEqualTo(limiter.tryAcquire("b", r.permits(config)));
        }
        long all = config.minCapacity();
        RateLimitDecision a;
        do {
            a = limiter.tryAcquire("a", all);
            assertThat(limiter.tryAcquire("b", all)).isEqualTo(a);
        } while (a.allowed());
        for (int i = 0; i < 3; i++) {
            assertThat(limiter.tryAcquire("a", all).allowed()).as("extra request on a drained key").isFalse();
            assertThat(limiter.tryAcquireAsync("a", all).toCompletableFuture().join().allowed()).isFalse();
        }
        for (Request r : after) {
            ticker.advance(r.advanceMicros() * 1_000);
            assertThat(limiter.tryAcquire("a", r.permits(config)))
                    .as("key a, denied 6 more times, against key b at %s", r)
                    .isEqualTo(limiter.tryAcquire("b", r.permits(config)));
        }
    }

    @Property(tries = 60)
    void retryAfterIsExact(@ForAll("configs") RateLimitConfig config, @ForAll("requests") List<Request> requests) {
        ManualTicker ticker = ticker(5_000_000);
        RateLimiter limiter = create(config, ticker);
        for (Request r : requests) {
            ticker.advance(r.advanceMicros() * 1_000);
            long permits = r.permits(config);
            RateLimitDecision d = limiter.tryAcquire("k", permits);
            if (!d.allowed()) {
                assertThat(d.retryAfterMicros()).isPositive();
                assertThat(d.retryAfterSeconds()).isPositive();
                ticker.advance((d.retryAfterMicros() - 1) * 1_000);
                assertThat(limiter.tryAcquire("k", permits).allowed()).as("1 us before retryAfter of %s", d).isFalse();
                ticker.advance(1_000);
                assertThat(limiter.tryAcquire("k", permits).allowed()).as("at retryAfter of %s", d).isTrue();
            } else {
                assertThat(d.retryAfter()).isZero();
            }
        }
    }

    @Property(tries = 60)
    void fullCapacityReturnsAfterIdlingAndKeysAreIndependent(@ForAll("configs") RateLimitConfig config,
                                                             @ForAll("requests") List<Request> requests) {
        ManualTicker ticker = ticker(7_000_000);
        RateLimiter limiter = create(config, ticker);
        long untilFull = 0;
        for (Request r : requests) {
            ticker.advance(r.advanceMicros() * 1_000);
            RateLimitDecision d = limiter.tryAcquire("busy", r.permits(config));
            untilFull = d.timeUntilFullMicros();
        }
        // another key is untouched by everything above
        assertThat(limiter.tryAcquire("quiet", config.minCapacity()).allowed()).isTrue();
        ticker.advance(untilFull * 1_000);
        RateLimitDecision d = limiter.tryAcquire("busy", config.minCapacity());
        assertThat(d.allowed()).as("full capacity after timeUntilFull=%d us", untilFull).isTrue();
    }

    @Example
    void aFreshKeyAdmitsExactlyItsBurstThenReportsTheWait() {
        for (RateLimitAlgorithm algorithm : RateLimitAlgorithm.values()) {
            ManualTicker ticker = ticker(0);
            RateLimiter limiter = create(RateLimitConfig.builder().algorithm(algorithm)
                    .bandwidth(Bandwidth.of(100, Duration.ofMinutes(1))).build(), ticker);
            for (int i = 0; i < 100; i++) {
                RateLimitDecision d = limiter.tryAcquire("user:1");
                assertThat(d.allowed()).as("%s request %d", algorithm, i).isTrue();
                assertThat(d.remaining()).isEqualTo(99 - i);
            }
            RateLimitDecision denied = limiter.tryAcquire("user:1");
            assertThat(denied.allowed()).isFalse();
            assertThat(denied.remaining()).isZero();
            assertThat(denied.retryAfter()).isPositive().isLessThanOrEqualTo(Duration.ofMinutes(2));
            assertThat(denied.headers())
                    .containsEntry("RateLimit-Policy", "\"100-per-60s\";q=100;w=60")
                    .containsKey("Retry-After")
                    .containsEntry("RateLimit", "\"100-per-60s\";r=0;t=" + (denied.timeUntilFullMicros() + 999_999) / 1_000_000);
        }
    }

    @Example
    void theTightestBandwidthDecides() {
        ManualTicker ticker = ticker(0);
        RateLimiter limiter = create(RateLimitConfig.builder()
                .bandwidth(Bandwidth.of(100, Duration.ofMinutes(1)).named("minute"))
                .bandwidth(Bandwidth.of(10, Duration.ofSeconds(1)).named("burst"))
                .build(), ticker);
        for (int i = 0; i < 10; i++) {
            assertThat(limiter.tryAcquire("u").limit().name()).isEqualTo("burst");
        }
        RateLimitDecision d = limiter.tryAcquire("u");
        assertThat(d.allowed()).isFalse();
        assertThat(d.limit().name()).isEqualTo("burst");
        assertThat(d.rateLimitPolicyHeader()).isEqualTo("\"minute\";q=100;w=60, \"burst\";q=10;w=1");
        // a denied request took nothing from the minute bandwidth either: 90 are left there after the burst refills
        ticker.advance(Duration.ofSeconds(1).toNanos());
        assertThat(limiter.tryAcquire("u", 10).allowed()).isTrue();
    }

    @Example
    void concurrentCallersOnOneKeyAdmitExactlyTheCapacity() throws Exception {
        for (RateLimitAlgorithm algorithm : RateLimitAlgorithm.values()) {
            RateLimiter limiter = create(RateLimitConfig.builder().algorithm(algorithm)
                    .bandwidth(Bandwidth.of(200, Duration.ofHours(1))).build(), ticker(42));
            int threads = 4;
            int attempts = 150;
            AtomicInteger admitted = new AtomicInteger();
            CountDownLatch start = new CountDownLatch(1);
            ExecutorService pool = Executors.newFixedThreadPool(threads);
            try {
                List<CompletableFuture<Void>> done = new ArrayList<>();
                for (int t = 0; t < threads; t++) {
                    boolean async = t % 2 == 1;
                    done.add(CompletableFuture.runAsync(() -> {
                        await(start);
                        for (int i = 0; i < attempts; i++) {
                            if (acquire(limiter, "hot", 1, async).allowed()) {
                                admitted.incrementAndGet();
                            }
                        }
                    }, pool));
                }
                start.countDown();
                CompletableFuture.allOf(done.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);
            } finally {
                pool.shutdownNow();
            }
            assertThat(admitted.get()).as("%s: %d threads x %d attempts, frozen clock", algorithm, threads, attempts)
                    .isEqualTo(200);
        }
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Example
    void executeAndDecorateThrowTheDecisionWhenDenied() {
        RateLimiter limiter = create(RateLimitConfig.builder().name("decorated")
                .bandwidth(Bandwidth.of(2, Duration.ofMinutes(1))).build(), ticker(0));
        assertThat(limiter.execute("k", () -> "ok")).isEqualTo("ok");
        assertThat(limiter.decorate("k", () -> "again").get()).isEqualTo("again");
        assertThatThrownBy(() -> limiter.execute("k", () -> "no"))
                .isInstanceOfSatisfying(RateLimitExceededException.class, e -> {
                    assertThat(e.decision().allowed()).isFalse();
                    assertThat(e.key()).isEqualTo("k");
                    assertThat(e.limiterName()).isEqualTo("decorated");
                    assertThat(e).hasMessageContaining("decorated").hasMessageContaining("'k'");
                });
        assertThat(limiter.executeAsync("k", () -> CompletableFuture.completedFuture("x")))
                .failsWithin(Duration.ofSeconds(10))
                .withThrowableThat().havingRootCause().isInstanceOf(RateLimitExceededException.class);
    }

    @Example
    void badInputFailsFastNamingTheArgument() {
        RateLimiter limiter = create(RateLimitConfig.builder()
                .bandwidth(Bandwidth.of(10, Duration.ofSeconds(1)))
                .bandwidth(Bandwidth.of(5, Duration.ofSeconds(10))).build(), ticker(0));
        assertThatThrownBy(() -> limiter.tryAcquire(null)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("key must not be null");
        assertThatThrownBy(() -> limiter.tryAcquire("")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("key must not be empty");
        assertThatThrownBy(() -> limiter.tryAcquire("x".repeat(1025))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("key must be at most 1024");
        assertThatThrownBy(() -> limiter.tryAcquire("k", 0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("permits must be between 1 and 5");
        assertThatThrownBy(() -> limiter.tryAcquire("k", -3)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("permits");
        assertThatThrownBy(() -> limiter.tryAcquire("k", 6)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("permits must be between 1 and 5").hasMessageContaining("was 6");
        assertThatThrownBy(() -> limiter.tryAcquireAsync(null, 1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("key");
        assertThatThrownBy(() -> limiter.tryAcquireAsync("k", 0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("permits");
        assertThatThrownBy(() -> limiter.execute("k", null)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("call must not be null");
        assertThatThrownBy(() -> limiter.decorate("", () -> 1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("key must not be empty");
        // nothing was charged by the rejected calls
        assertThat(limiter.tryAcquire("k", 5).allowed()).isTrue();
    }

    // issue 19: Redis' UTF-8 codec wrote every lone surrogate as '?', so these keys shared one limit there
    @Example
    void keysWithUnpairedSurrogatesAreRejectedAndPairedOnesAreDistinctKeys() {
        RateLimiter limiter = create(RateLimitConfig.builder()
                .bandwidth(Bandwidth.of(1, Duration.ofMinutes(1))).build(), ticker(0));
        for (String bad : List.of("\uD800", "\uD801", "a\uDC00", "\uDBFFx")) {
            assertThatThrownBy(() -> limiter.tryAcquire(bad)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("key must be well-formed UTF-16");
            assertThatThrownBy(() -> limiter.tryAcquireAsync(bad, 1)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("unpaired");
        }
        for (String key : List.of("?", "\uD83D\uDE00", "\uD83D\uDE01")) {
            assertThat(limiter.tryAcquire(key).allowed()).as("first request of %s", key).isTrue();
        }
    }

    @Example
    void anyCharactersInKeysAreJustKeys() {
        RateLimiter limiter = create(RateLimitConfig.builder()
                .bandwidth(Bandwidth.of(1, Duration.ofMinutes(1))).build(), ticker(0));
        List<String> keys = List.of("user:1", "{user:1}", "}{", "'; redis.call('FLUSHALL') --", "ключ", "a b\nc", "*");
        for (String key : keys) {
            assertThat(limiter.tryAcquire(key).allowed()).as("first request of %s", key).isTrue();
        }
        for (String key : keys) {
            assertThat(limiter.tryAcquire(key).allowed()).as("second request of %s", key).isFalse();
        }
    }
}
