package io.headroom.benchmarks.ratelimit;

import io.github.bucket4j.BucketConfiguration;
import io.github.bucket4j.distributed.BucketProxy;
import io.github.bucket4j.distributed.ExpirationAfterWriteStrategy;
import io.github.bucket4j.redis.lettuce.Bucket4jLettuce;
import io.headroom.ratelimit.Bandwidth;
import io.headroom.ratelimit.RateLimitConfig;
import io.headroom.ratelimit.RateLimiter;
import io.headroom.redis.RedisBackend;
import io.headroom.redis.RedisOptions;
import io.headroom.redis.RedisRateLimiter;
import io.headroom.testkit.RedisServer;
import io.lettuce.core.RedisClient;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.codec.RedisCodec;
import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.event.command.CommandListener;
import io.lettuce.core.event.command.CommandStartedEvent;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * Counts the commands each contender sends to Redis per decision (the round trips), with a Lettuce
 * {@link CommandListener} on the client, after a warm-up that lets every contender load its scripts. Prints a
 * table; run it with {@code java -cp benchmarks/target/benchmarks.jar
 * io.headroom.benchmarks.ratelimit.RoundTripCounter}.
 */
public final class RoundTripCounter {

    private static final int DECISIONS = 10_000;

    private RoundTripCounter() {
    }

    /**
     * Runs the count against a fresh redis-server.
     *
     * @param args ignored
     */
    public static void main(String[] args) {
        Map<String, LongAdder> sent = new ConcurrentHashMap<>();
        try (RedisServer server = RedisServer.start()) {
            RedisClient client = RedisClient.create(server.uri());
            client.addListener(new CommandListener() {
                @Override
                public void commandStarted(CommandStartedEvent event) {
                    sent.computeIfAbsent(event.getCommand().getType().toString(), k -> new LongAdder()).increment();
                }
            });
            StatefulRedisConnection<String, String> strings = client.connect();
            StatefulRedisConnection<String, byte[]> bytes =
                    client.connect(RedisCodec.of(StringCodec.UTF8, ByteArrayCodec.INSTANCE));
            Duration period = Duration.ofDays(365);
            RateLimiter headroom = RedisRateLimiter.create(RedisBackend.of(strings),
                    RateLimitConfig.builder().name("count").bandwidth(Bandwidth.of(1_000_000_000L, period)).build(),
                    RedisOptions.builder().timeout(Duration.ofSeconds(5)).build());
            BucketProxy bucket4j = Bucket4jLettuce.casBasedBuilder(bytes)
                    .expirationAfterWrite(ExpirationAfterWriteStrategy.basedOnTimeForRefillingBucketUpToMax(period))
                    .build().builder().build("bucket4j:user", () -> BucketConfiguration.builder()
                            .addLimit(l -> l.capacity(1_000_000_000L).refillGreedy(1_000_000_000L, period)).build());
            String sha = strings.sync().scriptLoad("return 1");

            System.out.printf("%-22s %s%n", "contender", "commands sent per decision");
            count("headroom", sent, () -> headroom.tryAcquire("user:" + (int) (Math.random() * 100)));
            count("bucket4j-lettuce", sent, () -> bucket4j.tryConsume(1));
            count("raw EVALSHA", sent, () -> strings.sync().evalsha(sha, ScriptOutputType.INTEGER, "raw:{user}"));
            strings.close();
            bytes.close();
            client.shutdown();
        }
    }

    private static void count(String name, Map<String, LongAdder> sent, Runnable decision) {
        for (int i = 0; i < 1_000; i++) {
            decision.run(); // warm-up: script loads and first-time writes are not counted
        }
        sent.clear();
        for (int i = 0; i < DECISIONS; i++) {
            decision.run();
        }
        Map<String, Double> perDecision = new TreeMap<>();
        sent.forEach((type, n) -> perDecision.put(type, n.sum() / (double) DECISIONS));
        double total = perDecision.values().stream().mapToDouble(Double::doubleValue).sum();
        System.out.printf("%-22s %.2f %s%n", name, total, perDecision);
    }
}
