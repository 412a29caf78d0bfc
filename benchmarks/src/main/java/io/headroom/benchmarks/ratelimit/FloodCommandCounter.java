package io.headroom.benchmarks.ratelimit;

import io.github.bucket4j.BucketConfiguration;
import io.github.bucket4j.distributed.BucketProxy;
import io.github.bucket4j.distributed.ExpirationAfterWriteStrategy;
import io.github.bucket4j.redis.lettuce.Bucket4jLettuce;
import io.headroom.ratelimit.Bandwidth;
import io.headroom.ratelimit.BlockedKeyCache;
import io.headroom.ratelimit.RateLimitConfig;
import io.headroom.ratelimit.RateLimiter;
import io.headroom.redis.RedisBackend;
import io.headroom.redis.RedisOptions;
import io.headroom.redis.RedisRateLimiter;
import io.headroom.testkit.RedisServer;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.codec.RedisCodec;
import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.event.command.CommandListener;
import io.lettuce.core.event.command.CommandStartedEvent;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.BooleanSupplier;

/**
 * Redis commands per one million decisions under a single-key flood (the seed's 100 requests per minute, one
 * abusive key hammered flat out by {@code threads} threads), counted on the real {@code redis-server} with
 * {@code INFO commandstats}: Headroom with its blocked-key cache (the default), Headroom without it, and
 * Bucket4j-Lettuce. Two figures per contender: commands the client sent (round trips, counted by a Lettuce
 * {@code CommandListener}) and every command Redis ran ({@code INFO commandstats}, including those inside
 * scripts).
 *
 * <p>Each contender floods for {@code seconds} (default 10) from {@code threads} threads (default 2); the counts
 * are scaled to one million decisions. The flood must run for seconds, not for a number of decisions: the cached
 * limiter asks Redis about once per {@code min(retryAfter, maxBlock)}, so its count per decision depends on how
 * many decisions fit into that time. Run it with {@code java -cp benchmarks/target/benchmarks.jar
 * io.headroom.benchmarks.ratelimit.FloodCommandCounter 10 2}.
 */
public final class FloodCommandCounter {

    /** Commands the clients sent (round trips), bar this counter's own admin commands. */
    private static final LongAdder SENT = new LongAdder();

    private FloodCommandCounter() {
    }

    /**
     * Runs the count against a fresh redis-server.
     *
     * @param args {@code [seconds [threads]]}
     * @throws InterruptedException when interrupted
     */
    public static void main(String[] args) throws InterruptedException {
        double seconds = args.length > 0 ? Double.parseDouble(args[0]) : 10;
        int threads = args.length > 1 ? Integer.parseInt(args[1]) : 2;
        try (RedisServer server = RedisServer.start()) {
            RedisClient client = RedisClient.create(server.uri());
            client.addListener(new CommandListener() {
                @Override
                public void commandStarted(CommandStartedEvent event) {
                    String type = event.getCommand().getType().toString();
                    if (!type.equals("CONFIG") && !type.equals("INFO")) {
                        SENT.increment();
                    }
                }
            });
            StatefulRedisConnection<String, String> strings = client.connect();
            StatefulRedisConnection<String, byte[]> bytes =
                    client.connect(RedisCodec.of(StringCodec.UTF8, ByteArrayCodec.INSTANCE));
            StatefulRedisConnection<String, String> admin = client.connect();
            Bandwidth seed = Bandwidth.of(100, Duration.ofMinutes(1));
            RedisOptions options = RedisOptions.builder().timeout(Duration.ofSeconds(5)).build();
            RateLimiter cached = RedisRateLimiter.create(RedisBackend.of(strings),
                    RateLimitConfig.builder().name("flood-cached").bandwidth(seed).build(), options);
            RateLimiter plain = RedisRateLimiter.create(RedisBackend.of(strings),
                    RateLimitConfig.builder().name("flood-plain").bandwidth(seed)
                            .blockedKeyCache(BlockedKeyCache.disabled()).build(), options);
            BucketProxy bucket4j = Bucket4jLettuce.casBasedBuilder(bytes)
                    .expirationAfterWrite(ExpirationAfterWriteStrategy.basedOnTimeForRefillingBucketUpToMax(
                            seed.period()))
                    .build().builder().build("bucket4j:flooder", () -> BucketConfiguration.builder()
                            .addLimit(l -> l.capacity(100).refillGreedy(100, seed.period())).build());

            System.out.printf("single-key flood, 100/min, %d threads%n", threads);
            System.out.printf("%-26s %12s %10s %14s %22s %22s%n", "contender", "decisions", "admitted",
                    "decisions/s", "round trips per 1M", "Redis commands per 1M");
            Result withCache = run("headroom (blocked-key cache)", admin.sync(), seconds, threads,
                    () -> cached.tryAcquire("flooder").allowed());
            Result without = run("headroom (no cache)", admin.sync(), seconds, threads,
                    () -> plain.tryAcquire("flooder").allowed());
            run("bucket4j-lettuce", admin.sync(), seconds, threads, () -> bucket4j.tryConsume(1));
            if (withCache.roundTripsPerMillion == 0) {
                System.out.printf("round trips: none at all with the blocked-key cache (a denial is cached for "
                        + "min(retryAfter, maxBlock = 1 s)); flood for longer%n");
            } else {
                System.out.printf("round trips: %.0fx fewer with the blocked-key cache%n",
                        without.roundTripsPerMillion / withCache.roundTripsPerMillion);
            }
            strings.close();
            bytes.close();
            admin.close();
            client.shutdown();
        }
    }

    private record Result(double roundTripsPerMillion, double commandsPerMillion) {
    }

    private static Result run(String name, RedisCommands<String, String> admin, double seconds, int threads,
                              BooleanSupplier decision) throws InterruptedException {
        for (int i = 0; i < 200; i++) {
            decision.getAsBoolean(); // warm-up: script load, the first burst of 100 admissions
        }
        admin.configResetstat();
        SENT.reset();
        LongAdder made = new LongAdder();
        AtomicLong admitted = new AtomicLong();
        List<Thread> workers = new ArrayList<>();
        long start = System.nanoTime();
        long end = start + (long) (seconds * 1e9);
        for (int t = 0; t < threads; t++) {
            Thread w = new Thread(() -> {
                while (true) {
                    // read the clock once per 64 decisions: the cached path is far cheaper than nanoTime
                    for (int i = 0; i < 64; i++) {
                        if (decision.getAsBoolean()) {
                            admitted.incrementAndGet();
                        }
                    }
                    made.add(64);
                    if (System.nanoTime() >= end) {
                        return;
                    }
                }
            });
            workers.add(w);
            w.start();
        }
        for (Thread w : workers) {
            w.join();
        }
        double elapsed = (System.nanoTime() - start) / 1e9;
        long decisions = made.sum();
        long roundTrips = SENT.sum();
        long commands = 0;
        for (String line : admin.info("commandstats").split("\r?\n")) {
            if (!line.startsWith("cmdstat_")) {
                continue;
            }
            String command = line.substring(8, line.indexOf(':'));
            int at = line.indexOf("calls=") + 6;
            long calls = Long.parseLong(line.substring(at, line.indexOf(',', at)));
            if (command.startsWith("config") || command.equals("info")) {
                continue; // this counter's own admin commands
            }
            commands += calls; // including the ones a script ran
        }
        Result r = new Result(roundTrips * 1e6 / decisions, commands * 1e6 / decisions);
        System.out.printf("%-26s %12d %10d %14.0f %22.1f %22.1f%n", name, decisions, admitted.get(),
                decisions / elapsed, r.roundTripsPerMillion, r.commandsPerMillion);
        return r;
    }
}
