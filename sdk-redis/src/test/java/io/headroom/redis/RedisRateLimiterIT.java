package io.headroom.redis;

import static org.assertj.core.api.Assertions.assertThat;

import io.headroom.ratelimit.Bandwidth;
import io.headroom.ratelimit.BlockedKeyCache;
import io.headroom.ratelimit.RateLimitAlgorithm;
import io.headroom.ratelimit.RateLimitConfig;
import io.headroom.ratelimit.RateLimitDecision;
import io.headroom.ratelimit.RateLimiter;
import io.headroom.testkit.RedisServer;
import io.lettuce.core.RedisClient;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** What the Redis limiter promises beyond the contract: one round trip, server time, TTLs, key layout. */
class RedisRateLimiterIT {

    private static RedisClient client;
    private static StatefulRedisConnection<String, String> connection;
    private static RedisCommands<String, String> admin;
    private static RedisBackend backend;

    @BeforeAll
    static void connect() {
        client = RedisClient.create(RedisServer.shared().uri());
        connection = client.connect();
        admin = client.connect().sync();
        backend = RedisBackend.of(connection);
    }

    @AfterAll
    static void disconnect() {
        client.shutdown();
    }

    private static String prefix() {
        return "it:" + UUID.randomUUID() + ":";
    }

    private static RedisRateLimiter limiter(RateLimitConfig config, String prefix) {
        return RedisRateLimiter.create(backend, config, RedisOptions.builder().keyPrefix(prefix)
                .timeout(Duration.ofSeconds(10)).build());
    }

    private static Map<String, Long> commandCalls() {
        Map<String, Long> calls = new HashMap<>();
        for (String line : admin.info("commandstats").split("\r?\n")) {
            if (line.startsWith("cmdstat_")) {
                String name = line.substring(8, line.indexOf(':'));
                String count = line.substring(line.indexOf("calls=") + 6, line.indexOf(',', line.indexOf("calls=")));
                calls.put(name, Long.parseLong(count));
            }
        }
        return calls;
    }

    @Test
    void aFloodFromOneKeyIsAnsweredLocallyByTheBlockedKeyCache() {
        RedisRateLimiter limiter = limiter(RateLimitConfig.builder()
                .bandwidth(Bandwidth.of(10, Duration.ofHours(1))).build(), prefix());
        assertThat(limiter.tryAcquire("flooder", 10).allowed()).isTrue();
        admin.configResetstat();
        int decisions = 10_000;
        int cached = 0;
        for (int i = 0; i < decisions; i++) {
            RateLimitDecision d = i % 2 == 0 ? limiter.tryAcquire("flooder")
                    : limiter.tryAcquireAsync("flooder", 1).toCompletableFuture().join();
            assertThat(d.allowed()).isFalse();
            cached += d.cached() ? 1 : 0;
        }
        // Redis answers once per maxBlock (1 s) at most; 10,000 local answers take far less than 100 s
        long calls = commandCalls().getOrDefault("evalsha", 0L);
        assertThat(calls).as("EVALSHA calls for %d decisions", decisions).isBetween(1L, 100L);
        assertThat(cached).isEqualTo(decisions - (int) calls);
        assertThat(limiter.blockedKeyCount()).isEqualTo(1);
        // a peek still asks Redis, and the state there is exactly the drained one
        assertThat(limiter.peek("flooder").cached()).isFalse();
        assertThat(limiter.peek("flooder").allowed()).isFalse();
        limiter.reset("flooder");
        assertThat(limiter.tryAcquire("flooder", 10).allowed()).as("reset through this instance").isTrue();
    }

    @Test
    void everyDecisionIsExactlyOneRoundTrip() {
        RedisRateLimiter limiter = limiter(RateLimitConfig.builder().blockedKeyCache(BlockedKeyCache.disabled())
                .bandwidth(Bandwidth.of(1_000, Duration.ofMinutes(1)))
                .bandwidth(Bandwidth.of(50, Duration.ofSeconds(1)).named("burst")).build(), prefix());
        limiter.tryAcquire("warm-up"); // may load the script once (NOSCRIPT -> EVAL) on a fresh server
        admin.configResetstat();
        int decisions = 500;
        List<CompletableFuture<RateLimitDecision>> async = IntStream.range(0, decisions / 2)
                .mapToObj(i -> limiter.tryAcquireAsync("user:" + (i % 7), 1).toCompletableFuture())
                .collect(Collectors.toList());
        for (int i = 0; i < decisions / 2; i++) {
            limiter.tryAcquire("user:" + (i % 7));
        }
        async.forEach(CompletableFuture::join);
        Map<String, Long> calls = commandCalls();
        // one EVALSHA per decision and no script (re)load; Redis also counts the commands run inside the script
        // (TIME, GET of the listing, HMGET, HSET, PEXPIRE): those are no round trips. The admin connection's
        // CONFIG RESETSTAT and INFO are the only other client commands.
        assertThat(calls).containsEntry("evalsha", (long) decisions).doesNotContainKey("eval")
                .containsEntry("time", (long) decisions).containsEntry("hmget", (long) decisions);
        assertThat(calls.keySet()).isSubsetOf("evalsha", "time", "get", "hmget", "hset", "pexpire",
                "info", "config", "config|resetstat");
        assertThat(limiter.fallbackDecisions()).isZero();
    }

    @Test
    void aFlushedScriptCacheCostsOneExtraRoundTripOnce() {
        RedisRateLimiter limiter = limiter(RateLimitConfig.ofDefaults(), prefix());
        limiter.tryAcquire("k");
        admin.scriptFlush();
        admin.configResetstat();
        for (int i = 0; i < 10; i++) {
            assertThat(limiter.tryAcquire("k").allowed()).isTrue();
        }
        Map<String, Long> calls = commandCalls();
        assertThat(calls).containsEntry("evalsha", 10L).containsEntry("eval", 1L);
        assertThat(limiter.fallbackDecisions()).isZero();
    }

    @Test
    void serverTimeDrivesTheDecisionAndEveryKeyCarriesItsTimeToFull() {
        String prefix = prefix();
        RedisRateLimiter limiter = limiter(RateLimitConfig.builder().name("api")
                .bandwidth(Bandwidth.of(100, Duration.ofMinutes(1))).build(), prefix);
        for (int i = 0; i < 100; i++) {
            assertThat(limiter.tryAcquire("user:42").allowed()).isTrue();
        }
        RateLimitDecision denied = limiter.tryAcquire("user:42");
        assertThat(denied.allowed()).isFalse();
        // one permit per 600 ms comes back; the server clock moved a little during the 100 calls
        assertThat(denied.retryAfter()).isPositive().isLessThanOrEqualTo(Duration.ofMillis(600));
        String key = prefix + "ratelimit:api:{user%3A42}"; // RedisKeys: type tag, escaped delimiters
        assertThat(admin.exists(key)).isEqualTo(1);
        assertThat(admin.hkeys(key)).containsExactly("t1");
        assertThat(admin.pttl(key)).isBetween(59_000L, 60_000L);
    }

    @Test
    void noStateKeyEverLivesWithoutExpiry() {
        String prefix = prefix();
        for (RateLimitAlgorithm algorithm : RateLimitAlgorithm.values()) {
            RedisRateLimiter limiter = limiter(RateLimitConfig.builder().name(algorithm.name()).algorithm(algorithm)
                    .bandwidth(Bandwidth.of(5, Duration.ofSeconds(2)))
                    .bandwidth(Bandwidth.of(20, Duration.ofMinutes(1)).named("minute")).build(), prefix);
            for (int i = 0; i < 300; i++) {
                limiter.tryAcquire("user:" + (i % 40), 1 + i % 3);
            }
        }
        List<String> keys = new java.util.ArrayList<>();
        io.lettuce.core.KeyScanCursor<String> cursor = admin.scan(ScanArgs.Builder.matches(prefix + "*").limit(1_000));
        keys.addAll(cursor.getKeys());
        while (!cursor.isFinished()) {
            cursor = admin.scan(cursor, ScanArgs.Builder.matches(prefix + "*").limit(1_000));
            keys.addAll(cursor.getKeys());
        }
        assertThat(keys).hasSize(80);
        for (String key : keys) {
            assertThat(admin.pttl(key)).as(key).isPositive();
        }
        // sliding window keys live at most two periods, GCRA keys at most their full recovery (one minute)
        assertThat(keys).allSatisfy(k -> assertThat(admin.pttl(k)).isLessThanOrEqualTo(120_000L));
    }

    @Test
    void twoInstancesShareOneLimit() {
        String prefix = prefix();
        RateLimitConfig config = RateLimitConfig.builder().bandwidth(Bandwidth.of(10, Duration.ofHours(1))).build();
        RateLimiter a = limiter(config, prefix);
        RateLimiter b = limiter(config, prefix);
        int admitted = 0;
        for (int i = 0; i < 20; i++) {
            admitted += (i % 2 == 0 ? a : b).tryAcquire("shared").allowed() ? 1 : 0;
        }
        assertThat(admitted).isEqualTo(10);
    }
}
