package io.headroom.redis;

import static org.assertj.core.api.Assertions.assertThat;

import io.headroom.counter.CounterConfig;
import io.headroom.ratelimit.Bandwidth;
import io.headroom.ratelimit.RateLimitConfig;
import io.headroom.testkit.RedisServer;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.sync.RedisCommands;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Primitives sharing one Redis and one prefix never touch each other's keys (issue 19, defect 2). */
class RedisKeyLayoutIT {

    private static RedisClient client;
    private static RedisCommands<String, String> admin;
    private static RedisBackend backend;

    @BeforeAll
    static void connect() {
        client = RedisClient.create(RedisServer.shared().uri());
        admin = client.connect().sync();
        backend = RedisBackend.of(client.connect());
    }

    @AfterAll
    static void disconnect() {
        client.shutdown();
    }

    @Test
    void aLimiterNamedCounterX5LeavesCounterX5Alone() {
        // before: the limiter's key <prefix>counter:x5:{u1} was shard 0 of counter x5, id u1, and the limiter's
        // PEXPIRE put a TTL on the counter's value (which then vanished)
        String prefix = "layout:" + UUID.randomUUID() + ":";
        RedisOptions options = RedisOptions.builder().keyPrefix(prefix).timeout(Duration.ofSeconds(10)).build();
        try (RedisShardedCounter counter = RedisShardedCounter.create(backend,
                CounterConfig.builder().name("x5").build(), options)) {
            RedisRateLimiter limiter = RedisRateLimiter.create(backend, RateLimitConfig.builder().name("counter:x5")
                    .bandwidth(Bandwidth.of(1, Duration.ofMinutes(1))).build(), options);
            counter.increment("u1", 7);
            counter.flush();
            assertThat(limiter.tryAcquire("u1").allowed()).as("the limiter's key is its own, so it starts full").isTrue();
            assertThat(limiter.tryAcquire("u1").allowed()).isFalse();
            counter.increment("u1", 1);
            counter.flush();

            assertThat(counter.get("u1")).isEqualTo(8);
            String counterKey = counter.key("u1", 0);
            assertThat(admin.pttl(counterKey)).as("the counter has no TTL").isEqualTo(-1);
            List<String> keys = admin.keys(prefix + "*");
            assertThat(keys).containsExactlyInAnyOrder(prefix + "counter:x5:{u1}", prefix + "ratelimit:counter%3Ax5:{u1}");
        }
    }
}
