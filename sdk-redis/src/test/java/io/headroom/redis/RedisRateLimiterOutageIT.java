package io.headroom.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.headroom.BackendUnavailableException;
import io.headroom.ratelimit.Bandwidth;
import io.headroom.ratelimit.BlockedKeyCache;
import io.headroom.ratelimit.RateLimitOutagePolicy;
import io.headroom.ratelimit.RateLimitConfig;
import io.headroom.ratelimit.RateLimitDecision;
import io.headroom.ratelimit.RateLimiter;
import io.headroom.ratelimit.RateLimiterMetrics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.headroom.testkit.FaultProxy;
import io.headroom.testkit.RedisServer;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Outage policies against a real redis-server behind the test kit's fault-injecting proxy: Redis down, slow,
 * reset; each policy does what it says, nothing throws, and distributed limiting resumes by itself.
 */
class RedisRateLimiterOutageIT {

    private FaultProxy proxy;
    private RedisClient client;
    private StatefulRedisConnection<String, String> connection;
    private RedisBackend backend;

    @BeforeEach
    void connect() {
        RedisServer server = RedisServer.shared();
        proxy = FaultProxy.start(server.host(), server.port());
        client = RedisClient.create(RedisURI.create(proxy.uri()));
        client.setOptions(ClientOptions.builder().autoReconnect(true).build());
        connection = client.connect();
        backend = RedisBackend.of(connection);
    }

    @AfterEach
    void close() {
        connection.close();
        client.shutdown();
        proxy.close();
    }

    // the policies are tested without the blocked-key cache, which would answer the drained keys below locally
    private RedisRateLimiter limiter(RateLimitOutagePolicy policy, int capacity, int instances) {
        return limiter(policy, capacity, instances, BlockedKeyCache.disabled());
    }

    private RedisRateLimiter limiter(RateLimitOutagePolicy policy, int capacity, int instances, BlockedKeyCache cache) {
        return RedisRateLimiter.create(backend, RateLimitConfig.builder().name("outage")
                .bandwidth(Bandwidth.of(capacity, Duration.ofHours(1))).blockedKeyCache(cache)
                // the policies are tested without a runtime-limits re-read landing in the middle of a recovery
                .limitsRefresh(Duration.ofHours(1))
                .outagePolicy(policy).expectedInstances(instances).build(), RedisOptions.builder()
                .keyPrefix("outage:" + UUID.randomUUID() + ":")
                .timeout(Duration.ofMillis(300))
                .build());
    }

    private static void eventually(BooleanSupplier condition, String what) throws InterruptedException {
        Instant deadline = Instant.now().plusSeconds(20);
        while (!condition.getAsBoolean()) {
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError("not within 20 s: " + what);
            }
            Thread.sleep(50);
        }
    }

    /** Makes one decision on a throw-away key and tells whether Redis made it (no fallback counted). */
    private static boolean decidedByRedis(RedisRateLimiter limiter) {
        long before = limiter.fallbackDecisions();
        limiter.tryAcquire("probe:" + UUID.randomUUID());
        // closed, not just one probe through: a half-open breaker refuses calls beyond its permitted probes, and
        // a test's next call (a reset) would then fail by the breaker rather than by Redis
        return limiter.fallbackDecisions() == before
                && limiter.circuitBreaker().getState() == CircuitBreaker.State.CLOSED;
    }

    @Test
    void failOpenAdmitsWhileRedisIsDownAndResumesSharedLimitingAfter() throws Exception {
        RedisRateLimiter limiter = limiter(RateLimitOutagePolicy.FAIL_OPEN, 5, 1);
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        RateLimiter metered = RateLimiterMetrics.bind(limiter, registry);
        assertThat(metered.tryAcquire("k", 5).allowed()).isTrue();
        assertThat(metered.tryAcquire("k").allowed()).isFalse();
        proxy.down();
        for (int i = 0; i < 20; i++) {
            assertThat(metered.tryAcquire("k").allowed()).as("fail-open during outage").isTrue();
        }
        assertThat(limiter.fallbackDecisions()).isEqualTo(20);
        assertThat(registry.get("headroom.ratelimit.fallbacks").functionCounter().count()).isEqualTo(20);
        assertThat(registry.get("headroom.ratelimit.decisions").tag("result", "allowed").counter().count()).isEqualTo(21);
        // every call that reached Redis is timed; calls the open breaker refused are not
        assertThat(registry.get("headroom.ratelimit.backend.calls").tag("limiter", "outage").tag("result", "success")
                .timer().count()).isEqualTo(2);
        assertThat(registry.get("headroom.ratelimit.backend.calls").tag("limiter", "outage").tag("result", "failure")
                .timer().count()).isBetween(1L, 20L);
        proxy.up();
        // Redis still holds the drained key: once reachable, the shared decision (denied) is back
        eventually(() -> !limiter.tryAcquire("k").allowed(), "shared limiting resumes after Redis returns");
        assertThat(limiter.circuitBreaker().getState()).isIn(CircuitBreaker.State.CLOSED, CircuitBreaker.State.HALF_OPEN);
    }

    @Test
    void failClosedDeniesWhileRedisIsDown() throws Exception {
        RedisRateLimiter limiter = limiter(RateLimitOutagePolicy.FAIL_CLOSED, 100, 1);
        assertThat(limiter.tryAcquire("k").allowed()).isTrue();
        proxy.down();
        RateLimitDecision d = limiter.tryAcquire("k");
        assertThat(d.allowed()).isFalse();
        assertThat(d.retryAfter()).isGreaterThanOrEqualTo(Duration.ofSeconds(1));
        assertThat(d.headers()).containsKey("Retry-After");
        proxy.up();
        eventually(() -> limiter.tryAcquire("k").allowed(), "admitted again after Redis returns");
    }

    @Test
    void localFallbackEnforcesThisInstancesShare() throws Exception {
        RedisRateLimiter limiter = limiter(RateLimitOutagePolicy.LOCAL_FALLBACK, 10, 2);
        proxy.down();
        int admitted = 0;
        for (int i = 0; i < 30; i++) {
            admitted += limiter.tryAcquire("k").allowed() ? 1 : 0;
        }
        assertThat(admitted).as("10 per hour shared by 2 instances -> 5 here").isEqualTo(5);
        assertThat(limiter.fallbackDecisions()).isEqualTo(30);
        proxy.up();
        // the Redis key was never touched during the outage: all 10 are available there. Wait for the breaker to
        // close, not just for one probe to pass: a half-open breaker may still open again on a failed probe
        eventually(() -> decidedByRedis(limiter) && limiter.circuitBreaker().getState() == CircuitBreaker.State.CLOSED,
                "Redis answers again and the breaker is closed");
        long before = limiter.fallbackDecisions();
        assertThat(limiter.tryAcquire("k", 9).allowed()).isTrue();
        assertThat(limiter.fallbackDecisions()).isEqualTo(before);
    }

    @Test
    void slowRedisTimesOutIntoThePolicyAndTheBreakerStopsCallingIt() throws Exception {
        RedisRateLimiter limiter = limiter(RateLimitOutagePolicy.FAIL_OPEN, 1, 1);
        assertThat(limiter.tryAcquire("k").allowed()).isTrue();
        proxy.latency(Duration.ofSeconds(2));
        for (int i = 0; i < 12; i++) {
            assertThat(limiter.tryAcquire("k").allowed()).isTrue();
        }
        assertThat(limiter.circuitBreaker().getState()).isEqualTo(CircuitBreaker.State.OPEN);
        long notPermitted = limiter.circuitBreaker().getMetrics().getNumberOfNotPermittedCalls();
        assertThat(limiter.tryAcquire("k").allowed()).isTrue();
        assertThat(limiter.circuitBreaker().getMetrics().getNumberOfNotPermittedCalls()).isEqualTo(notPermitted + 1);
        proxy.heal();
        eventually(() -> !limiter.tryAcquire("k").allowed(), "breaker closes and Redis decides again");
    }

    @Test
    void connectionResetsAreSurvived() throws Exception {
        RedisRateLimiter limiter = limiter(RateLimitOutagePolicy.FAIL_CLOSED, 3, 1);
        assertThat(limiter.tryAcquire("k").allowed()).isTrue();
        proxy.resetConnections();
        eventually(() -> decidedByRedis(limiter), "reconnected after the reset");
        long before = limiter.fallbackDecisions();
        RateLimitDecision d = limiter.tryAcquire("k");
        assertThat(limiter.fallbackDecisions()).isEqualTo(before);
        assertThat(d.allowed()).isTrue();
        assertThat(d.remaining()).as("the shared state survived the reset").isEqualTo(1);
    }

    @Test
    void commandsThatTimedOutDuringAnOutageAreNeverExecutedLater() throws Exception {
        RedisRateLimiter limiter = limiter(RateLimitOutagePolicy.FAIL_OPEN, 50, 1);
        assertThat(limiter.tryAcquire("k").remaining()).isEqualTo(49);
        proxy.down();
        for (int i = 0; i < 20; i++) {
            limiter.tryAcquire("k");
        }
        proxy.up();
        eventually(() -> decidedByRedis(limiter), "reconnected");
        // the 20 fallback decisions were cancelled before they could reach Redis: nothing was charged twice
        assertThat(limiter.tryAcquire("k").remaining()).isEqualTo(48);
    }

    @Test
    void cachedDenialsStandWhileRedisIsDownAndAFailedResetStillForgetsThem() throws Exception {
        RedisRateLimiter limiter = limiter(RateLimitOutagePolicy.FAIL_OPEN, 1, 1,
                new BlockedKeyCache(true, 100, Duration.ofMinutes(1)));
        assertThat(limiter.tryAcquire("k").allowed()).isTrue();
        assertThat(limiter.tryAcquire("k").cached()).as("Redis's denial").isFalse();
        proxy.down();
        RateLimitDecision d = limiter.tryAcquire("k");
        assertThat(d.allowed()).as("a denial Redis made stands during the outage").isFalse();
        assertThat(d.cached()).isTrue();
        assertThat(limiter.fallbackDecisions()).isZero();
        assertThat(limiter.tryAcquire("other").allowed()).as("other keys: fail-open").isTrue();
        assertThat(limiter.fallbackDecisions()).isEqualTo(1);
        assertThatThrownBy(() -> limiter.reset("k")).isInstanceOf(BackendUnavailableException.class)
                .hasMessageContaining("may not have happened");
        assertThat(limiter.resetAsync("k")).failsWithin(Duration.ofSeconds(10)).withThrowableThat()
                .havingCause().isInstanceOf(BackendUnavailableException.class);
        // the reset may have reached Redis: the local denial is gone, the outage policy answers
        assertThat(limiter.tryAcquire("k").allowed()).isTrue();
        assertThat(limiter.peek("k").allowed()).as("peek during an outage: the policy answers too").isTrue();
        proxy.up();
        eventually(() -> decidedByRedis(limiter), "Redis answers again");
        // only Redis denies here (the local denial is gone and the fail-open policy admits), so a denial proves
        // the reset never reached it; "eventually" because on a loaded machine a 300 ms call can time out and
        // reopen the breaker for a moment, which admits by policy
        eventually(() -> !limiter.tryAcquire("k").allowed(), "Redis still denies: the reset never reached it");
        eventually(() -> {
            try {
                limiter.reset("k"); // idempotent: retried while a momentarily open breaker refuses it
                return true;
            } catch (BackendUnavailableException e) {
                return false;
            }
        }, "a reset reaches Redis");
        assertThat(limiter.tryAcquire("k").allowed()).isTrue();
    }

    @Test
    void aRuntimeLimitChangeDuringAnOutageFailsAndInstancesKeepTheirLimitsUntilItIsStored() throws Exception {
        RateLimitConfig config = RateLimitConfig.builder().name("runtime")
                .bandwidth(Bandwidth.of(2, Duration.ofHours(1))).blockedKeyCache(BlockedKeyCache.disabled())
                .outagePolicy(RateLimitOutagePolicy.FAIL_CLOSED).limitsRefresh(Duration.ofMillis(200)).build();
        RedisOptions options = RedisOptions.builder().keyPrefix("runtime:" + UUID.randomUUID() + ":")
                .timeout(Duration.ofMillis(300)).build();
        RedisRateLimiter a = RedisRateLimiter.create(backend, config, options);
        RedisRateLimiter b = RedisRateLimiter.create(backend, config, options);
        assertThat(b.tryAcquire("k", 2).allowed()).isTrue();
        proxy.down();
        List<Bandwidth> raised = List.of(Bandwidth.of(5, Duration.ofHours(1)));
        assertThatThrownBy(() -> a.updateLimits(raised)).isInstanceOf(BackendUnavailableException.class)
                .hasMessageContaining("may not have been stored");
        assertThat(a.config().bandwidths()).as("the old limits stay in use").isEqualTo(config.bandwidths());
        Thread.sleep(250); // past limitsRefresh: b tries to re-read, fails, keeps its limits
        assertThat(b.tryAcquire("k").allowed()).as("fail-closed during the outage").isFalse();
        assertThat(b.config().bandwidths()).isEqualTo(config.bandwidths());
        proxy.up();
        eventually(() -> decidedByRedis(a), "Redis answers again");
        a.updateLimits(raised);
        assertThat(a.config().bandwidths()).isEqualTo(raised);
        // b picks the change up within limitsRefresh of its next decisions
        eventually(() -> {
            b.tryAcquire("probe:" + UUID.randomUUID());
            return b.config().bandwidths().equals(raised);
        }, "b follows the raised limit");
        for (int i = 0; i < 5; i++) {
            assertThat(b.tryAcquire("fresh").allowed()).as("request %d of 5", i + 1).isTrue();
        }
        assertThat(b.tryAcquire("fresh").allowed()).isFalse();
    }

    @Test
    void badInputIsRejectedBeforeAnyIoEvenDuringAnOutage() {
        RedisRateLimiter limiter = limiter(RateLimitOutagePolicy.FAIL_OPEN, 5, 1);
        proxy.down();
        assertThatThrownBy(() -> limiter.tryAcquire("")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> limiter.tryAcquireAsync("k", 6)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("permits");
        assertThat(limiter.fallbackDecisions()).isZero();
    }
}
